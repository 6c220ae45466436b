// Load benchmark (issue 7): autocannon on loopback against each framework app, with the emulator
// as backend. Three processes: this one (autocannon), the app process, the emulator, so that the
// load generator, the apps and the backend each have their own event loop on a 2-core machine.
// The app process holds one app per variant (baseline, cached, network…), each on its own port.
//
// Every row of a framework is measured in interleaved rounds (baseline and each adapter row, one
// slice each, in an order that rotates), so that the machine's background load drifts over all
// rows alike; ratios compare totals over the same rounds. A slice counts the responses that
// arrive in --duration s (fractions allowed), timed here, after the first 2 x --connections
// responses of its autocannon run. An app process serves --rounds-per-process rounds and is then
// replaced by a fresh one (JIT and memory-layout luck), after a --warmup s pass of every row.
//
// Short slices and many rounds, because this machine's speed changes from one second to the
// next, by up to 2x (the app's CPU time per request for the same code in the same process moves
// with it, with no steal time reported): a row and its baseline measured seconds apart see
// different machines, and only many close pairs average that out.
//
//   node src/load.mjs [--rounds 3] [--rounds-per-process 1] [--duration 2] [--warmup 1]
//                     [--connections 50] [--sessions 256] [--pin] [--frameworks express,koa]
//                     [--variants baseline,cached] [--write ../BENCHMARKS.md] [--section load]
//                     [--json results.json] [--amount N (fixed-size slices: smoke tests)]
//
// `--pin` (on a machine with 2 or more CPUs and `taskset`): the app process runs on CPU 0 alone,
// this runner (autocannon) and the emulator (and redis-server) on CPU 1, so that the app is the
// bottleneck and the load generator never competes with it for a core: a row's ratio is then
// close to the ratio of the app's CPU per request, and rounds spread much less.
//
// `--variants …,redis` (opt-in, not in the default list) adds the cached adapter with its entries
// in Redis (@sessiongate/redis): the runner then starts one redis-server (Debian's, on 127.0.0.1
// and a free port, no persistence, a temporary directory; REDIS_SERVER names another binary),
// counts the commands it serves in every slice (`INFO commandstats` over an admin connection) and
// stops it at the end, also on an error or SIGINT/SIGTERM. Redis rows are compared with the
// baseline and with the in-process `cached` row of the same requests (`npm run bench:redis`).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { startRedisServer } from '../../test-support/redis-server.mjs';
import { isNetworkless, isRedis, OPT_IN_VARIANTS, VARIANTS } from './apps/client-options.mjs';
import { startChild } from './child.mjs';
import { connectRedisAdmin, diffCalls } from './redis-admin.mjs';
import { machine, replaceSection } from './report.mjs';
import { differenceInterval, ratioInterval } from './stats.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
    // rounds run in one app process before it is replaced by a fresh one
    'rounds-per-process': { type: 'string', default: '1' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '50' },
    // a fixed number of requests per slice instead of a duration (smoke test: autocannon's
    // duration is checked once a second, so sub-second durations last a second anyway)
    amount: { type: 'string' },
    frameworks: { type: 'string', default: 'express,fastify,koa,node:http' },
    variants: { type: 'string', default: VARIANTS.join(',') },
    sessions: { type: 'string', default: '256' },
    burst: { type: 'string', default: '50' },
    write: { type: 'string' },
    // the BENCHMARKS.md section written (`<!-- bench:NAME:start -->`): `load` is `npm run bench`'s
    section: { type: 'string', default: 'load' },
    json: { type: 'string' },
    pin: { type: 'boolean', default: false },
  },
});
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const ROUNDS = Number(args.rounds);
const ROUNDS_PER_PROCESS = Number(args['rounds-per-process']);
if (!(ROUNDS_PER_PROCESS >= 1)) throw new TypeError('@sessiongate/bench: --rounds-per-process must be 1 or more');
// responses left out at the start of a timed slice (connections opening, the first requests)
const RAMP = 2 * Number(args.connections);
const CONNECTIONS = Number(args.connections);
const FRAMEWORK_NAMES = args.frameworks.split(',');
const VARIANT_NAMES = args.variants.split(',');
if (!VARIANT_NAMES.includes('baseline')) VARIANT_NAMES.unshift('baseline');
for (const v of VARIANT_NAMES) if (![...VARIANTS, ...OPT_IN_VARIANTS].includes(v)) throw new TypeError(`@sessiongate/bench: unknown variant ${JSON.stringify(v)}`);
const WITH_REDIS = VARIANT_NAMES.some(isRedis);
const LATENCY_MS = 20;

