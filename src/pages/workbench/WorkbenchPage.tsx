import React, { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useParams, useSearchParams } from 'react-router-dom';
import { css } from '@emotion/css';
import { GrafanaTheme2 } from '@grafana/data';
import { FolderPicker, PluginPage } from '@grafana/runtime';
import {
  Alert,
  Button,
  Field,
  Input,
  LoadingPlaceholder,
  Stack,
  Tab,
  TabContent,
  TabsBar,
  TextArea,
  useStyles2,
} from '@grafana/ui';
import { listAnnotations } from '../../api/annotationsApi';
import { getDashboard, saveDashboard } from '../../api/dashboards';
import { withRetry } from '../../api/grafanaHttp';
import { findIncident } from '../../api/incidents';
import {
  loadLocalWorksheet,
  loadRemoteWorksheet,
  newest,
  saveLocalWorksheet,
  saveRemoteDraft,
} from '../../api/worksheets';
import { AnnotationEvent, annotationEvents, kindTagsFromJsonData } from '../../data/annotations';
import {
  buildPostmortemTimeline,
  createWorksheet,
  decodePins,
  EvidenceItem,
  exportMarkdown,
  formatOffset,
  formatUtcMinute,
  IncidentRow,
  mergePinnedEvidence,
  newId,
  panelLink,
  PIN_PARAM,
  pinnedEvidence,
  pinnedSummaryTitle,
  rcaDashboardUid,
  readViewState,
  saveDashboardBody,
  scenarioOf,
  SourcePanel,
  TimelineEntry,
  WorkbenchTab,
  Worksheet,
  writeViewState,
} from '../../rca';
import { AppSettings } from '../../types';
import { BlameWarnings, EvidenceList, FishboneEditor, LintedText, UpdateWorksheet, WhysEditor } from './editors';
import { downloadText, exportSvg, FishboneDiagram } from './FishboneDiagram';
import { computeIncidentEvidence, isScenarioId, ScenarioEvidence } from './scenarioEvidence';

const HOUR_MS = 3_600_000;
const AUTOSAVE_DELAY_MS = 2000;

type Load = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready' };
type RemoteSave = { state: 'idle' | 'saving' | 'saved' | 'local-only'; message?: string };
/** What became of the findings a link brought (`?pin=`), shown until dismissed. */
type PinNotice = { severity: 'success' | 'error'; title: string; text: string };

/** The worksheet with the findings of a `pin` link among its pinned evidence, and what to say about it. */
function withPins(worksheet: Worksheet, pin: string, at: number): { worksheet: Worksheet; notice: PinNotice } {
  const decoded = decodePins(pin);
  if (!decoded.ok) {
    return {
      worksheet,
      notice: { severity: 'error', title: 'The pinned findings were not added', text: decoded.problem },
    };
  }
  const items = pinnedEvidence(decoded.findings, worksheet.incident.start);
  const { evidence, added, updated } = mergePinnedEvidence(worksheet.evidence, items);
  return {
    worksheet: { ...worksheet, evidence, updatedAt: at },
    notice: {
      severity: 'success',
      title: `Pinned ${pinnedSummaryTitle(decoded.findings).what}`,
      text: pinnedSummary(added, updated, decoded.findings.omitted ?? 0),
    },
  };
}

function pinnedSummary(added: number, updated: number, omitted: number): string {
  const parts = [
    added > 0 ? `${added} added` : '',
    updated > 0 ? `${updated} already pinned, updated` : '',
    omitted > 0 ? `${omitted} later steps left out to keep the link short` : '',
  ].filter(Boolean);
  return `${parts.join(', ')}. They are under “Pinned evidence” on the Evidence tab, each with a link back to the panel.`;
}

const TABS: Array<{ id: WorkbenchTab; label: string }> = [
  { id: 'evidence', label: 'Evidence' },
  { id: 'whys', label: '5 Whys' },
  { id: 'fishbone', label: 'Fishbone' },
  { id: 'postmortem', label: 'Post-mortem' },
];

