import { named } from '../named-query.js';

export const settingQueries = {
  get: named('get_setting', 'SELECT value FROM settings WHERE key = $1'),
  init: named(
    'init_setting',
    `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING
     RETURNING value`,
  ),
  set: named(
    'set_setting',
    `INSERT INTO settings (key, value) VALUES ($1, $2)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
  ),
};
