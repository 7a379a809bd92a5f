import { DEFAULT_KIND_TAGS } from '../data/annotations';
import { HttpRequest, HttpTransport } from './annotationsApi';
import { loadKindTags } from './appSettings';

/** Grafana's plugin settings endpoint, answering with the given status and body. */
function settingsEndpoint(status: number, body: unknown): { transport: HttpTransport; requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    transport: async (request) => {
      requests.push(request);
      return { status, data: body };
    },
  };
}

describe('loadKindTags', () => {
  it("reads the mapping saved on the app's configuration page", async () => {
    const { transport, requests } = settingsEndpoint(200, {
      enabled: true,
      jsonData: { kindTags: { deploy: ['ship-it'], config: ['launchdarkly', 'flag'] } },
    });
    const loaded = await loadKindTags(transport);
    expect(requests).toEqual([{ method: 'GET', url: '/api/plugins/driftline-aiobs-app/settings' }]);
    expect(loaded.problem).toBeUndefined();
    expect(loaded.kindTags.deploy).toEqual(['ship-it']);
    expect(loaded.kindTags.config).toEqual(['launchdarkly', 'flag']);
    expect(loaded.kindTags.incident).toEqual(DEFAULT_KIND_TAGS.incident);
  });

  it('keeps the defaults for kinds saved in a wrong shape', async () => {
    const { transport } = settingsEndpoint(200, { jsonData: { kindTags: { deploy: 'deploy', data: [1, 2] } } });
    const loaded = await loadKindTags(transport);
    expect(loaded.kindTags).toEqual(DEFAULT_KIND_TAGS);
  });

  it('uses the defaults when nothing is saved yet', async () => {
    const { transport } = settingsEndpoint(200, { enabled: true });
    expect((await loadKindTags(transport)).kindTags).toEqual(DEFAULT_KIND_TAGS);
    // The same object, which panels take as "nothing configured" and do not re-render for.
    expect((await loadKindTags(transport)).kindTags).toBe(DEFAULT_KIND_TAGS);
  });

  it.each([
    [403, 'HTTP 403'],
    [500, 'HTTP 500'],
  ])('falls back to the defaults on a %i and says why', async (status, reason) => {
    const { transport } = settingsEndpoint(status, { message: 'nope' });
    const loaded = await loadKindTags(transport);
    expect(loaded.kindTags).toBe(DEFAULT_KIND_TAGS);
    expect(loaded.problem).toContain(reason);
  });

  it('falls back to the defaults when Grafana cannot be reached', async () => {
    const loaded = await loadKindTags(async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(loaded.kindTags).toBe(DEFAULT_KIND_TAGS);
    expect(loaded.problem).toContain('Failed to fetch');
  });
});
