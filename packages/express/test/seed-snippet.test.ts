import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { get, listen, type Listening } from './helpers.js';

// The seed page's Express snippet, as written, with only the import path changed:
//   import { ClerkExpressMiddleware } from '@clerk/clerk-sdk-node';
//   app.use(ClerkExpressMiddleware());
// configured through CLERK_API_KEY / CLERK_API_URL in the environment.
let emu: Emulator;
let server: Listening;
const saved = { key: process.env.CLERK_API_KEY, url: process.env.CLERK_API_URL };

beforeAll(async () => {
  emu = await startEmulator();
  process.env.CLERK_API_KEY = emu.apiKey;
  process.env.CLERK_API_URL = emu.url;

  const { default: express } = await import('express');
  const { ClerkExpressMiddleware } = await import('@sessiongate/express');
  const app = express();
  app.use(ClerkExpressMiddleware());
  app.get('/', (req, res) => {
    if (req.session) res.json({ userId: req.session.userId });
    else res.status(401).end();
  });
  server = await listen(app);
});

afterAll(async () => {
  await server?.close();
  await emu?.close();
  for (const [name, value] of [['CLERK_API_KEY', saved.key], ['CLERK_API_URL', saved.url]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

it('authenticates with the env-bound default client', async () => {
  const user = await emu.createUser({ email: 'seed@example.test' });
  const { clientToken } = await emu.signIn({ userId: user.id });
  const res = await get(`${server.url}/`, clientToken);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ userId: user.id });
  expect((await get(`${server.url}/`)).status).toBe(401);
});
