import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorker, runtimes } from '../runtimes.mjs';

// The runtime conformance suite (issue 25): cases.mjs, unchanged, on Node, Bun, Deno and workerd
// (each from its pinned npm package), against the built packages and one emulator on Node. A
// runtime that cannot start fails its test. No deadline is involved: the unreachable backend is a
// closed port, refused at once.
type Config = { apiUrl: string; apiKey: string; clientToken: string; sessionToken: string; sessionId: string; jwtKey: string; deadUrl: string };
let emu: Emulator;
let config: Config;
let userId: string;
const table: string[] = [];

async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

beforeAll(async () => {
  // tokens that outlive any run, however slow the machine
  emu = await startEmulator({ sessionTokenLifetimeMs: 24 * 3_600_000 });
  const user = await emu.createUser({ email: 'runtimes@example.test' });
  userId = user.id;
  const { clientToken, sessionToken, sessionId } = await emu.signIn({ userId });
  config = { apiUrl: emu.url, apiKey: emu.apiKey, clientToken, sessionToken, sessionId, jwtKey: emu.jwtPublicKey(), deadUrl: await closedPort() };
});

afterAll(async () => {
  await emu?.close();
  if (table.length === 0) return;
  const text = ['| runtime | backend (default transport) | networkless | malformed cookie | unreachable backend | key rotation (networkless, JWKS) | Hono app.request | Hono, config from c.env | Hono on a real server |', '|---|---|---|---|---|---|---|---|---|', ...table].join('\n');
  await mkdir('test-results', { recursive: true });
  await writeFile('test-results/runtimes.md', `${text}\n`);
  console.log(text);
});

// node22 and node24 may first install their pinned binary from the npm registry (once per clone):
// a download, whose time no test should bound tightly
const installTimeout = (name: string) => (name.startsWith('node2') ? 600_000 : undefined);

describe.each(Object.keys(runtimes))('%s', (name) => {
  it('passes every case', async () => {
    const runtime = runtimes[name as keyof typeof runtimes];
    const version: string = await runtime.version();
    const before = emu.backendCalls();
    const seen = await runtime.run(config);
    const cell = (r: { status?: string; reason?: string; threw?: string }) => r.threw ?? (r.reason ? `${r.status} (${r.reason})` : `${r.status}`);
    table.push(
      `| ${version} | ${cell(seen.backend)} | ${cell(seen.networkless)} | ${cell(seen.malformed)} | ${cell(seen.unreachable)} | ${
        seen.keyRotation.threw ?? cell(seen.keyRotation.after)
      } | ${seen.hono.threw ?? `${seen.hono.me} / ${seen.hono.anonymous} / ${seen.hono.down}`
      } | ${seen.honoBindings.threw ?? seen.honoBindings.me} | ${
        seen.server.threw ?? `${seen.server.me?.status} / ${seen.server.anonymous?.status} / ${seen.server.malformed?.status} / ${seen.server.down}`
      } |`,
    );
    expect(seen).toEqual({
      backend: { status: 'signed-in', userId },
      networkless: { status: 'signed-in', userId },
      malformed: { status: 'signed-out', reason: 'token-malformed' },
      unreachable: { status: 'unavailable', reason: 'backend-unreachable' },
      hono: { me: 200, body: { userId, status: 'signed-in' }, anonymous: 401, down: 503 },
      honoBindings: { me: 200, body: { userId } },
      keyRotation: {
        before: { status: 'signed-in', userId },
        signedByNewKey: true,
        after: { status: 'signed-in', userId },
        oldTokenInOverlap: { status: 'signed-in', userId },
      },
      server: {
        url: true,
        me: { status: 200, body: { userId } },
        anonymous: { status: 401, body: '' },
        malformed: { status: 401, body: '' },
        down: 503,
      },
    });
    // the backend case, the two Hono apps' and the server's signed-in requests: one call each; the
    // key rotation: the JWKS twice (first use, then the new kid), no call per token; networkless,
    // the malformed cookies and the anonymous requests make none
    expect(emu.backendCalls() - before).toBe(6);
  }, installTimeout(name));
});

it('a Worker bundle (workerd condition) of the cases contains no undici and no node: import', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'sg-bundle-'));
  try {
    const code = await readFile(await bundleWorker(join(dir, 'worker.js')), 'utf8');
    expect(code).not.toMatch(/node_modules\/(\.pnpm\/)?undici|from ["']undici["']|import\(["']undici["']\)/);
    expect(code).not.toMatch(/["']node:[a-z_]+["']/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it('size.mjs: the Hono Worker bundles (networkless and backend) have no undici and no node: import', async () => {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const { stdout } = await promisify(execFile)(process.execPath, ['size.mjs', '--json']);
  const sizes = JSON.parse(stdout) as Record<string, { gzip: number; undiciModules: number; nodeImports: string[] }>;
  expect(Object.keys(sizes)).toEqual(['networkless', 'backend']);
  for (const r of Object.values(sizes)) {
    expect(r.undiciModules).toBe(0);
    expect(r.nodeImports).toEqual([]);
    expect(r.gzip).toBeGreaterThan(0);
  }
});
