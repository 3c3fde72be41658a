import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adjustLifts, liftReading } from '../../src/analytics/lift/lift-reading.js';

/** The verdict logic of one lift reading, from counts chosen by hand. */
const arm = (users: number, converted: number, pending = 0) => ({ users, converted, pending });

describe('lift reading: notes and verdicts', () => {
  it('names what is missing below the minimum, and gives no number', () => {
    const lift = liftReading({
      treated: arm(200, 60),
      heldOut: arm(20, 4),
      share: 0.1,
      hasGoal: true,
    });
    assert.equal(lift.verdict, 'too_small');
    assert.equal(lift.absolute, null);
    assert.equal(lift.pValue, null);
    assert.match(lift.note!, /30 users read in each group \(treated 200, held out 20\)/);
    assert.equal(lift.treated.rate, 0.3, 'the group rates are still shown');
  });

  it('flags a sample-ratio mismatch over every entrant, pending included', () => {
    // 10 % declared, 1,300 of 10,000 held out: χ² = 300²/1000 + 300²/9000 = 100, p ≈ 1.5e-23.
    const lift = liftReading({
      treated: arm(8000, 2400, 700),
      heldOut: arm(1000, 200, 300),
      share: 0.1,
      hasGoal: true,
    });
    assert.equal(lift.verdict, 'srm');
    assert.equal(lift.srm.observedShare, 0.13);
    assert.ok(lift.srm.mismatch);
    assert.ok(lift.absolute !== null, 'the numbers are shown, but not trusted');
    assert.match(lift.note!, /sample-ratio mismatch/);
  });

  it('calls better and worse by the sign, and no difference above 0.05', () => {
    const better = liftReading({
      treated: arm(500, 200),
      heldOut: arm(500, 150),
      share: 0.5,
      hasGoal: true,
    });
    assert.equal(better.verdict, 'better');
    const worse = liftReading({
      treated: arm(500, 150),
      heldOut: arm(500, 200),
      share: 0.5,
      hasGoal: true,
    });
    assert.equal(worse.verdict, 'worse');
    const same = liftReading({
      treated: arm(500, 160),
      heldOut: arm(500, 150),
      share: 0.5,
      hasGoal: true,
    });
    assert.equal(same.verdict, 'no_difference_detected');
    assert.equal(
      liftReading({ treated: arm(500, 1), heldOut: arm(0, 0), share: 0, hasGoal: true }).verdict,
      'no_holdout',
    );
    assert.equal(
      liftReading({ treated: arm(50, 0), heldOut: arm(50, 0), share: 0.5, hasGoal: false }).verdict,
      'no_goal',
    );
  });

  it('reads the verdict from the adjusted p-value when comparisons are read together', () => {
    // p ≈ 0.03 alone is better; among five with nothing else going on it is not.
    const alone = liftReading({
      treated: arm(400, 140),
      heldOut: arm(400, 112),
      share: 0.5,
      hasGoal: true,
    });
    assert.ok(alone.pValue! < 0.05 && alone.pValue! > 0.01, `p ${alone.pValue}`);
    assert.equal(alone.verdict, 'better');
    const nulls = [0, 1, 2, 3].map(() =>
      liftReading({ treated: arm(400, 120), heldOut: arm(400, 120), share: 0.5, hasGoal: true }),
    );
    const [first, ...rest] = adjustLifts([alone, ...nulls]);
    assert.equal(first.comparisons, 5);
    assert.ok(Math.abs(first.adjustedPValue! - alone.pValue! * 5) < 1e-12);
    assert.equal(first.verdict, 'no_difference_detected');
    assert.ok(rest.every((l) => l.adjustedPValue === 1));
  });
});
