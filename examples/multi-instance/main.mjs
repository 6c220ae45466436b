// `npm start`: one redis-server, one emulator, three app processes (app.mjs) sharing both; then a
// run of 300 requests over 10 sessions spread over the three, the backend call count, and a
// revocation through instance A seen by B and C. `--once` stops after the run (the test's mode).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { startEmulator } from '@sessiongate/emulator';
import { startRedisServer } from '../../test-support/redis-server.mjs';

const APP = fileURLToPath(new URL('./app.mjs', import.meta.url));

function startInstance(name, env) {
  const child = spawn(process.execPath, [APP], { env: { ...process.env, ...env, INSTANCE: name, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const port = /listening (\d+)/.exec(out)?.[1];
      if (port) resolve({ name, url: `http://127.0.0.1:${port}`, child });
    });
    child.on('exit', (code) => reject(new Error(`instance ${name} exited with ${code}`)));
  });
}

/**
 * Starts everything; `run()` makes the requests and returns the counts. The test gives deadlines
 * no busy machine reaches (a Redis answer past 50 ms is a miss, and a miss is a backend call).
 */
export async function startAll({ opTimeoutMs = 1_000, coalesceWaitMs = 2_000 } = {}) {
  const redis = await startRedisServer();
  const emulator = await startEmulator();
  const env = { REDIS_URL: redis.url, CLERK_API_URL: emulator.url, CLERK_API_KEY: emulator.apiKey, REDIS_OP_TIMEOUT_MS: String(opTimeoutMs), COALESCE_WAIT_MS: String(coalesceWaitMs) };
  const instances = await Promise.all(['A', 'B', 'C'].map((name) => startInstance(name, env)));
  const sessions = [];
  for (let i = 0; i < 10; i++) {
    const user = await emulator.createUser({ email: `user${i}@example.test`, firstName: `User${i}` });
    sessions.push(await emulator.signIn({ userId: user.id }));
  }
  const me = async (instance, s) => {
    const res = await fetch(`${instance.url}/api/me?_clerk_session_id=${s.sessionId}`, { headers: { cookie: `__session=${s.clientToken}` } });
    return { status: res.status, userId: res.status === 200 ? (await res.json()).userId : null };
  };
  return {
    instances,
    emulator,
    async run() {
      const before = emulator.backendCalls();
      // a simultaneous burst: 300 requests, 10 sessions, spread over the three instances
      const answers = await Promise.all(
        Array.from({ length: 300 }, (_, i) => me(instances[i % 3], sessions[i % 10]).then((r) => ({ ...r, expected: sessions[i % 10].userId }))),
      );
      const burst = { requests: answers.length, backendCalls: emulator.backendCalls() - before, wrongUser: answers.filter((r) => r.userId !== r.expected).length, non200: answers.filter((r) => r.status !== 200).length };
      const victim = sessions[0];
      await emulator.revokeSession(victim.sessionId);
      const cachedBeforeInvalidation = (await me(instances[1], victim)).status;
      await fetch(`${instances[0].url}/revoke/${victim.sessionId}`, { method: 'POST' });
      const afterInvalidation = { B: (await me(instances[1], victim)).status, C: (await me(instances[2], victim)).status };
      return { burst, revocation: { cachedBeforeInvalidation, afterInvalidation } };
    },
    async close() {
      await Promise.all(instances.map(({ child }) => (child.exitCode === null ? (child.kill('SIGTERM'), once(child, 'exit')) : undefined)));
      await emulator.close();
      await redis.stop();
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const all = await startAll();
  const result = await all.run();
  console.log(`instances: ${all.instances.map((i) => `${i.name} ${i.url}`).join(', ')}; emulator ${all.emulator.url}`);
  console.log(`300 simultaneous requests, 10 sessions, 3 instances: ${result.burst.backendCalls} backend calls, ${result.burst.wrongUser} answered for a wrong user, ${result.burst.non200} not 200`);
  console.log(`revoked session: B answered ${result.revocation.cachedBeforeInvalidation} (cached), then after invalidateSession on A: B ${result.revocation.afterInvalidation.B}, C ${result.revocation.afterInvalidation.C}`);
  if (process.argv.includes('--once')) {
    await all.close();
  } else {
    console.log('Running; Ctrl-C to stop.');
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void all.close().then(() => process.exit(0)));
  }
}
