// The offline half of Grafana's plugin validator (grafana/plugin-validator), run on the built plugin:
//
//   node scripts/check-dist.mjs [folder] [--source <repo>] [--no-source]
//
// `folder` is dist/ (the plugin's root) or an unpacked release archive (one folder named after the plugin id).
// Each finding names the validator pass and rule it mirrors, as `pass/rule`. Errors and warnings fail (exit 1);
// recommendations are printed only. `--source` is the source tree the archive was built from (default: the
// current folder when checking dist/), for the passes that read it.
//
// Not run here, because they need the network, signing keys, a Go toolchain or an external scanner: org,
// published, version and circulardependencies' grafana.com look-ups, brokenlinks' HTTP requests, safelinks
// (Web Risk API), checksum and provenance (submission data), signature (Grafana's public key), llmreview and
// codediff (an LLM), osvscanner, virusscan, gosec, govulncheck, gomanifest, gobuildinfo and sdkusage (Go).
import Ajv from 'ajv';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pluginJsonSchema } from './pluginJsonSchema.mjs';

const require = createRequire(import.meta.url);

/** Findings that fail the check. Grafana's validator reports these as errors or warnings. */
const FAILING = new Set(['error', 'warning']);

// ---- reading the archive ------------------------------------------------------------------------------

function filesUnder(dir, prefix = '') {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const full = path.join(dir, name);
      return lstatSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
    });
}

function readText(root, relative) {
  const file = path.join(root, relative);
  return existsSync(file) && statSync(file).isFile() ? readFileSync(file, 'utf8') : undefined;
}

/** Every plugin.json of the archive, root first, keyed by its path relative to the plugin root. */
function readMetadata(root, files, report) {
  const metadata = new Map();
  for (const file of files.filter((name) => name === 'plugin.json' || name.endsWith('/plugin.json'))) {
    try {
      metadata.set(file, JSON.parse(readText(root, file)));
    } catch (error) {
      report('error', 'nestedmetadata', 'invalid-metadata', `${file} is not valid JSON: ${error.message}`);
    }
  }
  return new Map([...metadata].sort(([a], [b]) => (a === 'plugin.json' ? -1 : b === 'plugin.json' ? 1 : 0)));
}

// ---- passes over the archive ----------------------------------------------------------------------------

/** archive, archivename: a release zip holds one folder, named after the plugin id, with no legacy dist/. */
function checkArchive(target, report) {
  if (existsSync(path.join(target, 'plugin.json'))) {
    return { root: target, archive: false };
  }
  const entries = readdirSync(target);
  if (entries.length === 0) {
    report('error', 'archive', 'empty-archive', 'Archive is empty');
    return undefined;
  }
  if (entries.length !== 1) {
    report(
      'error',
      'archive',
      'more-than-one-dir',
      `Archive should contain one folder named after the plugin id; found ${entries.length} entries`
    );
    return undefined;
  }
  const root = path.join(target, entries[0]);
  if (!statSync(root).isDirectory()) {
    report('error', 'archive', 'no-root-dir', 'Archive does not contain a root folder; found a file instead');
    return undefined;
  }
  if (existsSync(path.join(root, 'dist'))) {
    report('error', 'archive', 'dist', 'dist should be renamed to the plugin id and moved to the root');
    return { root: path.join(root, 'dist'), archive: true };
  }
  return { root, archive: true, folderName: entries[0] };
}

