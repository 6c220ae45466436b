import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';

// A fetch-only runtime, for real: a child process in which `node:crypto` and `undici` cannot be
// imported, required or reached through process.getBuiltinModule (test/fetch-only/refuse-node.mjs,
// a module.register resolve hook plus the CJS loader), runs the *built* ESM bundles of this package
// and the core (dist/, built before the tests) in a Hono app through app.request. The second
// request is a verification-cache hit, whose key is a SHA-256 that only @noble/hashes can compute
// there: one backend call for two signed-in answers proves the hit. Runs against dist, like the examples.
const dir = fileURLToPath(new URL('./fetch-only/', import.meta.url));
const run = promisify(execFile);

let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
});
afterAll(() => emu?.close());

it('the core loads without node:crypto and undici, and a cache hit answers there', async () => {
  const user = await emu.createUser({ email: 'edge@example.test' });
  const { clientToken } = await emu.signIn({ userId: user.id });
  const before = emu.backendCalls();
  const { stdout } = await run(process.execPath, ['--import', './refuse-node.mjs', './app.mjs'], {
    cwd: dir,
    env: { PATH: process.env.PATH, SG_API_URL: emu.url, SG_API_KEY: emu.apiKey, SG_CREDENTIAL: clientToken },
  });
  const seen = JSON.parse(stdout.trim().split('\n').at(-1)!);
  expect(seen).toEqual({
    nodeCrypto: 'ERR_MODULE_NOT_FOUND',
    undici: 'ERR_MODULE_NOT_FOUND',
    builtinCrypto: 'absent',
    answers: [
      { status: 200, body: { userId: user.id, status: 'signed-in' } },
      { status: 200, body: { userId: user.id, status: 'signed-in' } },
    ],
    signedOut: 401,
  });
  expect(emu.backendCalls() - before).toBe(1);
});
