// Micro-benchmark (issue 7): CPU cost of the core's decision, through the public API of the built
// core (`Clerk#authenticateRequest`), on a cache hit and on requests refused without a backend call.
// The transport is an in-process stub: it is only reached to warm the cache, and counted.
//
//   node src/micro.mjs [--write ../BENCHMARKS.md]
// Targets: cache hit < 20 µs, malformed < 5 µs (and no backend call).
import { parseArgs } from 'node:util';
import { Clerk } from '@sessiongate/core';
import { bench, do_not_optimize, run } from 'mitata';
import { machine, replaceSection } from './report.mjs';

const { values: args } = parseArgs({ options: { write: { type: 'string' }, iterations: { type: 'string', default: '200000' } } });

const SESSION_ID = 'sess_2AbCdEf9xyzQ7';
const sessionWire = {
  object: 'session', id: SESSION_ID, client_id: 'client_2AbCdEf9', user_id: 'user_2AbCdEf9', status: 'active',
  last_active_at: 1_700_000_000_000, expire_at: 1_800_000_000_000, abandon_at: 1_800_000_000_000,
  created_at: 1_700_000_000_000, updated_at: 1_700_000_000_000,
};
const clientWire = {
  object: 'client', id: 'client_2AbCdEf9', session_ids: [SESSION_ID], sessions: [sessionWire], sign_in_attempt_id: null,
  sign_up_attempt_id: null, last_active_session_id: SESSION_ID, created_at: 1_700_000_000_000, updated_at: 1_700_000_000_000,
};
let backendCalls = 0;
const transport = async (req) => {
  backendCalls++;
  const body = JSON.stringify(req.url.endsWith('/clients/verify') ? clientWire : sessionWire);
  return { status: 200, headers: { 'content-type': 'application/json' }, body };
};
const clerk = new Clerk({ apiKey: 'sk_test_micro', apiUrl: 'http://127.0.0.1:9', transport, logger: false, cache: { ttlMs: 60_000 } });
const authenticate = clerk.authenticateRequest;

// What Node hands an adapter for a browser request: a dozen headers, several cookies.
const token = 'dGhpcyBpcyBub3QgYSByZWFsIGNsaWVudCB0b2tlbiBidXQgaXQgaGFzIHRoZSBsZW5ndGggb2Ygb25l';
const headers = {
  host: 'app.example.test', connection: 'keep-alive', 'sec-ch-ua': '"Chromium";v="130"', 'sec-ch-ua-mobile': '?0',
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36',
  accept: 'application/json', 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', referer: 'https://app.example.test/dashboard',
  'accept-encoding': 'gzip, deflate, br', 'accept-language': 'en-GB,en;q=0.9',
  cookie: `_ga=GA1.2.1234567890.1700000000; theme=dark; __session=${token}; __client_uat=1700000000; other=1`,
};
const REQUESTS = {
  'cache hit, `_clerk_session_id`': { method: 'GET', url: `/api/me?page=2&_clerk_session_id=${SESSION_ID}`, headers },
  'cache hit, last active': { method: 'GET', url: '/api/me?page=2', headers },
  'malformed session id (`../users/x`)': { method: 'GET', url: '/api/me?_clerk_session_id=..%2Fusers%2Fx', headers },
  'malformed session id (repeated)': { method: 'GET', url: `/api/me?_clerk_session_id=${SESSION_ID}&_clerk_session_id=${SESSION_ID}`, headers },
  'malformed token (`<` in cookie)': { method: 'GET', url: '/api/me', headers: { ...headers, cookie: '_ga=1; __session=a<b>c; x=1' } },
  'malformed token (8193 chars)': { method: 'GET', url: '/api/me', headers: { ...headers, cookie: `__session=${'a'.repeat(8193)}` } },
  'no token': { method: 'GET', url: '/api/me', headers: { ...headers, cookie: '_ga=1; theme=dark' } },
};
const TARGET_US = { cache: 20, refused: 5 };
const targetOf = (name) => (name.startsWith('cache') ? TARGET_US.cache : TARGET_US.refused);

// Warm the cache (2 backend calls: one per mode), and check every request decides as expected.
for (const [name, req] of Object.entries(REQUESTS)) {
  const state = await authenticate(req);
  const expected = name.startsWith('cache') ? 'signed-in' : 'signed-out';
  if (state.status !== expected) throw new Error(`@sessiongate/bench: "${name}" decided ${state.status}, expected ${expected}`);
}
const warmCalls = backendCalls;

for (const [name, req] of Object.entries(REQUESTS)) {
  bench(name, async () => do_not_optimize(await authenticate(req)));
}
const { benchmarks } = await run({ format: 'quiet' });

// CPU time (user + system) of a long sequential loop: unlike wall time, not inflated when another
// process on this shared machine takes the core.
const iterations = Number(args.iterations);
const cpu = {};
for (const [name, req] of Object.entries(REQUESTS)) {
  const before = process.cpuUsage();
  for (let i = 0; i < iterations; i++) await authenticate(req);
  const used = process.cpuUsage(before);
  cpu[name] = (used.user + used.system) / iterations;
}
const extraCalls = backendCalls - warmCalls;

const m = machine();
const rows = benchmarks.map((b) => {
  const stats = b.runs[0].stats;
  const target = targetOf(b.alias);
  const cpuUs = cpu[b.alias];
  return `| ${b.alias} | ${(stats.avg / 1000).toFixed(2)} | ${(stats.p50 / 1000).toFixed(2)} | ${(stats.p99 / 1000).toFixed(2)} | ${cpuUs.toFixed(2)} | < ${target} | ${cpuUs < target ? 'met' : '**missed**'} |`;
});
const report = [
  `Measured ${m.date} on ${m.nproc} cores (${m.cpu}), Node ${m.node}, load average ${m.loadavg}.`,
  'Command: `cd bench && npm run bench:micro` (also the first step of `npm run bench`).',
  '`Clerk#authenticateRequest` of the built core, awaited, with a realistic Node header object (13 headers, 5 cookies);',
  'time per call from mitata (wall clock), and CPU time per call (`process.cpuUsage`) over a loop of ' + iterations.toLocaleString('en') + ' sequential calls.',
  '',
  '| request | mitata avg µs | p50 µs | p99 µs | CPU µs / call | target µs | |',
  '|---|---:|---:|---:|---:|---:|---|',
  ...rows,
  '',
  `Backend calls after the warm-up (2 calls, one per mode): ${extraCalls} (expected 0).`,
].join('\n');
console.log(report);
if (args.write) replaceSection(args.write, 'micro', report);
if (extraCalls !== 0) {
  console.error('@sessiongate/bench: the decisions above made backend calls after the warm-up');
  process.exitCode = 1;
}
