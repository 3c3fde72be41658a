import type { Path } from './rule-walk.js';
import type { Definitions } from './schema.js';
import { walkSteps } from './step-walk.js';
import { unknownName } from './suggest.js';

interface Issue {
  path: Path;
  message: string;
}

/** The declared subscription topics, for checks outside this folder (templates' `topic`). */
export function topicNames(definitions: Definitions): string[] {
  return Object.keys(definitions.topics);
}

/**
 * Every topic a journey send step names must be declared: a misspelt topic would be one that no
 * unsubscribe link or preference page can leave, so the user could not opt out of it.
 */
export function checkTopicReferences(definitions: Definitions): Issue[] {
  const issues: Issue[] = [];
  const known = topicNames(definitions);
  for (const [id, journey] of Object.entries(definitions.journeys)) {
    walkSteps(journey.steps, ['journeys', id, 'steps'], (step, path) => {
      if (!('send' in step) || step.send.topic === undefined) return;
      if (!known.includes(step.send.topic))
        issues.push({
          path: [...path, 'send', 'topic'],
          message: unknownName('topic', step.send.topic, known),
        });
      else if (step.send.transactional)
        issues.push({
          path: [...path, 'send', 'topic'],
          message: 'a transactional message has no topic: consent does not apply to it',
        });
    });
  }
  return issues;
}
