import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeEntities, htmlToText, tidyText } from '../../src/templates/html-to-text.js';

describe('HTML to text', () => {
  it('keeps the words and paragraphs, turns links into label (url)', () => {
    const html = `<!doctype html><html><head><title>T</title><style>p { color: red }</style></head>
      <body><div style="display:none;max-height:0">Preheader</div>
      <!--[if mso | IE]><table><tr><td><![endif]-->
      <h1>Your   week</h1><p>You saved <b>42&nbsp;hours</b> &mdash; a full week.</p>
      <p>Next: <a href="https://app.example.com/automation?x=1&amp;y=2">unlock automation</a><br/>or
      <a href="https://app.example.com">https://app.example.com</a></p>
      <ul><li>One</li><li>Two</li></ul>
      <table><tr><td>Score</td><td>72</td></tr></table>
      <a href="mailto:help@example.com">help@example.com</a> <a href="#top">top</a> <a href="https://x.example/i"><img src="i.png"></a>
      </body></html>`;
    assert.equal(
      htmlToText(html),
      [
        'Your week',
        '',
        'You saved 42 hours — a full week.',
        '',
        'Next: unlock automation (https://app.example.com/automation?x=1&y=2)',
        'or https://app.example.com',
        '',
        '- One',
        '- Two',
        '',
        'Score 72',
        '',
        'help@example.com top https://x.example/i',
      ].join('\n'),
    );
  });

  it('keeps what `keep` returns from the parts it cuts out', () => {
    const text = htmlToText('<head><title>[tag]</title></head><p style="[tag2]">x</p>', (region) =>
      (region.match(/\[tag\d?\]/g) ?? []).join(''),
    );
    assert.equal(text, '[tag][tag2]x');
  });

  it('decodes named and numeric entities, leaving unknown ones', () => {
    assert.equal(decodeEntities('&lt;&#233;&#x1F389;&rsquo;&bogus;&amp;amp;'), '<é🎉’&bogus;&amp;');
  });

  it('tidies lines left behind by tags that rendered nothing', () => {
    assert.equal(tidyText('  a  \n \n\n\t\nb   c\n\n\n'), 'a\n\nb c');
    assert.equal(tidyText('a\n \nb'), 'a\n\nb');
  });
});
