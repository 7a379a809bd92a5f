import { useEffect, useRef } from 'react';
import { NavigateFunction, useLocation } from 'react-router-dom';
import { locationService } from '@grafana/runtime';
import { PLUGIN_BASE_URL } from '../src/constants';
import { DEMO_DASHBOARD_SCENARIOS, DEMO_PANEL_IDS } from '../src/rca';

/** Playground settings that follow every navigation, so a link or a reload keeps the same Grafana and theme. */
export const STICKY_PARAMS = ['grafana', 'token', 'theme', 'role', 'scenario'];

/** `target`'s search with the sticky params of `current` it lacks. */
export function withStickyParams(target: URLSearchParams, current: URLSearchParams): URLSearchParams {
  const next = new URLSearchParams(target);
  for (const name of STICKY_PARAMS) {
    const value = current.get(name);
    if (value !== null && !next.has(name)) {
      next.set(name, value);
    }
  }
  return next;
}

const PANEL_BY_ID: Record<string, string> = Object.fromEntries(
  Object.entries(DEMO_PANEL_IDS).map(([kind, id]) => [String(id), kind])
);

/**
 * Where a same-origin link goes in the playground: app routes as they are, and a dashboard (`/d/<uid>`, as the
 * workbench's evidence and post-mortem links point to) as the panels of its demo scenario and time range.
 * Undefined for links the playground does not route (files, other paths).
 */
export function playgroundRoute(url: URL, current: URLSearchParams): string | undefined {
  if (url.pathname === '/' || url.pathname.startsWith(`${PLUGIN_BASE_URL}/`) || url.pathname === PLUGIN_BASE_URL) {
    return `${url.pathname}?${withStickyParams(url.searchParams, current)}${url.hash}`;
  }
  const dashboard = /^\/d\/([^/]+)/.exec(url.pathname);
  if (dashboard) {
    const params = new URLSearchParams();
    const scenario = DEMO_DASHBOARD_SCENARIOS[decodeURIComponent(dashboard[1])];
    if (scenario) {
      params.set('scenario', scenario);
    }
    params.set('panel', PANEL_BY_ID[url.searchParams.get('viewPanel') ?? ''] ?? 'all');
    for (const name of ['from', 'to']) {
      const value = url.searchParams.get(name);
      if (value !== null) {
        params.set(name, value);
      }
    }
    return `/?${withStickyParams(params, current)}`;
  }
  return undefined;
}

/**
 * Clicks on same-origin links navigate inside the page, as Grafana intercepts link clicks: no reload, and the
 * playground's settings (`grafana=`, `token=`, theme) stay in the URL.
 */
export function useLinkInterception(navigate: NavigateFunction) {
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
        return;
      }
      const anchor = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!anchor || anchor.hasAttribute('download') || (anchor.target && anchor.target !== '_self')) {
        return;
      }
      const url = new URL(anchor.href, window.location.href);
      if (url.origin !== window.location.origin) {
        return;
      }
      const route = playgroundRoute(url, new URLSearchParams(window.location.search));
      if (route) {
        event.preventDefault();
        navigate(route);
      }
    };
    document.addEventListener('click', onClick);
    return () => document.removeEventListener('click', onClick);
  }, [navigate]);
}

/**
 * Navigation from code, as panels do it in Grafana (`locationService.push`, e.g. "Send to workbench"): Grafana's
 * router follows the location service's history; the playground's router does not, so each push becomes the
 * same route here, in place of the entry the push made, with the playground's settings kept.
 */
export function useLocationServiceNavigation(navigate: NavigateFunction) {
  const location = useLocation();
  // The search before a push, whose sticky params the new route keeps (the push has already changed the URL).
  const search = useRef(location.search);
  useEffect(() => {
    search.current = location.search;
  }, [location.search]);
  useEffect(() => {
    const history = locationService.getHistory();
    return history.listen((next: { pathname: string; search: string; hash: string }, action: string) => {
      // Back and forward are the playground router's own.
      if (action === 'POP') {
        return;
      }
      const url = new URL(`${next.pathname}${next.search}${next.hash}`, window.location.origin);
      const route = playgroundRoute(url, new URLSearchParams(search.current));
      if (route) {
        navigate(route, { replace: true });
      }
    });
  }, [navigate]);
}
