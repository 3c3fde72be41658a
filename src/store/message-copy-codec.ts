import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Emails are kept deflated: their HTML (inline styles, repeated layout) shrinks five to ten
 * times, and a copy is kept for every email sent during the view link's lifetime.
 */
export function packCopy(html: string): Buffer {
  return deflateRawSync(html);
}

export function unpackCopy(stored: Uint8Array): string {
  return inflateRawSync(stored).toString('utf8');
}
