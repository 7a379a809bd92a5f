import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { absoluteReadmeLinks, releaseRef, repositoryWebUrl } from '../../scripts/catalogReadme';

const REPO = 'https://github.com/driftline/driftline';

describe('the catalog README', () => {
  test('relative pages link to the repository, images to their raw files, both at the release tag', () => {
    const markdown = [
      'See [the guide](docs/incident-review.md) and [wiring](./docs/full-stack.md#wire-your-own-model).',
      '![The playground](docs/screenshots/playground.png "Playground")',
    ].join('\n');
    expect(absoluteReadmeLinks(markdown, REPO, 'v1.2.3')).toBe(
      [
        `See [the guide](${REPO}/blob/v1.2.3/docs/incident-review.md) and [wiring](${REPO}/blob/v1.2.3/docs/full-stack.md#wire-your-own-model).`,
        `![The playground](${REPO}/raw/v1.2.3/docs/screenshots/playground.png "Playground")`,
      ].join('\n')
    );
  });

  test('absolute links, anchors and mailto stay as written', () => {
    const markdown = '[a](https://grafana.com) [b](#the-panels) [c](mailto:team@example.com) [d](http://x.test/y)';
    expect(absoluteReadmeLinks(markdown, REPO, 'v1.0.0')).toBe(markdown);
  });

  test('the repository URL is read from the forms package.json allows', () => {
    expect(repositoryWebUrl({ type: 'git', url: 'git+https://github.com/driftline/driftline.git' })).toBe(REPO);
    expect(repositoryWebUrl('github:driftline/driftline')).toBe(REPO);
    expect(repositoryWebUrl('git@github.com:driftline/driftline.git')).toBe(REPO);
    expect(() => repositoryWebUrl(undefined)).toThrow(/no "repository"/);
    expect(() => repositoryWebUrl('driftline')).toThrow(/not a https URL/);
    expect(releaseRef('1.0.0')).toBe('v1.0.0');
  });

  test("this project's README has no link left relative once rewritten", () => {
    const root = join(__dirname, '..', '..');
    const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const shipped = absoluteReadmeLinks(readme, repositoryWebUrl(packageJson.repository), 'v1.0.0');
    const targets = [...shipped.matchAll(/\[.+?\]\((.+?)\)/g)].map((match) => match[1].split(/\s+/)[0]);
    expect(targets.length).toBeGreaterThan(5);
    expect(targets.filter((target) => !/^(https?:\/\/|#|mailto:)/.test(target))).toEqual([]);
  });
});
