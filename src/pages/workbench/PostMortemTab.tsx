import React, { useMemo, useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { FolderPicker } from '@grafana/runtime';
import { Alert, Button, Field, Input, Stack, TextArea, useStyles2 } from '@grafana/ui';
import {
  buildPostmortemTimeline,
  exportMarkdown,
  formatOffset,
  formatUtcMinute,
  IncidentRow,
  newId,
  scenarioOf,
  TimelineEntry,
  Worksheet,
} from '../../rca';
import { downloadText } from './FishboneDiagram';
import { BlameWarnings, LintedText } from './LintedText';
import { EvidenceState } from './useIncidentEvidence';
import { usePublishPostMortem } from './usePublishPostMortem';
import { UpdateWorksheet } from './useWorksheet';
import { getPageStyles } from '../styles';
import { testIds } from '../../testIds';

function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** The Post-mortem tab: the blameless write-up with its automatic timeline, exported or published. */
export function PostMortemTab({
  worksheet,
  update,
  row,
  now,
  evidence,
  settleDrafts,
  publishDone,
}: {
  worksheet: Worksheet;
  update: UpdateWorksheet;
  row?: IncidentRow;
  now: () => number;
  evidence: EvidenceState;
  /** Resolves once no draft save can land after the post-mortem. */
  settleDrafts: () => Promise<void>;
  publishDone: () => void;
}) {
  const styles = useStyles2(getStyles);
  const page = useStyles2(getPageStyles);
  const [folderUid, setFolderUid] = useState('');
  const [copied, setCopied] = useState(false);
  const { incident, postMortem } = worksheet;
  const scenario = scenarioOf({ dashboardUID: incident.dashboardUID, scenario: row?.scenario });

  // The automatic timeline: the annotations around the incident (without the incident's own), the evidence's
  // "what changed first", and the onsets and changes pinned from a panel.
  const timeline: TimelineEntry[] = useMemo(() => {
    if (evidence.state !== 'ready') {
      return buildPostmortemTimeline({ incidentStart: incident.start, incidentEnd: incident.end });
    }
    const events = evidence.evidence.events.filter((event) => event.id !== incident.id);
    return buildPostmortemTimeline({
      incidentStart: incident.start,
      incidentEnd: incident.end,
      annotations: events,
      steps: evidence.evidence.timeline?.steps,
      evidence: worksheet.evidence,
    });
  }, [evidence, incident.start, incident.end, incident.id, worksheet.evidence]);
  const markdown = useMemo(() => exportMarkdown(worksheet, { timeline }), [worksheet, timeline]);
  const setPm = (change: Partial<Worksheet['postMortem']>) =>
    update((w) => ({ ...w, postMortem: { ...w.postMortem, ...change } }));

  const { publish, onPublish } = usePublishPostMortem({
    worksheet,
    update,
    timeline,
    scenario,
    folderUid,
    now,
    settleDrafts,
    publishDone,
  });

  return (
    <div className={page.sections} data-testid={testIds.postmortem}>
      <p className={page.muted}>
        Blameless: describe what the system allowed and why it made sense at the time, never who is at fault.
      </p>
      <LintedText
        label="Summary"
        value={postMortem.summary}
        onChange={(summary) => setPm({ summary })}
        testId={testIds.pmSummary}
      />
      <LintedText
        label="Impact"
        value={postMortem.impact}
        onChange={(impact) => setPm({ impact })}
        testId={testIds.pmImpact}
      />
      <section>
        <h4>Timeline</h4>
        <table
          className={styles.table}
          data-testid={testIds.pmTimeline}
          data-complete={evidence.state === 'ready' ? 'true' : 'false'}
        >
          <tbody>
            {timeline.map((entry, index) => (
              <tr key={`${entry.time}-${index}`} data-testid={testIds.pmTimelineEntry} data-kind={entry.kind}>
                <td className={styles.offsetCell}>{formatOffset(entry.offsetMs)}</td>
                <td>{entry.kind}</td>
                <td>{entry.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <LintedText
        label="Root cause"
        value={postMortem.rootCause}
        onChange={(rootCause) => setPm({ rootCause })}
        testId={testIds.pmRootCause}
      />
      <Field label="Contributing factors (one per line)">
        <div>
          <TextArea
            rows={3}
            data-testid={testIds.pmFactors}
            defaultValue={postMortem.contributingFactors.join('\n')}
            onChange={(event) => setPm({ contributingFactors: linesOf(event.currentTarget.value) })}
          />
          <BlameWarnings text={postMortem.contributingFactors.join('\n')} />
        </div>
      </Field>
      <Field label="What went well (one per line)">
        <TextArea
          rows={3}
          data-testid={testIds.pmWell}
          defaultValue={postMortem.whatWentWell.join('\n')}
          onChange={(event) => setPm({ whatWentWell: linesOf(event.currentTarget.value) })}
        />
      </Field>
      <section>
        <h4>Action items</h4>
        {postMortem.actionItems.map((item) => {
          const change = (fields: Partial<typeof item>) =>
            setPm({
              actionItems: postMortem.actionItems.map((other) =>
                other.id === item.id ? { ...other, ...fields } : other
              ),
            });
          return (
            <Stack key={item.id} gap={1} alignItems="center" wrap="wrap">
              <input
                type="checkbox"
                aria-label={`Done: ${item.text}`}
                checked={item.done}
                onChange={() => change({ done: !item.done })}
              />
              <Input
                aria-label="Action"
                placeholder="What will change"
                value={item.text}
                onChange={(e) => change({ text: e.currentTarget.value })}
                data-testid={testIds.pmActionText}
              />
              <Input
                aria-label="Owner"
                placeholder="Owning team"
                width={20}
                value={item.owner}
                onChange={(e) => change({ owner: e.currentTarget.value })}
              />
              <Input
                aria-label="Due"
                type="date"
                width={20}
                value={item.due}
                onChange={(e) => change({ due: e.currentTarget.value })}
              />
              <Button
                size="sm"
                variant="secondary"
                fill="text"
                icon="trash-alt"
                aria-label="Remove action"
                onClick={() => setPm({ actionItems: postMortem.actionItems.filter((other) => other.id !== item.id) })}
              />
            </Stack>
          );
        })}
        <Button
          size="sm"
          variant="secondary"
          icon="plus"
          data-testid={testIds.pmActionAdd}
          onClick={() =>
            setPm({
              actionItems: [
                ...postMortem.actionItems,
                { id: newId('action'), text: '', owner: '', due: '', done: false },
              ],
            })
          }
        >
          Add action item
        </Button>
      </section>
      <section>
        <h4>Share</h4>
        <Stack gap={1} wrap="wrap">
          <Button
            icon="download-alt"
            variant="secondary"
            data-testid={testIds.pmDownload}
            onClick={() => downloadText(markdown, `post-mortem-${incident.id}.md`, 'text/markdown')}
          >
            Download Markdown
          </Button>
          <Button
            icon="copy"
            variant="secondary"
            data-testid={testIds.pmCopy}
            onClick={() =>
              navigator.clipboard
                ?.writeText(markdown)
                .then(() => setCopied(true))
                .catch(() => setCopied(false))
            }
          >
            {copied ? 'Copied' : 'Copy Markdown'}
          </Button>
        </Stack>
        <details className={styles.preview}>
          <summary>Markdown preview</summary>
          <pre data-testid={testIds.pmMarkdown}>{markdown}</pre>
        </details>
        <Stack gap={2} wrap="wrap" alignItems="flex-end">
          <Field label="Folder" description="Where the post-mortem dashboard is saved.">
            <div className={styles.folder}>
              <FolderPicker value={folderUid} onChange={(uid?: string) => setFolderUid(uid ?? '')} />
            </div>
          </Field>
          <Field label="or folder UID">
            <Input
              width={24}
              value={folderUid}
              data-testid={testIds.pmFolder}
              onChange={(e) => setFolderUid(e.currentTarget.value)}
              placeholder="General"
            />
          </Field>
          <Button
            icon="upload"
            onClick={() => void onPublish()}
            disabled={publish.state === 'publishing'}
            data-testid={testIds.pmPublish}
          >
            {publish.state === 'publishing'
              ? 'Publishing…'
              : worksheet.status === 'published'
                ? 'Publish again'
                : 'Publish post-mortem'}
          </Button>
        </Stack>
        {publish.state === 'done' ? (
          <Alert severity="success" title="Published" data-testid={testIds.pmPublished}>
            Everyone can read it at <a href={publish.url}>{publish.url}</a>.
          </Alert>
        ) : (
          worksheet.published && (
            // After a reload, or for a colleague: where and when it was published.
            <Alert severity="success" title="Published" data-testid={testIds.pmPublished}>
              Published on {formatUtcMinute(worksheet.published.at)}; everyone can read it at{' '}
              <a href={worksheet.published.url}>{worksheet.published.url}</a>.
            </Alert>
          )
        )}
        {publish.state === 'error' && (
          <Alert severity="error" title="Not published" data-testid={testIds.pmPublishError}>
            {publish.message} The worksheet is kept in this browser; publish again when Grafana is back.
          </Alert>
        )}
      </section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    borderCollapse: 'collapse',
    'td, th': { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}` },
  }),
  offsetCell: css({ fontFamily: theme.typography.fontFamilyMonospace, whiteSpace: 'nowrap' }),
  preview: css({ pre: { maxHeight: 300, overflow: 'auto' } }),
  folder: css({ minWidth: 280 }),
});
