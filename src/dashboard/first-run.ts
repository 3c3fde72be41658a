import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * The first-run flow: while no team member exists, the server holds a one-time setup token
 * (random per start, never stored) and `cairn serve` prints the link that carries it. Whoever
 * opens that link creates the first admin; the token then stops working.
 */
export class FirstRun {
  private token: string | null;

  constructor(needed: boolean) {
    this.token = needed ? randomBytes(18).toString('base64url') : null;
  }

  /** The path (with the token) to open, or null when set-up is done. */
  get setupPath(): string | null {
    return this.token ? `/#/setup/${this.token}` : null;
  }

  matches(given: unknown): boolean {
    if (!this.token || typeof given !== 'string') return false;
    const a = Buffer.from(given);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  done(): void {
    this.token = null;
  }
}

const byApp = new WeakMap<FastifyInstance, FirstRun>();

export function setFirstRun(app: FastifyInstance, firstRun: FirstRun): void {
  byApp.set(app, firstRun);
}

/** The set-up link path of a server built by buildServer, or null when not needed. */
export function setupPathOf(app: FastifyInstance): string | null {
  return byApp.get(app)?.setupPath ?? null;
}
