import type { Database } from 'better-sqlite3';

export interface MessageCopyRow {
  messageId: string;
  profileId: string;
  sentAt: number;
  html: Buffer;
  /** The dictionary the copy was deflated against (message-copy-codec.ts); null: none. */
  dictionary: string | null;
}

export function prepareMessageCopyWrites(db: Database) {
  return {
    put: db.prepare<MessageCopyRow>(
      `INSERT INTO message_copies (message_id, profile_id, sent_at, html, dictionary)
       VALUES (@messageId, @profileId, @sentAt, @html, @dictionary)
       ON CONFLICT (message_id) DO UPDATE SET
         profile_id = excluded.profile_id, sent_at = excluded.sent_at, html = excluded.html,
         dictionary = excluded.dictionary`,
    ),
    /** Kept (or put back) while copies name it; `used_at` is when a copy last did. */
    putDictionary: db.prepare<{ id: string; body: Buffer; usedAt: number }>(
      `INSERT INTO message_copy_dictionaries (id, body, used_at) VALUES (@id, @body, @usedAt)
       ON CONFLICT (id) DO UPDATE SET used_at = max(used_at, excluded.used_at)`,
    ),
    deleteBefore: db.prepare<[number]>('DELETE FROM message_copies WHERE sent_at < ?'),
    /** Dictionaries no copy has used since `before` and no copy names. */
    deleteDictionariesBefore: db.prepare<[number]>(
      `DELETE FROM message_copy_dictionaries WHERE used_at < ?
         AND id NOT IN (SELECT dictionary FROM message_copies WHERE dictionary IS NOT NULL)`,
    ),
  };
}

export function prepareMessageCopyReads(db: Database) {
  return {
    get: db.prepare<[string], MessageCopyRow>(
      `SELECT message_id AS messageId, profile_id AS profileId, sent_at AS sentAt, html,
         dictionary
       FROM message_copies WHERE message_id = ?`,
    ),
    dictionary: db.prepare<[string], { body: Buffer }>(
      'SELECT body FROM message_copy_dictionaries WHERE id = ?',
    ),
  };
}
