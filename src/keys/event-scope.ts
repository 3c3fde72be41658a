import type { IncomingEvent } from '../core/types.js';
import type { FieldError } from '../ingest/field-error.js';
import type { KeyScope } from './key-ring.js';

/**
 * Traits that say where a person is reached: whoever sets them decides where that user's mail
 * goes. Identity verification or the server key is needed to set them.
 */
export const CONTACT_POINTS = ['email', 'phone'] as const;

/** Where a browser puts the identity verification of an identify call (Intercom's `user_hash`). */
export const USER_HASH_FIELD = 'userHash';

/**
 * What a key of `scope` may not do in this event, as field errors (an empty list: allowed).
 * The public key, which any visitor of a page can read, may not alias (a merge would hand one
 * user's profile, inbox and history to another) nor set a contact point — unless the identify
 * call proves who it speaks for with `context.userHash`, the hex HMAC-SHA256 of its userId keyed
 * by the workspace secret, as the in-app API checks. `verifyHash` checks that hash.
 *
 * Either way `context.userHash` is removed from the event: it is a credential (it also opens the
 * user's in-app inbox), and the event log keeps no credentials.
 */
export function refusedFields(
  event: Pick<IncomingEvent, 'type' | 'userId' | 'traits' | 'context'>,
  path: string,
  scope: KeyScope,
  verifyHash: (userId: string, hash: string) => boolean,
): FieldError[] {
  const at = (field: string) => (path ? `${path}.${field}` : field);
  const hash = event.context[USER_HASH_FIELD];
  if (hash !== undefined) delete event.context[USER_HASH_FIELD];
  if (scope === 'server') return [];
  if (event.type === 'alias') {
    return [
      {
        field: at('type'),
        message:
          'alias merges two profiles and needs the server write key (CAIRN_SERVER_WRITE_KEY); the public write key may not',
      },
    ];
  }
  if (event.type !== 'identify') return [];
  const contact = CONTACT_POINTS.filter((name) => Object.hasOwn(event.traits, name));
  if (contact.length === 0) return [];
  const verified =
    event.userId !== null && typeof hash === 'string' && verifyHash(event.userId, hash);
  if (verified) return [];
  return contact.map((name) => ({
    field: at(`traits.${name}`),
    message:
      typeof hash === 'string'
        ? `context.userHash is not the HMAC-SHA256 of the userId keyed by the workspace secret, so ${name} cannot be set with the public write key`
        : `a contact point: set it with the server write key (CAIRN_SERVER_WRITE_KEY), or with the public write key and context.userHash, the HMAC-SHA256 of the userId keyed by the workspace secret`,
  }));
}
