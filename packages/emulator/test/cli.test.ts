import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** The built CLI (dist/cli.js; CI builds before testing). Skipped when it has not been built. */
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sg-emu-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { child: ChildProcess; out: () => string; ready: Promise<string>; exit: Promise<number | null> } {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /^ready (\S+)$/m.exec(out);
      if (m) resolve(m[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', () => reject(new Error(`CLI exited before ready:\n${out}`)));
  });
  ready.catch(() => undefined);
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, ready, exit };
}

// skip-reason: need the built CLI (npm test builds it first)
describe.skipIf(!existsSync(CLI))('sessiongate-emulator CLI', () => {
  it('prints its URL, key and seeded users, persists --data across a restart, logs nothing secret, and exits 0 on SIGTERM/SIGINT', async () => {
    const seed = join(dir, 'users.json');
    const data = join(dir, 'state.json');
    writeFileSync(seed, JSON.stringify([{ id: 'user_cli', email: 'cli@example.com', firstName: 'Cli' }]));
    const key = 'test_cli_fixed_key_1234';
    const first = run(['--port', '0', '--seed', seed, '--data', data, '--api-key', key, '--log']);
    const url = await first.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(first.out()).toContain(`CLERK_API_KEY=${key}`);
    expect(first.out()).toContain('user_cli <cli@example.com>');

    const signIn = await fetch(`${url}/__emulator/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'user_cli' }),
    });
    const s = (await signIn.json()) as { clientToken: string; sessionId: string };
    const verify = () =>
      fetch(`${url}/v1/sessions/${s.sessionId}/verify?token=${s.clientToken}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/x-www-form-urlencoded', cookie: `__session=${s.clientToken}` },
        body: `token=${s.clientToken}`,
      });
    expect((await verify()).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(first.out()).toContain('incoming request'); // --log is on
    expect(first.out()).not.toContain(s.clientToken);
    expect(first.out().split(key).length - 1).toBe(1); // printed once, in the banner, never logged

    const second = run(['--port', '0', '--data', data, '--api-key', key]);
    const url2 = await second.ready;
    const r = await fetch(`${url2}/v1/sessions/${s.sessionId}/verify`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ token: s.clientToken }),
    });
    expect(r.status).toBe(200);
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
  });

  it('answers the hosts given with --allowed-host, and refuses other Host values with 403', async () => {
    const proc = run(['--port', '0', '--allowed-host', 'emulator.internal', '--allowed-host', 'box.lan:8080']);
    const url = await proc.ready;
    const { rawRequest } = await import('./helpers/raw-http.js');
    for (const [host, status] of [['emulator.internal:1234', 200], ['box.lan:8080', 200], ['box.lan:8081', 403], ['rebind.attacker.example', 403]] as const) {
      expect((await rawRequest(url, 'GET', '/__emulator/health', { host })).status, host).toBe(status);
    }
    proc.child.kill('SIGTERM');
    expect(await proc.exit).toBe(0);
    const help = run(['--help']);
    await help.exit;
    expect(help.out()).toContain('--allowed-host');
  });

  it('refuses a production-looking key and bad arguments with exit code 1', async () => {
    const live = run(['--port', '0', '--api-key', 'sk_live_0123456789']);
    expect(await live.exit).toBe(1);
    expect(live.out()).toMatch(/production/);
    expect(live.out()).not.toContain('sk_live_0123456789');
    const bad = run(['--port', 'abc']);
    expect(await bad.exit).toBe(1);
    const unknown = run(['--frobnicate']);
    expect(await unknown.exit).toBe(1);
  });
});
