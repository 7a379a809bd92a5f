// The line's react-router, chosen by buildHost.mjs: react-router-dom-v5-compat (as Grafana hands it to
// plugins as 'react-router') or react-router 6 where the line has no compat package.
declare module 'host-react-router' {
  export * from 'react-router';
}