/** What each variant is measured in: mode (how the session is named) x injected backend latency. */
const SCENARIOS = {
  // one baseline per request shape: the last-active requests have no query string, so they are
  // compared with a baseline that gets the same requests (the query costs the app something too)
  baseline: [
    { mode: 'explicit', latency: 0 },
    { mode: 'last-active', latency: 0 },
  ],
  network: [
    { mode: 'explicit', latency: 0 },
    { mode: 'last-active', latency: 0 },
    { mode: 'explicit', latency: LATENCY_MS },
  ],
  // a reference, not the adapter (see apps/network-minimal.mjs): one backend call per request and
  // nothing else, what the network rows could reach if the core's checks were free
  'network-minimal': [
    { mode: 'explicit', latency: 0 },
    { mode: 'last-active', latency: 0 },
  ],
  'network-no-keepalive': [
    { mode: 'explicit', latency: 0 },
    { mode: 'explicit', latency: LATENCY_MS },
  ],
  cached: [
    { mode: 'explicit', latency: 0 },
    { mode: 'last-active', latency: 0 },
  ],
  // a reference, not the adapter (see apps/minimal-hit.mjs): what the cached rows could reach if
  // every check and the adapters' bookkeeping were free
  minimal: [
    { mode: 'explicit', latency: 0 },
    { mode: 'last-active', latency: 0 },
  ],
  // the cached adapter with a Redis store: compared with the baseline and with the in-process
  // cached row of the same requests
  redis: [
    { mode: 'explicit', latency: 0 },
    { mode: 'last-active', latency: 0 },
  ],
  // the same with the store's in-process front cache (1 s) in front of Redis
  'redis-front': [
    { mode: 'explicit', latency: 0 },
    { mode: 'last-active', latency: 0 },
  ],
  // session JWTs verified locally (the JWKS is fetched once, in the first warm-up): the cookie
  // carries the JWT, in the last-active form today's frontend sends
  networkless: [{ mode: 'last-active', latency: 0 }],
  'networkless-uncached': [{ mode: 'last-active', latency: 0 }],
  'networkless-minimal': [{ mode: 'last-active', latency: 0 }],
};

/** The reference row each adapter row is judged against (issue 18), when both are measured. */
const REFERENCE_OF = { cached: 'minimal', network: 'network-minimal', networkless: 'networkless-minimal' };

const LABELS = {
  baseline: 'no auth (baseline)',
  network: 'adapter, network',
  'network-minimal': 'reference: network minimal call',
  'network-no-keepalive': 'adapter, network, no keep-alive',
  cached: 'adapter, cached',
  minimal: 'reference: minimal hit',
  redis: 'adapter, cached in Redis',
  'redis-front': 'adapter, cached in Redis, front cache',
  networkless: 'adapter, networkless (token cache)',
  'networkless-uncached': 'adapter, networkless, no token cache',
  'networkless-minimal': 'reference: networkless minimal hit',
};

const started = Date.now();
const results = [];
const bursts = [];
let emulator;
let sessions;
let redis;
let redisAdmin;
// a runner stopped by a signal stops its redis-server too (the emulator and the app processes
// exit when their IPC channel closes)
const onSignal = (signal) => {
  void Promise.resolve(redis?.stop()).finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
};
process.once('SIGINT', onSignal);
process.once('SIGTERM', onSignal);

