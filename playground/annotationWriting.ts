import { fetchTransport, HttpTransport } from '../src/api/annotationsApi';
import { AnnotationOutbox } from '../src/api/outbox';
import { AnnotationWriting } from '../src/components/annotations/AnnotationWriteContext';
import { DEFAULT_KIND_TAGS } from '../src/data/annotations';

interface StoredAnnotation {
  id: number;
  dashboardUID?: string;
  time: number;
  timeEnd?: number;
  tags: string[];
  text: string;
}

/** Grafana's annotation API kept in the page, so annotating works in the playground with no Grafana. */
function inPageAnnotationApi(): HttpTransport {
  const stored: StoredAnnotation[] = [];
  return async ({ method, url, params, data }) => {
    const body = (data ?? {}) as Partial<StoredAnnotation>;
    if (method === 'POST' && url === '/api/annotations') {
      const annotation = {
        ...body,
        id: stored.length + 1,
        tags: body.tags ?? [],
        text: body.text ?? '',
      } as StoredAnnotation;
      stored.push(annotation);
      return { status: 200, data: { id: annotation.id, message: 'Annotation added' } };
    }
    const patched = /^\/api\/annotations\/(\d+)$/.exec(url);
    if (method === 'PATCH' && patched) {
      const annotation = stored.find((candidate) => candidate.id === Number(patched[1]));
      if (!annotation) {
        return { status: 404, data: { message: 'Annotation not found' } };
      }
      Object.assign(annotation, body);
      return { status: 200, data: { message: 'Annotation patched' } };
    }
    if (method === 'GET' && url === '/api/annotations') {
      const tags = ([] as unknown[]).concat(params?.tags ?? []).map(String);
      return { status: 200, data: stored.filter((annotation) => tags.every((tag) => annotation.tags.includes(tag))) };
    }
    return { status: 404, data: { message: `not found: ${method} ${url}` } };
  };
}

/**
 * `?grafana=<url>` (and `&token=`) sends the playground's annotations to that Grafana API; otherwise they
 * stay in the page. `?role=viewer` shows the panels as a viewer, with no add controls.
 */
export function playgroundAnnotationWriting(search: URLSearchParams): AnnotationWriting {
  const grafana = search.get('grafana');
  const transport = grafana
    ? fetchTransport(grafana, { token: search.get('token') ?? undefined })
    : inPageAnnotationApi();
  return {
    outbox: new AnnotationOutbox({ transport }),
    canAnnotate: search.get('role') !== 'viewer',
    kindTags: DEFAULT_KIND_TAGS,
  };
}
