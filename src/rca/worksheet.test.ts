import { chatbotWorksheet } from './testWorksheet';
import {
  citedEvidenceIds,
  panelLink,
  parseWorksheet,
  readViewState,
  serializeWorksheet,
  WorksheetFormatError,
  writeViewState,
} from './worksheet';

describe('worksheet serialisation', () => {
  it('round-trips', () => {
    const worksheet = chatbotWorksheet();
    expect(parseWorksheet(serializeWorksheet(worksheet))).toEqual(worksheet);
  });

  it('refuses other versions and names the first wrong field', () => {
    const worksheet = JSON.parse(serializeWorksheet(chatbotWorksheet()));
    expect(() => parseWorksheet({ ...worksheet, version: 2 })).toThrow(/version 2.*reads version 1/);
    expect(() => parseWorksheet('{not json')).toThrow(WorksheetFormatError);
    worksheet.postMortem.actionItems[0].due = '1 April';
    expect(() => parseWorksheet(worksheet)).toThrow('postMortem.actionItems[0].due should be a date as YYYY-MM-DD');
    worksheet.postMortem.actionItems[0].due = '2026-04-01';
    worksheet.fishbone.categories.Data = [{ id: 'x', text: 't', status: 'maybe', evidenceIds: [] }];
    expect(() => parseWorksheet(worksheet)).toThrow(
      /fishbone.categories.Data\[0\].status should be one of open, confirmed, ruled-out/
    );
  });

  it('keeps an ongoing incident without an end', () => {
    const worksheet = chatbotWorksheet();
    delete worksheet.incident.end;
    expect(parseWorksheet(JSON.stringify(worksheet)).incident.end).toBeUndefined();
  });

  it('lists cited evidence', () => {
    expect([...citedEvidenceIds(chatbotWorksheet())].sort()).toEqual(['e1', 'e2']);
  });
});

describe('links', () => {
  it('link a panel and time range', () => {
    expect(panelLink('ctr-decline', 2, 1000.4, 2000)).toBe('/d/ctr-decline?viewPanel=2&from=1000&to=2000');
    expect(panelLink('a b', undefined, 1, 2)).toBe('/d/a%20b?from=1&to=2');
  });

  it('encode the view state so a link reproduces it', () => {
    const params = writeViewState(
      { tab: 'fishbone', selected: ['e1', 'e2'], category: 'Data' },
      new URLSearchParams('from=now-1h')
    );
    expect(params.get('from')).toBe('now-1h');
    expect(readViewState(params)).toEqual({ tab: 'fishbone', selected: ['e1', 'e2'], category: 'Data' });
    expect(readViewState(new URLSearchParams('tab=nonsense&category=Nope'))).toEqual({ tab: 'evidence', selected: [] });
  });
});

describe('links in a stored worksheet (any editor can write it)', () => {
  const GRAFANA = 'https://grafana.example.com';
  const planted = (link: string, url = link) => {
    const worksheet = JSON.parse(serializeWorksheet(chatbotWorksheet()));
    worksheet.evidence[0].link = link;
    worksheet.published = { uid: 'dl-rca-7', url, at: 1 };
    return parseWorksheet(worksheet, { grafanaOrigin: GRAFANA });
  };

  it.each([
    'javascript:alert(document.cookie)',
    'data:text/html,<script>alert(1)</script>',
    '//evil.example/d/checkout',
    'https://evil.example/d/checkout',
  ])('are not kept as links when they are %j: the evidence shows it as text, the post-mortem its own path', (link) => {
    const worksheet = planted(link);
    expect(worksheet.evidence[0].link).toBeUndefined();
    expect(worksheet.evidence[0].detail).toContain(`link not opened (`);
    expect(worksheet.evidence[0].detail).toContain(link);
    expect(worksheet.published?.url).toBe('/d/dl-rca-7');
  });

  it('stay links when they are paths on this Grafana or URLs to it', () => {
    const worksheet = planted('/d/checkout?viewPanel=2&from=1&to=2', `${GRAFANA}/d/dl-rca-7/post-mortem`);
    expect(worksheet.evidence[0].link).toBe('/d/checkout?viewPanel=2&from=1&to=2');
    expect(worksheet.published?.url).toBe(`${GRAFANA}/d/dl-rca-7/post-mortem`);
  });

  it('keep the original detail beside the refused link, and stay refused after a save and a reload', () => {
    const worksheet = JSON.parse(serializeWorksheet(chatbotWorksheet()));
    worksheet.evidence[0].detail = 'p95 rose 4×';
    worksheet.evidence[0].link = 'javascript:alert(1)';
    const once = parseWorksheet(worksheet, { grafanaOrigin: GRAFANA });
    expect(once.evidence[0].detail).toMatch(
      /^p95 rose 4× · link not opened \(javascript: links are not opened\): javascript:alert\(1\)$/
    );
    expect(parseWorksheet(serializeWorksheet(once), { grafanaOrigin: GRAFANA })).toEqual(once);
  });
});