try {
  if (args.pin) pin(process.pid, 1);
  emulator = await startChild('./emulator-process.mjs');
  if (args.pin) pin(emulator.pid, 1);
  const backend = { BENCH_API_URL: emulator.info.url, BENCH_API_KEY: emulator.info.apiKey };
  sessions = await emulator.call('signIn', { count: Number(args.sessions) });
  if (WITH_REDIS) {
    redis = await startRedisServer();
    if (args.pin && redis.pid !== undefined) pin(redis.pid, 1);
    redisAdmin = await connectRedisAdmin(redis.url);
    backend.BENCH_REDIS_URL = redis.url;
    console.log(`redis-server on ${redis.url} (no persistence, stopped at the end)`);
  }
  for (const framework of FRAMEWORK_NAMES) {
    // Every variant's app runs at once, in one process (idle ones cost nothing), so that the rows
    // can be measured in interleaved rounds: slow drifts of the machine's background load hit
    // every row alike. One process for all variants, because two processes of the same app differ
    // by up to ~20% in CPU per request here (JIT and memory-layout luck): with a process per
    // variant a ratio would compare processes, not variants. A fresh process is started every
    // --rounds-per-process rounds, and the row order rotates from round to round.
    const rows = VARIANT_NAMES.flatMap((variant) => SCENARIOS[variant].map((scenario) => ({ variant, ...scenario, slices: [] })));
    let app;
    try {
      for (let round = 0; round < ROUNDS; round++) {
        if (round % ROUNDS_PER_PROCESS === 0) {
          await app?.close();
          app = await startChild('./app-process.mjs', [framework, VARIANT_NAMES.join(',')], backend);
          if (args.pin) pin(app.pid, 0);
          // a warm-up pass of every row in the fresh process (JIT, caches, the JWKS), not measured
          if (WARMUP > 0) for (const row of rows) await slice(app, row, WARMUP);
        }
        const order = rows.map((_, i) => rows[(i + round) % rows.length]);
        for (const row of order) row.slices.push(await slice(app, row, DURATION));
      }
      for (const row of rows) {
        const baseline = rows.find((r) => r.variant === 'baseline' && r.mode === row.mode);
        // a Redis row is also compared with the in-process cache on the same requests
        const cached = isRedis(row.variant) ? rows.find((r) => r.variant === 'cached' && r.mode === row.mode && r.latency === row.latency) : undefined;
        // an adapter row with a reference row (the required work alone) of the same requests
        const reference = rows.find((r) => r.variant === REFERENCE_OF[row.variant] && r.mode === row.mode && r.latency === row.latency);
        const result = aggregate(framework, row, baseline, cached, reference);
        results.push(result);
        console.log(formatLine(result));
      }
      if (app.info.urls.network) {
        for (const mode of ['explicit', 'last-active']) {
          const burst = await measureBurst(app.info.urls.network, framework, mode);
          bursts.push(burst);
          console.log(`${framework} burst (${mode}): ${burst.requests} identical concurrent requests -> ${burst.backendCalls} backend call(s), ${burst.ok} x 200`);
        }
      }
    } finally {
      await app?.close();
    }
  }
} finally {
  await redisAdmin?.close();
  await redis?.stop();
  await emulator?.close();
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
}

const elapsed = Math.round((Date.now() - started) / 1000);
const report = renderReport(results, bursts, elapsed);
console.log(`\n${report}`);
if (args.write) replaceSection(args.write, args.section, report);
if (args.json) writeFileSync(args.json, JSON.stringify({ machine: machine(), commit: commit(), argv: process.argv.slice(2), redisUrl: redis?.url, results, bursts }, null, 2));

/**
 * The URL and cookie of request number `i`: a different signed-in session each time, round robin;
 * the cookie holds the client token, or the session's JWT for the networkless variants.
 */
function requestFor(i, mode, variant = 'network') {
  const s = sessions[i % sessions.length];
  return {
    path: mode === 'explicit' ? `/api/me?_clerk_session_id=${s.sessionId}` : '/api/me',
    headers: { cookie: `__session=${isNetworkless(variant) ? s.jwt : s.token}`, accept: 'application/json' },
  };
}

/**
 * One autocannon run against `url`. With `--amount`, a fixed number of requests (smoke test) and
 * autocannon's own totals. Otherwise a timed window: the first RAMP responses are left out, then
 * every response is counted, by its arrival time here, for `seconds`, and the run is stopped;
 * `window` is `{ completed, duration }` of that window. Autocannon's own duration is checked
 * once per sample interval (1 s by default), too coarse for sub-second slices, so the window is
 * timed here and the sample interval is short so that a stopped run ends promptly.
 */
