// Measures the time from a revocation to the first 401 for that session, with the verification
// cache on (60 s) and the emulator's webhook reaching the app: `node measure-revoke-to-401.mjs`
// (after a build). Not a test: a number to read, on this machine, today.
import { startDemo } from './server.mjs';

const runs = Number(process.argv[2] ?? 20);
const demo = await startDemo({ port: 0 });
const times = [];
try {
  for (let i = 0; i < runs; i++) {
    const { clientToken, sessionId } = await demo.emulator.signIn({ userId: demo.users[i % demo.users.length].id });
    const me = () => fetch(`${demo.url}/api/me?_clerk_session_id=${sessionId}`, { headers: { cookie: `__session=${clientToken}` } });
    if ((await me()).status !== 200) throw new Error('not signed in');
    if ((await me()).status !== 200) throw new Error('not cached');
    const started = performance.now();
    await fetch(`${demo.emulator.url}/__emulator/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId }) });
    let polls = 0;
    while ((await me()).status !== 401) polls++;
    times.push({ ms: performance.now() - started, polls });
  }
} finally {
  await demo.close();
}
const ms = times.map((t) => t.ms).sort((a, b) => a - b);
const at = (q) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))].toFixed(1);
console.log(`revoke -> first 401, cache TTL 60 s, ${runs} runs: median ${at(0.5)} ms, p90 ${at(0.9)} ms, max ${at(1)} ms; requests still 200 after the revoke: ${times.reduce((n, t) => n + t.polls, 0)} in total`);
