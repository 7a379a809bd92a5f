import { readDashboard } from './dashboard';
import { dashboardDefaults, incidentVariables, interpolate, interpolateQuery } from './variables';

describe('dashboard variables', () => {
  const dashboard = readDashboard({
    uid: 'd',
    templating: {
      list: [
        { name: 'model', type: 'custom', current: { value: 'reco-v1' } },
        {
          name: 'region',
          type: 'query',
          current: { value: ['$__all'] },
          options: [{ value: '$__all' }, { value: 'eu' }, { value: 'us' }],
        },
        { name: 'env', type: 'constant', query: 'prod' },
        { name: 'pods', type: 'query', current: { value: '$__all' }, allValue: '.*' },
      ],
    },
  })!;

  it('open with their saved values, All expanded to its values or its custom value', () => {
    expect(dashboardDefaults(dashboard.variables)).toEqual({
      model: 'reco-v1',
      region: ['eu', 'us'],
      env: 'prod',
      pods: '.*',
    });
  });

  it('take the values stored with the incident over the defaults', () => {
    expect(incidentVariables(dashboard.variables, { model: 'reco-v2' })).toMatchObject({
      model: 'reco-v2',
      env: 'prod',
    });
  });

  it('are interpolated in every syntax and format, leaving Grafana’s own for the data source', () => {
    const values = { model: 'reco-v2', region: ['eu', 'us'] };
    expect(interpolate('$model ${model} [[model]] $__rate_interval $unknown', values)).toBe(
      'reco-v2 reco-v2 reco-v2 $__rate_interval $unknown'
    );
    expect(interpolate('region=~"$region"', values, 'prometheus')).toBe('region=~"(eu|us)"');
    expect(interpolate('${region:csv} ${region:pipe} ${region:json} ${region:singlequote}', values)).toBe(
      `eu,us eu|us ["eu","us"] 'eu','us'`
    );
    expect(interpolate('${region}', values, 'grafana-postgresql-datasource')).toBe('{eu,us}');
    expect(interpolate('${model:sqlstring}', { model: "o'brien" })).toBe("'o''brien'");
  });

  it('are interpolated through a whole saved query, its refId left alone', () => {
    expect(interpolateQuery({ refId: '$model', expr: 'x{m="$model"}', nested: ['$model'] }, { model: 'a' })).toEqual({
      refId: '$model',
      expr: 'x{m="a"}',
      nested: ['a'],
    });
  });
});

describe('readDashboard', () => {
  it('finds Driftline panels in collapsed rows, with their queries and data sources', () => {
    const dashboard = readDashboard({
      uid: 'd',
      panels: [
        { id: 1, type: 'timeseries', targets: [{ refId: 'A' }] },
        {
          id: 2,
          type: 'row',
          collapsed: true,
          panels: [
            {
              id: 3,
              type: 'driftline-drift-panel',
              datasource: 'Prometheus',
              targets: [{ expr: 'x' }, { refId: 'B', hide: true }],
            },
          ],
        },
        { id: 'x', type: 'driftline-timeline-panel' },
      ],
    })!;
    expect(dashboard.panels).toEqual([
      {
        id: 3,
        kind: 'drift',
        title: '',
        datasource: 'Prometheus',
        options: {},
        targets: [
          { refId: 'A', expr: 'x', datasource: undefined, hide: false },
          { refId: 'B', datasource: undefined, hide: true },
        ],
      },
    ]);
  });

  it("shows Grafana's own annotations unless the built-in query is turned off, and keeps data sources' queries", () => {
    const demo = { datasource: { uid: 'driftline-demo' }, name: 'Change events', enable: true, target: {} };
    expect(readDashboard({ annotations: { list: [demo] } })).toMatchObject({
      grafanaAnnotations: true,
      annotations: [{ name: 'Change events', builtIn: false }],
    });
    const off = { builtIn: 1, datasource: { type: 'grafana', uid: '-- Grafana --' }, enable: false };
    expect(readDashboard({ annotations: { list: [off, { ...demo, enable: false }] } })).toMatchObject({
      grafanaAnnotations: false,
      annotations: [],
    });
  });

  it('is undefined for what is not a dashboard', () => {
    expect(readDashboard('not a dashboard')).toBeUndefined();
    expect(readDashboard(null)).toBeUndefined();
  });
});