function runAutocannon(url, mode, seconds, variant) {
  let i = 0;
  const timed = !args.amount;
  let responses = 0;
  let start;
  let end;
  let counted = 0;
  let stopped = false;
  let timer;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: CONNECTIONS,
        pipelining: 1,
        // timed: the window ends the run; autocannon's duration is only a backstop
        ...(timed ? { duration: seconds + 30, sampleInt: 100 } : { amount: Number(args.amount) }),
        requests: [
          {
            method: 'GET',
            setupRequest(req) {
              return { ...req, ...requestFor(i++, mode, variant) };
            },
          },
        ],
      },
      (err, result) => {
        clearTimeout(timer);
        if (err) return reject(err);
        if (!timed) return resolve({ ...result, responses: result.requests.total, window: { completed: result.requests.total, duration: result.duration } });
        if (start === undefined || counted === 0) return reject(new Error(`@sessiongate/bench: ${url} answered ${responses} requests in ${seconds + 30} s, too few for a timed window`));
        resolve({ ...result, responses, window: { completed: counted, duration: Number(end - start) / 1e9 } });
      },
    );
    if (!timed) return;
    const stop = () => {
      stopped = true;
      instance.stop();
    };
    // the window closes `seconds` after it opened, or, on a machine so busy that no response came
    // in that time, at the first response after it: a window is never empty
    let due = false;
    instance.on('response', () => {
      responses++;
      if (stopped) return;
      const now = process.hrtime.bigint();
      if (responses === RAMP) {
        start = now;
        timer = setTimeout(() => {
          due = true;
          if (counted > 0) stop();
        }, seconds * 1000);
      } else if (start !== undefined) {
        counted++;
        end = now;
        if (due) stop();
      }
    });
  });
}

/** One autocannon run of `seconds` against the row's app (in `app`'s process), in its mode and backend latency. */
async function slice(app, { variant, mode, latency }, seconds) {
  if (latency > 0) await emulator.call('fault', { route: '*', fault: { type: 'latency', ms: latency } });
  try {
    const calls0 = await emulator.call('backendCalls');
    // every row's Redis commands are counted (none but the redis rows' should reach it)
    const redis0 = await redisAdmin?.commandCalls();
    const store0 = isRedis(variant) ? (await app.call('stats'))[variant] : undefined;
    const cpu0 = (await app.call('cpu')).micros;
    const result = await runAutocannon(app.info.urls[variant], mode, seconds, variant);
    await settle(latency > 0 ? 150 : 50);
    const cpu1 = (await app.call('cpu')).micros;
    const store1 = isRedis(variant) ? (await app.call('stats'))[variant] : undefined;
    const redis1 = await redisAdmin?.commandCalls();
    const calls1 = await emulator.call('backendCalls');
    const redisCalls = redis0 === undefined ? undefined : diffCalls(redis0, redis1);
    return {
      // the measured window (timed slices: without the first RAMP responses)
      duration: result.window.duration,
      completed: result.window.completed,
      // every response of the run, window or not: the app's CPU time covers them all
      responses: result.responses,
      // every request sent reaches the app, including the ones still in flight when autocannon
      // stops (their backend calls are counted too): calls are divided by requests sent
      sent: result.requests.sent,
      p50: result.latency.p50,
      p99: result.latency.p99,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      backendCalls: calls1 - calls0,
      // the whole app process's CPU while only this row's app was loaded (the others are idle)
      cpuMicros: cpu1 - cpu0,
      // commands Redis ran during the slice, by command (server side: a Lua script counts once
      // for EVALSHA and once for each command it runs inside Redis)
      ...(redisCalls && { redisCommands: Object.values(redisCalls).reduce((n, c) => n + c, 0), redisCalls }),
      // the store's own view: the commands it sent (each a round-trip, a script one), and its
      // reads and writes that failed or timed out (a read such is a miss, verified with the backend)
      ...(store0 && {
        redisRoundTrips: store1.commands - store0.commands,
        storeFailures: store1.failures - store0.failures,
        storeHits: store1.hits - store0.hits,
        storeMisses: store1.misses - store0.misses,
      }),
    };
  } finally {
    if (latency > 0) await emulator.call('clearFaults');
  }
}

/**
 * Totals over the rounds; the ratio is total req/s over that of the baseline that got the same
 * requests (same mode), with the per-round range and its 95% bootstrap interval (stats.mjs).
 */
