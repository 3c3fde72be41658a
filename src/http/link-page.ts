import type { FastifyReply } from 'fastify';

/** Escapes text for HTML content and attribute values: every value shown comes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c as keyof typeof ESCAPES]);
}

const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Marks a string as HTML built from escaped parts, so pages cannot take raw text by mistake. */
export interface Html {
  readonly html: string;
}

export const html = (value: string): Html => ({ html: value });

// One small stylesheet: readable on a phone, visible focus, enough contrast; no JavaScript.
const STYLE = `
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1f2328;background:#f6f8fa;margin:0}
main{max-width:34rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border:1px solid #d0d7de;border-radius:8px}
h1{font-size:1.4rem;margin-top:0}
fieldset{border:0;padding:0;margin:0 0 1rem}
legend{font-weight:600;margin-bottom:.5rem}
.option{display:flex;gap:.6rem;align-items:flex-start;margin:.6rem 0}
.option input{margin-top:.3rem;width:1.1rem;height:1.1rem}
.hint{display:block;color:#59636e;font-size:.9rem}
button{font:inherit;padding:.5rem 1.2rem;border-radius:6px;border:1px solid #1f6feb;background:#1f6feb;color:#fff;cursor:pointer}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.status{padding:.6rem .9rem;border-radius:6px;background:#dafbe1;border:1px solid #4ac26b}
.error{background:#ffebe9;border-color:#ff8182}
small{color:#59636e}
`;

/**
 * A page answering a signed link. The headers keep it private and inert: never cached or
 * indexed, no Referer carrying the token to another site, no framing (a hidden unsubscribe
 * button under someone else's page), no scripts.
 */
export function sendPage(
  reply: FastifyReply,
  status: number,
  page: { title: string; product: string; body: Html },
): FastifyReply {
  const title = escapeHtml(page.title);
  return reply
    .status(status)
    .headers({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-robots-tag': 'noindex, nofollow',
      'x-frame-options': 'DENY',
      'x-content-type-options': 'nosniff',
      'content-security-policy':
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
    })
    .send(
      `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} · ${escapeHtml(page.product)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>${title}</h1>
${page.body.html}
</main>
</body>
</html>
`,
    );
}
