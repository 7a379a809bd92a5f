import {
  declareTags,
  endIncidentPatch,
  filterIncidents,
  incidentRows,
  scenarioOf,
  severityOf,
  titleOf,
} from './incidents';
import { RcaStatus } from './worksheet';

const TAGS = ['incident', 'outage', 'sev1', 'sev2'];

describe('incidents from annotations', () => {
  const annotations = [
    {
      id: 1,
      dashboardUID: 'chatbot-outage',
      time: 1000,
      timeEnd: 5000,
      text: 'SEV1: chat unavailable\nmore',
      tags: ['incident', 'sev1'],
    },
    {
      id: 2,
      dashboardUID: 'reco',
      time: 9000,
      timeEnd: 9000,
      text: 'CTR decline',
      tags: ['incident', 'ongoing', 'scenario:ctr-decline'],
    },
    { id: 3, time: 2000, timeEnd: 2000, text: 'a point note', tags: ['incident'] },
    { id: 4, time: 2000, timeEnd: 3000, text: 'deploy window', tags: ['deploy'] },
  ];

  it('keeps regions of kind incident and ongoing declarations, newest first', () => {
    const rows = incidentRows([...annotations, annotations[0]], TAGS);
    expect(rows.map((row) => row.id)).toEqual(['2', '1']);
    expect(rows[0].end).toBeUndefined();
    expect(rows[0]).toMatchObject({ ongoing: true, severity: 'sev2', scenario: 'ctr-decline' });
    expect(rows[1]).toMatchObject({ ongoing: false, end: 5000, severity: 'sev1', title: 'SEV1: chat unavailable' });
  });

  it('filters by status, severity and search', () => {
    const rows = incidentRows(annotations, TAGS);
    const statusOf = (id: string): RcaStatus => (id === '1' ? 'published' : 'none');
    expect(filterIncidents(rows, statusOf, { status: 'published' }).map((r) => r.id)).toEqual(['1']);
    expect(filterIncidents(rows, statusOf, { severity: 'sev2' }).map((r) => r.id)).toEqual(['2']);
    expect(filterIncidents(rows, statusOf, { search: 'CHAT' }).map((r) => r.id)).toEqual(['1']);
    expect(filterIncidents(rows, statusOf, { search: 'reco' }).map((r) => r.id)).toEqual(['2']);
  });

  it('declares and ends incidents', () => {
    expect(declareTags('sev1')).toEqual(['incident', 'sev1', 'ongoing']);
    expect(endIncidentPatch(['incident', 'sev1', 'ongoing', 'driftline-client:abc'], 99)).toEqual({
      timeEnd: 99,
      tags: ['incident', 'sev1', 'driftline-client:abc'],
    });
  });

  it('reads severity, title and scenario', () => {
    expect(severityOf(['SEV1'])).toBe('sev1');
    expect(titleOf('<b>Down</b>')).toBe('Down');
    expect(titleOf('  ')).toBe('Untitled incident');
    expect(scenarioOf({ dashboardUID: 'driftline-model-incident' })).toBe('latency-gc');
    expect(scenarioOf({ dashboardUID: 'playground-chatbot-outage' })).toBe('chatbot-outage');
    expect(scenarioOf({ dashboardUID: 'other' })).toBeUndefined();
  });
});
