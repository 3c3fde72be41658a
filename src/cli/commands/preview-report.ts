import type { ReportPreview } from '../../reports/report-preview.js';

export type ReportFormat = 'text' | 'html' | 'json';

/**
 * `text`: the report's headers then the plain text; `html`: the HTML alone; `json`: everything
 * (the report object, the variant and the rendered email).
 */
export function formatReportPreview(preview: ReportPreview, format: ReportFormat): string {
  if (format === 'json') return JSON.stringify(preview, null, 2) + '\n';
  const { report } = preview;
  if (format === 'html') return preview.html ?? '';
  const header = [
    `Report: ${report.id} (${report.name}), ${report.unit} ${report.ownerId}`,
    `Period: ${report.period.kind} ${report.period.start} to ${report.period.end} (${report.timeZone})`,
    `Recipient: ${report.recipientId ?? 'none'}`,
    `Variant: ${preview.variant}${report.stage ? `, stage ${report.stage}` : ''}`,
  ];
  if (preview.subject === null)
    return [
      ...header,
      '',
      preview.variant === 'skipped'
        ? 'Nothing is sent for this period: the owner was inactive and the report declares `inactive: skip`.'
        : 'Nothing is sent: the report has no recipient.',
      '',
    ].join('\n');
  return [
    `Subject: ${preview.subject}`,
    `Preheader: ${preview.preheader ?? ''}`,
    `Template: ${preview.template}`,
    ...header,
    '',
    preview.text ?? '',
    '',
  ].join('\n');
}
