import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Emails are kept deflated: their HTML (inline styles, repeated layout) shrinks five to ten
 * times, and a copy is kept for every email sent during the view link's lifetime.
 *
 * Copies of one template are nearly the same bytes, so most of what a copy keeps is what every
 * other copy of that template keeps too. A copy is deflated against a dictionary: the text its
 * template's copies share. Copies are grouped by the shape of their markup (`familyOf`); once two copies of one group sent to two different users have
 * been seen, the pieces of the first that also occur in the second (tags, styles, sentences:
 * `commonText`) become the group's dictionary. A name, an address or a signed link that
 * belongs to one user is in one copy only, so it is not in the dictionary, and erasing a user's
 * copies leaves nothing of theirs behind. A dictionary is stored once (message_copy_dictionaries,
 * keyed by the hash of its bytes) and each copy names the one it was deflated against; a copy
 * without one (the first of each group, or stored before dictionaries) is plain deflate.
 */

/** Deflate looks back at most 32 KB: the dictionary's last 32 KB are all it can use. */
const WINDOW = 32 * 1024;
/** Groups and dictionaries held by the packer; the oldest are dropped beyond this. */
const HELD = 256;

export interface PackedCopy {
  html: Buffer;
  dictionary: string | null;
}

export interface CopyDictionary {
  id: string;
  /** The dictionary's bytes, deflated (as stored). */
  body: Buffer;
}

/** Plain deflate: copies without a dictionary, and dictionaries themselves. */
export function packCopy(html: string): Buffer {
  return deflateRawSync(html);
}

export function unpackCopy(stored: Uint8Array, dictionary?: Buffer): string {
  return inflateRawSync(stored, dictionary ? { dictionary } : {}).toString('utf8');
}

/**
 * A copy's group: how many tags and attribute values it has. Copies of one template have the
 * same counts whatever their text (names, links); two templates that happen to share them share
 * a dictionary, which is only less apt, never wrong (a copy names the dictionary it needs).
 */
export function familyOf(html: string): string {
  return `${count(html, '<')}:${count(html, '"')}`;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let at = text.indexOf(char); at !== -1; at = text.indexOf(char, at + 1)) n++;
  return n;
}

const PIECES = /"[^"]*"|[^"<>]+|[<>]/g;

/** The pieces of `a` (attribute values, runs of text or markup) that also occur in `b`, in order. */
export function commonText(a: string, b: string): string {
  const inB = new Set(b.match(PIECES) ?? []);
  const kept = (a.match(PIECES) ?? []).filter((piece) => inB.has(piece)).join('');
  const bytes = Buffer.from(kept, 'utf8');
  return bytes.length > WINDOW ? bytes.subarray(bytes.length - WINDOW).toString('utf8') : kept;
}

function dictionaryId(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('base64url').slice(0, 16);
}

interface Family {
  /** The dictionary this group's copies are deflated against, once there is one. */
  dictionary?: { id: string; raw: Buffer; body: Buffer };
  /** The first copy seen, waiting for a second one from another user. */
  first?: { profileId: string; html: string };
}

/**
 * Packs copies for one store (shared by its transactions) and unpacks them. It holds the last
 * `HELD` groups and dictionaries; a group dropped from it starts again from its next two copies,
 * which is a new dictionary only if their shared text differs.
 */
export class CopyPacker {
  private readonly families = new Map<string, Family>();
  private readonly dictionaries = new Map<string, Buffer>();

  /** Packs each copy; `used` is every dictionary the copies name, for the store to keep. */
  pack(copies: { profileId: string; html: string }[]): {
    packed: PackedCopy[];
    used: CopyDictionary[];
  } {
    const used = new Map<string, CopyDictionary>();
    const packed = copies.map(({ profileId, html }): PackedCopy => {
      const family = this.family(familyOf(html));
      if (!family.dictionary && family.first && family.first.profileId !== profileId) {
        const raw = Buffer.from(commonText(family.first.html, html), 'utf8');
        const id = dictionaryId(raw);
        family.dictionary = { id, raw, body: packCopy(raw.toString('utf8')) };
        family.first = undefined;
        this.remember(id, raw);
      }
      const dictionary = family.dictionary;
      if (!dictionary) {
        family.first ??= { profileId, html };
        return { html: packCopy(html), dictionary: null };
      }
      used.set(dictionary.id, { id: dictionary.id, body: dictionary.body });
      return {
        html: deflateRawSync(html, { dictionary: dictionary.raw }),
        dictionary: dictionary.id,
      };
    });
    return { packed, used: [...used.values()] };
  }

  /** The HTML of a stored copy; `load` reads a dictionary's stored body when it is not held. */
  async unpack(
    html: Uint8Array,
    dictionary: string | null,
    load: (id: string) => Promise<Buffer | null>,
  ): Promise<string> {
    if (dictionary === null) return unpackCopy(html);
    let raw = this.dictionaries.get(dictionary);
    if (!raw) {
      const body = await load(dictionary);
      if (!body) throw new Error(`message copy dictionary ${dictionary} is missing`);
      raw = inflateRawSync(body);
      this.remember(dictionary, raw);
    }
    return unpackCopy(html, raw);
  }

  /** How many groups and dictionaries are held (for tests of the bound). */
  held(): { families: number; dictionaries: number } {
    return { families: this.families.size, dictionaries: this.dictionaries.size };
  }

  private family(key: string): Family {
    let family = this.families.get(key);
    if (family) {
      // Most recently used last: the map's first entries are the ones to drop.
      this.families.delete(key);
    } else {
      family = {};
      if (this.families.size >= HELD) this.families.delete(this.families.keys().next().value!);
    }
    this.families.set(key, family);
    return family;
  }

  private remember(id: string, raw: Buffer) {
    this.dictionaries.delete(id);
    if (this.dictionaries.size >= HELD)
      this.dictionaries.delete(this.dictionaries.keys().next().value!);
    this.dictionaries.set(id, raw);
  }
}
