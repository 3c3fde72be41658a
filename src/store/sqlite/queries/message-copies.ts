import type { Database } from 'better-sqlite3';

export interface MessageCopyRow {
  messageId: string;
  profileId: string;
  sentAt: number;
  html: Buffer;
}

export function prepareMessageCopyWrites(db: Database) {
  return {
    put: db.prepare<MessageCopyRow>(
      `INSERT INTO message_copies (message_id, profile_id, sent_at, html)
       VALUES (@messageId, @profileId, @sentAt, @html)
       ON CONFLICT (message_id) DO UPDATE SET
         profile_id = excluded.profile_id, sent_at = excluded.sent_at, html = excluded.html`,
    ),
    deleteBefore: db.prepare<[number]>('DELETE FROM message_copies WHERE sent_at < ?'),
  };
}

export function prepareMessageCopyReads(db: Database) {
  return {
    get: db.prepare<[string], MessageCopyRow>(
      `SELECT message_id AS messageId, profile_id AS profileId, sent_at AS sentAt, html
       FROM message_copies WHERE message_id = ?`,
    ),
  };
}
