import { pino, type Logger } from 'pino';

/** Structured JSON logs on stdout; `LOG_LEVEL` sets the level. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'cairn' } });
}
