import {
  backendSrvTransport,
  DEFAULT_REQUEST_TIMEOUT_MS,
  HttpRequest,
  HttpResponse,
  HttpTransport,
} from './annotationsApi';

/**
 * Grafana Alerting's HTTP API as Driftline uses it:
 * - Grafana-managed alert rules written through the alerting provisioning API (`/api/v1/provisioning/alert-rules`)
 *   with `X-Disable-Provenance`, so that people can still edit them in Grafana's alerting UI;
 * - the folders a rule can go into (`/api/folders`: Grafana keeps alert rules in folders);
 * - the state of the rules Driftline created, from the Prometheus-compatible rules endpoint
 *   (`/api/prometheus/grafana/api/v1/rules`), which viewers can read too.
 *
 * Failures are `AlertingError`s that keep Grafana's own message: a 400 says what Grafana refused, a 403 who
 * may do it. Nothing here retries or hides an error; the dialog and the page show them.
 */

/** Uids of the rules Driftline writes start with this (they stay the same when a rule is written again). */
export const DRIFTLINE_RULE_UID_PREFIX = 'driftline-';

/** A Grafana-managed alert rule as `POST /api/v1/provisioning/alert-rules` takes it (`ProvisionedAlertRule`). */
export interface ProvisionedAlertRule {
  uid?: string;
  title: string;
  folderUID: string;
  ruleGroup: string;
  condition: string;
  data: unknown[];
  for?: string;
  noDataState?: string;
  execErrState?: string;
  annotations?: Record<string, string>;
  labels?: Record<string, string>;
  isPaused?: boolean;
  orgID?: number;
}

export interface GrafanaFolder {
  uid: string;
  title: string;
}

export interface SavedAlertRule {
  uid: string;
  title: string;
  folderUid: string;
  /** False when a rule with this uid existed and was replaced. */
  created: boolean;
}

/** An alert instance of a rule: one feature's alert. */
export interface AlertInstance {
  labels: Record<string, string>;
  /** Grafana's instance state: Alerting, Pending, Normal, NoData, Error. */
  state: string;
  /** Epoch ms; undefined when Grafana gave none. */
  activeAt?: number;
  value?: string;
}

/** A rule Driftline created, with its state as Grafana evaluates it. */
export interface AlertRuleStatus {
  uid: string;
  title: string;
  folderUid: string;
  /** The folder's title (its path, for nested folders). */
  folder: string;
  group: string;
  /** firing, pending, recovering, or normal (Prometheus' "inactive"). */
  state: 'firing' | 'pending' | 'recovering' | 'normal';
  /** ok, nodata, error, or unknown (not evaluated yet). */
  health: string;
  lastError?: string;
  /** Epoch ms of the last evaluation; undefined when never evaluated. */
  lastEvaluation?: number;
  labels: Record<string, string>;
  alerts: AlertInstance[];
}

export type AlertingErrorKind =
  'forbidden' | 'signed-out' | 'invalid' | 'not-found' | 'conflict' | 'server' | 'offline';

export class AlertingError extends Error {
  readonly kind: AlertingErrorKind;
  /** The HTTP status; 0 when no response came. */
  readonly status: number;
  /** Grafana's own message, when it sent one. */
  readonly grafanaMessage?: string;

  constructor(kind: AlertingErrorKind, status: number, message: string, grafanaMessage?: string) {
    super(message);
    this.name = 'AlertingError';
    this.kind = kind;
    this.status = status;
    this.grafanaMessage = grafanaMessage;
  }
}

type Operation = 'write the alert rule' | 'read the alert rules' | 'list the folders';

function grafanaMessageOf(data: unknown): string | undefined {
  const body = data as { message?: unknown; msg?: unknown } | undefined;
  const message = typeof body?.message === 'string' ? body.message : typeof body?.msg === 'string' ? body.msg : '';
  return message.trim() || undefined;
}

