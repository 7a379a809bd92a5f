import { citedLabel } from './citations';
import { buildPostmortemTimeline, formatDuration, formatOffset, formatUtcMinute, TimelineEntry } from './timeline';
import { FISHBONE_CATEGORIES, Worksheet } from './worksheet';

/**
 * Makes user text inert in Markdown and HTML: `<`, `>` and `&` become entities, Markdown's punctuation is
 * backslash-escaped, and line-start markers (headings, lists, quotes) cannot start a block. Line breaks are
 * kept.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_{}[\]()#!|~])/g, '\\$1')
    .replace(/^(\s*)([-+=])/gm, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/gm, '$1\\$2');
}

/** Inert text for a table cell: escaped, on one line. */
export function escapeCell(text: string): string {
  return escapeMarkdown(text.replace(/\r?\n/g, ' ').trim());
}

function paragraph(text: string, empty = '_Not written yet._'): string {
  return text.trim() === '' ? empty : escapeMarkdown(text.trim());
}

function list(items: string[], empty = '_None recorded._'): string {
  const kept = items.map((item) => item.trim()).filter(Boolean);
  return kept.length === 0 ? empty : kept.map((item) => `- ${escapeMarkdown(item).replace(/\n/g, ' ')}`).join('\n');
}

function timelineTable(entries: TimelineEntry[]): string {
  if (entries.length === 0) {
    return '_No events recorded._';
  }
  const rows = entries.map(
    (entry) =>
      `| ${formatOffset(entry.offsetMs)} | ${formatUtcMinute(entry.time)} | ${escapeCell(entry.kind)} | ${escapeCell(entry.text)}${
        entry.exonerated ? ' (nothing moved after it)' : ''
      } |`
  );
  return ['| Offset | Time | Kind | What happened |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export interface MarkdownOptions {
  /** Timeline rows; default: the incident's start and end only. */
  timeline?: TimelineEntry[];
}

/** The whole post-mortem as Markdown, every piece of user text escaped. */
export function exportMarkdown(worksheet: Worksheet, options: MarkdownOptions = {}): string {
  const { incident, postMortem, whys, fishbone } = worksheet;
  const timeline =
    options.timeline ?? buildPostmortemTimeline({ incidentStart: incident.start, incidentEnd: incident.end });
  const duration = incident.end !== undefined ? formatDuration(incident.end - incident.start) : 'ongoing';
  const lines: string[] = [
    `# Post-mortem: ${escapeCell(incident.title)}`,
    '',
    `**Severity:** ${escapeCell(incident.severity.toUpperCase())} · **Start:** ${formatUtcMinute(incident.start)} · **Duration:** ${duration} · **Status:** ${worksheet.status}`,
    '',
    '_This is a blameless post-mortem: it looks for what in the system let the failure happen, not for who._',
    '',
    '## Summary',
    '',
    paragraph(postMortem.summary),
    '',
    '## Impact',
    '',
    paragraph(postMortem.impact),
    '',
    '## Timeline',
    '',
    timelineTable(timeline),
    '',
    '## 5 Whys',
    '',
  ];
  if (whys.length === 0) {
    lines.push('_No whys recorded._');
  } else {
    whys.forEach((why, index) => {
      const evidence = citedLabel(worksheet, why.evidenceIds);
      lines.push(
        `${index + 1}. **Why?** ${escapeCell(why.why) || '…'}  `,
        `   **Because** ${escapeCell(why.because) || '…'}${evidence ? ` _(evidence: ${escapeCell(evidence)})_` : ''}`
      );
    });
  }
  lines.push('', '## Fishbone', '', `**Problem:** ${escapeCell(fishbone.problem || incident.title)}`, '');
  for (const category of FISHBONE_CATEGORIES) {
    const causes = fishbone.categories[category];
    lines.push(`### ${category}`, '');
    if (causes.length === 0) {
      lines.push('_No causes considered._', '');
      continue;
    }
    for (const cause of causes) {
      const evidence = citedLabel(worksheet, cause.evidenceIds);
      lines.push(
        `- **${cause.status}**: ${escapeCell(cause.text)}${evidence ? ` _(evidence: ${escapeCell(evidence)})_` : ''}`
      );
    }
    lines.push('');
  }
  lines.push(
    '## Root cause',
    '',
    paragraph(postMortem.rootCause),
    '',
    '## Contributing factors',
    '',
    list(postMortem.contributingFactors),
    '',
    '## What went well',
    '',
    list(postMortem.whatWentWell),
    '',
    '## Action items',
    ''
  );
  if (postMortem.actionItems.length === 0) {
    lines.push('_No action items._');
  } else {
    lines.push('| Action | Owner | Due | Done |', '| --- | --- | --- | --- |');
    for (const item of postMortem.actionItems) {
      lines.push(
        `| ${escapeCell(item.text)} | ${escapeCell(item.owner) || '—'} | ${item.due || '—'} | ${item.done ? 'yes' : 'no'} |`
      );
    }
  }
  return lines.join('\n') + '\n';
}
