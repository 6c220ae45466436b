// Networkless load benchmark (issue 8), separate from load.mjs: Express 5 with session JWTs
// verified locally (JWKS fetched once from the emulator), with and without the verified-token
// cache, against the no-auth baseline, in interleaved rounds (same method as load.mjs).
//
//   node src/networkless.mjs [--rounds 3] [--duration 3] [--warmup 1] [--connections 50] [--sessions 256]
//                            [--write ../BENCHMARKS.md]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startChild } from './child.mjs';
import { machine, replaceSection } from './report.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    sessions: { type: 'string', default: '256' },
    write: { type: 'string' },
  },
});
const VARIANTS = ['baseline', 'networkless-cached', 'networkless-uncached'];
const LABELS = { baseline: 'no auth (baseline)', 'networkless-cached': 'networkless, token cache', 'networkless-uncached': 'networkless, no token cache' };

const emulator = await startChild('./networkless-emulator.mjs');
const env = { BENCH_API_URL: emulator.info.url, BENCH_API_KEY: emulator.info.apiKey };
const sessions = await emulator.call('signIn', { count: Number(args.sessions) });
let apps = {};
const rows = VARIANTS.map((variant) => ({ variant, slices: [] }));
const closeApps = () => Promise.all(Object.values(apps).map((a) => a.close()));
try {
  // fresh app processes every round and a rotating row order, as in load.mjs (one process per row
  // for the whole run would compare processes' JIT and memory-layout luck, not variants)
  for (let r = 0; r < Number(args.rounds); r++) {
    apps = {};
    for (const v of VARIANTS) apps[v] = await startChild('./networkless-app.mjs', [v], env);
    const order = rows.map((_, i) => rows[(i + r) % rows.length]);
    for (const row of order) await slice(row, Number(args.warmup)); // includes each process's one JWKS fetch
    for (const row of order) row.slices.push(await slice(row, Number(args.duration)));
    await closeApps();
  }
} finally {
  await closeApps();
  await emulator.close();
}

const total = (row, k) => row.slices.reduce((s, x) => s + x[k], 0);
const rps = (row) => total(row, 'completed') / total(row, 'seconds');
const base = rps(rows[0]);
const m = machine();
const lines = [
  `Networkless (issue 8): Express 5, \`GET /api/me\` behind \`ClerkExpressRequireSession({ verification: 'networkless' })\`, ${sessions.length} sessions' JWTs round robin, ${args.connections} connections, ${args.rounds} x ${args.duration} s interleaved rounds (fresh app processes and a rotating order every round). Measured ${m.date} on ${m.nproc} cores (${m.cpu}), Node ${m.node}.`,
  '',
  '| variant | req/s | x baseline | backend calls / request (after warm-up) | app CPU µs / req | non-2xx |',
  '|---|---|---|---|---|---|',
];
for (const row of rows) {
  const line = `| ${LABELS[row.variant]} | ${Math.round(rps(row))} | ${(rps(row) / base).toFixed(2)} | ${(total(row, 'calls') / total(row, 'sent')).toFixed(4)} | ${Math.round(total(row, 'cpu') / total(row, 'completed'))} | ${total(row, 'non2xx')} |`;
  lines.push(line);
}
const report = lines.join('\n');
console.log(report);
if (args.write) replaceSection(args.write, 'networkless', report);

async function slice(row, seconds) {
  const app = apps[row.variant];
  const calls0 = await emulator.call('backendCalls');
  const cpu0 = (await app.call('cpu')).micros;
  let i = 0;
  const result = await new Promise((resolve, reject) =>
    autocannon(
      {
        url: app.info.url,
        connections: Number(args.connections),
        duration: seconds,
        requests: [
          {
            method: 'GET',
            setupRequest(req) {
              const s = sessions[i++ % sessions.length];
              return { ...req, path: '/api/me', headers: { cookie: `__session=${s.token}`, accept: 'application/json' } };
            },
          },
        ],
      },
      (err, res) => (err ? reject(err) : resolve(res)),
    ),
  );
  await new Promise((r) => setTimeout(r, 100));
  const cpu1 = (await app.call('cpu')).micros;
  const calls1 = await emulator.call('backendCalls');
  return { seconds: result.duration, completed: result.requests.total, sent: result.requests.sent, non2xx: result.non2xx, calls: calls1 - calls0, cpu: cpu1 - cpu0 };
}
