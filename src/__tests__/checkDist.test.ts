/**
 * scripts/check-dist.mjs, the offline plugin validator: a small valid archive passes, and each rule rejects an
 * archive broken in the one way it guards against, naming the validator's pass and rule.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'check-dist.mjs');
const APACHE = readFileSync(join(ROOT, 'LICENSE'), 'utf8');

type Json = Record<string, any>;
type Files = Record<string, string | Buffer>;

const svg = (shape: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><path d="${shape}" stroke="#3D71D9"/></svg>\n`;
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function pluginJson(overrides: Json): Json {
  return {
    type: 'panel',
    name: 'Example panel',
    id: 'example-sample-panel',
    info: {
      keywords: ['example'],
      description: 'An example.',
      author: { name: 'Example' },
      logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
      version: '1.0.0',
      updated: '2026-01-01',
    },
    dependencies: { grafanaDependency: '>=12.4.0', plugins: [] },
    ...overrides,
  };
}

/** An app with one nested panel, as our build lays it out; every rule passes on it. */
function validArchive(): { files: Files; app: Json; panel: Json } {
  const app = pluginJson({
    type: 'app',
    name: 'Example',
    id: 'example-sample-app',
    includes: [{ type: 'panel', name: 'Example panel', path: 'panels/example/plugin.json' }],
  });
  app.info.screenshots = [{ name: 'Overview', path: 'img/screenshot.png' }];
  const panel = pluginJson({});
  const module = (id: string) => `define(["react"],(e)=>({plugin:"${id}"}));\n//# sourceMappingURL=module.js.map\n`;
  const map = JSON.stringify({
    version: 3,
    sources: ['webpack://example-sample-app/./src/module.ts'],
    sourcesContent: ['export const plugin = 1;\n'],
    mappings: '',
  });
  const files: Files = {
    'plugin.json': JSON.stringify(app),
    'module.js': module('app'),
    'module.js.map': map,
    'img/logo.svg': svg('M4 4h40'),
    'img/screenshot.png': PNG,
    'README.md': '# Example\n\nSee [the docs](https://example.com/docs) and [below](#usage).\n',
    'CHANGELOG.md': '# Changelog\n\n## 1.0.0\n',
    LICENSE: APACHE,
    'panels/example/plugin.json': JSON.stringify(panel),
    'panels/example/module.js': module('panel'),
    'panels/example/module.js.map': map,
    'panels/example/img/logo.svg': svg('M4 24h40'),
  };
  return { files, app, panel };
}

function sourceTree(): Files {
  return {
    'package.json': JSON.stringify({ name: 'example', version: '1.0.0', scripts: { build: 'webpack' } }),
    '.config/webpack/webpack.config.ts': '// scaffolded by @grafana/create-plugin\n',
    'src/module.ts': 'export const plugin = 1;\n',
  };
}

