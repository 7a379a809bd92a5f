// `node tests/recipes/serveFakeGrafana.mjs [port] [token]` keeps a fake Grafana running, e.g. as a
// Playwright webServer, until it is stopped.
import { startFakeGrafana } from './fakeGrafana.mjs';

const port = Number(process.argv[2] ?? 0);
const token = process.argv[3] ?? 'test-token';
startFakeGrafana({ port, token }).then((fake) => {
  console.log(`fake Grafana listening on ${fake.url}`);
});
