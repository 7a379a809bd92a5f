import { checkLink, safeHref } from './links';

const GRAFANA = 'https://grafana.example.com';

describe('checkLink', () => {
  it.each([
    ['/d/checkout?viewPanel=2&from=1&to=2', '/d/checkout?viewPanel=2&from=1&to=2'],
    ['/a/driftline-aiobs-app/incidents/7', '/a/driftline-aiobs-app/incidents/7'],
    ['https://grafana.example.com/d/checkout', 'https://grafana.example.com/d/checkout'],
    ['HTTPS://GRAFANA.EXAMPLE.COM/d/x', 'https://grafana.example.com/d/x'],
  ])('keeps %s, a link to this Grafana', (raw, href) => {
    expect(checkLink(raw, { grafanaOrigin: GRAFANA })).toEqual({ ok: true, href });
  });

  it.each([
    ['javascript:alert(document.cookie)', /javascript: links are not opened/],
    ['JavaScript:alert(1)', /javascript: links are not opened/],
    [' javascript:alert(1)', /spaces, control characters/],
    ['java\tscript:alert(1)', /spaces, control characters/],
    ['\u0000javascript:alert(1)', /spaces, control characters/],
    ['data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==', /data: links are not opened/],
    ['vbscript:msgbox(1)', /vbscript: links are not opened/],
    ['//evil.example/d/checkout', /leaves out the scheme/],
    ['/\\evil.example/d/checkout', /backslash/],
    ['\\\\evil.example', /backslash/],
    ['/\t/evil.example', /spaces, control characters/],
    ['https://evil.example/d/checkout', /another host/],
    ['http://grafana.example.com/d/x', /another host/],
    ['https://grafana.example.com:8443/d/x', /another host/],
    ['https://grafana.example.com.evil.example/d/x', /another host/],
    ['https://grafana.example.com@evil.example/d/x', /user name or password/],
    ['d/checkout', /neither a path on this Grafana nor a web address/],
    ['../../admin', /neither a path/],
    ['', /empty/],
  ])('refuses %j', (raw, reason) => {
    const checked = checkLink(raw, { grafanaOrigin: GRAFANA });
    expect(checked).toMatchObject({ ok: false, text: raw, reason: expect.stringMatching(reason) });
  });

  it('refuses what is not text', () => {
    expect(checkLink(42, { grafanaOrigin: GRAFANA }).ok).toBe(false);
    expect(checkLink(undefined).ok).toBe(false);
    expect(checkLink({ href: '/d/x' }).ok).toBe(false);
  });

  it('refuses every absolute URL when the Grafana origin is unknown, and still keeps paths', () => {
    expect(checkLink('https://grafana.example.com/d/x').ok).toBe(false);
    expect(safeHref('/d/x')).toBe('/d/x');
  });

  it('keeps http(s) links to other hosts only where the caller allows them, never other schemes', () => {
    expect(safeHref('https://runbooks.example/checkout', { allowOtherHosts: true })).toBe(
      'https://runbooks.example/checkout'
    );
    expect(safeHref('javascript:alert(1)', { allowOtherHosts: true })).toBeUndefined();
    expect(safeHref('//runbooks.example/checkout', { allowOtherHosts: true })).toBeUndefined();
  });
});
