// Child process: one framework's apps, one per variant, each on its own 127.0.0.1 port and each
// with its own server and framework instance. Reports `urls` (variant -> URL) over IPC and exits
// when told to (or when the parent goes away).
//
// The variants share the process on purpose: two processes of the same app differ by up to ~20%
// in CPU per request on this kind of machine (JIT, memory layout), which dwarfs what an adapter
// costs; in one process every variant gets the same luck, so a ratio compares variants only.
import { FRAMEWORKS } from './apps/index.mjs';
import { serveAppsProcess } from './child.mjs';

const [framework, variants] = process.argv.slice(2);
// the key comes through the environment, never the command line (visible in `ps`)
const apiUrl = process.env.BENCH_API_URL;
const apiKey = process.env.BENCH_API_KEY;
// the redis variant's Redis (started by the load runner), when it is asked for
const redisUrl = process.env.BENCH_REDIS_URL;
const start = FRAMEWORKS[framework];
if (start === undefined) throw new TypeError(`@sessiongate/bench: unknown framework ${JSON.stringify(framework)}`);

await serveAppsProcess(variants.split(','), (variant) => start(variant, { apiUrl, apiKey, redisUrl }));
