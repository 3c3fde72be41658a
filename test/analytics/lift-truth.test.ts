import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  checkWorkspace,
  plantedTruth,
  runSeed,
  summarize,
  type SeedResult,
} from '../../bench/lift-check.js';
import type { SimulationConfig } from '../../src/simulate/simulation-schema.js';
import { openTestStore, selectedDialects } from '../support/test-stores.js';

/**
 * Truth in numbers, the CI share of `npm run check:lift` (bench/lift-check.ts, where the planted
 * lift is derived from the simulation file alone): SEEDS seeded populations, as many as fit in
 * about a minute of CPU (≈ 5.5 s each, measured), each read by the lift code at its end.
 *
 * Bounds, sound for this count rather than the 93-of-100 of the full check:
 * - If the 95 % interval covers the planted lift with probability 0.95, the number of seeds
 *   covered is Binomial(10, 0.95): P(X ≤ 6) = 0.0010. So the test asks for at least 7 of 10;
 *   a correct method fails it for one choice of seeds in a thousand.
 * - If the test without effect keeps its 5 % level, the number "significant" is
 *   Binomial(10, 0.05): P(X ≥ 4) = 0.0010. So at most 3 of 10.
 * The seeds are fixed, so the outcome is the same on every run; the bounds say how unlucky a
 * correct implementation would have to be to fail, not how often it flakes.
 */
const SEEDS = 10;
const RUN = { users: 400, days: 14 };

describe(`lift intervals cover a planted lift on simulated populations (${selectedDialects()[0]})`, () => {
  const results: SeedResult[] = [];
  let workspace: { dir: string; file: string; config: SimulationConfig };
  before(async () => {
    workspace = await checkWorkspace();
    for (let i = 1; i <= SEEDS; i++) {
      const handle = await openTestStore(selectedDialects()[0]!);
      try {
        results.push(await runSeed(handle.store, workspace, `lift-ci-${i}`, RUN));
      } finally {
        await handle.cleanup();
      }
    }
  });
  after(() => workspace && rmSync(workspace.dir, { recursive: true, force: true }));

  it('plants what the file says: every open treated run got its email, groups big enough', () => {
    const s = summarize(results, plantedTruth(workspace.config));
    // The truth (1 − p0)·e assumes every treated entrant who did not convert on entry was sent
    // the email; the delivery log says whether that held.
    assert.ok(s.exposure >= 0.99, `exposure ${s.exposure}`);
    assert.equal(s.tooSmall, 0, 'every seed has enough users to read');
    assert.equal(s.srm, 0, 'no sample-ratio mismatch: the hash splits evenly');
  });

  it('covers the planted lift in at least 7 of 10 seeds, and calls the null journey at most 3 times', () => {
    const s = summarize(results, plantedTruth(workspace.config));
    assert.ok(s.covered >= 7, `covered ${s.covered} of ${s.runs}`);
    assert.ok(s.relativeCovered >= 7, `relative covered ${s.relativeCovered} of ${s.runs}`);
    assert.ok(s.falsePositives <= 3, `null significant ${s.falsePositives} of ${s.runs}`);
  });
});