function aggregate(framework, row, baseline, cached, reference) {
  const sum = (key) => row.slices.reduce((n, s) => n + (s[key] ?? 0), 0);
  const completed = sum('completed');
  const rps = completed / sum('duration');
  const vs = (other) => {
    const otherRps = other.slices.reduce((n, s) => n + s.completed, 0) / other.slices.reduce((n, s) => n + s.duration, 0);
    const perRound = row.slices.map((s, i) => s.completed / s.duration / (other.slices[i].completed / other.slices[i].duration));
    const [low, high] = ratioInterval(row.slices, other.slices);
    return { ratio: rps / otherRps, min: Math.min(...perRound), max: Math.max(...perRound), low, high };
  };
  const b = vs(baseline);
  const c = cached && vs(cached);
  // the difference of the two ratios to the same baseline, paired by round
  const rate = (r) => r.slices.reduce((n, s) => n + s.completed, 0) / r.slices.reduce((n, s) => n + s.duration, 0);
  const d = reference && { difference: b.ratio - rate(reference) / rate(baseline), interval: differenceInterval(row.slices, reference.slices, baseline.slices) };
  const redisCalls = {};
  for (const s of row.slices) for (const [name, n] of Object.entries(s.redisCalls ?? {})) redisCalls[name] = (redisCalls[name] ?? 0) + n;
  return {
    framework,
    variant: row.variant,
    mode: row.mode,
    latency: row.latency,
    rps,
    p50: median(row.slices.map((s) => s.p50)),
    p99: median(row.slices.map((s) => s.p99)),
    requests: completed,
    sent: sum('sent'),
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    backendCalls: sum('backendCalls'),
    callsPerRequest: sum('backendCalls') / sum('sent'),
    appCpuMicrosPerRequest: sum('cpuMicros') / sum('responses'),
    ratio: b.ratio,
    ratioMin: b.min,
    ratioMax: b.max,
    ratioLow: b.low,
    ratioHigh: b.high,
    // every round's slice, so that the figures can be re-derived from the JSON (--json)
    slices: row.slices,
    ...(d && { referenceDifference: d.difference, referenceDifferenceLow: d.interval[0], referenceDifferenceHigh: d.interval[1] }),
    ...(c && { cachedRatio: c.ratio, cachedRatioMin: c.min, cachedRatioMax: c.max, cachedRatioLow: c.low, cachedRatioHigh: c.high }),
    ...(WITH_REDIS && {
      redisCommands: sum('redisCommands'),
      redisCommandsPerRequest: sum('redisCommands') / sum('sent'),
      redisCalls,
    }),
    ...(isRedis(row.variant) && {
      redisRoundTrips: sum('redisRoundTrips'),
      redisRoundTripsPerRequest: sum('redisRoundTrips') / sum('sent'),
      storeFailures: sum('storeFailures'),
      storeHits: sum('storeHits'),
      storeMisses: sum('storeMisses'),
    }),
  };
}

/** Moves every thread of process `pid` to CPU `cpu` (`taskset`); throws when that fails. */
function pin(pid, cpu) {
  execFileSync('taskset', ['-a', '-p', '-c', String(cpu), String(pid)], { stdio: 'ignore' });
}

/** The commit the run was made at (short hash), or `unknown` outside a git checkout. */
function commit() {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown';
  }
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** N identical concurrent requests (one session, injected latency so they overlap) -> backend calls. */
async function measureBurst(url, framework, mode) {
  const n = Number(args.burst);
  await emulator.call('fault', { route: '*', fault: { type: 'latency', ms: LATENCY_MS } });
  try {
    const { path, headers } = requestFor(0, mode);
    const calls0 = await emulator.call('backendCalls');
    const statuses = await Promise.all(
      Array.from({ length: n }, () => fetch(new URL(path, url), { headers }).then(async (r) => (await r.arrayBuffer(), r.status))),
    );
    await settle(150);
    const calls1 = await emulator.call('backendCalls');
    return { framework, mode, requests: n, ok: statuses.filter((s) => s === 200).length, backendCalls: calls1 - calls0 };
  } finally {
    await emulator.call('clearFaults');
  }
}

