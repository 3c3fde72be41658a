/**
 * One Cairn server process for bench/ingest-processes.ts: the with-state setup of bench:ingest
 * (bench/bench-server.ts, the example workspace, the same write key) over the PostgreSQL schema
 * its parent migrated. Tells the parent its address; answers `cpu` with its CPU time so far (all
 * threads) and its group commits so far, and `close` by closing and exiting.
 */
import { loadDefinitions } from '../src/definitions/index.js';
import { openStore } from '../src/store/open-store.js';
import { benchServer } from './bench-server.js';
import { EXAMPLE } from './example-workspace.js';

const store = await openStore({
  databaseUrl: process.env.DATABASE_URL!,
  schema: process.env.SCHEMA!,
});
const definitions = await loadDefinitions(EXAMPLE);
let commits = 0;
const { app, address } = await benchServer(
  store,
  definitions,
  process.env.WRITE_KEY!,
  () => (commits += 1),
);

process.on('message', async (message) => {
  if (message === 'cpu') process.send!({ cpu: process.cpuUsage(), commits });
  if (message === 'close') {
    await app.close();
    await store.close();
    process.disconnect();
  }
});
process.send!({ address });