// Grafana's patterns escape '-' (as Go's regexp allows), which the unicode flag rejects.
const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
ajv.addFormat('uri', (value) => {
  try {
    return Boolean(new URL(value).protocol);
  } catch {
    return false;
  }
});
ajv.addFormat('email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/);
const validateSchema = ajv.compile(pluginJsonSchema);

/** metadatavalid: every plugin.json, root and nested, against Grafana's plugin.json schema. */
function checkSchema(metadata, report) {
  for (const [file, json] of metadata) {
    if (!validateSchema(json)) {
      for (const error of validateSchema.errors) {
        const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '(root)';
        const extra = error.params?.additionalProperty ? ` (${error.params.additionalProperty})` : '';
        report('error', 'metadatavalid', 'invalid-metadata', `${file}: ${where}: ${error.message}${extra}`);
      }
    }
  }
}

/** includesnested: each nested plugin.json is declared in the app's includes, by its exact path and type. */
function checkIncludes(metadata, report) {
  const main = metadata.get('plugin.json');
  if (!main || metadata.size === 1) {
    return;
  }
  const includes = Array.isArray(main.includes) ? main.includes : [];
  for (const [file, nested] of metadata) {
    if (file === 'plugin.json') {
      continue;
    }
    const include = includes.find((entry) => entry?.path === file);
    if (!include) {
      const byFolder = includes.find((entry) => entry?.path === path.posix.dirname(file));
      report(
        'error',
        'includesnested',
        'nested-plugins-not-declared',
        `Nested plugin ${file} is not declared in the main plugin.json` +
          (byFolder ? ` (includes names "${byFolder.path}": the path must be "${file}")` : '')
      );
    } else if (!include.type) {
      report(
        'error',
        'includesnested',
        'nested-plugin-missing-type',
        `Nested plugin ${file} is declared in the main plugin.json without a type`
      );
    } else if (include.type !== nested.type) {
      report(
        'error',
        'includesnested',
        'nested-plugin-type-missmatch',
        `Nested plugin ${file} is declared as ${include.type} in the main plugin.json but is a ${nested.type}`
      );
    }
  }
}

/** Per plugin.json: logos, metadatapaths, screenshots, discoverability, pluginname, typesuffix, restrictivedep … */
function checkEachPlugin(root, metadata, report) {
  for (const [file, json] of metadata) {
    const folder = path.posix.dirname(file) === '.' ? '' : `${path.posix.dirname(file)}/`;
    const info = json.info ?? {};
    const logos = info.logos ?? {};
    for (const size of ['small', 'large']) {
      if (typeof logos[size] !== 'string' || logos[size].trim() === '') {
        report('error', 'logos', 'logos', `${file}: invalid empty ${size} logo path`);
      }
    }
    const screenshots = Array.isArray(info.screenshots) ? info.screenshots : [];
    if (file === 'plugin.json') {
      if (screenshots.length === 0) {
        report('warning', 'screenshots', 'screenshots', `${file}: should include screenshots for the plugin catalog`);
      }
    }
    for (const screenshot of screenshots) {
      if (typeof screenshot?.path !== 'string' || screenshot.path.trim() === '') {
        report(
          'warning',
          'screenshots',
          'screenshots',
          `${file}: invalid empty screenshot path: "${screenshot?.name ?? ''}"`
        );
      }
    }
    const paths = [logos.small, logos.large, ...screenshots.map((screenshot) => screenshot?.path)].filter(
      (value) => typeof value === 'string' && value.trim() !== ''
    );
    for (const relative of new Set(paths)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(relative)) {
        report(
          'error',
          'metadatapaths',
          'absolute-path',
          `${file}: path should be relative to plugin.json: ${relative}`
        );
      } else if (relative.startsWith('.') || relative.startsWith('/')) {
        report(
          'error',
          'metadatapaths',
          'relative-path-prefix',
          `${file}: relative path should not start with '.' or '/': ${relative}`
        );
      } else if (!existsSync(path.join(root, folder, relative))) {
        report('error', 'metadatapaths', 'missing-file', `${file}: ${relative} is not in the archive`);
      }
    }
    if (!info.description) {
      report('warning', 'discoverability', 'empty-description', `${file}: description is empty`);
    }
    if (!Array.isArray(info.keywords) || info.keywords.length === 0) {
      report('warning', 'discoverability', 'empty-keywords', `${file}: keywords are empty`);
    }
    if (json.id && json.name && json.id === json.name) {
      report('error', 'pluginname', 'human-friendly-name', `${file}: plugin name should be human-friendly`);
    }
    if (json.type && typeof json.id === 'string' && json.id.split('-').at(-1) !== json.type) {
      report(
        'error',
        'typesuffix',
        'type-suffix',
        `${file}: plugin id ${json.id} should end with its type (${json.type})`
      );
    }
    const dependency = json.dependencies?.grafanaDependency;
    if (typeof dependency === 'string') {
      if (/^[0-9]+.[0-9]+.x$/.test(dependency)) {
        report(
          'warning',
          'restrictivedep',
          'restrictive-dependency',
          `${file}: plugin only targets patch releases of Grafana ${dependency.replace(/\.x$/, '')}`
        );
      } else if (/^[0-9]+.[0-9]+.[0-9]+$/.test(dependency)) {
        report(
          'warning',
          'restrictivedep',
          'restrictive-dependency',
          `${file}: plugin only targets Grafana ${dependency}`
        );
      }
      const byGrafanaLabs =
        /^grafana labs$/i.test(info.author?.name ?? '') || /^grafana$/i.test(String(json.id).split('-')[0]);
      if (byGrafanaLabs && !/-[0-9A-Za-z.-]+$/.test(dependency)) {
        report(
          'warning',
          'grafanadependency',
          'missing-cloud-pre-release',
          `${file}: Grafana dependency "${dependency}" has no pre-release value`
        );
      }
    }
    checkBackend(root, folder, file, json, report);
  }
}

