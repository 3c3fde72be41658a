/**
 * The same text, stored one byte per character when it is Latin-1. V8 keeps a string that once
 * held a character like `✓` two bytes per character through every replace and slice, even once
 * it is ASCII, and a rope with one such piece flattens to two bytes per character whole: a subject
 * sliced from a template file with a `—` in it made every recipient's HTML twice the memory, and
 * twice as slow to scan, hand to the outbox writer and encode. JSON.parse builds a fresh string
 * in the narrowest representation.
 */
export function narrowString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
