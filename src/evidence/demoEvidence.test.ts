import { DEFAULT_KIND_TAGS } from '../data/annotations';
import { createDemoDataSource } from '../datasources/demo/instance';
import modelIncident from '../../provisioning/dashboards/model-incident.json';
import { collectEvidence } from './collect';

// A demo incident goes the way of any other: the provisioned latency-gc dashboard read as Grafana serves it,
// its panels' queries answered by the demo data source.
const MINUTE = 60_000;
const START = Date.UTC(2026, 2, 14, 12, 3, 15);

const demo = createDemoDataSource();

it('finds latency-gc’s known order for an incident declared on its dashboard a minute ago', async () => {
  const evidence = await collectEvidence(
    { id: '1', start: START, dashboardUID: 'driftline-model-incident' },
    {
      loadDashboard: async () => modelIncident,
      dataSources: { get: async () => demo },
      loadAnnotations: async () => [
        { id: 1, time: START, timeEnd: START, text: 'p99 latency spike', tags: ['incident', 'sev2', 'ongoing'] },
      ],
    },
    { kindTags: DEFAULT_KIND_TAGS, now: START + MINUTE }
  );
  expect(evidence.queries.map((query) => query.state)).not.toContain('failed');
  const sequence = evidence.sections.sequence;
  const position = (match: (title: string, kind?: string) => boolean) =>
    sequence.findIndex((item) => match(item.title, item.kind));
  const order = [
    position((_, kind) => kind === 'business'),
    position((title) => title.startsWith('input tokens') && title.endsWith('rose')),
    position((title) => title.startsWith('GC pause') && title.endsWith('rose')),
    position((title) => title.startsWith('p99 latency') && title.endsWith('rose')),
    position((title) => title.startsWith('HTTP 504 rate') && title.endsWith('rose')),
  ];
  expect(order.every((index) => index >= 0)).toBe(true);
  expect(order).toEqual([...order].sort((a, b) => a - b));
  const latency = sequence[order[3]];
  expect(Math.abs(latency.time! - START)).toBeLessThan(2 * MINUTE);
  const deploy = sequence.find((item) => item.kind === 'deploy');
  expect(deploy?.exonerated).toBe(true);
  expect(evidence.sections.drift.find((item) => item.id === 'drift:input_tokens')?.detail).toContain('drifted');
  expect(evidence.sections.predictions).toHaveLength(1);
});
