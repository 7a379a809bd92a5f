import React, { useEffect, useMemo } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { PluginPage } from '@grafana/runtime';
import { Alert, Button, LoadingPlaceholder, Stack, Tab, TabContent, TabsBar, useStyles2 } from '@grafana/ui';
import { formatOffset, formatUtcMinute, readViewState, WorkbenchTab, writeViewState } from '../../rca';
import { AppSettings } from '../../types';
import { EvidenceTab } from './EvidenceTab';
import { FishboneTab } from './FishboneTab';
import { PostMortemTab } from './PostMortemTab';
import { useIncidentEvidence } from './useIncidentEvidence';
import { usePinLink } from './usePinLink';
import { useVariablesLink } from './useVariablesLink';
import { RemoteSave, useWorksheet } from './useWorksheet';
import { WhysTab } from './WhysTab';
import { testIds } from '../../testIds';

const TABS: Array<{ id: WorkbenchTab; label: string }> = [
  { id: 'evidence', label: 'Evidence' },
  { id: 'whys', label: '5 Whys' },
  { id: 'fishbone', label: 'Fishbone' },
  { id: 'postmortem', label: 'Post-mortem' },
];

function saveState(remote: RemoteSave): string {
  switch (remote.state) {
    case 'saving':
      return 'saving…';
    case 'saved':
      return 'saved to Grafana';
    case 'local-only':
      return `saved in this browser only (${remote.message})`;
    default:
      return 'saved';
  }
}

/** The investigation of one incident: evidence, 5 Whys, fishbone and the post-mortem, with the view in the URL. */
export function WorkbenchPage({ settings, now = Date.now }: { settings?: AppSettings; now?: () => number }) {
  const styles = useStyles2(getStyles);
  const { id = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const view = readViewState(searchParams);
  const pins = usePinLink(now);
  const variables = useVariablesLink();
  const intakes = useMemo(() => [pins.intake, variables], [pins.intake, variables]);
  const { load, worksheet, row, warning, remote, update, reopen, retry, settleDrafts, publishDone } = useWorksheet(
    id,
    settings,
    now,
    intakes
  );
  // One evidence computation for the page: the evidence tab lists it, the post-mortem's timeline is built on it.
  const { evidence, refresh } = useIncidentEvidence(worksheet, row, settings, now);
  // A link with other findings while the page is open (same incident): open again, which adds them.
  const { pin, isFresh } = pins;
  useEffect(() => {
    if (load.state === 'ready' && pin !== null && isFresh()) {
      void reopen();
    }
  }, [load.state, pin, isFresh, reopen]);

  const setView = (change: Partial<ReturnType<typeof readViewState>>) =>
    setSearchParams(writeViewState({ ...view, ...change }, searchParams), { replace: true });

  if (load.state === 'loading') {
    return (
      <PluginPage>
        <LoadingPlaceholder text="Opening the incident…" data-testid={testIds.workbenchLoading} />
      </PluginPage>
    );
  }
  if (load.state === 'error' || !worksheet) {
    return (
      <PluginPage>
        <Alert severity="error" title="Could not open the incident" data-testid={testIds.workbenchError}>
          <p>{load.state === 'error' ? load.message : 'No worksheet.'}</p>
          <Stack gap={1}>
            <Button variant="secondary" icon="sync" onClick={retry} data-testid={testIds.workbenchRetry}>
              Retry
            </Button>
            <a href="../incidents">Back to incidents</a>
          </Stack>
        </Alert>
      </PluginPage>
    );
  }

  const { incident } = worksheet;
  return (
    <PluginPage>
      <div data-testid={testIds.workbench} className={styles.page}>
        <header>
          <h2 className={styles.heading}>{incident.title}</h2>
          <span className={styles.muted}>
            {incident.severity.toUpperCase()} · started {formatUtcMinute(incident.start)} ·{' '}
            {incident.end === undefined
              ? 'ongoing'
              : `lasted ${formatOffset(incident.end - incident.start).replace(/^T\+/, '')}`}{' '}
            · RCA <span data-testid={testIds.workbenchStatus}>{worksheet.status}</span> ·{' '}
            <span data-testid={testIds.workbenchSaveState}>{saveState(remote)}</span>
          </span>
        </header>
        {warning && (
          <Alert severity="warning" title="Working offline" data-testid={testIds.workbenchWarning}>
            {warning}
          </Alert>
        )}
        {pins.notice && (
          <Alert
            severity={pins.notice.severity}
            title={pins.notice.title}
            onRemove={pins.dismiss}
            data-testid={testIds.workbenchPins}
            data-severity={pins.notice.severity}
          >
            {pins.notice.text}
          </Alert>
        )}
        <TabsBar>
          {TABS.map((tab) => (
            <Tab
              key={tab.id}
              label={tab.label}
              active={view.tab === tab.id}
              onChangeTab={() => setView({ tab: tab.id })}
              data-testid={testIds.tab(tab.id)}
            />
          ))}
        </TabsBar>
        <TabContent className={styles.content}>
          {view.tab === 'evidence' && (
            <EvidenceTab
              worksheet={worksheet}
              evidence={evidence}
              onRefresh={refresh}
              update={update}
              selected={view.selected}
              onSelect={(selected) => setView({ selected })}
            />
          )}
          {view.tab === 'whys' && <WhysTab worksheet={worksheet} update={update} />}
          {view.tab === 'fishbone' && <FishboneTab worksheet={worksheet} update={update} view={view} />}
          {view.tab === 'postmortem' && (
            <PostMortemTab
              worksheet={worksheet}
              update={update}
              row={row}
              now={now}
              evidence={evidence}
              settleDrafts={settleDrafts}
              publishDone={publishDone}
            />
          )}
        </TabContent>
      </div>
    </PluginPage>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  heading: css({ marginBottom: theme.spacing(0.5) }),
  muted: css({ color: theme.colors.text.secondary }),
  content: css({ paddingTop: theme.spacing(2) }),
});