/** backendbinary, binarypermissions: an executable is declared exactly when backend is, and shipped as 0755. */
function checkBackend(root, folder, file, json, report) {
  const mismatch = [
    [json.alerting && !json.backend, 'alerting-found-but-backend-false', 'alerting is true but backend is not'],
    [
      json.executable && !json.backend,
      'backend-found-but-not-declared',
      'declares an executable but backend is not true',
    ],
    [json.backend && !json.executable, 'backend-binary-missing', 'backend is true but no executable is declared'],
  ].find(([broken]) => broken);
  if (mismatch) {
    report('error', 'backendbinary', mismatch[1], `${file}: ${mismatch[2]}`);
    return;
  }
  if (!json.executable) {
    return;
  }
  const dir = path.join(root, folder, path.dirname(json.executable));
  const name = path.basename(json.executable);
  const binaries = existsSync(dir) ? readdirSync(dir).filter((entry) => entry.startsWith(name)) : [];
  const suffixes = ['_linux_amd64', '_linux_arm64', '_darwin_amd64', '_darwin_arm64', '_windows_amd64.exe'];
  if (!binaries.some((entry) => suffixes.includes(entry.slice(name.length)))) {
    report(
      'error',
      'backendbinary',
      'backend-binary-missing',
      `${file}: no backend binary for executable ${json.executable}`
    );
  }
  for (const binary of binaries.filter((entry) => !entry.endsWith('.exe'))) {
    const mode = statSync(path.join(dir, binary)).mode & 0o777;
    if (mode !== 0o755) {
      report(
        'error',
        'binarypermissions',
        'binary-executable-permissions',
        `${binary} has permissions ${mode.toString(8).padStart(4, '0')}, not 0755`
      );
    }
  }
}

/** circulardependencies, for what the archive itself holds: no plugin depends on itself or on its dependant. */
function checkCircularDependencies(metadata, report) {
  const byId = new Map([...metadata.values()].map((json) => [json.id, json]));
  for (const json of byId.values()) {
    for (const dependency of json.dependencies?.plugins ?? []) {
      if (dependency?.id === json.id) {
        report('error', 'circulardependencies', 'circular-dependency', `Circular dependency: ${json.id} -> ${json.id}`);
      } else if ((byId.get(dependency?.id)?.dependencies?.plugins ?? []).some((back) => back?.id === json.id)) {
        report(
          'error',
          'circulardependencies',
          'circular-dependency',
          `Circular dependency: ${json.id} -> ${dependency.id}`
        );
      }
    }
  }
}

/** modulejs: every plugin folder has its module.js (Grafana loads nothing else); jssourcemap: each has its map. */
function checkModules(root, files, metadata, report) {
  const modules = files.filter((file) => file === 'module.js' || file.endsWith('/module.js'));
  if (modules.length === 0) {
    report('error', 'modulejs', 'missing-modulejs', 'missing module.js');
  }
  for (const file of metadata.keys()) {
    const module = path.posix.join(path.posix.dirname(file), 'module.js');
    if (!modules.includes(module)) {
      report('error', 'modulejs', 'missing-modulejs', `${file} has no ${module} beside it`);
    }
  }
  for (const module of modules) {
    if (!files.includes(`${module}.map`)) {
      report('error', 'jssourcemap', 'js-map-not-found', `missing ${module}.map in archive`);
    }
  }
  return modules;
}

