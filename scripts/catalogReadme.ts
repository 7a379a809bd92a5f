/**
 * The README shipped in dist/ is the plugin's page in Grafana's plugin catalog, where only absolute links work
 * (the catalog's validator, `brokenlinks`, rejects every other link but `#anchor` and `mailto:`). The build
 * rewrites each relative Markdown link to the repository named in package.json, at the release tag of the
 * version being built, so a catalog page always shows the docs and images of its own release.
 */

/** A Markdown link or image target, as the validator reads it: `[text](target)`, `![alt](target "title")`. */
const MARKDOWN_LINK = /(\[[^\]\n]*?\]\()([^)\s]+)((?:\s+"[^"]*")?\))/g;

const ABSOLUTE = /^(https?:\/\/|mailto:|#)/i;

/** `https://github.com/org/repo` from package.json's `repository` (a string or `{ url }`, `git+…` or `.git`). */
export function repositoryWebUrl(repository: unknown): string {
  const raw = typeof repository === 'string' ? repository : (repository as { url?: unknown } | undefined)?.url;
  if (typeof raw !== 'string' || raw.trim() === '') {
    throw new Error('package.json has no "repository": the catalog README needs it to make its links absolute');
  }
  const github = /^github:(.+)$/.exec(raw.trim());
  const url = (github ? `https://github.com/${github[1]}` : raw.trim())
    .replace(/^git\+/, '')
    .replace(/^git@github\.com:/, 'https://github.com/')
    .replace(/\.git$/, '')
    .replace(/\/+$/, '');
  if (!/^https:\/\/[^/\s]+\/[^/\s]+\/[^/\s]+$/.test(url)) {
    throw new Error(`package.json "repository" is not a https URL of a repository: ${raw}`);
  }
  return url;
}

/**
 * Rewrites every relative link of `markdown` to `<repository>/blob/<ref>/<path>` (pages) or
 * `<repository>/raw/<ref>/<path>` (images, which the catalog embeds). Absolute links, anchors and
 * `mailto:` stay as they are.
 */
export function absoluteReadmeLinks(markdown: string, repositoryUrl: string, ref: string): string {
  return markdown.replace(MARKDOWN_LINK, (whole, open: string, target: string, close: string, offset: number) => {
    if (ABSOLUTE.test(target)) {
      return whole;
    }
    const isImage = markdown[offset - 1] === '!';
    const path = target.replace(/^\.\//, '').replace(/^\//, '');
    return `${open}${repositoryUrl}/${isImage ? 'raw' : 'blob'}/${ref}/${path}${close}`;
  });
}

/** The git ref the catalog README links to: the release tag of `version` (the release workflow builds tags). */
export function releaseRef(version: string): string {
  return `v${version}`;
}
