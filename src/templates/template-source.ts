/**
 * Templates as read from a workspace's `templates/` folder, before compilation.
 *
 *     templates/
 *       welcome.mjml.liquid              email: front-matter (subject, preheader…) + MJML body
 *       welcome.technical.mjml.liquid    the same email for users with the `technical` persona
 *       next_login_tip.inapp.liquid      in-app message: title, cta_label, cta_url + body
 *       pricing_alert.text.liquid        plain text for webhooks and Slack
 *       layouts/default.mjml.liquid      optional: replaces the built-in email layout
 *
 * See ARCHITECTURE.md in this folder for the front-matter keys of each kind.
 */

export type TemplateKind = 'email' | 'inapp' | 'text';

/** A piece of Liquid and where it starts in its file, so every error points at a file line. */
export interface LiquidPart {
  /** Display path, relative to the workspace: `templates/welcome.mjml.liquid`. */
  file: string;
  /** The front-matter field (`subject`…), or '' for the body. */
  path: string;
  source: string;
  /** 1-based line and column of `source[0]` in the file. */
  line: number;
  column: number;
}

export type Category = 'marketing' | 'transactional';

/** Front-matter settings that are not Liquid. A persona variant inherits what it leaves out. */
export interface TemplateSettings {
  /** Marketing email carries unsubscribe links and obeys consent; transactional is exempt. */
  category: Category;
  /** The subscription topic (declared in cairn.yaml) a marketing message belongs to. */
  topic: string | null;
  /** Email only: a layout name from `templates/layouts/`, `default`, or `none`. */
  layout: string;
  /** Text only: `slack` escapes variables for Slack mrkdwn (`&`, `<`, `>`). */
  format: 'plain' | 'slack';
}

export const DEFAULT_SETTINGS: TemplateSettings = {
  category: 'marketing',
  topic: null,
  layout: 'default',
  format: 'plain',
};

export interface TemplateSource {
  file: string;
  id: string;
  /** The persona this variant is for; null for the base template. */
  persona: string | null;
  kind: TemplateKind;
  /** Liquid front-matter fields by name (`subject`, `preheader`, `title`, `cta_label`, `cta_url`). */
  fields: Record<string, LiquidPart>;
  /** Only the settings the file states; the loader fills the rest from the base or defaults. */
  settings: Partial<TemplateSettings>;
  /** Where each stated setting's value is written, for problems found later (an unknown topic). */
  settingAt?: Partial<Record<keyof TemplateSettings, { line: number; column: number }>>;
  body: LiquidPart;
}

export interface LayoutSource {
  file: string;
  name: string;
  body: LiquidPart;
}

/** Where a layout takes the template's body. Shopify's name for the same thing. */
export const CONTENT_MARKER = '{{ content_for_layout }}';
