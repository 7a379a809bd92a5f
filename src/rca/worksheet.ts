import { checkLink, currentOrigin } from '../data/links';

/**
 * The RCA worksheet of one incident: the evidence gathered, the 5 Whys chain, the fishbone and the
 * post-mortem. It is stored as versioned JSON (locally, in a draft dashboard, and in the published
 * post-mortem dashboard), so everything here is plain data.
 */

import { IncidentContext, readIncidentContext } from './incidentContext';

export type IncidentSeverity = 'sev1' | 'sev2' | 'sev3';
export const SEVERITIES: IncidentSeverity[] = ['sev1', 'sev2', 'sev3'];

export interface Incident {
  /** The Grafana annotation id of the incident region (or the outbox client id until it is sent). */
  id: string;
  title: string;
  /** Epoch ms. */
  start: number;
  /** Epoch ms; undefined while the incident is ongoing. */
  end?: number;
  /** The dashboard the incident was declared on; empty for an organisation-wide annotation. */
  dashboardUID: string;
  panelId?: number;
  severity: IncidentSeverity;
  /** The dashboard's variables and range when it was first investigated from a panel, if not stored with it. */
  context?: IncidentContext;
}

export type EvidenceType = 'onset' | 'change' | 'drift' | 'note';

/** A fact the analysis rests on, with a link back to where it is seen. */
export interface EvidenceItem {
  id: string;
  type: EvidenceType;
  title: string;
  detail?: string;
  /** Epoch ms of the event or onset. */
  time?: number;
  /** Annotation kind for change events (deploy, data, config…). */
  kind?: string;
  /** The panel and range that show it: `/d/<uid>?viewPanel=<id>&from=<ms>&to=<ms>`. */
  link?: string;
  /** A change nothing moved after, as the timeline judged it. */
  exonerated?: boolean;
}

export interface Why {
  id: string;
  why: string;
  because: string;
  evidenceIds: string[];
}

export type FishboneCategory = 'People' | 'Process' | 'Technology' | 'Environment' | 'Data' | 'Model';
export const FISHBONE_CATEGORIES: FishboneCategory[] = [
  'People',
  'Process',
  'Technology',
  'Environment',
  'Data',
  'Model',
];

export type CauseStatus = 'confirmed' | 'ruled-out' | 'open';
export const CAUSE_STATUSES: CauseStatus[] = ['open', 'confirmed', 'ruled-out'];

export interface FishboneCause {
  id: string;
  text: string;
  status: CauseStatus;
  evidenceIds: string[];
}

export interface Fishbone {
  /** The head of the fish: the problem statement. */
  problem: string;
  categories: Record<FishboneCategory, FishboneCause[]>;
}

export interface ActionItem {
  id: string;
  text: string;
  owner: string;
  /** YYYY-MM-DD, or empty when not set. */
  due: string;
  done: boolean;
}

export interface PostMortem {
  summary: string;
  impact: string;
  rootCause: string;
  contributingFactors: string[];
  whatWentWell: string[];
  actionItems: ActionItem[];
}

export type RcaStatus = 'none' | 'draft' | 'published';
export const RCA_STATUSES: RcaStatus[] = ['none', 'draft', 'published'];

export interface Worksheet {
  version: 1;
  incident: Incident;
  /** Evidence the investigator pinned or cited (computed evidence is recomputed, cited items are kept). */
  evidence: EvidenceItem[];
  whys: Why[];
  fishbone: Fishbone;
  postMortem: PostMortem;
  status: RcaStatus;
  /** Epoch ms of the last edit; the newest copy wins when local and remote differ. */
  updatedAt: number;
  /** Where it was published, once it is. */
  published?: { uid: string; url: string; at: number };
}

export const WORKSHEET_VERSION = 1;

export function emptyFishbone(problem = ''): Fishbone {
  return {
    problem,
    categories: { People: [], Process: [], Technology: [], Environment: [], Data: [], Model: [] },
  };
}