const LEGACY_PLATFORM = [
  'PanelCtrl',
  'QueryCtrl',
  'app/plugins/sdk',
  'angular.isNumber(',
  'editor.html',
  'ctrl.annotation',
  'getLegacyAngularInjector',
  'System.register(',
  /['"](app\/core\/utils\/promiseToDigest)|(app\/plugins\/.*?)|(app\/core\/core_module)['"]/,
  /from\s+['"]grafana\/app\//,
];
const TRACKING_SERVERS = ['https://www.google-analytics.com', 'https://api-js.mixpanel.com', 'https://mixpanel.com'];
// The validator's string-ref pattern (`ref:"…"`) also matches `href:"…"`, which is no ref; here `ref` must
// be a whole key.
const REACT_19 = [
  [
    'react-19-prop-types',
    'propTypes or defaultProps (removed for function components)',
    ['.propTypes=', '.defaultProps='],
  ],
  ['react-19-legacy-context', 'the legacy context API', ['.contextTypes=', '.childContextTypes=', 'getChildContext']],
  ['react-19-string-refs', 'string refs', [/(?<![\w$])ref:"[^"]+?"/, /(?<![\w$])ref:'[^']+'/]],
  ['react-19-create-factory', 'React.createFactory', ['createFactory(']],
  ['react-19-find-dom-node', 'ReactDOM.findDOMNode', ['findDOMNode(']],
  [
    'react-19-legacy-render',
    'ReactDOM.render or unmountComponentAtNode',
    ['ReactDOM.render(', 'unmountComponentAtNode('],
  ],
  ['react-19-secret-internals', 'React internals', ['__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED']],
];
const found = (text, pattern) => (typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text));

/** legacyplatform, trackingscripts, reactcompat: patterns in each module.js. */
function checkModuleContents(root, modules, report) {
  for (const module of modules) {
    const text = readText(root, module);
    const legacy = LEGACY_PLATFORM.find((pattern) => found(text, pattern));
    if (legacy) {
      report(
        'error',
        'legacyplatform',
        'legacy-platform',
        `${module}: uses the legacy (AngularJS) plugin platform (${legacy})`
      );
    }
    if (TRACKING_SERVERS.some((server) => text.includes(server))) {
      report('error', 'trackingscripts', 'tracking-scripts', `${module}: should not include tracking scripts`);
    }
    for (const [rule, what, patterns] of REACT_19) {
      const hit = patterns.find((pattern) => found(text, pattern));
      if (hit) {
        report('warning', 'reactcompat', rule, `${module}: uses ${what}, removed in React 19 (${hit})`);
      }
    }
  }
}

/** readme, brokenlinks (its offline rule), jargon, templatereadme. */
function checkReadme(root, report) {
  const readme = readText(root, 'README.md');
  if (readme === undefined) {
    report('error', 'readme', 'missing-readme', 'missing README.md');
    return;
  }
  for (const match of readme.matchAll(/\[.+?\]\((.+?)\)/g)) {
    if (match[1].startsWith('#')) {
      continue;
    }
    const target = match[1].split(/\s+/)[0];
    if (!/^(mailto:|https:\/\/|http:\/\/)/.test(target)) {
      report('error', 'brokenlinks', 'relative-link', `README.md: convert relative link to absolute: ${target}`);
    }
  }
  const jargon = ['yarn', 'nodejs'].filter((word) => readme.includes(word));
  if (jargon.length > 0) {
    report('warning', 'jargon', 'developer-jargon', `README.md contains developer jargon: (${jargon.join(', ')})`);
  }
  if (/^# Grafana (Panel|Data Source|Data Source Backend) Plugin Template/.test(readme)) {
    report('error', 'templatereadme', 'template-readme', 'README.md: uses README from template');
  }
}

/** changelog, license: both shipped; the license one the catalog accepts (Apache-2.0 or AGPL-3.0), filled in. */
function checkChangelogAndLicense(root, files, report) {
  const changelog = readText(root, 'CHANGELOG.md');
  if (changelog === undefined) {
    report('warning', 'changelog', 'missing-changelog', 'missing CHANGELOG.md');
  } else if (changelog.trim() === '') {
    report('warning', 'changelog', 'missing-changelog', 'CHANGELOG.md is empty');
  }
  const licenseFile = files.find((file) => /^(LICEN[CS]E|COPYING)(\.(md|txt))?$/i.test(file));
  const license = licenseFile ? readText(root, licenseFile) : undefined;
  const apache = license && /Apache License/.test(license) && /Version 2\.0/.test(license);
  const agpl = license && /GNU AFFERO GENERAL PUBLIC LICENSE/.test(license) && /Version 3/.test(license);
  if (!apache && !agpl) {
    report(
      'error',
      'license',
      'license-not-provided',
      license ? 'Valid license not found: the catalog takes Apache-2.0 or AGPL-3.0' : 'License not found'
    );
  } else if (/\{yyyy\}|\{name of copyright owner\}|\[yyyy\]|\[name of copyright owner\]/.test(license)) {
    report(
      'warning',
      'license',
      'license-template-placeholder',
      `${licenseFile}: the appendix still holds the template's placeholders`
    );
  }
}

/** unsafesvg: no SVG with script-like elements or on* event attributes. */
const SVG_FORBIDDEN = new Set(
  'annotation-xml audio colgroup iframe math mi mn mo ms mtext noembed noframes noscript plaintext script template thead xmp'.split(
    ' '
  )
);
function checkSvgs(root, files, report) {
  for (const file of files.filter((name) => name.toLowerCase().endsWith('.svg'))) {
    const text = readText(root, file)
      .replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
    for (const tag of text.matchAll(/<\/?([A-Za-z_][\w:.-]*)([^>]*)>/g)) {
      const element = tag[1].split(':').at(-1).toLowerCase();
      if (SVG_FORBIDDEN.has(element)) {
        report('error', 'unsafesvg', 'unsafe-svg-file', `SVG file ${file} is unsafe: invalid element ${element}`);
        break;
      }
      const handler = /(?:^|\s)(on[\w:-]*)\s*=/i.exec(tag[2]);
      if (handler) {
        report('error', 'unsafesvg', 'unsafe-svg-file', `SVG file ${file} is unsafe: invalid attribute ${handler[1]}`);
        break;
      }
    }
  }
}

/** logos (project rules): every logo is an SVG of its own, and none is create-plugin's placeholder. */
// sha256 of create-plugin's logo.svg (7.x templates), whitespace collapsed.
const SCAFFOLD_LOGO_SHA256 = new Set(['1defc6f7e585c67657bcfd8fddc599ee7dfa82f8674413f49fa274c2cd453ec6']);
function checkLogoFiles(root, metadata, report) {
  const owners = new Map();
  for (const [file, json] of metadata) {
    const folder = path.posix.dirname(file) === '.' ? '' : `${path.posix.dirname(file)}/`;
    for (const logo of new Set([json.info?.logos?.small, json.info?.logos?.large])) {
      const relative = typeof logo === 'string' ? `${folder}${logo}` : undefined;
      const body = relative ? readText(root, relative) : undefined;
      if (body === undefined) {
        continue;
      }
      if (!/<svg[\s>]/i.test(body)) {
        report('error', 'logos', 'logo-not-svg', `${file}: logo ${logo} is not an SVG image`);
      }
      const hash = createHash('sha256').update(body.replace(/\s+/g, ' ').trim()).digest('hex');
      if (SCAFFOLD_LOGO_SHA256.has(hash)) {
        report('warning', 'logos', 'scaffold-logo', `${file}: logo ${logo} is create-plugin's placeholder logo`);
      }
      owners.set(hash, [...(owners.get(hash) ?? []), json.id]);
    }
  }
  for (const ids of owners.values()) {
    if (new Set(ids).size > 1) {
      report(
        'warning',
        'logos',
        'shared-logo',
        `${[...new Set(ids)].join(', ')} share one logo; each plugin needs its own in the catalog`
      );
    }
  }
}

/** manifest (offline rules): a MANIFEST.txt, when present, lists every file with its sha256 and nothing more. */
function checkManifest(root, files, report, notes) {
  const manifest = readText(root, 'MANIFEST.txt');
  if (manifest === undefined) {
    notes.push('manifest: unsigned (no MANIFEST.txt); sign with `npm run sign` before publishing');
    return;
  }
  if (manifest.trim() === '') {
    report('error', 'manifest', 'empty-manifest', 'MANIFEST.txt is empty');
    return;
  }
  const signed =
    /-----BEGIN PGP SIGNED MESSAGE-----\r?\n(?:[^\r\n]+\r?\n)*\r?\n([\s\S]*?)\r?\n-----BEGIN PGP SIGNATURE-----/.exec(
      manifest
    );
  let parsed;
  try {
    parsed = JSON.parse(signed ? signed[1].replace(/^- /gm, '') : manifest);
  } catch {
    report('error', 'manifest', 'wrong-manifest', 'could not parse MANIFEST.txt');
    return;
  }
  const declared = parsed.files ?? {};
  if (Object.keys(declared).length === 0) {
    report('error', 'manifest', 'undeclared-files', 'no files declared in MANIFEST.txt');
    return;
  }
  if (!['private', 'private-glob'].includes(parsed.signatureType) && (parsed.rootUrls ?? []).length > 0) {
    report(
      'error',
      'manifest',
      'invalid-signature',
      `MANIFEST.txt: a ${parsed.signatureType} signature must not have rootUrls`
    );
  }
  for (const file of files.filter((name) => path.posix.basename(name) !== 'MANIFEST.txt')) {
    if (!(file in declared)) {
      report('error', 'manifest', 'undeclared-files', `File ${file} is not declared in MANIFEST.txt`);
    } else if (
      createHash('sha256')
        .update(readFileSync(path.join(root, file)))
        .digest('hex') !== String(declared[file]).toLowerCase()
    ) {
      report('error', 'manifest', 'invalid-sha-sum', `checksum for file ${file} is invalid`);
    }
  }
  for (const file of Object.keys(declared).filter((name) => !files.includes(name))) {
    report('error', 'manifest', 'undeclared-files', `File ${file} is declared in MANIFEST.txt but does not exist`);
  }
}

/** backenddebug: no standalone-mode leftovers beside a backend. */
function checkBackendDebug(files, metadata, report) {
  if (![...metadata.values()].some((json) => json.executable)) {
    return;
  }
  for (const file of files.filter((name) => /(^|\/)(standalone|pid)\.txt$/.test(name))) {
    report(
      'error',
      'backenddebug',
      'backend-debug-file-present',
      `${file} makes the plugin unusable in production mode`
    );
  }
}

/**
 * layout (this project's rules): nothing runs but the module.js files and the app's lazily loaded pages
 * (`pages/*.js`, chunks of the app's own module, loaded from the app's path); a nested plugin's module loads no
 * chunk (webpack's chunk loader names its failures ChunkLoadError), since one would 404 under its path. No test or
 * playground file ships.
 */
function checkLayout(root, files, modules, report) {
  const pageChunk = /^pages\/[\w-]+\.js$/;
  for (const file of files.filter((name) => name.endsWith('.js') && !modules.includes(name) && !pageChunk.test(name))) {
    report('error', 'layout', 'unexpected-script', `${file}: a chunk would 404 under a nested plugin's path`);
  }
  for (const module of modules.filter((name) => name !== 'module.js')) {
    if (readText(root, module)?.includes('ChunkLoadError')) {
      report('error', 'layout', 'nested-chunk', `${module} loads chunks, which would 404 under its own path`);
    }
  }
  for (const file of files.filter((name) => /(^|\/)(__fixtures__|playground)\/|\.test\./.test(name))) {
    report('error', 'layout', 'not-shipped', `${file} should not be shipped`);
  }
}

/** sponsorshiplink: a recommendation only. */
function checkSponsorship(metadata, report) {
  const links = metadata.get('plugin.json')?.info?.links ?? [];
  if (!links.some((link) => /sponsor/i.test(String(link?.name)))) {
    report(
      'recommendation',
      'sponsorshiplink',
      'sponsorshiplink',
      'plugin.json: a link named "sponsor" would show users how to support the project'
    );
  }
}

// ---- passes over the source tree ------------------------------------------------------------------------

/** sourcecode, packagejson, legacybuilder, buildtools: the source tree the archive was built from. */
function checkSourceTree(source, metadata, report) {
  const version = metadata.get('plugin.json')?.info?.version;
  let packageJson;
  try {
    packageJson = JSON.parse(readFileSync(path.join(source, 'package.json'), 'utf8'));
  } catch {
    report('error', 'sourcecode', 'source-code-not-found', `Could not find or parse package.json in ${source}`);
    return;
  }
  if (packageJson.version !== version) {
    report(
      'error',
      'packagejson',
      'packagecode-version-mismatch',
      `The version in package.json (${packageJson.version}) doesn't match the version in plugin.json (${version})`
    );
  }
  for (const [name, script] of Object.entries(packageJson.scripts ?? {})) {
    if (String(script).includes('grafana-toolkit ')) {
      report('error', 'legacybuilder', 'legacy-builder', `Script \`${name}\` uses the legacy grafana-toolkit`);
    }
  }
  const webpackConfig = readText(source, '.config/webpack/webpack.config.ts');
  if (webpackConfig === undefined || !webpackConfig.includes('@grafana/create-plugin')) {
    report(
      'error',
      'buildtools',
      'non-standard-frontend-build-tooling',
      'non-standard frontend build tooling (.config/webpack/webpack.config.ts from create-plugin)'
    );
  }
  if (existsSync(path.join(source, 'go.mod'))) {
    const magefile = ['Magefile.go', 'magefile.go'].map((name) => readText(source, name)).find(Boolean);
    if (!magefile?.includes('grafana-plugin-sdk-go/build')) {
      report(
        'error',
        'buildtools',
        'non-standard-backend-build-tooling',
        'non-standard backend build tooling (Magefile.go with grafana-plugin-sdk-go/build)'
      );
    }
  }
}

/** jssourcemap: each source map's sources under src/ are the files of the source tree, unchanged. */
function checkSourceMaps(root, source, modules, pluginId, report) {
  const prefix = `webpack://${pluginId}/./`;
  for (const module of modules) {
    const mapText = readText(root, `${module}.map`);
    if (mapText === undefined) {
      continue;
    }
    let map;
    try {
      map = JSON.parse(mapText);
    } catch {
      report('error', 'jssourcemap', 'js-map-invalid', `the source map ${module}.map could not be read`);
      continue;
    }
    const differing = [];
    (map.sources ?? []).forEach((name, index) => {
      if (!String(name).startsWith(`${prefix}src/`) || typeof map.sourcesContent?.[index] !== 'string') {
        return;
      }
      const relative = String(name).slice(prefix.length);
      const onDisk = readText(source, relative);
      if (onDisk === undefined || onDisk !== map.sourcesContent[index]) {
        differing.push(relative);
      }
    });
    if (differing.length > 0) {
      report(
        'error',
        'jssourcemap',
        'js-map-no-match',
        `${module}.map does not match the source code: ${differing.slice(0, 5).join(', ')}${differing.length > 5 ? ', …' : ''}`
      );
    }
  }
}

/** coderules (the JavaScript/TypeScript rules of its semgrep set), over src/ without tests. */
function checkCodeRules(source, report) {
  const srcDir = path.join(source, 'src');
  if (!existsSync(srcDir)) {
    return;
  }
  const ts = require('typescript');
  const files = filesUnder(srcDir).filter(
    (file) =>
      /\.(ts|tsx|js|jsx)$/.test(file) &&
      !/\.(spec|test)\.(ts|tsx)$/.test(file) &&
      !file.split('/').includes('__fixtures__')
  );
  const consoleMethods = new Set(
    'log info table debug clear count countReset dir dirxml group groupEnd time timeEnd timeLog trace'.split(' ')
  );
  for (const file of files) {
    const where = `src/${file}`;
    const text = readFileSync(path.join(srcDir, file), 'utf8');
    const typescript = /\.(ts|tsx)$/.test(file);
    if (/__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED/.test(text)) {
      report(
        'warning',
        'coderules',
        'detect-old-react-internals',
        `${where}: uses React's internal __SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED`
      );
    }
    if (!typescript) {
      continue;
    }
    const windowProperty = /window\.(grafanaBootData|grafanaRuntime|__grafanaSceneContext)/.exec(text);
    if (windowProperty) {
      report(
        'error',
        'coderules',
        'detect-invalid-window-properties',
        `${where}: accessing window.${windowProperty[1]} is not permitted`
      );
    }
    if (
      /import\s+['"].*\.(css|scss|less)['"]/.test(text) ||
      /import\s*\{\s*Global\s*\}\s*from\s*['"]@emotion\/react['"]/.test(text) ||
      /<Global[\s/>]/.test(text)
    ) {
      report(
        'error',
        'coderules',
        'no-direct-css-imports',
        `${where}: direct CSS imports and Emotion's Global are not permitted`
      );
    }
    const sourceFile = ts.createSourceFile(
      file,
      text,
      ts.ScriptTarget.Latest,
      true,
      file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS
    );
    const visit = (node) => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const target = node.expression;
        if (
          ts.isIdentifier(target.expression) &&
          target.expression.text === 'console' &&
          consoleMethods.has(target.name.text)
        ) {
          const { line } = sourceFile.getLineAndCharacterOfPosition(node.getStart());
          report(
            'warning',
            'coderules',
            'detect-console-logs',
            `${where}:${line + 1}: console.${target.name.text}: plugins should not log to the console`
          );
        }
      }
      if (
        ts.isPropertyAccessExpression(node) &&
        node.name.text === 'topnav' &&
        /(^|\.)featureToggles$/.test(node.expression.getText())
      ) {
        report('error', 'coderules', 'detect-topnav-toggle', `${where}: the topnav feature toggle is gone`);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
  }
}

// ---- the check -------------------------------------------------------------------------------------------

/** Runs every offline pass on `target`; returns the findings and notes. */
export function checkPluginArchive(target, { source } = {}) {
  const findings = [];
  const notes = [];
  const report = (severity, pass, rule, message) => findings.push({ severity, pass, rule, message });
  if (!existsSync(target) || !statSync(target).isDirectory()) {
    report('error', 'archive', 'empty-archive', `${target} is not a folder`);
    return { findings, notes };
  }
  const layout = checkArchive(target, report);
  if (!layout) {
    return { findings, notes };
  }
  const { root } = layout;
  const files = filesUnder(root);
  if (!files.includes('plugin.json')) {
    report('error', 'metadata', 'missing-metadata', 'missing plugin.json');
  }
  const metadata = readMetadata(root, files, report);
  const main = metadata.get('plugin.json');
  if (layout.folderName && main?.id && layout.folderName !== main.id) {
    report(
      'error',
      'archivename',
      'archive-name',
      `archive should contain a folder named ${main.id}, not ${layout.folderName}`
    );
  }
  checkSchema(metadata, report);
  checkIncludes(metadata, report);
  checkEachPlugin(root, metadata, report);
  checkCircularDependencies(metadata, report);
  const modules = checkModules(root, files, metadata, report);
  checkModuleContents(root, modules, report);
  checkLayout(root, files, modules, report);
  checkReadme(root, report);
  checkChangelogAndLicense(root, files, report);
  checkSvgs(root, files, report);
  checkLogoFiles(root, metadata, report);
  checkManifest(root, files, report, notes);
  checkBackendDebug(files, metadata, report);
  checkSponsorship(metadata, report);
  if (source) {
    checkSourceTree(source, metadata, report);
    checkSourceMaps(root, source, modules, main?.id, report);
    checkCodeRules(source, report);
  } else {
    notes.push(
      'sourcecode, packagejson, legacybuilder, buildtools, coderules and the source-map comparison: no source tree given'
    );
  }
  return { findings, notes, plugins: [...metadata.keys()], modules };
}

function main(argv) {
  const args = argv.slice(2);
  const sourceAt = args.indexOf('--source');
  const positional = args.filter((arg, index) => !arg.startsWith('--') && (sourceAt < 0 || index !== sourceAt + 1));
  const target = path.resolve(positional[0] ?? 'dist');
  const source = args.includes('--no-source')
    ? undefined
    : sourceAt >= 0
      ? path.resolve(args[sourceAt + 1])
      : path.basename(target) === 'dist'
        ? path.dirname(target)
        : undefined;
  const { findings, notes, plugins = [], modules = [] } = checkPluginArchive(target, { source });
  for (const finding of findings) {
    const line = `${finding.severity.padEnd(14)} ${finding.pass}/${finding.rule}: ${finding.message}`;
    (FAILING.has(finding.severity) ? console.error : console.log)(line);
  }
  for (const note of notes) {
    console.log(`not checked    ${note}`);
  }
  const failing = findings.filter((finding) => FAILING.has(finding.severity));
  if (failing.length > 0) {
    console.error(
      `${path.relative(process.cwd(), target) || '.'}: ${failing.length} finding(s) the plugin validator would report`
    );
    return 1;
  }
  console.log(
    `${path.relative(process.cwd(), target) || '.'}: ${plugins.length} plugin.json and ${modules.length} module.js pass the offline validator passes`
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  process.exitCode = main(process.argv);
}

export const scriptPath = fileURLToPath(import.meta.url);