const made: string[] = [];
function write(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), 'check-dist-'));
  made.push(dir);
  for (const [name, body] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), body);
  }
  return dir;
}
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function check(target: string, source?: string) {
  const args = [SCRIPT, target, ...(source ? ['--source', source] : ['--no-source'])];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** The valid archive's files, with `changes` written over them and `removed` left out. */
function filesWith(changes: Files = {}, removed: string[] = []): Files {
  const { files } = validArchive();
  removed.forEach((name) => delete files[name]);
  return { ...files, ...changes };
}

/** The check failed, and its output holds each of `expected` (a pass/rule, or a message). */
function expectRejects({ output, status }: ReturnType<typeof check>, ...expected: string[]): string {
  for (const text of expected) {
    expect(output).toContain(text);
  }
  expect(status).toBe(1);
  return output;
}

/** The archive with `change` applied must fail, naming `passRule`. */
function expectRejected(change: (archive: ReturnType<typeof validArchive>) => void, passRule: string) {
  const archive = validArchive();
  change(archive);
  archive.files['plugin.json'] = JSON.stringify(archive.app);
  archive.files['panels/example/plugin.json'] = JSON.stringify(archive.panel);
  const result = check(write(archive.files));
  expect(result.output).toMatch(new RegExp(`^(error|warning) +${passRule.replace('/', '\\/')}:`, 'm'));
  expect(result.status).toBe(1);
}

/** Rules that one changed, added or removed file breaks: [test name, files written, files removed, pass/rule]. */
const ONE_FILE_CASES: Array<[string, Files, string[], string]> = [
  [
    'nestedmetadata: a nested plugin.json that is not JSON',
    { 'panels/example/plugin.json': '{ "id": ' },
    [],
    'nestedmetadata/invalid-metadata',
  ],
  ['modulejs: a nested plugin without its module.js', {}, ['panels/example/module.js'], 'modulejs/missing-modulejs'],
  [
    'jssourcemap: a module.js without its source map',
    {},
    ['panels/example/module.js.map'],
    'jssourcemap/js-map-not-found',
  ],
  [
    'legacyplatform: an AngularJS panel',
    { 'module.js': 'class P extends PanelCtrl {}' },
    [],
    'legacyplatform/legacy-platform',
  ],
  [
    'trackingscripts: an analytics script',
    { 'panels/example/module.js': 'load("https://www.google-analytics.com/analytics.js")' },
    [],
    'trackingscripts/tracking-scripts',
  ],
  ['layout: a chunk beside the modules', { '123.js': 'chunk' }, [], 'layout/unexpected-script'],
  ['layout: a chunk in a nested plugin', { 'panels/example/pages/1.js': 'chunk' }, [], 'layout/unexpected-script'],
  [
    'layout: a nested plugin that loads chunks',
    { 'panels/example/module.js': 'throw Object.assign(new Error(), { name: "ChunkLoadError" })' },
    [],
    'layout/nested-chunk',
  ],
  ['readme: no README', {}, ['README.md'], 'readme/missing-readme'],
  [
    'jargon: developer words in the README',
    { 'README.md': '# Example\n\nRun yarn install.\n' },
    [],
    'jargon/developer-jargon',
  ],
  [
    "templatereadme: create-plugin's README",
    { 'README.md': '# Grafana Panel Plugin Template\n' },
    [],
    'templatereadme/template-readme',
  ],
  ['changelog: an empty CHANGELOG.md', { 'CHANGELOG.md': ' \n' }, [], 'changelog/missing-changelog'],
];

describe('check-dist', () => {
  test.each(ONE_FILE_CASES)('%s', (_name, changes, removed, passRule) => {
    expectRejects(check(write(filesWith(changes, removed))), passRule);
  });

  test("the app's lazily loaded pages are chunks it may ship", () => {
    const result = check(write(filesWith({ 'pages/123.js': 'chunk', 'pages/123.js.map': '{}' }, [])));
    expect(result.output).not.toMatch(/layout\//);
  });

  test('a valid archive passes, with the source tree it was built from', () => {
    const result = check(write(validArchive().files), write(sourceTree()));
    expect(result.output).toContain('2 plugin.json and 2 module.js pass');
    expect(result.status).toBe(0);
  });

  describe('includesnested', () => {
    test('a nested plugin missing from includes', () => {
      expectRejected(({ app }) => (app.includes = []), 'includesnested/nested-plugins-not-declared');
    });
    test('a nested plugin declared by its folder instead of its plugin.json', () => {
      const archive = validArchive();
      archive.app.includes[0].path = 'panels/example';
      archive.files['plugin.json'] = JSON.stringify(archive.app);
      expectRejects(
        check(write(archive.files)),
        'includesnested/nested-plugins-not-declared',
        'the path must be "panels/example/plugin.json"'
      );
    });
    test('a nested plugin declared without a type', () => {
      expectRejected(({ app }) => delete app.includes[0].type, 'includesnested/nested-plugin-missing-type');
    });
    test('a nested plugin declared with the wrong type', () => {
      expectRejected(({ app }) => (app.includes[0].type = 'datasource'), 'includesnested/nested-plugin-type-missmatch');
    });
  });

  describe('plugin.json metadata', () => {
    test('metadata: no plugin.json at the root of the archive folder', () => {
      const { files } = validArchive();
      delete files['plugin.json'];
      const inFolder = Object.fromEntries(
        Object.entries(files).map(([name, body]) => [`example-sample-app/${name}`, body])
      );
      expectRejects(check(write(inFolder)), 'metadata/missing-metadata');
    });
    test('metadatavalid: a nested plugin.json without keywords', () => {
      expectRejected(({ panel }) => delete panel.info.keywords, 'metadatavalid/invalid-metadata');
    });
    test('metadatavalid: a field the schema does not know, and a wrong type', () => {
      const archive = validArchive();
      archive.app.info.colour = 'red';
      archive.app.preload = 'yes';
      archive.files['plugin.json'] = JSON.stringify(archive.app);
      const { output } = check(write(archive.files));
      expect(output).toContain('plugin.json: info: must NOT have additional properties (colour)');
      expect(output).toContain('plugin.json: preload: must be boolean');
    });
    test('discoverability: empty keywords and description (warnings)', () => {
      expectRejected(({ app }) => (app.info.description = ''), 'discoverability/empty-description');
      expectRejected(({ panel }) => (panel.info.keywords = []), 'discoverability/empty-keywords');
    });
    test('logos: an empty logo path', () => {
      expectRejected(({ panel }) => (panel.info.logos.small = ' '), 'logos/logos');
    });
    test('logos: two plugins sharing one logo', () => {
      const archive = validArchive();
      archive.files['panels/example/img/logo.svg'] = archive.files['img/logo.svg'];
      expectRejects(check(write(archive.files)), 'logos/shared-logo');
    });
    test("logos: create-plugin's placeholder logo", () => {
      const scaffold = readFileSync(join(ROOT, 'scripts', '__fixtures__', 'create-plugin-logo.svg'), 'utf8');
      const archive = validArchive();
      const { output } = check(write({ ...archive.files, 'img/logo.svg': scaffold }));
      expect(output).toContain('logos/scaffold-logo');
    });
    test('metadatapaths: a logo path starting with ./', () => {
      expectRejected(({ app }) => (app.info.logos.large = './img/logo.svg'), 'metadatapaths/relative-path-prefix');
    });
    test('metadatapaths: an absolute logo URL', () => {
      expectRejected(
        ({ app }) => (app.info.logos.large = 'https://example.com/logo.svg'),
        'metadatapaths/absolute-path'
      );
    });
    test('metadatapaths: a screenshot that is not in the archive', () => {
      expectRejected(({ app }) => (app.info.screenshots[0].path = 'img/missing.png'), 'metadatapaths/missing-file');
    });
    test('screenshots: none for the catalog', () => {
      expectRejected(({ app }) => delete app.info.screenshots, 'screenshots/screenshots');
    });
    test('pluginname: a name that is the id', () => {
      expectRejected(({ panel }) => (panel.name = panel.id), 'pluginname/human-friendly-name');
    });
    test('typesuffix: an id that does not end with the type', () => {
      expectRejected(({ panel }) => (panel.id = 'example-sample-app'), 'typesuffix/type-suffix');
    });
    test('restrictivedep: a dependency on one Grafana release', () => {
      expectRejected(
        ({ app }) => (app.dependencies.grafanaDependency = '12.4.0'),
        'restrictivedep/restrictive-dependency'
      );
    });
    test('grafanadependency: a Grafana Labs plugin without a pre-release suffix', () => {
      expectRejected(
        ({ app }) => (app.info.author.name = 'Grafana Labs'),
        'grafanadependency/missing-cloud-pre-release'
      );
    });
    test('circulardependencies: a plugin depending on itself', () => {
      expectRejected(
        ({ panel }) => (panel.dependencies.plugins = [{ id: panel.id, name: 'x', type: 'panel' }]),
        'circulardependencies/circular-dependency'
      );
    });
    test('backendbinary: backend true without an executable', () => {
      expectRejected(({ app }) => (app.backend = true), 'backendbinary/backend-binary-missing');
    });
    /** The app with a backend binary of the given permissions, and `extra` files beside it. */
    function withBackend(mode: number, extra: Files = {}): string {
      const archive = validArchive();
      archive.app.backend = true;
      archive.app.executable = 'gpx_example';
      const plugin = JSON.stringify(archive.app);
      const dir = write({ ...archive.files, 'plugin.json': plugin, gpx_example_linux_amd64: 'bin', ...extra });
      chmodSync(join(dir, 'gpx_example_linux_amd64'), mode);
      return dir;
    }
    test('binarypermissions: a backend binary that is not 0755', () => {
      expectRejects(check(withBackend(0o644)), 'binarypermissions/binary-executable-permissions');
    });
    test('backenddebug: a standalone.txt beside a backend', () => {
      expectRejects(check(withBackend(0o755, { 'standalone.txt': '1' })), 'backenddebug/backend-debug-file-present');
    });
  });

  describe('module.js', () => {
    test('reactcompat: defaultProps, a string ref and ReactDOM.render, but not an href', () => {
      const archive = validArchive();
      const react18 = 'P.defaultProps={a:1};h("div",{ref:"box"});ReactDOM.render(x,y);';
      expectRejects(
        check(write({ ...archive.files, 'module.js': react18 })),
        'reactcompat/react-19-prop-types',
        'reactcompat/react-19-string-refs',
        'reactcompat/react-19-legacy-render'
      );
      const links = check(write({ ...archive.files, 'module.js': 'h("a",{href:"../incidents"})' }));
      expect(links.output).not.toContain('react-19-string-refs');
    });
  });

  describe('README, license, changelog, images', () => {
    test('brokenlinks: a relative README link', () => {
      const archive = validArchive();
      const readme = '# Example\n\n![Screenshot](docs/screenshot.png)\n';
      expectRejects(
        check(write({ ...archive.files, 'README.md': readme })),
        'brokenlinks/relative-link: README.md: convert relative link to absolute: docs/screenshot.png'
      );
    });
    test('license: a license the catalog does not take', () => {
      const archive = validArchive();
      expectRejects(
        check(write({ ...archive.files, LICENSE: 'MIT License\n\nPermission is hereby granted' })),
        'license/license-not-provided'
      );
    });
    test("license: the Apache appendix with the template's placeholders", () => {
      const template = APACHE.replace(/Copyright \d{4} .*/, 'Copyright {yyyy} {name of copyright owner}');
      expectRejects(check(write(filesWith({ LICENSE: template }))), 'license/license-template-placeholder');
    });
    test('unsafesvg: an SVG with a script or an event handler', () => {
      const archive = validArchive();
      const scripted = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>';
      const handler = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><path d="M0 0"/></svg>';
      const first = check(write({ ...archive.files, 'img/logo.svg': scripted }));
      const second = check(write({ ...archive.files, 'panels/example/img/logo.svg': handler }));
      expect(first.output).toContain('unsafesvg/unsafe-svg-file');
      expect(second.output).toContain('invalid attribute onload');
      expect([first.status, second.status]).toEqual([1, 1]);
    });
    test('manifest: a file changed after signing, and one not declared', () => {
      const archive = validArchive();
      const sha = (body: string | Buffer) => createHash('sha256').update(body).digest('hex');
      const declared = Object.fromEntries(Object.entries(archive.files).map(([name, body]) => [name, sha(body)]));
      declared['module.js'] = sha('something else');
      delete declared['CHANGELOG.md'];
      const manifest = JSON.stringify({ plugin: 'example-sample-app', version: '1.0.0', files: declared });
      const signed = `-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA512\n\n${manifest}\n-----BEGIN PGP SIGNATURE-----\nx\n-----END PGP SIGNATURE-----\n`;
      expectRejects(
        check(write({ ...archive.files, 'MANIFEST.txt': signed })),
        'manifest/invalid-sha-sum: checksum for file module.js is invalid',
        'manifest/undeclared-files: File CHANGELOG.md is not declared'
      );
    });
  });

  describe('the release archive', () => {
    test('archive: more than one folder in the zip', () => {
      const parent = write({ 'example-sample-app/plugin.json': '{}', 'other/x.txt': 'x' });
      expectRejects(check(parent), 'archive/more-than-one-dir');
    });
    test('archivename: the folder is not named after the plugin id', () => {
      const plugin = write(validArchive().files);
      const parent = mkdtempSync(join(tmpdir(), 'check-dist-'));
      made.push(parent);
      renameSync(plugin, join(parent, 'dist-copy'));
      expectRejects(
        check(parent),
        'archivename/archive-name: archive should contain a folder named example-sample-app'
      );
      renameSync(join(parent, 'dist-copy'), join(parent, 'example-sample-app'));
      expect(check(parent).status).toBe(0);
    });
  });

  describe('the source tree', () => {
    test('sourcecode: no package.json in the source', () => {
      const source = sourceTree();
      delete source['package.json'];
      expectRejects(check(write(validArchive().files), write(source)), 'sourcecode/source-code-not-found');
    });
    test('packagejson: package.json and plugin.json versions differ', () => {
      const source = { ...sourceTree(), 'package.json': JSON.stringify({ version: '2.0.0' }) };
      expectRejects(check(write(validArchive().files), write(source)), 'packagejson/packagecode-version-mismatch');
    });
    test('legacybuilder: a grafana-toolkit script', () => {
      const source = {
        ...sourceTree(),
        'package.json': JSON.stringify({ version: '1.0.0', scripts: { build: 'grafana-toolkit plugin:build' } }),
      };
      expectRejects(check(write(validArchive().files), write(source)), 'legacybuilder/legacy-builder');
    });
    test('buildtools: no create-plugin webpack config', () => {
      const source = sourceTree();
      delete source['.config/webpack/webpack.config.ts'];
      expectRejects(
        check(write(validArchive().files), write(source)),
        'buildtools/non-standard-frontend-build-tooling'
      );
    });
    test('jssourcemap: a source map that does not match the source', () => {
      const source = { ...sourceTree(), 'src/module.ts': 'export const plugin = 2;\n' };
      expectRejects(check(write(validArchive().files), write(source)), 'jssourcemap/js-map-no-match');
    });
    test('coderules: console.log, a restricted window property, a CSS import and the topnav toggle', () => {
      const code = [
        "import './styles.css';",
        'console.log(window.grafanaBootData);',
        'if (config.featureToggles.topnav) {}',
        '// console.log in a comment is fine',
      ].join('\n');
      const source = { ...sourceTree(), 'src/module.ts': 'export const plugin = 1;\n', 'src/page.ts': code };
      const { output, status } = check(write(validArchive().files), write(source));
      expect(output).toContain('coderules/detect-console-logs: src/page.ts:2');
      expect(output).not.toContain('src/page.ts:4');
      expect(output).toContain('coderules/detect-invalid-window-properties');
      expect(output).toContain('coderules/no-direct-css-imports');
      expect(output).toContain('coderules/detect-topnav-toggle');
      expect(status).toBe(1);
    });
  });
});
