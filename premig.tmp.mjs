import { SqliteStore } from '/work/main/dist/src/store/sqlite/sqlite-store.js';
import Database from 'better-sqlite3';
const [file, ...drops] = process.argv.slice(2);
const s = SqliteStore.open({ file }); await s.migrate(); await s.close();
const db = new Database(file);
for (const d of drops) db.exec(d);
db.close();
