import { named } from '../named-query.js';

/**
 * Peer comparisons' reads of every identified user (peer-states.ts): only the parts compared
 * are sent and parsed. $1 = the limit; $2 = the id after which to read.
 */
const COLUMNS = `id, doc -> 'accounts' ->> 0 AS account, doc #> '{state,v}' AS v,
  doc #> '{state,game,metrics}' AS metrics, doc #> '{state,game,badges}' AS badges,
  doc #> '{state,milestones}' AS milestones`;

export const peerStateQueries = {
  first: named(
    'list_peer_states',
    `SELECT ${COLUMNS} FROM profiles WHERE user_id IS NOT NULL ORDER BY id LIMIT $1`,
  ),
  after: named(
    'list_peer_states_after',
    `SELECT ${COLUMNS} FROM profiles WHERE user_id IS NOT NULL AND id > $2
     ORDER BY id LIMIT $1`,
  ),
};
