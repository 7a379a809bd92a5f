import { AnnotationOutbox, configureDefaultOutbox, getDefaultOutbox } from '../src/api/outbox';
import { AnnotationWriting } from '../src/components/annotations/AnnotationWriteContext';
import { DEFAULT_KIND_TAGS } from '../src/data/annotations';

declare global {
  interface Window {
    /** The page's outbox, for the browser tests that write more annotations than a person would type. */
    driftlineOutbox?: AnnotationOutbox;
  }
}

/** A positive number of milliseconds from the URL, or undefined. */
function millis(search: URLSearchParams, name: string): number | undefined {
  const value = Number(search.get(name));
  return Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * The outbox's timeouts from the URL, for trying it against a slow Grafana without waiting minutes:
 * `&outboxTimeoutMs=` (a request's timeout) and `&outboxGraceMs=` (how long a create that got no answer is
 * looked for before it is sent again). Call before anything writes.
 */
export function configurePlaygroundOutbox(search: URLSearchParams): void {
  configureDefaultOutbox({
    requestTimeoutMs: millis(search, 'outboxTimeoutMs'),
    unconfirmedGraceMs: millis(search, 'outboxGraceMs'),
  });
  window.driftlineOutbox = getDefaultOutbox();
}

/**
 * The panels write through the shared outbox, as in Grafana: its default transport is `getBackendSrv()`, which
 * the playground points at `?grafana=<url>` (with `&token=`) or at its in-page Grafana (see grafanaApi.ts).
 * The app pages use the same outbox, so an incident marked on the timeline is listed on the incidents page.
 * `?role=viewer` shows the panels as a viewer, with no add controls.
 */
export function playgroundAnnotationWriting(search: URLSearchParams): AnnotationWriting {
  return {
    outbox: getDefaultOutbox(),
    canAnnotate: search.get('role') !== 'viewer',
    kindTags: DEFAULT_KIND_TAGS,
  };
}