/** Lets in-flight backend calls of the last requests land before the counters are read. */
function settle(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function formatLine(r) {
  return `${r.framework.padEnd(9)} ${LABELS[r.variant].padEnd(32)} ${r.mode.padEnd(11)} +${String(r.latency).padStart(2)}ms ${Math.round(r.rps).toString().padStart(6)} req/s p50 ${r.p50} p99 ${r.p99} calls/req ${r.callsPerRequest.toFixed(3)} x${r.ratio.toFixed(2)} (95% ${r.ratioLow.toFixed(2)}-${r.ratioHigh.toFixed(2)}, rounds ${r.ratioMin.toFixed(2)}-${r.ratioMax.toFixed(2)})${r.referenceDifference === undefined ? '' : ` ref ${signed(r.referenceDifference)} (95% ${signed(r.referenceDifferenceLow)} to ${signed(r.referenceDifferenceHigh)})`} cpu ${Math.round(r.appCpuMicrosPerRequest)}µs non2xx ${r.non2xx} err ${r.errors}${r.redisCommands === undefined ? '' : ` redis commands ${r.redisCommandsPerRequest.toFixed(3)}/req`}${r.redisRoundTrips === undefined ? '' : ` round-trips ${r.redisRoundTripsPerRequest.toFixed(3)}/req`}${r.cachedRatio === undefined ? '' : ` x${r.cachedRatio.toFixed(2)} of cached (95% ${r.cachedRatioLow.toFixed(2)}-${r.cachedRatioHigh.toFixed(2)})`}${r.storeFailures ? ` store failures ${r.storeFailures}` : ''}`;
}

/** A difference of ratios with its sign: `+0.02`, `-0.05` (a minus sign, not a hyphen, in the tables). */
function signed(x, minus = '-') {
  const text = Math.abs(x).toFixed(2);
  return x < 0 && text !== '0.00' ? `${minus}${text}` : `+${text}`;
}

/** The reference-difference cell of a row: the difference and its 95% interval, or `-`. */
function referenceCell(r) {
  if (r.referenceDifference === undefined) return '-';
  return `${signed(r.referenceDifference, '−')} (${signed(r.referenceDifferenceLow, '−')} to ${signed(r.referenceDifferenceHigh, '−')})`;
}

function sessionNamedBy(r) {
  if (r.variant === 'baseline') return r.mode === 'explicit' ? 'same requests as `_clerk_session_id` rows' : 'same requests as last-active rows';
  if (isNetworkless(r.variant)) return 'last active, session JWT';
  return r.mode === 'explicit' ? '`_clerk_session_id`' : 'last active';
}

function renderReport(rows, burstRows, seconds) {
  const m = machine();
  const lines = [
    `Measured ${m.date} on ${m.nproc} cores (${m.cpu}), Node ${m.node}, load average at the end ${m.loadavg}.`,
    args.section === 'load'
      ? `Command: \`cd bench && npm run bench\` (root: \`node scripts/pnpm.mjs --filter @sessiongate/bench bench\`).`
      : `Command: \`cd bench && node src/load.mjs ${process.argv.slice(2).join(' ')}\`, at commit ${commit()}.`,
    `autocannon: ${CONNECTIONS} connections, pipelining 1; ${sessions.length} signed-in sessions requested round robin (so concurrent requests never share a token, except in the burst rows).`,
    args.pin
      ? 'CPUs pinned (`--pin`, `taskset`): the app process alone on CPU 0; autocannon (in the runner) and the emulator on CPU 1.'
      : 'CPUs not pinned: the app, autocannon and the emulator share the cores as the scheduler sees fit.',
    `Per framework, every row is measured in ${ROUNDS} interleaved rounds (baseline and each adapter row, one slice each, in an order rotating from round to round), ${ROUNDS_PER_PROCESS === 1 ? 'each round in a freshly started app process' : `${ROUNDS_PER_PROCESS} rounds in each freshly started app process`}, after a ${WARMUP} s warm-up pass of every row in that process;`,
    args.amount
      ? `a slice is ${args.amount} requests;`
      : `a slice counts the responses that arrive in ${DURATION} s, after the first ${RAMP} of its run are left out (short slices, so that a row and its baseline are measured close together: this machine's speed changes from one second to the next);`,
    'req/s and ratios are totals over the rounds, each row against the baseline that got the same requests (with or without `_clerk_session_id`); in brackets, the 95% interval of the ratio (a paired bootstrap over the rounds: a target is met beyond doubt when the whole interval clears it), then the range of the per-round ratios to the same round\'s baseline; p50/p99 are medians of the rounds.',
    'The difference to the reference is the row\'s ratio minus its reference row\'s (`adapter, cached` against `reference: minimal hit`, networkless and network likewise, same requests), with its 95% interval from the same paired bootstrap, where the rounds drawn are drawn for the row, its reference and their baseline together.',
    `Autocannon, the emulator and the apps run in three separate processes; the app process holds one app per variant (each with its own server, port and framework instance), so that every row of a round runs in the same process; whole load run ${seconds} s.`,
    '',
    '| framework | app | session named by | backend latency | req/s | p50 ms | p99 ms | backend calls / req | ratio to baseline (95% interval; per-round range) | difference to its reference (95% interval) | app CPU µs / req | non-2xx + errors |',
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    lines.push(
      `| ${r.framework} | ${LABELS[r.variant]} | ${sessionNamedBy(r)} | ${r.latency ? `+${r.latency} ms` : '0'} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.variant === 'baseline' ? '-' : r.callsPerRequest.toFixed(3)} | ${r.variant === 'baseline' ? '1.00x' : `${r.ratio.toFixed(2)}x (${r.ratioLow.toFixed(2)}–${r.ratioHigh.toFixed(2)}; ${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)})`} | ${referenceCell(r)} | ${Math.round(r.appCpuMicrosPerRequest)} | ${r.non2xx + r.errors} |`,
    );
  }
  const redisRows = rows.filter((r) => isRedis(r.variant));
  if (redisRows.length > 0) {
    lines.push(
      '',
      'Redis-backed cache: the cached adapter with `cache: { ttlMs: 5000, store: createRedisCacheStore({ url }) }` (@sessiongate/redis with its defaults: a 50 ms deadline per operation, then a miss; no front cache, no coalescing), and in the front-cache rows with `frontCache: true` as well (an in-process copy of each entry for up to 1 s, dropped on every instance through pub/sub on invalidation), one redis-server on 127.0.0.1 for all apps (no persistence), started and stopped by the runner.',
      'Redis round-trips: the commands the store sent (its own counter, `store.stats().commands`, read over IPC before and after each slice; a script is one), per request sent. Commands Redis ran: the server\'s count (`INFO commandstats`, read before and after each slice by an admin connection, its own `INFO` left out), per request sent, which also counts every command a Lua script (the store\'s writes) runs inside Redis. Store failures: the store\'s reads and writes that failed or missed their deadline (a read such is a miss, verified with the backend).',
      'Both ratios are paired with the same rounds (95% interval; per-round range), against the baseline and against the in-process `adapter, cached` row that got the same requests.',
      '',
      '| framework | Redis store | session named by | req/s | ratio to baseline | ratio to in-process cached | backend calls / req | Redis round-trips / req | commands Redis ran / req (by command) | store failures | app CPU µs / req | non-2xx + errors |',
      '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const r of redisRows) {
      const byCommand = Object.entries(r.redisCalls).sort((x, y) => y[1] - x[1]).map(([name, n]) => `${name.toUpperCase()} ${(n / r.sent).toFixed(3)}`).join(', ');
      const cachedRatio = r.cachedRatio === undefined ? '-' : `${r.cachedRatio.toFixed(2)}x (${r.cachedRatioLow.toFixed(2)}–${r.cachedRatioHigh.toFixed(2)}; ${r.cachedRatioMin.toFixed(2)}–${r.cachedRatioMax.toFixed(2)})`;
      lines.push(
        `| ${r.framework} | ${r.variant === 'redis-front' ? 'with front cache' : 'Redis only'} | ${sessionNamedBy(r)} | ${Math.round(r.rps)} | ${r.ratio.toFixed(2)}x (${r.ratioLow.toFixed(2)}–${r.ratioHigh.toFixed(2)}; ${r.ratioMin.toFixed(2)}–${r.ratioMax.toFixed(2)}) | ${cachedRatio} | ${r.callsPerRequest.toFixed(3)} | ${r.redisRoundTripsPerRequest.toFixed(3)} | ${r.redisCommandsPerRequest.toFixed(3)} (${byCommand || 'none'}) | ${r.storeFailures} | ${Math.round(r.appCpuMicrosPerRequest)} | ${r.non2xx + r.errors} |`,
      );
    }
  }
  // bursts are measured on the network variant only (not run with --variants without it)
  if (burstRows.length === 0) return lines.join('\n');
  lines.push('', `Bursts: ${burstRows[0].requests} identical concurrent requests (one session, +${LATENCY_MS} ms backend latency so that they overlap), network variant:`, '');
  lines.push('| framework | session named by | 200 answers | backend calls |', '|---|---|---:|---:|');
  for (const b of burstRows) lines.push(`| ${b.framework} | ${b.mode === 'explicit' ? '`_clerk_session_id`' : 'last active'} | ${b.ok}/${b.requests} | ${b.backendCalls} |`);
  return lines.join('\n');
}
