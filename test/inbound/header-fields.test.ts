import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHeader, parseHeaderBlocks } from '../../src/inbound/header-fields.js';

describe('header fields', () => {
  it('reads a delivery-status part into its per-message and per-recipient blocks', () => {
    const blocks = parseHeaderBlocks(
      [
        'Reporting-MTA: dns; mx1.example.org',
        'Arrival-Date: Mon,  5 Jan 2026 12:02:40 +0000 (UTC)',
        '',
        '',
        'Final-Recipient: rfc822; dana@acme.test',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 <dana@acme.test>: Recipient address',
        '    rejected: User unknown',
        '',
        'final-recipient:rfc822;eli@acme.test',
        'ACTION: delayed',
        'Status:4.4.1',
        '',
      ].join('\r\n'),
    );
    assert.equal(blocks.length, 3);
    assert.equal(blocks[0].get('reporting-mta'), 'dns; mx1.example.org');
    assert.equal(
      blocks[1].get('diagnostic-code'),
      'smtp; 550 5.1.1 <dana@acme.test>: Recipient address rejected: User unknown',
    );
    assert.deepEqual(Object.fromEntries(blocks[2]), {
      'final-recipient': 'rfc822;eli@acme.test',
      action: 'delayed',
      status: '4.4.1',
    });
  });

  it('keeps the first of a repeated field and skips lines that are not fields', () => {
    const [block] = parseHeaderBlocks(
      'Status: 5.1.1\nnot a field line\nStatus: 2.0.0\n  folded onto the skipped one\nAction: failed\n',
    );
    assert.deepEqual(Object.fromEntries(block), { status: '5.1.1', action: 'failed' });
    assert.deepEqual(parseHeaderBlocks('\r\n\r\n'), []);
  });

  it("reads a message's header only, up to its body", () => {
    const header = parseHeader(
      'From: Tasklane <hello@tasklane.test>\r\nMessage-ID:\r\n <abc@cairn.test>\r\n\r\nBody: not a field\r\n',
    );
    assert.equal(header.get('message-id'), '<abc@cairn.test>');
    assert.equal(header.has('body'), false);
    assert.equal(parseHeader('').size, 0);
  });
});
