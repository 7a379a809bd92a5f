// The plugin.json rules of Grafana's plugin.json schema (docs/sources/developers/plugins/plugin.schema.json in
// Grafana, config/plugin.schema.json in the plugin validator), written out here because no registry package
// ships that file. Same draft (07), same required fields, types, patterns, enums and closed objects; the
// descriptions are ours. Check it against Grafana's file when Grafana adds a field.

const ID_PATTERN = '^[0-9a-z]+\\-([0-9a-z]+\\-)?(app|panel|datasource|secretsmanager|transformer)$';

const string = { type: 'string' };
const boolean = { type: 'boolean' };
const strings = { type: 'array', items: string };

/** An extension a plugin adds or exposes: the shapes of plugin.json `extensions`. */
const extensionList = (required) => ({
  type: 'array',
  items: {
    type: 'object',
    required,
    properties: { targets: { ...strings }, id: string, title: string, description: string },
  },
});

export const pluginJsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  required: ['type', 'name', 'id', 'info', 'dependencies'],
  additionalProperties: false,
  properties: {
    $schema: string,
    id: { type: 'string', pattern: ID_PATTERN },
    type: { type: 'string', enum: ['app', 'datasource', 'panel', 'renderer', 'secretsmanager', 'transformer'] },
    name: string,
    info: {
      type: 'object',
      required: ['logos', 'version', 'updated', 'keywords'],
      additionalProperties: false,
      properties: {
        author: {
          type: 'object',
          additionalProperties: false,
          properties: {
            name: string,
            email: { type: 'string', format: 'email' },
            url: { type: 'string', format: 'uri' },
          },
        },
        build: {
          type: 'object',
          additionalProperties: false,
          properties: {
            time: { type: 'number' },
            repo: string,
            branch: string,
            hash: string,
            number: { type: 'number' },
            pr: { type: 'number' },
            build: { type: 'number' },
          },
        },
        description: string,
        keywords: { type: 'array', minItems: 1, items: string },
        links: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            properties: { name: string, url: { type: 'string', format: 'uri' } },
          },
        },
        logos: {
          type: 'object',
          required: ['small', 'large'],
          additionalProperties: false,
          properties: { small: string, large: string },
        },
        screenshots: {
          type: 'array',
          items: { type: 'object', additionalProperties: false, properties: { name: string, path: string } },
        },
        updated: { type: 'string', pattern: '^(\\d{4}-\\d{2}-\\d{2}|\\%TODAY\\%)$' },
        version: { type: 'string', pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)|(\\%VERSION\\%)$' },
      },
    },
    dependencies: {
      type: 'object',
      required: ['grafanaDependency'],
      additionalProperties: false,
      properties: {
        grafanaVersion: { type: 'string', pattern: '^([0-9]+)(\\.[0-9x]+)?(\\.[0-9x])?$' },
        grafanaDependency: {
          type: 'string',
          pattern:
            '^(<=|>=|<|>|=|~|\\^)?([0-9]+)(\\.[0-9x\\*]+)(\\.[0-9x\\*]+)?(\\s(<=|>=|<|=>)?([0-9]+)(\\.[0-9x]+)(\\.[0-9x]+))?(\\-[0-9]+)?$',
        },
        plugins: {
          type: 'array',
          items: {
            type: 'object',
            required: ['id', 'name', 'type'],
            properties: {
              id: { type: 'string', pattern: ID_PATTERN },
              type: { type: 'string', enum: ['app', 'datasource', 'panel', 'secretsmanager'] },
              name: string,
              version: string,
            },
          },
        },
        extensions: { type: 'object', properties: { exposedComponents: strings } },
      },
    },
    alerting: boolean,
    annotations: boolean,
    autoEnabled: boolean,
    backend: boolean,
    builtIn: boolean,
    buildMode: string,
    category: {
      type: 'string',
      enum: ['tsdb', 'logging', 'cloud', 'tracing', 'profiling', 'sql', 'enterprise', 'iot', 'other'],
    },
    enterpriseFeatures: { type: 'object', properties: { healthDiagnosticsErrors: boolean } },
    executable: string,
    hideFromList: boolean,
    includes: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          uid: string,
          type: { type: 'string', enum: ['dashboard', 'page', 'panel', 'datasource', 'secretsmanager'] },
          name: string,
          component: string,
          role: { type: 'string', enum: ['Admin', 'Editor', 'Viewer'] },
          action: string,
          path: string,
          addToNav: boolean,
          defaultNav: boolean,
          icon: string,
        },
      },
    },
    logs: boolean,
    metrics: boolean,
    multiValueFilterOperators: boolean,
    pascalName: { type: 'string', pattern: '^([A-Z][a-zA-Z]{1,62})$' },
    preload: boolean,
    queryOptions: {
      type: 'object',
      additionalProperties: false,
      properties: { maxDataPoints: boolean, minInterval: boolean, cacheTimeout: boolean },
    },
    routes: { type: 'array', items: { type: 'object' } },
    skipDataQuery: boolean,
    state: { type: 'string', enum: ['alpha', 'beta'] },
    streaming: boolean,
    tracing: boolean,
    iam: { type: 'object' },
    roles: { type: 'array', items: { type: 'object' } },
    languages: strings,
    extensions: {
      type: 'object',
      properties: {
        addedComponents: extensionList(['targets', 'title']),
        addedLinks: extensionList(['targets', 'title']),
        addedFunctions: extensionList(['targets', 'title']),
        exposedComponents: extensionList(['id']),
        extensionPoints: extensionList(['id']),
      },
    },
    apiVersion: { type: 'string', pattern: '^v([\\d]+)(?:(alpha|beta)([\\d]+))?$' },
  },
};
