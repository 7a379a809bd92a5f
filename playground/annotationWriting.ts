import { getDefaultOutbox } from '../src/api/outbox';
import { AnnotationWriting } from '../src/components/annotations/AnnotationWriteContext';
import { DEFAULT_KIND_TAGS } from '../src/data/annotations';

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