/** The error a person sees for an HTTP status, keeping Grafana's message. */
export function alertingErrorFromStatus(status: number, data: unknown, operation: Operation): AlertingError {
  const said = grafanaMessageOf(data);
  const detail = said ? ` Grafana said: ${said}` : '';
  if (status === 400 || status === 422) {
    return new AlertingError('invalid', status, `Grafana refused to ${operation}: ${said ?? `HTTP ${status}`}`, said);
  }
  if (status === 403) {
    const who =
      operation === 'write the alert rule'
        ? 'You are not allowed to create alert rules in this folder: ask a Grafana admin for the Editor role or for alert rule write access to the folder.'
        : `You are not allowed to ${operation} in Grafana: ask a Grafana admin for access.`;
    return new AlertingError('forbidden', status, `${who}${detail}`, said);
  }
  if (status === 401) {
    return new AlertingError(
      'signed-out',
      status,
      'Your Grafana session has expired: sign in again, then retry.',
      said
    );
  }
  if (status === 404) {
    return new AlertingError(
      'not-found',
      status,
      `Grafana could not ${operation}: not found (HTTP 404).${detail}`,
      said
    );
  }
  if (status === 409 || status === 412) {
    return new AlertingError(
      'conflict',
      status,
      `Someone changed the alert rule at the same time: reload and try again.${detail}`,
      said
    );
  }
  if (status <= 0) {
    return new AlertingError(
      'offline',
      0,
      `Grafana could not be reached to ${operation}: check the connection and retry.`
    );
  }
  return new AlertingError(
    'server',
    status,
    `Grafana answered with an error (HTTP ${status}) when asked to ${operation}; retry in a moment.${detail}`,
    said
  );
}

export interface AlertingApi {
  /** `GET /api/folders`, sorted by title. */
  listFolders(): Promise<GrafanaFolder[]>;
  /**
   * Writes one rule: `PUT /api/v1/provisioning/alert-rules/:uid` when a rule with its uid exists, else `POST`,
   * both with `X-Disable-Provenance` so the rule stays editable in Grafana. A lookup Grafana refuses (403)
   * is taken as "not found": the create then succeeds or is refused with its own message.
   */
  saveAlertRule(rule: ProvisionedAlertRule): Promise<SavedAlertRule>;
  /** The rules Driftline created (uid prefix), with their state, from `GET /api/prometheus/grafana/api/v1/rules`. */
  listDriftlineAlertRules(): Promise<AlertRuleStatus[]>;
}

export interface AlertingApiOptions {
  transport?: HttpTransport;
  timeoutMs?: number;
}

const NEVER = /^0001-01-01/;

function epochOf(text: unknown): number | undefined {
  if (typeof text !== 'string' || NEVER.test(text)) {
    return undefined;
  }
  const time = Date.parse(text);
  return Number.isFinite(time) ? time : undefined;
}

function stringRecord(value: unknown): Record<string, string> {
  const record: Record<string, string> = {};
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (typeof item === 'string') {
        record[key] = item;
      }
    }
  }
  return record;
}

const STATES: Record<string, AlertRuleStatus['state']> = {
  firing: 'firing',
  pending: 'pending',
  recovering: 'recovering',
  inactive: 'normal',
  normal: 'normal',
};

interface PrometheusRule {
  uid?: unknown;
  name?: unknown;
  state?: unknown;
  health?: unknown;
  lastError?: unknown;
  lastEvaluation?: unknown;
  labels?: unknown;
  alerts?: unknown;
  folderUid?: unknown;
  type?: unknown;
}

interface PrometheusGroup {
  name?: unknown;
  file?: unknown;
  folderUid?: unknown;
  rules?: unknown;
}

/** Reads the Prometheus-compatible rules response; throws when it is not one. */
export function driftlineRulesFrom(body: unknown): AlertRuleStatus[] {
  const groups = (body as { data?: { groups?: unknown } } | undefined)?.data?.groups;
  if (!Array.isArray(groups)) {
    throw new AlertingError(
      'server',
      200,
      'Grafana answered the alert rule query with something that is not a rule list: is this a Grafana server?'
    );
  }
  const found: AlertRuleStatus[] = [];
  for (const group of groups as PrometheusGroup[]) {
    for (const rule of Array.isArray(group?.rules) ? (group.rules as PrometheusRule[]) : []) {
      if (typeof rule?.uid !== 'string' || !rule.uid.startsWith(DRIFTLINE_RULE_UID_PREFIX)) {
        continue;
      }
      const alerts = Array.isArray(rule.alerts) ? (rule.alerts as Array<Record<string, unknown>>) : [];
      found.push({
        uid: rule.uid,
        title: typeof rule.name === 'string' ? rule.name : rule.uid,
        folderUid: typeof rule.folderUid === 'string' ? rule.folderUid : String(group.folderUid ?? ''),
        folder: typeof group.file === 'string' ? group.file : '',
        group: typeof group.name === 'string' ? group.name : '',
        state: STATES[String(rule.state).toLowerCase()] ?? 'normal',
        health: typeof rule.health === 'string' && rule.health ? rule.health : 'unknown',
        lastError: typeof rule.lastError === 'string' && rule.lastError ? rule.lastError : undefined,
        lastEvaluation: epochOf(rule.lastEvaluation),
        labels: stringRecord(rule.labels),
        alerts: alerts.map((alert) => ({
          labels: stringRecord(alert.labels),
          state: typeof alert.state === 'string' ? alert.state : 'Normal',
          activeAt: epochOf(alert.activeAt),
          value: typeof alert.value === 'string' ? alert.value : undefined,
        })),
      });
    }
  }
  return found.sort((a, b) => a.folder.localeCompare(b.folder) || a.title.localeCompare(b.title));
}

