import { AUDIT_GROUP_PARAMS } from '../signals/signal-params.js';
import { SPLIT_PARAMS } from '../signals/signal-members.js';
import { AnswerCache } from './answer-cache.js';

/** The routes listing the units behind the Signals page's numbers (routes/signal-users.ts). */
export const MEMBER_ROUTES = {
  split: '/api/analytics/signal/users',
  auditUsers: '/api/analytics/audit/users',
  auditAccounts: '/api/analytics/audit/accounts',
} as const;

const only = (raw: Record<string, string>, names: readonly string[]) =>
  Object.fromEntries(Object.entries(raw).filter(([name]) => names.includes(name)));

/**
 * Where the answer cache keeps the users of the 48-hour split that `signal` with these
 * parameters forms: the key the users route reads for the same split (its own parameters are
 * the split's, SPLIT_PARAMS), so the signal's computation gives the list as a by-product.
 */
export function splitMembersKey(signalParams: Record<string, string>): string {
  return AnswerCache.key(MEMBER_ROUTES.split, only(signalParams, SPLIT_PARAMS));
}

/** Where the units behind the counts of `audit` with these parameters are kept (as above). */
export function auditMembersKey(auditParams: Record<string, string>): string {
  const path =
    auditParams.unit === 'accounts' ? MEMBER_ROUTES.auditAccounts : MEMBER_ROUTES.auditUsers;
  return AnswerCache.key(path, only(auditParams, AUDIT_GROUP_PARAMS));
}
