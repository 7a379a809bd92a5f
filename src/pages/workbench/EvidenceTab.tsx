import React, { useState } from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { Alert, Button, Icon, Input, LoadingPlaceholder, Stack, useStyles2 } from '@grafana/ui';
import { QueryProgress } from '../../evidence';
import { EvidenceItem, newId, Worksheet } from '../../rca';
import { EvidenceList } from './EvidenceList';
import { EvidenceState } from './useIncidentEvidence';
import { UpdateWorksheet } from './useWorksheet';
import { getPageStyles } from '../styles';
import { testIds } from '../../testIds';

const STATE_ICON = { waiting: 'clock-nine', running: 'sync', done: 'check', failed: 'exclamation-triangle' } as const;

/** Each query of the evidence with where it stands: waiting, running, its frame count, or why it failed. */
function QueryList({ queries }: { queries: QueryProgress[] }) {
  const styles = useStyles2(getStyles);
  return (
    <ul className={styles.queries} data-testid={testIds.evidenceQueries}>
      {queries.map((query) => (
        <li key={query.id} data-testid={testIds.evidenceQuery} data-state={query.state}>
          <Icon name={STATE_ICON[query.state]} className={query.state === 'failed' ? styles.failed : undefined} />{' '}
          {query.label} · {query.dataSource}
          {query.state === 'done' && query.frames !== undefined ? ` · ${query.frames} frame(s)` : ''}
          {query.problem ? <span className={styles.failed}> · {query.problem}</span> : null}
        </li>
      ))}
    </ul>
  );
}

function groupByKind(items: EvidenceItem[]): Map<string, EvidenceItem[]> {
  const byKind = new Map<string, EvidenceItem[]>();
  for (const item of items) {
    const kind = item.kind ?? 'other';
    byKind.set(kind, [...(byKind.get(kind) ?? []), item]);
  }
  return byKind;
}

/** The Evidence tab: what changed first, the change events, the drift ranking, and what was pinned. */
export function EvidenceTab({
  worksheet,
  evidence,
  onRefresh,
  update,
  selected,
  onSelect,
}: {
  worksheet: Worksheet;
  evidence: EvidenceState;
  onRefresh: () => void;
  update: UpdateWorksheet;
  selected: string[];
  onSelect: (ids: string[]) => void;
}) {
  const styles = useStyles2(getStyles);
  const page = useStyles2(getPageStyles);
  const [note, setNote] = useState('');
  if (evidence.state === 'loading') {
    return (
      <div data-testid={testIds.evidenceLoading}>
        <LoadingPlaceholder text="Finding what changed first…" />
        <QueryList queries={evidence.queries} />
      </div>
    );
  }
  const found = evidence.state === 'ready' ? evidence.evidence : undefined;
  const sections = found?.sections ?? { sequence: [], changes: [], drift: [], predictions: [] };
  const computed = new Set(Object.values(sections).flatMap((items) => items.map((item: EvidenceItem) => item.id)));
  const pinned = worksheet.evidence.filter((item) => !computed.has(item.id));
  const failed = found?.queries.filter((query) => query.problem) ?? [];
  const list = (items: EvidenceItem[]) => (
    <EvidenceList
      items={items}
      worksheet={worksheet}
      update={update}
      selected={selected}
      onSelect={onSelect}
      incidentStart={worksheet.incident.start}
    />
  );
  return (
    <div data-testid={testIds.evidence} className={page.sections}>
      {evidence.state === 'failed' && (
        <Alert severity="error" title="The evidence could not be computed" data-testid={testIds.evidenceProblem}>
          {evidence.message}
        </Alert>
      )}
      {found?.problem && (
        <Alert severity="info" title="No panels to find what changed first" data-testid={testIds.evidenceProblem}>
          {found.problem.message}{' '}
          {found.problem.kind === 'no-driftline-panels' && (
            <a href={found.problem.link} className={styles.link} data-testid={testIds.evidenceAddPanel}>
              Open the dashboard to add one
            </a>
          )}
        </Alert>
      )}
      {failed.length > 0 && (
        <Alert severity="warning" title="Some evidence is missing" data-testid={testIds.evidenceFailures}>
          <ul className={styles.failures}>
            {failed.map((query) => (
              <li key={query.id}>{query.problem}</li>
            ))}
          </ul>
        </Alert>
      )}
      {found?.timeline && (
        <section data-testid={testIds.evidenceSequence}>
          <h4>What changed first</h4>
          <p className={page.muted}>
            Changes and signal onsets in time order, relative to the incident start, from the timeline panel “
            {found.timeline.title}”; a change nothing moved after is marked.
          </p>
          {found.timeline.problem && <p className={page.muted}>{found.timeline.problem}</p>}
          {list(sections.sequence)}
        </section>
      )}
      <section data-testid={testIds.evidenceChanges}>
        <h4>Change events before and during the incident</h4>
        {sections.changes.length === 0 && (
          <p className={page.muted}>No change annotations around the incident window.</p>
        )}
        {[...groupByKind(sections.changes).entries()].map(([kind, items]) => (
          <div key={kind} data-testid={testIds.evidenceKind(kind)}>
            <h5 className={styles.kind}>{kind}</h5>
            {list(items)}
          </div>
        ))}
      </section>
      {found?.drift && (
        <section data-testid={testIds.evidenceDrift}>
          <h4>Drift ranking</h4>
          {found.drift.problem ? <p className={page.muted}>{found.drift.problem}</p> : list(sections.drift)}
        </section>
      )}
      {found?.predictions && (
        <section data-testid={testIds.evidencePredictions}>
          <h4>Predictions</h4>
          {found.predictions.problem ? (
            <p className={page.muted}>{found.predictions.problem}</p>
          ) : (
            list(sections.predictions)
          )}
        </section>
      )}
      {found && (
        <details className={styles.details}>
          <summary>Queries ({found.queries.length})</summary>
          <QueryList queries={found.queries} />
          <Button size="sm" variant="secondary" icon="sync" onClick={onRefresh} data-testid={testIds.evidenceRefresh}>
            Run the queries again
          </Button>
        </details>
      )}
      <section data-testid={testIds.evidencePinned}>
        <h4>Pinned evidence</h4>
        {pinned.length === 0 ? (
          <p className={page.muted}>Nothing pinned yet: cite an item above, or add a note.</p>
        ) : (
          list(pinned)
        )}
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (note.trim()) {
              update((w) => ({
                ...w,
                evidence: [...w.evidence, { id: newId('note'), type: 'note', title: note.trim() }],
              }));
              setNote('');
            }
          }}
        >
          <Stack gap={1}>
            <Input
              aria-label="Evidence note"
              placeholder="A fact from logs, a trace, a chat message…"
              value={note}
              onChange={(e) => setNote(e.currentTarget.value)}
              data-testid={testIds.evidenceNote}
            />
            <Button type="submit" variant="secondary" icon="plus">
              Pin note
            </Button>
          </Stack>
        </form>
      </section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  kind: css({ textTransform: 'capitalize', color: theme.colors.text.secondary, margin: theme.spacing(1, 0, 0) }),
  link: css({ color: theme.colors.text.link }),
  queries: css({
    listStyle: 'none',
    margin: theme.spacing(1, 0),
    padding: 0,
    color: theme.colors.text.secondary,
    fontSize: theme.typography.bodySmall.fontSize,
  }),
  failed: css({ color: theme.colors.warning.text }),
  failures: css({ margin: 0, paddingLeft: theme.spacing(2) }),
  details: css({ color: theme.colors.text.secondary }),
});
