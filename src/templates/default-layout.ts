import type { LayoutSource } from './template-source.js';

const FILE = '(built-in default layout)';

/**
 * The email layout used when a workspace has no `templates/layouts/default.mjml.liquid`: a
 * header with the workspace name, a white card for the template's body, and a footer with the
 * links marketing email must carry (unsubscribe, preferences) and the sender's postal address.
 * Its Liquid sits inside mj-text and mj-preview only, where MJML passes content through.
 */
const SOURCE = `<mjml>
  <mj-head>
    <mj-title>{{ message.subject }}</mj-title>
    <mj-preview>{{ message.preheader }}</mj-preview>
    <mj-attributes>
      <mj-all font-family="-apple-system, BlinkMacSystemFont, 'Segoe UI', Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.55" color="#1f2328" padding="8px 32px" />
      <mj-button background-color="#1f6feb" color="#ffffff" font-size="16px" font-weight="600" border-radius="6px" padding="16px 32px" inner-padding="12px 24px" />
    </mj-attributes>
    <mj-style>
      a { color: #1f6feb; }
      .footer a { color: #57606a; }
    </mj-style>
  </mj-head>
  <mj-body background-color="#f6f8fa" width="600px">
    <mj-section padding="24px 0 12px">
      <mj-column>
        <mj-text font-size="14px" font-weight="600" color="#57606a">{{ workspace.name }}</mj-text>
      </mj-column>
    </mj-section>
    <mj-wrapper background-color="#ffffff" border-radius="8px" padding="16px 0">
{{ content_for_layout }}
    </mj-wrapper>
    <mj-section padding="16px 0 32px">
      <mj-column>
        <mj-text css-class="footer" font-size="12px" line-height="1.6" color="#57606a" align="center">
          {% if message.marketing %}<a href="{{ links.unsubscribe }}">Unsubscribe</a> · <a href="{{ links.preferences }}">Email preferences</a> · {% endif %}<a href="{{ links.view_in_browser }}">View in browser</a>
          {% if workspace.postal_address %}<br />{{ workspace.postal_address }}{% endif %}
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;

export const DEFAULT_LAYOUT: LayoutSource = {
  file: FILE,
  name: 'default',
  body: { file: FILE, path: '', source: SOURCE, line: 1, column: 1 },
};