interface Opened {
  load: Load;
  worksheet?: Worksheet;
  row?: IncidentRow;
  warning?: string;
}

/** The incident's worksheet: the newest of this browser's and Grafana's copies, or a new one. */
async function openIncident(id: string, settings: AppSettings | undefined, now: number): Promise<Opened> {
  const local = loadLocalWorksheet(id);
  try {
    const [incident, stored] = await Promise.all([
      findIncident(id, kindTagsFromJsonData(settings).incident, now),
      loadRemoteWorksheet(id).catch(() => undefined),
    ]);
    const best = newest(local, stored);
    if (!incident && !best) {
      return {
        load: {
          state: 'error',
          message: `Incident ${id} was not found: it may have been deleted, or its annotation lost its incident tag.`,
        },
      };
    }
    const base =
      best ??
      createWorksheet(
        {
          id,
          title: incident!.title,
          start: incident!.start,
          end: incident!.end,
          dashboardUID: incident!.dashboardUID,
          panelId: incident!.panelId,
          severity: incident!.severity,
        },
        now
      );
    // The annotation is the source of truth for the window (it may have ended since the worksheet was saved).
    const worksheet = incident
      ? { ...base, incident: { ...base.incident, start: incident.start, end: incident.end } }
      : base;
    return { load: { state: 'ready' }, worksheet, row: incident };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return local
      ? {
          load: { state: 'ready' },
          worksheet: local,
          warning: `Grafana could not be reached (${message}); showing the copy saved in this browser.`,
        }
      : { load: { state: 'error', message } };
  }
}