export function createWorksheet(incident: Incident, now: number): Worksheet {
  return {
    version: 1,
    incident,
    evidence: [],
    whys: [],
    fishbone: emptyFishbone(incident.title),
    postMortem: { summary: '', impact: '', rootCause: '', contributingFactors: [], whatWentWell: [], actionItems: [] },
    status: 'none',
    updatedAt: now,
  };
}

let counter = 0;
/** An id unique within a worksheet. */
export function newId(prefix: string, now = Date.now()): string {
  counter = (counter + 1) % 1_000_000;
  return `${prefix}-${now.toString(36)}-${counter.toString(36)}`;
}

/** The link to a panel over a time range, Grafana's "view panel" URL. */
export function panelLink(dashboardUID: string, panelId: number | undefined, from: number, to: number): string {
  const params = new URLSearchParams();
  if (panelId !== undefined) {
    params.set('viewPanel', String(panelId));
  }
  params.set('from', String(Math.round(from)));
  params.set('to', String(Math.round(to)));
  return `/d/${encodeURIComponent(dashboardUID)}?${params.toString()}`;
}

export class WorksheetFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorksheetFormatError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function fail(path: string, expected: string): never {
  throw new WorksheetFormatError(`The worksheet is not valid: ${path} should be ${expected}.`);
}

function str(value: unknown, path: string, optional = false): string {
  if (value === undefined && optional) {
    return '';
  }
  if (typeof value !== 'string') {
    fail(path, 'text');
  }
  return value;
}

function num(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(path, 'a number');
  }
  return value;
}

function arr(value: unknown, path: string): unknown[] {
  if (value === undefined) {
    return [];
  }
  if (!Array.isArray(value)) {
    fail(path, 'a list');
  }
  return value;
}

function obj(value: unknown, path: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    fail(path, 'an object');
  }
  return value as Record<string, unknown>;
}

