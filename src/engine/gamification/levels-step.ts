import type { Ladder } from '../../definitions/gamification/levels.js';
import { report, type GameRun } from './game-run.js';
import { own } from './game-state.js';

/** The highest step whose requirements hold together with every step below it (−1: none). */
export function levelIndex(
  ladder: Ladder,
  points: number,
  milestones: Record<string, number>,
): number {
  let index = -1;
  for (const step of ladder.steps) {
    if ((step.points ?? 0) > points) break;
    if (step.milestones?.some((name) => own(milestones, name) === undefined)) break;
    index++;
  }
  return index;
}

/**
 * Moves each ladder up to the level the points and milestones reach; a rise is a `Level Up`
 * (one change naming the level reached, even past several). The entry level, which asks for
 * nothing, is where everyone starts, not a rise.
 */
export function updateLevels(run: GameRun): void {
  for (const [name, ladder] of run.plan.units[run.unit].ladders) {
    const index = levelIndex(ladder, run.state.points, run.milestones);
    const held = own(run.state.levels, name);
    const entry = ladder.steps[0]!;
    const free = (entry.points ?? 0) === 0 && !entry.milestones?.length;
    const before = held ? held.index : free ? 0 : -1;
    if (held && index <= held.index) continue;
    run.state.levels[name] = { index, at: run.now };
    if (index <= before) continue;
    const step = ladder.steps[index]!;
    const facts = [`${run.state.points} points`];
    if (step.points) facts.push(`${step.name} needs ${step.points}`);
    if (step.milestones?.length) facts.push(`milestones reached: ${step.milestones.join(', ')}`);
    report(
      run,
      'Level Up',
      {
        ladder: name,
        from: before >= 0 ? ladder.steps[before]!.name : null,
        to: step.name,
        level: index,
        points: run.state.points,
      },
      `levels.${name}`,
      facts,
    );
  }
}
