import type { ScenarioResult } from './run-scenario.js';

/**
 * A scenario result as `cairn test` prints it: one line per scenario, and for a failure each
 * failed expectation with where it is written and what was observed, then the messages handled.
 */
export function formatScenarioResult(result: ScenarioResult): string {
  const lines = [`${result.passed ? 'ok  ' : 'FAIL'} ${result.name} (${result.file})`];
  if (result.passed) return lines[0]!;
  for (const e of result.expectations.filter((e) => !e.passed))
    lines.push(`  ${e.where} at ${e.at}, ${e.key}: ${e.message}`);
  if (result.messages.length) {
    lines.push('  messages:');
    for (const m of result.messages)
      lines.push(
        `    ${new Date(m.at).toISOString()} ${m.userId} ${m.journeyId}.${m.stepId} ${m.channel} ${m.template}: ${m.status} (${m.reason})`,
      );
  }
  return lines.join('\n');
}
