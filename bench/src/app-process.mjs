// Child process: one framework app in one variant, on 127.0.0.1:0. Reports its URL over IPC and
// exits when told to (or when the parent goes away).
import { FRAMEWORKS } from './apps/index.mjs';

const [framework, variant] = process.argv.slice(2);
// the key comes through the environment, never the command line (visible in `ps`)
const apiUrl = process.env.BENCH_API_URL;
const apiKey = process.env.BENCH_API_KEY;
const start = FRAMEWORKS[framework];
if (start === undefined) throw new TypeError(`@sessiongate/bench: unknown framework ${JSON.stringify(framework)}`);

const app = await start(variant, { apiUrl, apiKey });
const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('message', (m) => {
  if (m?.op === 'close') void stop();
  // CPU time of this process (user + system, µs), to report the app's CPU cost per request
  if (m?.op === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send({ op: 'cpu', id: m.id, micros: user + system });
  }
});
process.on('disconnect', () => void stop());
process.send({ op: 'ready', url: app.url });
