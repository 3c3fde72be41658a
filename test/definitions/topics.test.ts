import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseDefinitions, topicLabel, topicNames } from '../../src/definitions/index.js';
import { templateVocabulary } from '../../src/templates/template-vocabulary.js';
import { definitionErrors as errors } from '../support/definition-errors.js';

describe('topics in cairn.yaml', () => {
  it('reads topics with their defaults: opt-out unless default is unsubscribed', () => {
    const { definitions } = parseDefinitions(`
topics:
  product_tips: { name: Product tips, description: Tips on features }
  announcements: { default: unsubscribed }
`);
    // Before deepEqual, which narrows the type to its expected value's.
    assert.equal(topicLabel('announcements', definitions.topics.announcements), 'Announcements');
    assert.equal(topicLabel('product_tips', definitions.topics.product_tips), 'Product tips');
    assert.deepEqual(definitions.topics, {
      product_tips: {
        name: 'Product tips',
        description: 'Tips on features',
        default: 'subscribed',
      },
      announcements: { default: 'unsubscribed' },
    });
    assert.deepEqual(topicNames(definitions), ['product_tips', 'announcements']);
    assert.deepEqual(parseDefinitions('name: x').definitions.topics, {});
  });

  it('names the field of a bad default or an unknown key', () => {
    assert.deepEqual(
      errors(`
topics:
  tips: { default: maybe, label: x }
`),
      [
        'cairn.yaml:3:20 topics.tips.default: expected subscribed (opt-out) or unsubscribed (opt-in)',
        'cairn.yaml:3:27 topics.tips.label: unknown key "label"; allowed keys: name, description, default',
      ],
    );
  });

  it('refuses a send step whose topic is not declared, or a transactional one with a topic', () => {
    const found = errors(`
topics:
  product_tips: {}
journeys:
  tips:
    trigger: { event: Signed Up }
    steps:
      - { id: a, send: { template: t, topic: product_tip } }
      - { id: b, send: { template: t, topic: product_tips, transactional: true } }
`);
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(
      found[0],
      /journeys\.tips\.steps\[0\]\.send\.topic: unknown topic "product_tip"; did you mean "product_tips"\?/,
    );
    assert.match(found[1], /steps\[1\]\.send\.topic: a transactional message has no topic/);
  });

  it('gives template checks the declared topics, none when there is no topics section', () => {
    const none = parseDefinitions('name: x').definitions;
    assert.deepEqual(templateVocabulary(none).topics, []);
    const some = parseDefinitions('topics:\n  product_tips: {}\n').definitions;
    assert.deepEqual(templateVocabulary(some).topics, ['product_tips']);
  });
});
