import { buildLinks } from '../consent/build-links.js';
import type { Account, Profile } from '../core/types.js';
import type { LoadedDefinitions } from '../definitions/index.js';
import { DEFAULT_RECIPIENTS, reportJourneyId } from '../definitions/reports/report-schema.js';
import { periodFromLabel } from '../engine/gamification/local-periods.js';
import { accountOwner, reportedPeriod, userOwner } from '../engine/reports/report-period.js';
import { anonKey } from '../engine/profile/new-profile.js';
import { messageRenderContext } from '../runtime/delivery/message-render-context.js';
import type { PreviewSource } from '../runtime/delivery/template-preview.js';
import type { Store } from '../store/store.js';
import { buildReport, type Report, type ReportVariant } from './build-report.js';
import type { ReportSource } from './report-source.js';

export interface ReportRequest {
  reportId: string;
  /** A user id (unit user) or an account id (unit account). */
  ownerId: string;
  /** A date inside the period (YYYY-MM-DD); default the last complete one on the owner's clock. */
  period?: string;
  /** Account reports: the member the email is for; default the first with a recipient role. */
  recipientId?: string;
}

/** A report, owner or recipient that does not exist (404), or a parameter at fault (400). */
export class ReportRequestError extends Error {
  constructor(
    readonly status: 400 | 404,
    readonly field: string | null,
    message: string,
  ) {
    super(message);
    this.name = 'ReportRequestError';
  }
}

export interface LoadedReport {
  report: Report;
  recipient: Profile | null;
  account: Account | null;
}

/** The content of a report for one owner and period, read from the store. */
export async function loadReport(
  store: Store,
  loaded: LoadedDefinitions,
  source: ReportSource,
  request: ReportRequest,
  now: number,
): Promise<LoadedReport> {
  const definitions = loaded.definitions;
  if (!Object.hasOwn(definitions.reports, request.reportId))
    throw new ReportRequestError(404, null, `report ${JSON.stringify(request.reportId)} not found`);
  const report = definitions.reports[request.reportId]!;
  let profile: Profile | null = null;
  let account: Account | null = null;
  let recipient: Profile | null = null;
  if (report.unit === 'user') {
    profile = await findProfile(store, request.ownerId);
    if (!profile)
      throw new ReportRequestError(404, null, `user ${JSON.stringify(request.ownerId)} not found`);
    if (request.recipientId !== undefined)
      throw new ReportRequestError(400, 'recipient', 'only account reports take a recipient');
    recipient = profile;
  } else {
    account = await store.getAccount(request.ownerId);
    if (!account)
      throw new ReportRequestError(
        404,
        null,
        `account ${JSON.stringify(request.ownerId)} not found`,
      );
    recipient = await accountRecipient(store, loaded, request, account);
  }
  const owner = profile ? userOwner(definitions, profile) : accountOwner(definitions, account!);
  let period: number;
  if (request.period === undefined) period = reportedPeriod(report, owner, now);
  else {
    const parsed = periodFromLabel(request.period, report.period);
    if (parsed === null) throw new ReportRequestError(400, 'period', 'expected a date, YYYY-MM-DD');
    period = parsed;
  }
  const compared = await source.comparisons(definitions, report.unit, report.period, period);
  return {
    report: buildReport({
      definitions,
      reportId: request.reportId,
      profile,
      account,
      recipient,
      period,
      compared,
      now,
    }),
    recipient,
    account,
  };
}

export interface ReportPreview {
  report: Report;
  variant: ReportVariant;
  template: string | null;
  subject: string | null;
  preheader: string | null;
  html: string | null;
  text: string | null;
}

/**
 * The email a report would be for an owner and period, rendered as the dispatcher renders it
 * (the same variables, the report under `report`), strictly: a template error throws.
 */
export async function previewReport(
  templates: PreviewSource,
  store: Store,
  loaded: LoadedDefinitions,
  source: ReportSource,
  request: ReportRequest,
  now: number,
): Promise<ReportPreview> {
  const { report, recipient, account } = await loadReport(store, loaded, source, request, now);
  const none = { subject: null, preheader: null, html: null, text: null };
  if (report.template === null || recipient === null)
    return { report, variant: report.variant, template: report.template, ...none };
  const definition = loaded.definitions.reports[report.id]!;
  const messageKey = `preview:report:${report.id}:${report.ownerId}:${report.period.start}`;
  const context = messageRenderContext({
    profile: recipient,
    account:
      account ?? (recipient.accounts[0] ? await store.getAccount(recipient.accounts[0]) : null),
    definitions: loaded,
    now,
    trigger: {
      name: 'Journey Scheduled',
      properties: { report: report.id, period: report.period.start, owner: report.ownerId },
      timestamp: now,
    },
    journeyId: reportJourneyId(report.id),
    createdAt: now,
    links: buildLinks(templates.links, {
      userId: recipient.id,
      messageKey,
      topic: definition.topic ?? templates.renderer.topicOf('email', report.template),
    }),
    workspaceName: templates.workspaceName,
    report,
  });
  const email = templates.renderer.renderEmail(report.template, context);
  return {
    report,
    variant: report.variant,
    template: report.template,
    subject: email.subject,
    preheader: email.preheader ?? null,
    html: email.html,
    text: email.text,
  };
}

async function accountRecipient(
  store: Store,
  loaded: LoadedDefinitions,
  request: ReportRequest,
  account: Account,
): Promise<Profile | null> {
  if (request.recipientId !== undefined) {
    const profile = await findProfile(store, request.recipientId);
    if (!profile || !profile.accounts.includes(account.id))
      throw new ReportRequestError(
        404,
        null,
        `member ${JSON.stringify(request.recipientId)} of account ${JSON.stringify(account.id)} not found`,
      );
    return profile;
  }
  const { trait, role } =
    loaded.definitions.reports[request.reportId]!.recipients ?? DEFAULT_RECIPIENTS;
  let first: Profile | null = null;
  for (let after: string | undefined, more = true; more;) {
    const page = await store.accountMembers(account.id, { limit: 200, after });
    for (const member of page.items) {
      const profile = await store.getProfile(member.profileId);
      if (!profile) continue;
      first ??= profile;
      const value = profile.traits[trait];
      if (typeof value === 'string' && role.includes(value)) return profile;
    }
    after = page.next ?? undefined;
    more = page.next !== null;
  }
  // No admin: the preview still shows the account's report, addressed to a member.
  return first;
}

async function findProfile(store: Store, id: string): Promise<Profile | null> {
  const profileId =
    (await store.resolveProfileId(id)) ?? (await store.resolveProfileId(anonKey(id)));
  return profileId ? store.getProfile(profileId) : null;
}
