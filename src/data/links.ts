/**
 * Links that come from stored or fetched data (a worksheet any editor can write, a `pin` URL, a data link
 * filled with query results) are checked here before anything renders them as `href`.
 *
 * A link is kept when it is
 * - a path on this Grafana: it starts with one `/` (`/d/abc?viewPanel=2`), never `//` or `/\`, which browsers
 *   read as "another host";
 * - an `http:` or `https:` URL to this Grafana (same origin as the page), or, where the caller allows it
 *   (data links a dashboard's editor configured, as Grafana itself shows them), to another host.
 * Everything else (`javascript:`, `data:`, `vbscript:`, protocol-relative `//host`, relative paths, text with
 * control characters or spaces that browsers drop or rewrite) is refused, and shown as text by the caller.
 */

export type CheckedLink = { ok: true; href: string } | { ok: false; text: string; reason: string };

export interface LinkPolicy {
  /** The origin of this Grafana, such as `https://grafana.example.com`; absolute URLs are refused without it. */
  grafanaOrigin?: string;
  /** Also keep http(s) URLs to other hosts (data links an editor configured); off for stored data. */
  allowOtherHosts?: boolean;
}

/** Anything browsers strip or rewrite inside a URL (C0 controls, space, DEL) or read as `/` (backslash). */
const UNSAFE_CHARACTERS = /[\u0000-\u0020\u007f-\u009f\\\u2028\u2029\ufeff]/;
const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):/;

/** The origin of the page, which inside Grafana is Grafana's; undefined outside a browser. */
export function currentOrigin(): string | undefined {
  const origin = typeof globalThis.location !== 'undefined' ? globalThis.location.origin : undefined;
  return origin && origin !== 'null' ? origin : undefined;
}

function refuse(raw: string, reason: string): CheckedLink {
  return { ok: false, text: raw, reason };
}

/** Checks one link from data; see the module comment for what is kept. */
export function checkLink(raw: unknown, policy: LinkPolicy = {}): CheckedLink {
  if (typeof raw !== 'string' || raw === '') {
    return refuse(typeof raw === 'string' ? raw : String(raw ?? ''), 'it is empty or not text');
  }
  if (UNSAFE_CHARACTERS.test(raw)) {
    return refuse(raw, 'it contains spaces, control characters or a backslash');
  }
  if (raw.startsWith('/')) {
    if (raw.startsWith('//')) {
      return refuse(raw, 'it leaves out the scheme, so it may point to another host');
    }
    return { ok: true, href: raw };
  }
  const scheme = SCHEME.exec(raw)?.[1].toLowerCase();
  if (scheme === undefined) {
    return refuse(raw, 'it is neither a path on this Grafana nor a web address');
  }
  if (scheme !== 'http' && scheme !== 'https') {
    return refuse(raw, `${scheme}: links are not opened`);
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return refuse(raw, 'it is not a valid web address');
  }
  if (url.username || url.password) {
    return refuse(raw, 'it carries a user name or password');
  }
  if (policy.allowOtherHosts || (policy.grafanaOrigin !== undefined && url.origin === policy.grafanaOrigin)) {
    return { ok: true, href: url.href };
  }
  return refuse(raw, 'it points to another host than this Grafana');
}

/** The link to render, or undefined when it must be shown as text. */
export function safeHref(raw: unknown, policy: LinkPolicy = {}): string | undefined {
  const checked = checkLink(raw, policy);
  return checked.ok ? checked.href : undefined;
}

/** A data link as a panel renders it: a link, or text with the reason it is not one. */
export interface CheckedDataLink {
  title: string;
  href?: string;
  target?: string;
  /** Set when the link is shown as text: the link as given, and why it is not opened. */
  refused?: { text: string; reason: string };
}

/**
 * Data links a dashboard's editor configured, filled in with query results (Grafana's `field.getLinks`): http(s)
 * links to other hosts are kept, as Grafana's own panels show them; anything else that is not a path or URL of
 * this Grafana becomes text.
 */
export function checkDataLinks(
  links: ReadonlyArray<{ title?: string; href: string; target?: string }>,
  grafanaOrigin = currentOrigin()
): CheckedDataLink[] {
  return links.map((link) => {
    const checked = checkLink(link.href, { grafanaOrigin, allowOtherHosts: true });
    const title = link.title || 'Explore';
    return checked.ok
      ? { title, href: checked.href, ...(link.target ? { target: link.target } : {}) }
      : { title, refused: { text: checked.text, reason: checked.reason } };
  });
}
