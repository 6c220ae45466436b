// Runs in a child process started with `--import ./refuse-node.mjs`: the built ESM bundles of
// @sessiongate/hono and the core, in a Hono app reached through app.request (no socket), against
// the emulator at SG_API_URL. Prints what it saw as one JSON line.
const probe = async (id) => import(id).then(() => 'loaded', (error) => error.code ?? 'error');

const { Hono } = await import('hono');
const { createFetchTransport, getAuth, requireSession } = await import('../../dist/index.js');

const app = new Hono();
app.get('/me', requireSession({
  apiKey: process.env.SG_API_KEY,
  apiUrl: process.env.SG_API_URL,
  transport: createFetchTransport(),
  cache: { ttlMs: 600_000 },
  logger: false,
}), (c) => c.json({ userId: c.get('session').userId, status: getAuth(c).status }));

const headers = { cookie: `__session=${process.env.SG_CREDENTIAL}` };
const answers = [];
for (let i = 0; i < 2; i++) {
  const res = await app.request('/me', { headers });
  answers.push({ status: res.status, body: await res.json() });
}
const signedOut = await app.request('/me');

console.log(JSON.stringify({
  nodeCrypto: await probe('node:crypto'),
  undici: await probe('undici'),
  builtinCrypto: process.getBuiltinModule?.('node:crypto') === undefined ? 'absent' : 'present',
  answers,
  signedOut: signedOut.status,
}));
