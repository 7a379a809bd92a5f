/** Where the playground's in-page Grafana keeps what it stores (localStorage); browser tests seed and read it. */
export const IN_PAGE_STORAGE_KEY = 'driftline.playground.grafana.v1';
