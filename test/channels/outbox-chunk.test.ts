import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import type { EmailMessage } from '../../src/channels/email/email-message.js';
import {
  ChunkPacker,
  unpackChunk,
  type OutboxChunk,
} from '../../src/channels/email/outbox-chunk.js';

const marketing = (i: number, html: string, text: string): EmailMessage => ({
  idempotencyKey: `run_${i}:welcome`,
  from: { address: 'hello@mail.example.com', name: 'Acme' },
  to: { address: `user${i}@customers.example` },
  replyTo: { address: 'sam@acme.example', name: 'Sam Rivera' },
  subject: `Welcome ${i}`,
  html,
  text,
  category: 'marketing',
  unsubscribe: { https: `https://cairn.example.com/l/u/${i}`, mailto: 'mailto:u@mail.example.com' },
  headers: { 'Feedback-ID': `welcome:${i}` },
});

const transactional = (i: number): EmailMessage => ({
  idempotencyKey: `run_${i}:receipt`,
  from: { address: 'billing@mail.example.com' },
  to: { address: `user${i}@customers.example`, name: 'Noor' },
  subject: 'Your receipt',
  html: '',
  text: '',
  category: 'transactional',
});

/** A chunk as the writer thread receives it: through a real port, its buffer transferred. */
async function throughPort(chunk: OutboxChunk): Promise<OutboxChunk> {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<OutboxChunk>((resolve) => port2.once('message', resolve));
  port1.postMessage(chunk, [chunk.bytes]);
  const copy = await received;
  port1.close();
  return copy;
}

describe('outbox chunks', () => {
  it('carries every field and both bodies, as UTF-8, to the other side', async () => {
    const bodies = [
      ['<p>Plain ASCII</p>', 'Plain ASCII'],
      ['<p>Ça va, Zoë — ✓ 日本語</p>', 'Ça va, Zoë — ✓ 日本語'],
      ['<p>Emoji 🎉 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢</p>', '🎉🎉🎉'],
    ];
    const sent = bodies.map(([html, text], i) => marketing(i, html, text));
    sent.push(transactional(3));
    const packer = new ChunkPacker();
    for (const message of sent) packer.add(message, 1_700_000_000_000 + 1);
    assert.equal(packer.count, 4);
    const chunk = await throughPort(packer.take(40));
    assert.equal(packer.count, 0);
    assert.equal(chunk.first, 40);
    const jobs = unpackChunk(chunk);
    assert.equal(jobs.length, 4);
    jobs.forEach((job, i) => {
      const { html, text, ...rest } = sent[i];
      assert.deepEqual(job.message, rest);
      assert.equal(job.html.toString('utf8'), html);
      assert.equal(job.text.toString('utf8'), text);
      assert.equal(job.date, 1_700_000_000_001);
    });
  });

  it('grows past its first buffer without losing what it already holds', async () => {
    const packer = new ChunkPacker(16);
    // Bodies of every width: one, two, three and four UTF-8 bytes per character.
    const sent = Array.from({ length: 20 }, (_, i) =>
      marketing(i, `<p>${'é✓🎉a'.repeat(50 * i)}</p>`, 'ü'.repeat(i * 7)),
    );
    for (const message of sent) packer.add(message, 0);
    const jobs = unpackChunk(await throughPort(packer.take(0)));
    jobs.forEach((job, i) => {
      assert.equal(job.html.toString('utf8'), sent[i].html);
      assert.equal(job.text.toString('utf8'), sent[i].text);
    });
    // The next chunk starts empty, in a buffer of its own.
    packer.add(sent[3], 0);
    const [again] = unpackChunk(await throughPort(packer.take(20)));
    assert.equal(again.html.toString('utf8'), sent[3].html);
  });
});