/** The investigation of one incident: evidence, 5 Whys, fishbone and the post-mortem, with the view in the URL. */
export function WorkbenchPage({ settings, now = Date.now }: { settings?: AppSettings; now?: () => number }) {
  const styles = useStyles2(getStyles);
  const { id = '' } = useParams();
  const [searchParams, setSearchParams] = useSearchParams();
  const view = readViewState(searchParams);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [worksheet, setWorksheet] = useState<Worksheet>();
  const [warning, setWarning] = useState<string>();
  const [row, setRow] = useState<IncidentRow>();
  const [remote, setRemote] = useState<RemoteSave>({ state: 'idle' });
  const dirty = useRef(false);
  // The draft autosave's pending timer and request: publishing waits for them, so a draft that lands after
  // the post-mortem cannot overwrite it.
  const draftTimer = useRef<ReturnType<typeof setTimeout>>();
  const draftInFlight = useRef<Promise<unknown>>();
  const publishing = useRef(false);
  // Findings sent from a panel ("Send to workbench", `?pin=`): added to the worksheet as it opens (and saved by
  // the autosave), then dropped from the URL, so a reload or the back button does not bring them again.
  const pin = searchParams.get(PIN_PARAM);
  const pinRef = useRef(pin);
  useEffect(() => {
    pinRef.current = pin;
  }, [pin]);
  // The `pin` value already added: once, whatever re-renders or React's strict double effects do.
  const consumedPin = useRef<string>();
  const [pinNotice, setPinNotice] = useState<PinNotice>();
  // One evidence computation for the page: the evidence tab lists it, the post-mortem's timeline is built on it.
  const evidence = useEvidence(worksheet, row, settings);

  const apply = useCallback(
    (opened: Opened) => {
      let opening = opened.worksheet;
      const link = pinRef.current;
      if (opening && link !== null && consumedPin.current !== link) {
        consumedPin.current = link;
        const pinned = withPins(opening, link, now());
        if (pinned.worksheet !== opening) {
          dirty.current = true;
          opening = pinned.worksheet;
        }
        setPinNotice(pinned.notice);
      }
      setRow(opened.row);
      setWorksheet(opening);
      setWarning(opened.warning);
      setLoad(opened.load);
    },
    [now]
  );

  const open = useCallback(() => openIncident(id, settings, now()).then(apply), [id, settings, now, apply]);

  useEffect(() => {
    let cancelled = false;
    openIncident(id, settings, now()).then((opened) => !cancelled && apply(opened));
    return () => {
      cancelled = true;
    };
  }, [id, settings, now, apply]);

  // A link with other findings while the page is open (same incident): open again, which adds them.
  useEffect(() => {
    if (load.state === 'ready' && pin !== null && consumedPin.current !== pin) {
      void open();
    }
  }, [load.state, pin, open]);
  useEffect(() => {
    if (pin !== null && consumedPin.current === pin) {
      const next = new URLSearchParams(searchParams);
      next.delete(PIN_PARAM);
      setSearchParams(next, { replace: true });
    }
  }, [pin, pinNotice, searchParams, setSearchParams]);

  const update: UpdateWorksheet = useCallback(
    (change) => {
      dirty.current = true;
      setWorksheet((current) => (current ? { ...change(current), updatedAt: now() } : current));
    },
    [now]
  );

  // Autosave: this browser at once, Grafana after a pause in typing (drafts only; publishing saves the rest).
  useEffect(() => {
    if (!worksheet || !dirty.current) {
      return;
    }
    saveLocalWorksheet(worksheet);
    if (worksheet.status === 'published' || publishing.current) {
      return;
    }
    const timer = setTimeout(() => {
      draftTimer.current = undefined;
      setRemote({ state: 'saving' });
      const draft = { ...worksheet, status: 'draft' as const };
      const saving = saveRemoteDraft(draft, now())
        .then(() => {
          setRemote({ state: 'saved' });
          setWorksheet((current) => (current && current.status === 'none' ? { ...current, status: 'draft' } : current));
        })
        .catch((error) =>
          setRemote({ state: 'local-only', message: error instanceof Error ? error.message : String(error) })
        )
        .finally(() => {
          if (draftInFlight.current === saving) {
            draftInFlight.current = undefined;
          }
        });
      draftInFlight.current = saving;
    }, AUTOSAVE_DELAY_MS);
    draftTimer.current = timer;
    return () => clearTimeout(timer);
  }, [worksheet, now]);

  /** Before publishing: no draft save starts any more, and the one on its way has landed. */
  const settleDrafts = useCallback(async () => {
    publishing.current = true;
    clearTimeout(draftTimer.current);
    draftTimer.current = undefined;
    await draftInFlight.current;
  }, []);
  const publishDone = useCallback(() => {
    publishing.current = false;
  }, []);

  const setView = (change: Partial<ReturnType<typeof readViewState>>) =>
    setSearchParams(writeViewState({ ...view, ...change }, searchParams), { replace: true });

  if (load.state === 'loading') {
    return (
      <PluginPage>
        <LoadingPlaceholder text="Opening the incident…" data-testid="driftline-workbench-loading" />
      </PluginPage>
    );
  }
  if (load.state === 'error' || !worksheet) {
    return (
      <PluginPage>
        <Alert severity="error" title="Could not open the incident" data-testid="driftline-workbench-error">
          <p>{load.state === 'error' ? load.message : 'No worksheet.'}</p>
          <Stack gap={1}>
            <Button
              variant="secondary"
              icon="sync"
              onClick={() => {
                setLoad({ state: 'loading' });
                void open();
              }}
              data-testid="driftline-workbench-retry"
            >
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
      <div data-testid="driftline-workbench" className={styles.page}>
        <header>
          <h2 className={styles.heading}>{incident.title}</h2>
          <span className={styles.muted}>
            {incident.severity.toUpperCase()} · started {formatUtcMinute(incident.start)} ·{' '}
            {incident.end === undefined
              ? 'ongoing'
              : `lasted ${formatOffset(incident.end - incident.start).replace(/^T\+/, '')}`}{' '}
            · RCA <span data-testid="driftline-workbench-status">{worksheet.status}</span> ·{' '}
            <span data-testid="driftline-workbench-save-state">
              {remote.state === 'saving'
                ? 'saving…'
                : remote.state === 'saved'
                  ? 'saved to Grafana'
                  : remote.state === 'local-only'
                    ? `saved in this browser only (${remote.message})`
                    : 'saved'}
            </span>
          </span>
        </header>
        {warning && (
          <Alert severity="warning" title="Working offline" data-testid="driftline-workbench-warning">
            {warning}
          </Alert>
        )}
        {pinNotice && (
          <Alert
            severity={pinNotice.severity}
            title={pinNotice.title}
            onRemove={() => setPinNotice(undefined)}
            data-testid="driftline-workbench-pins"
            data-severity={pinNotice.severity}
          >
            {pinNotice.text}
          </Alert>
        )}
        <TabsBar>
          {TABS.map((tab) => (
            <Tab
              key={tab.id}
              label={tab.label}
              active={view.tab === tab.id}
              onChangeTab={() => setView({ tab: tab.id })}
              data-testid={`driftline-tab-${tab.id}`}
            />
          ))}
        </TabsBar>
        <TabContent className={styles.content}>
          {view.tab === 'evidence' && (
            <EvidenceTab
              worksheet={worksheet}
              evidence={evidence}
              update={update}
              selected={view.selected}
              onSelect={(selected) => setView({ selected })}
            />
          )}
          {view.tab === 'whys' && <WhysEditor worksheet={worksheet} update={update} />}
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

type EvidenceState =
  | { state: 'loading' }
  | {
      state: 'ready';
      demo?: ScenarioEvidence;
      /** Grafana's annotations around the incident (for a demo incident, the demo's own come with `demo`). */
      events: AnnotationEvent[];
      problem?: string;
    };

/** Grafana's annotations around the incident window: 6 h before it to 1 h after it. */
async function annotationsAround(
  incident: Pick<Worksheet['incident'], 'dashboardUID' | 'start' | 'end'>,
  settings?: AppSettings
): Promise<AnnotationEvent[]> {
  const annotations = await listAnnotations({
    from: incident.start - 6 * HOUR_MS,
    to: (incident.end ?? Date.now()) + HOUR_MS,
    dashboardUID: incident.dashboardUID || undefined,
    type: 'annotation',
    limit: 500,
  });
  return annotationEvents(annotations, kindTagsFromJsonData(settings));
}

function useEvidence(
  worksheet: Worksheet | undefined,
  row: IncidentRow | undefined,
  settings?: AppSettings
): EvidenceState {
  const dashboardUID = worksheet?.incident.dashboardUID ?? '';
  const start = worksheet?.incident.start;
  const end = worksheet?.incident.end;
  const scenario = worksheet ? scenarioOf({ dashboardUID, scenario: row?.scenario }) : undefined;
  const key = worksheet ? `${scenario}|${dashboardUID}|${start}|${end}` : '';
  const [evidence, setEvidence] = useState<{ key: string; value: EvidenceState }>({
    key: '',
    value: { state: 'loading' },
  });
  useEffect(() => {
    if (start === undefined) {
      return;
    }
    let cancelled = false;
    const done = (value: EvidenceState) => !cancelled && setEvidence({ key, value });
    const around = annotationsAround({ dashboardUID, start, end }, settings);
    if (isScenarioId(scenario)) {
      // A second or two of analysis: let the tab render its loading state first.
      const timer = setTimeout(() => {
        let demo: ScenarioEvidence;
        try {
          demo = computeIncidentEvidence(scenario, dashboardUID, start);
        } catch (error) {
          done({ state: 'ready', events: [], problem: error instanceof Error ? error.message : String(error) });
          return;
        }
        // Notes people added on the demo dashboard count too; their ids are kept apart from the demo's.
        around
          .then((events) => events.map((event) => ({ ...event, id: `grafana:${event.id}` })))
          .catch(() => [])
          .then((events) => done({ state: 'ready', demo, events }));
      }, 0);
      return () => {
        cancelled = true;
        clearTimeout(timer);
      };
    }
    around
      .then((events) => done({ state: 'ready', events }))
      .catch((error) =>
        done({
          state: 'ready',
          events: [],
          problem: `Change events could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
        })
      );
    return () => {
      cancelled = true;
    };
  }, [key, scenario, dashboardUID, start, end, settings]);
  return worksheet && evidence.key === key ? evidence.value : { state: 'loading' };
}

function EvidenceTab({
  worksheet,
  evidence,
  update,
  selected,
  onSelect,
}: {
  worksheet: Worksheet;
  evidence: EvidenceState;
  update: UpdateWorksheet;
  selected: string[];
  onSelect: (ids: string[]) => void;
}) {
  const styles = useStyles2(getStyles);
  const [note, setNote] = useState('');
  const { incident } = worksheet;
  if (evidence.state === 'loading') {
    return <LoadingPlaceholder text="Finding what changed first…" data-testid="driftline-evidence-loading" />;
  }
  const demo = evidence.demo;
  const start = demo?.window.from ?? incident.start;
  const changes: EvidenceItem[] = demo
    ? demo.items.filter((item) => item.type === 'change')
    : evidence.events
        .filter((event) => event.kind !== 'incident')
        .map((event) => ({
          id: `change:${event.id}`,
          type: 'change' as const,
          kind: event.kind,
          title: event.text,
          time: event.time,
          link: incident.dashboardUID
            ? panelLink(
                incident.dashboardUID,
                incident.panelId,
                event.time - HOUR_MS,
                (incident.end ?? event.time) + HOUR_MS
              )
            : undefined,
        }));
  const byKind = new Map<string, EvidenceItem[]>();
  changes.forEach((item) => byKind.set(item.kind ?? 'other', [...(byKind.get(item.kind ?? 'other') ?? []), item]));
  const sequence = demo ? demo.items.filter((item) => item.type !== 'drift') : [];
  const drift = demo ? demo.items.filter((item) => item.type === 'drift') : [];
  const pinned = worksheet.evidence.filter(
    (item) => !demo?.items.some((other) => other.id === item.id) && !changes.some((other) => other.id === item.id)
  );
  const list = (items: EvidenceItem[]) => (
    <EvidenceList
      items={items}
      worksheet={worksheet}
      update={update}
      selected={selected}
      onSelect={onSelect}
      incidentStart={start}
    />
  );
  return (
    <div data-testid="driftline-evidence" className={styles.sections}>
      {evidence.problem && (
        <Alert severity="warning" title="Some evidence is missing" data-testid="driftline-evidence-problem">
          {evidence.problem}
        </Alert>
      )}
      {demo && (
        <section data-testid="driftline-evidence-sequence">
          <h4>What changed first</h4>
          <p className={styles.muted}>
            Changes and signal onsets in time order, relative to the incident start; a change nothing moved after is
            marked.
          </p>
          {list(sequence)}
        </section>
      )}
      <section data-testid="driftline-evidence-changes">
        <h4>Change events before and during the incident</h4>
        {changes.length === 0 && <p className={styles.muted}>No change annotations around the incident window.</p>}
        {[...byKind.entries()].map(([kind, items]) => (
          <div key={kind} data-testid={`driftline-evidence-kind-${kind}`}>
            <h5 className={styles.kind}>{kind}</h5>
            {list(items)}
          </div>
        ))}
      </section>
      {demo && (
        <section data-testid="driftline-evidence-drift">
          <h4>Drift ranking</h4>
          {demo.driftProblem ? <p className={styles.muted}>{demo.driftProblem}</p> : list(drift)}
        </section>
      )}
      <section data-testid="driftline-evidence-pinned">
        <h4>Pinned evidence</h4>
        {pinned.length === 0 ? (
          <p className={styles.muted}>Nothing pinned yet: cite an item above, or add a note.</p>
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
              data-testid="driftline-evidence-note"
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

function FishboneTab({
  worksheet,
  update,
  view,
}: {
  worksheet: Worksheet;
  update: UpdateWorksheet;
  view: ReturnType<typeof readViewState>;
}) {
  const svgRef = useRef<SVGSVGElement>(null);
  const styles = useStyles2(getStyles);
  return (
    <div className={styles.sections} data-testid="driftline-fishbone">
      <p className={styles.muted}>
        For a complex failure: brainstorm causes in every category, cite the evidence, then mark each confirmed or ruled
        out.
      </p>
      <Field label="Problem statement (the head of the fish)">
        <Input
          data-testid="driftline-fishbone-problem"
          value={worksheet.fishbone.problem}
          onChange={(event) => {
            const problem = event.currentTarget.value;
            update((w) => ({ ...w, fishbone: { ...w.fishbone, problem } }));
          }}
        />
      </Field>
      <FishboneDiagram ref={svgRef} fishbone={worksheet.fishbone} />
      <div>
        <Button
          icon="download-alt"
          variant="secondary"
          data-testid="driftline-fishbone-export"
          onClick={() => svgRef.current && exportSvg(svgRef.current, `fishbone-${worksheet.incident.id}.svg`)}
        >
          Export image (SVG)
        </Button>
      </div>
      <FishboneEditor worksheet={worksheet} update={update} focus={view.category} />
    </div>
  );
}

function linesOf(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function PostMortemTab({
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
  const [folderUid, setFolderUid] = useState('');
  const [publish, setPublish] = useState<{
    state: 'idle' | 'publishing' | 'done' | 'error';
    message?: string;
    url?: string;
  }>({ state: 'idle' });
  const [copied, setCopied] = useState(false);
  const { incident, postMortem } = worksheet;
  const scenario = scenarioOf({ dashboardUID: incident.dashboardUID, scenario: row?.scenario });

  // The automatic timeline: Grafana's annotations around the incident (without the incident's own), the
  // onsets and changes pinned from a panel and, for a demo incident, the demo's "what changed first".
  const timeline: TimelineEntry[] = useMemo(() => {
    if (evidence.state !== 'ready') {
      return buildPostmortemTimeline({ incidentStart: incident.start, incidentEnd: incident.end });
    }
    const own = new Set([incident.id, `grafana:${incident.id}`]);
    const events = evidence.events.filter((event) => !own.has(event.id));
    return buildPostmortemTimeline({
      incidentStart: incident.start,
      incidentEnd: incident.end,
      annotations: evidence.demo ? [...evidence.demo.annotations, ...events] : events,
      steps: evidence.demo?.steps,
      evidence: worksheet.evidence,
    });
  }, [evidence, incident.start, incident.end, incident.id, worksheet.evidence]);
  const markdown = useMemo(() => exportMarkdown(worksheet, { timeline }), [worksheet, timeline]);
  const setPm = (change: Partial<Worksheet['postMortem']>) =>
    update((w) => ({ ...w, postMortem: { ...w.postMortem, ...change } }));

  const onPublish = async () => {
    setPublish({ state: 'publishing' });
    try {
      await settleDrafts();
      let sourcePanels: SourcePanel[] | undefined;
      if (incident.dashboardUID) {
        sourcePanels = await getDashboard(incident.dashboardUID)
          .then((response) => (response.dashboard as { panels?: SourcePanel[] } | undefined)?.panels)
          .catch(() => undefined);
      }
      // The copy in the dashboard says where it is published, so a colleague's workbench shows it too; the URL
      // Grafana answers (with the title's slug) replaces this one here once saved.
      const at = now();
      const uid = rcaDashboardUid(incident.id);
      const published: Worksheet = {
        ...worksheet,
        status: 'published',
        updatedAt: at,
        published: { uid, url: `/d/${uid}`, at },
      };
      const body = saveDashboardBody(published, {
        markdown: exportMarkdown(published, { timeline }),
        sourcePanels,
        scenario,
        now: now(),
        folderUid: folderUid || undefined,
      });
      const saved = await withRetry(() => saveDashboard(body));
      update((w) => ({ ...w, status: 'published', published: { uid: saved.uid, url: saved.url, at } }));
      setPublish({ state: 'done', url: saved.url });
    } catch (error) {
      setPublish({ state: 'error', message: error instanceof Error ? error.message : String(error) });
    } finally {
      publishDone();
    }
  };

  return (
    <div className={styles.sections} data-testid="driftline-postmortem">
      <p className={styles.muted}>
        Blameless: describe what the system allowed and why it made sense at the time, never who is at fault.
      </p>
      <LintedText
        label="Summary"
        value={postMortem.summary}
        onChange={(summary) => setPm({ summary })}
        testId="driftline-pm-summary"
      />
      <LintedText
        label="Impact"
        value={postMortem.impact}
        onChange={(impact) => setPm({ impact })}
        testId="driftline-pm-impact"
      />
      <section>
        <h4>Timeline</h4>
        <table
          className={styles.table}
          data-testid="driftline-pm-timeline"
          data-complete={evidence.state === 'ready' ? 'true' : 'false'}
        >
          <tbody>
            {timeline.map((entry, index) => (
              <tr key={`${entry.time}-${index}`} data-testid="driftline-pm-timeline-entry" data-kind={entry.kind}>
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
        testId="driftline-pm-root-cause"
      />
      <Field label="Contributing factors (one per line)">
        <div>
          <TextArea
            rows={3}
            data-testid="driftline-pm-factors"
            defaultValue={postMortem.contributingFactors.join('\n')}
            onChange={(event) => setPm({ contributingFactors: linesOf(event.currentTarget.value) })}
          />
          <BlameWarnings text={postMortem.contributingFactors.join('\n')} />
        </div>
      </Field>
      <Field label="What went well (one per line)">
        <TextArea
          rows={3}
          data-testid="driftline-pm-well"
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
                data-testid="driftline-pm-action-text"
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
          data-testid="driftline-pm-action-add"
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
            data-testid="driftline-pm-download"
            onClick={() => downloadText(markdown, `post-mortem-${incident.id}.md`, 'text/markdown')}
          >
            Download Markdown
          </Button>
          <Button
            icon="copy"
            variant="secondary"
            data-testid="driftline-pm-copy"
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
          <pre data-testid="driftline-pm-markdown">{markdown}</pre>
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
              data-testid="driftline-pm-folder"
              onChange={(e) => setFolderUid(e.currentTarget.value)}
              placeholder="General"
            />
          </Field>
          <Button
            icon="upload"
            onClick={() => void onPublish()}
            disabled={publish.state === 'publishing'}
            data-testid="driftline-pm-publish"
          >
            {publish.state === 'publishing'
              ? 'Publishing…'
              : worksheet.status === 'published'
                ? 'Publish again'
                : 'Publish post-mortem'}
          </Button>
        </Stack>
        {publish.state === 'done' ? (
          <Alert severity="success" title="Published" data-testid="driftline-pm-published">
            Everyone can read it at <a href={publish.url}>{publish.url}</a>.
          </Alert>
        ) : (
          worksheet.published && (
            // After a reload, or for a colleague: where and when it was published.
            <Alert severity="success" title="Published" data-testid="driftline-pm-published">
              Published on {formatUtcMinute(worksheet.published.at)}; everyone can read it at{' '}
              <a href={worksheet.published.url}>{worksheet.published.url}</a>.
            </Alert>
          )
        )}
        {publish.state === 'error' && (
          <Alert severity="error" title="Not published" data-testid="driftline-pm-publish-error">
            {publish.message} The worksheet is kept in this browser; publish again when Grafana is back.
          </Alert>
        )}
      </section>
    </div>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(1) }),
  heading: css({ marginBottom: theme.spacing(0.5) }),
  muted: css({ color: theme.colors.text.secondary }),
  content: css({ paddingTop: theme.spacing(2) }),
  sections: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  kind: css({ textTransform: 'capitalize', color: theme.colors.text.secondary, margin: theme.spacing(1, 0, 0) }),
  table: css({
    borderCollapse: 'collapse',
    'td, th': { padding: theme.spacing(0.5, 1), borderBottom: `1px solid ${theme.colors.border.weak}` },
  }),
  offsetCell: css({ fontFamily: theme.typography.fontFamilyMonospace, whiteSpace: 'nowrap' }),
  preview: css({ pre: { maxHeight: 300, overflow: 'auto' } }),
  folder: css({ minWidth: 280 }),
});