function ids(value: unknown, path: string): string[] {
  return arr(value, path).map((id, i) => str(id, `${path}[${i}]`));
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], path: string): T {
  if (!allowed.includes(value as T)) {
    fail(path, `one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function parseIncident(raw: unknown): Incident {
  const value = obj(raw, 'incident');
  const end = value.end === undefined || value.end === null ? undefined : num(value.end, 'incident.end');
  const start = num(value.start, 'incident.start');
  if (end !== undefined && end < start) {
    fail('incident.end', 'after incident.start');
  }
  return {
    id: str(value.id, 'incident.id'),
    title: str(value.title, 'incident.title'),
    start,
    ...(end !== undefined ? { end } : {}),
    dashboardUID: str(value.dashboardUID, 'incident.dashboardUID', true),
    ...(typeof value.panelId === 'number' ? { panelId: value.panelId } : {}),
    severity: oneOf(value.severity, SEVERITIES, 'incident.severity'),
    ...(readIncidentContext(value.context) ? { context: readIncidentContext(value.context) } : {}),
  };
}

/** Refused links are kept as text in the item's detail, cut to this length. */
const MAX_REFUSED_LINK_TEXT = 200;

/**
 * An evidence item's link and detail: a link that is not a path on this Grafana (or a URL to it) is not kept
 * as a link; it is shown as text in the detail, saying why.
 */
function checkedEvidenceLink(
  link: string | undefined,
  detail: string | undefined,
  grafanaOrigin: string | undefined
): Pick<EvidenceItem, 'link' | 'detail'> {
  if (link === undefined) {
    return detail !== undefined ? { detail } : {};
  }
  const checked = checkLink(link, { grafanaOrigin });
  if (checked.ok) {
    return { link: checked.href, ...(detail !== undefined ? { detail } : {}) };
  }
  const text = link.length > MAX_REFUSED_LINK_TEXT ? `${link.slice(0, MAX_REFUSED_LINK_TEXT - 1)}…` : link;
  const note = `link not opened (${checked.reason}): ${text}`;
  return { detail: detail ? `${detail} · ${note}` : note };
}

function parseEvidence(raw: unknown, i: number, grafanaOrigin: string | undefined): EvidenceItem {
  const path = `evidence[${i}]`;
  const value = obj(raw, path);
  return {
    id: str(value.id, `${path}.id`),
    type: oneOf(value.type, ['onset', 'change', 'drift', 'note'] as const, `${path}.type`),
    title: str(value.title, `${path}.title`),
    ...(value.time !== undefined ? { time: num(value.time, `${path}.time`) } : {}),
    ...(value.kind !== undefined ? { kind: str(value.kind, `${path}.kind`) } : {}),
    ...checkedEvidenceLink(
      value.link !== undefined ? str(value.link, `${path}.link`) : undefined,
      value.detail !== undefined ? str(value.detail, `${path}.detail`) : undefined,
      grafanaOrigin
    ),
    ...(value.exonerated === true ? { exonerated: true } : {}),
  };
}

/** Where the published post-mortem is: its stored URL when that is a link to this Grafana, else its uid's. */
function publishedUrl(url: string, uid: string, grafanaOrigin: string | undefined): string {
  const checked = checkLink(url, { grafanaOrigin });
  return checked.ok ? checked.href : `/d/${encodeURIComponent(uid)}`;
}

function parseCause(raw: unknown, path: string): FishboneCause {
  const value = obj(raw, path);
  return {
    id: str(value.id, `${path}.id`),
    text: str(value.text, `${path}.text`),
    status: oneOf(value.status, CAUSE_STATUSES, `${path}.status`),
    evidenceIds: ids(value.evidenceIds, `${path}.evidenceIds`),
  };
}

function parseFishbone(raw: unknown): Fishbone {
  const value = obj(raw, 'fishbone');
  const categories = obj(value.categories ?? {}, 'fishbone.categories');
  const fishbone = emptyFishbone(str(value.problem, 'fishbone.problem', true));
  for (const category of FISHBONE_CATEGORIES) {
    fishbone.categories[category] = arr(categories[category], `fishbone.categories.${category}`).map((cause, i) =>
      parseCause(cause, `fishbone.categories.${category}[${i}]`)
    );
  }
  return fishbone;
}

function parsePostMortem(raw: unknown): PostMortem {
  const value = obj(raw, 'postMortem');
  return {
    summary: str(value.summary, 'postMortem.summary', true),
    impact: str(value.impact, 'postMortem.impact', true),
    rootCause: str(value.rootCause, 'postMortem.rootCause', true),
    contributingFactors: arr(value.contributingFactors, 'postMortem.contributingFactors').map((f, i) =>
      str(f, `postMortem.contributingFactors[${i}]`)
    ),
    whatWentWell: arr(value.whatWentWell, 'postMortem.whatWentWell').map((f, i) =>
      str(f, `postMortem.whatWentWell[${i}]`)
    ),
    actionItems: arr(value.actionItems, 'postMortem.actionItems').map((raw, i) => {
      const path = `postMortem.actionItems[${i}]`;
      const item = obj(raw, path);
      const due = str(item.due, `${path}.due`, true);
      if (due !== '' && !DATE.test(due)) {
        fail(`${path}.due`, 'a date as YYYY-MM-DD');
      }
      return {
        id: str(item.id, `${path}.id`),
        text: str(item.text, `${path}.text`),
        owner: str(item.owner, `${path}.owner`, true),
        due,
        done: item.done === true,
      };
    }),
  };
}

/**
 * Reads a stored worksheet (JSON text or a parsed object). Throws WorksheetFormatError naming the first
 * field that is wrong, so a damaged copy is reported rather than half-loaded. Any editor can write a stored
 * worksheet, so its links are checked (`src/data/links.ts`) against this Grafana's origin (the page's, unless
 * one is given): only paths and URLs to this Grafana stay links.
 */
export function parseWorksheet(
  raw: unknown,
  { grafanaOrigin = currentOrigin() }: { grafanaOrigin?: string } = {}
): Worksheet {
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new WorksheetFormatError('The worksheet is not valid JSON.');
    }
  }
  const root = obj(value, 'the worksheet');
  if (root.version !== WORKSHEET_VERSION) {
    throw new WorksheetFormatError(
      `This worksheet has version ${String(root.version)}; this version of Driftline reads version ${WORKSHEET_VERSION}.`
    );
  }
  const published = root.published === undefined ? undefined : obj(root.published, 'published');
  return {
    version: 1,
    incident: parseIncident(root.incident),
    evidence: arr(root.evidence, 'evidence').map((item, i) => parseEvidence(item, i, grafanaOrigin)),
    whys: arr(root.whys, 'whys').map((raw, i) => {
      const value = obj(raw, `whys[${i}]`);
      return {
        id: str(value.id, `whys[${i}].id`),
        why: str(value.why, `whys[${i}].why`, true),
        because: str(value.because, `whys[${i}].because`, true),
        evidenceIds: ids(value.evidenceIds, `whys[${i}].evidenceIds`),
      };
    }),
    fishbone: parseFishbone(root.fishbone),
    postMortem: parsePostMortem(root.postMortem),
    status: oneOf(root.status, RCA_STATUSES, 'status'),
    updatedAt: num(root.updatedAt, 'updatedAt'),
    ...(published
      ? {
          published: {
            uid: str(published.uid, 'published.uid'),
            url: publishedUrl(str(published.url, 'published.url'), str(published.uid, 'published.uid'), grafanaOrigin),
            at: num(published.at, 'published.at'),
          },
        }
      : {}),
  };
}

export function serializeWorksheet(worksheet: Worksheet): string {
  return JSON.stringify(worksheet);
}

/** What a link to the workbench reproduces: the tab and the selected items. */
export type WorkbenchTab = 'evidence' | 'whys' | 'fishbone' | 'postmortem';
export const WORKBENCH_TABS: WorkbenchTab[] = ['evidence', 'whys', 'fishbone', 'postmortem'];

export interface WorkbenchViewState {
  tab: WorkbenchTab;
  /** Selected evidence item ids (highlighted in the evidence list). */
  selected: string[];
  /** The fishbone category in focus, if any. */
  category?: FishboneCategory;
}

export function readViewState(params: URLSearchParams): WorkbenchViewState {
  const tab = params.get('tab');
  const category = params.get('category');
  const selected = (params.get('selected') ?? '')
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return {
    tab: WORKBENCH_TABS.includes(tab as WorkbenchTab) ? (tab as WorkbenchTab) : 'evidence',
    selected,
    ...(FISHBONE_CATEGORIES.includes(category as FishboneCategory) ? { category: category as FishboneCategory } : {}),
  };
}

/** Writes the view state into search params, keeping the params that are not the workbench's. */
export function writeViewState(state: WorkbenchViewState, params = new URLSearchParams()): URLSearchParams {
  const next = new URLSearchParams(params);
  next.set('tab', state.tab);
  if (state.selected.length > 0) {
    next.set('selected', state.selected.join(','));
  } else {
    next.delete('selected');
  }
  if (state.category) {
    next.set('category', state.category);
  } else {
    next.delete('category');
  }
  return next;
}

/** Every evidence id cited by a why or a cause, for "cited" badges. */
export function citedEvidenceIds(worksheet: Worksheet): Set<string> {
  const cited = new Set<string>();
  worksheet.whys.forEach((why) => why.evidenceIds.forEach((id) => cited.add(id)));
  FISHBONE_CATEGORIES.forEach((category) =>
    worksheet.fishbone.categories[category].forEach((cause) => cause.evidenceIds.forEach((id) => cited.add(id)))
  );
  return cited;
}
