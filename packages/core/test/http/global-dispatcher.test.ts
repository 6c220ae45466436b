import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

// Importing undici makes its Agent the process's global dispatcher when none is set yet, and on
// Node 20 the bundled fetch() then sends through it and rejects a content-length header of the
// app's own (nodejs/undici#5500). The core imports undici on its first backend call, so an app
// whose first fetch() came after that call lost its fetch. Checked in a fresh process (this
// worker has long loaded Node's fetch), against the built core (test runs after build).
const dist = new URL('../../dist/index.js', import.meta.url).href;
const script = (core: string) => `
import { createServer } from 'node:http';
const server = createServer((req, res) => res.end('{}'));
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = 'http://127.0.0.1:' + server.address().port;
const { createClerkClient } = await import(${JSON.stringify(core)});
await createClerkClient({ apiUrl: url, apiKey: 'sk_test_x', logger: false }).sessions.getSession('sess_abc').catch(() => {});
const status = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '2' }, body: '{}' })
  .then((res) => res.status, (error) => String(error.cause?.message ?? error));
console.log(JSON.stringify(status));
// the core's keep-alive pool would hold the process open
process.exit(0);
`;

describe('the undici import and the global dispatcher', () => {
  it("the core's first backend call, before the app ever used fetch(), leaves the app's fetch() as it was", () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script(dist)], { encoding: 'utf8' });
    expect(JSON.parse(out)).toBe(200);
  });
});
