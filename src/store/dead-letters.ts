import type { PageRequest, Page } from './store.js';

/**
 * An event that passed validation but could not be applied: applying its group commit threw,
 * and the group committed without it (runtime/ingest-writer.ts). Kept so an admin can see what
 * was refused and why (`GET /api/dead-letters`), and replay it once the cause is fixed.
 */
export interface DeadLetter {
  id: string;
  messageId: string;
  /** When it was set aside (epoch ms). */
  at: number;
  /** What the error said. */
  error: string;
  /** The event as it would have been stored, as JSON text (it may not parse back as it went in
   * if it was what broke the serializer; then a note says so). */
  event: string;
}

export interface DeadLetterReads {
  /** Newest first, by (at, id). */
  listDeadLetters(page: PageRequest): Promise<Page<DeadLetter>>;
}

export interface DeadLetterWrites {
  addDeadLetters(letters: DeadLetter[]): Promise<void>;
}
