// Child process: one framework app in one variant, on 127.0.0.1:0. Reports its URL over IPC and
// exits when told to (or when the parent goes away).
import { FRAMEWORKS } from './apps/index.mjs';
import { serveAppProcess } from './child.mjs';

const [framework, variant] = process.argv.slice(2);
// the key comes through the environment, never the command line (visible in `ps`)
const apiUrl = process.env.BENCH_API_URL;
const apiKey = process.env.BENCH_API_KEY;
const start = FRAMEWORKS[framework];
if (start === undefined) throw new TypeError(`@sessiongate/bench: unknown framework ${JSON.stringify(framework)}`);

const app = await start(variant, { apiUrl, apiKey });
serveAppProcess(app.url, () => app.close());