export function createAlertingApi(options: AlertingApiOptions = {}): AlertingApi {
  const transport = options.transport ?? backendSrvTransport;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;

  async function send(request: HttpRequest, operation: Operation): Promise<HttpResponse> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () =>
          reject(
            new AlertingError(
              'offline',
              0,
              `Grafana did not answer within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`} when asked to ${operation}; retry in a moment.`
            )
          ),
        timeoutMs
      );
    });
    try {
      return await Promise.race([transport(request), timeout]);
    } catch (error) {
      if (error instanceof AlertingError) {
        throw error;
      }
      throw alertingErrorFromStatus(0, undefined, operation);
    } finally {
      clearTimeout(timer);
    }
  }

  async function request<T>(request: HttpRequest, operation: Operation): Promise<T> {
    const response = await send(request, operation);
    if (response.status >= 200 && response.status < 300) {
      return response.data as T;
    }
    throw alertingErrorFromStatus(response.status, response.data, operation);
  }

  return {
    async listFolders() {
      const body = await request<unknown>(
        { method: 'GET', url: '/api/folders', params: { limit: 1000 } },
        'list the folders'
      );
      const folders = Array.isArray(body) ? (body as Array<Record<string, unknown>>) : [];
      return folders
        .filter((folder) => typeof folder.uid === 'string' && typeof folder.title === 'string')
        .map((folder) => ({ uid: folder.uid as string, title: folder.title as string }))
        .sort((a, b) => a.title.localeCompare(b.title));
    },

    async saveAlertRule(rule) {
      const operation = 'write the alert rule';
      const headers = { 'X-Disable-Provenance': 'true' };
      let exists = false;
      if (rule.uid) {
        const found = await send(
          { method: 'GET', url: `/api/v1/provisioning/alert-rules/${encodeURIComponent(rule.uid)}` },
          operation
        );
        if (found.status >= 200 && found.status < 300) {
          exists = true;
        } else if (found.status !== 404 && found.status !== 403) {
          // 403: reading through the provisioning API can need more than writing a rule in a folder; the
          // create below answers for itself.
          throw alertingErrorFromStatus(found.status, found.data, operation);
        }
      }
      const saved = await request<{ uid?: unknown; title?: unknown; folderUID?: unknown }>(
        exists
          ? {
              method: 'PUT',
              url: `/api/v1/provisioning/alert-rules/${encodeURIComponent(rule.uid!)}`,
              data: rule,
              headers,
            }
          : { method: 'POST', url: '/api/v1/provisioning/alert-rules', data: rule, headers },
        operation
      );
      return {
        uid: typeof saved?.uid === 'string' ? saved.uid : (rule.uid ?? ''),
        title: typeof saved?.title === 'string' ? saved.title : rule.title,
        folderUid: typeof saved?.folderUID === 'string' ? saved.folderUID : rule.folderUID,
        created: !exists,
      };
    },

    async listDriftlineAlertRules() {
      const body = await request<unknown>(
        { method: 'GET', url: '/api/prometheus/grafana/api/v1/rules' },
        'read the alert rules'
      );
      return driftlineRulesFrom(body);
    },
  };
}

let defaultApi: AlertingApi | undefined;

/** The alerting API as the signed-in user, through Grafana's backend service. */
export function alertingApi(): AlertingApi {
  defaultApi ??= createAlertingApi();
  return defaultApi;
}
