// Networkless load benchmark (issue 8), separate from load.mjs: Express 5 with session JWTs
// verified locally (JWKS fetched once per app from the emulator), with and without the
// verified-token cache, against the no-auth baseline, in interleaved rounds (same method as
// load.mjs: one app process per round for every variant).
//
//   node src/networkless.mjs [--rounds 3] [--duration 3] [--warmup 1] [--connections 50] [--sessions 256]
//                            [--write ../BENCHMARKS.md] [--json results.json]
import { writeFileSync } from 'node:fs';
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
    // a fixed number of requests per slice instead of a duration (smoke test)
    amount: { type: 'string' },
    write: { type: 'string' },
    json: { type: 'string' },
  },
});
const VARIANTS = ['baseline', 'networkless-cached', 'networkless-uncached'];
const LABELS = { baseline: 'no auth (baseline)', 'networkless-cached': 'networkless, token cache', 'networkless-uncached': 'networkless, no token cache' };

const emulator = await startChild('./networkless-emulator.mjs');
const env = { BENCH_API_URL: emulator.info.url, BENCH_API_KEY: emulator.info.apiKey };
const sessions = await emulator.call('signIn', { count: Number(args.sessions) });
let app;
const rows = VARIANTS.map((variant) => ({ variant, slices: [] }));
try {
  // one app process per round holding every variant (as in load.mjs: a process per variant would
  // compare processes' JIT and memory-layout luck, not variants), started afresh every round, with
  // a rotating row order and each row's warm-up right before its measured slice
  for (let r = 0; r < Number(args.rounds); r++) {
    app = await startChild('./networkless-app.mjs', [VARIANTS.join(',')], env);
    const order = rows.map((_, i) => rows[(i + r) % rows.length]);
    for (const row of order) {
      if (Number(args.warmup) > 0) await slice(row, Number(args.warmup)); // includes the app's one JWKS fetch
      row.slices.push(await slice(row, Number(args.duration)));
    }
    await app.close();
    app = undefined;
  }
} finally {
  await app?.close();
  await emulator.close();
}

const total = (row, k) => row.slices.reduce((s, x) => s + x[k], 0);
const rps = (row) => total(row, 'completed') / total(row, 'seconds');
const base = rps(rows[0]);
const m = machine();
const lines = [
  `Networkless (issue 8): Express 5, \`GET /api/me\` behind \`ClerkExpressRequireSession({ verification: 'networkless' })\`, ${sessions.length} sessions' JWTs round robin, ${args.connections} connections, ${args.rounds} x ${args.duration} s interleaved rounds (one app process per round holding every variant, each on its own port; a rotating order and a ${args.warmup} s warm-up right before each row's slice). Measured ${m.date} on ${m.nproc} cores (${m.cpu}), Node ${m.node}.`,
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
if (args.json) {
  const results = rows.map((row) => ({
    variant: row.variant,
    rps: rps(row),
    ratio: rps(row) / base,
    requests: total(row, 'completed'),
    sent: total(row, 'sent'),
    backendCalls: total(row, 'calls'),
    non2xx: total(row, 'non2xx'),
  }));
  writeFileSync(args.json, JSON.stringify({ machine: m, results }, null, 2));
}

async function slice(row, seconds) {
  const calls0 = await emulator.call('backendCalls');
  const cpu0 = (await app.call('cpu')).micros;
  let i = 0;
  const result = await new Promise((resolve, reject) =>
    autocannon(
      {
        url: app.info.urls[row.variant],
        connections: Number(args.connections),
        ...(args.amount ? { amount: Number(args.amount) } : { duration: seconds }),
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
