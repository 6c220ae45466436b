// `npm start` (node start.mjs): bundles worker.mjs with esbuild under the conditions wrangler uses
// (workerd, worker, browser: @sessiongate/* bring the platform fetch, no undici, no node: import)
// and serves it with workerd through Miniflare (the pinned npm package) on 127.0.0.1 (PORT,
// default 3007), CLERK_API_KEY and CLERK_API_URL given as the Worker's bindings. Without
// CLERK_API_URL, it first starts an emulator on Node with two seeded users and writes a cookie
// jar signed in as Alice, for curl.
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { Miniflare } from 'miniflare';
import { startDevEmulator } from './dev.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The Worker bundle, in memory. */
export async function bundleWorker() {
  const result = await build({
    entryPoints: [join(here, 'worker.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'browser'],
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/**
 * Starts the Worker in workerd (and, without CLERK_API_URL in `env`, an emulator on Node).
 * @param {{ port?: number, env?: Record<string, string | undefined> }} [options]
 */
export async function startExample({ port = Number(process.env.PORT ?? 3007), env = process.env } = {}) {
  const dev = env.CLERK_API_URL ? undefined : await startDevEmulator('workers');
  const bindings = {};
  const apiKey = dev?.emulator.apiKey ?? env.CLERK_API_KEY;
  const apiUrl = dev?.emulator.url ?? env.CLERK_API_URL;
  if (apiKey !== undefined) bindings.CLERK_API_KEY = apiKey;
  if (apiUrl !== undefined) bindings.CLERK_API_URL = apiUrl;
  let mf;
  try {
    mf = new Miniflare({
      // the bundle given as contents, under a plain name (workerd refuses a module path with '..')
      modules: [{ type: 'ESModule', path: 'worker.js', contents: await bundleWorker() }],
      compatibilityDate: '2026-07-01',
      bindings,
      host: '127.0.0.1',
      port,
    });
    const url = new URL(await mf.ready).origin;
    const close = async () => {
      await mf.dispose();
      await dev?.emulator.close();
    };
    return {
      url,
      emulator: dev?.emulator,
      close,
      printHelp() {
        console.log(`Workers example (workerd through Miniflare) listening on ${url}`);
        console.log(`Backend API: ${dev ? `${dev.emulator.url} (emulator on Node)` : apiUrl}`);
        console.log(`Try: curl -i ${url}/api/me   (401: no cookie)`);
        if (dev) console.log(`     curl -b ${dev.jar} ${url}/api/me   (200: Alice, signed in on the emulator)`);
        for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void close().then(() => process.exit(0)));
      },
    };
  } catch (error) {
    await mf?.dispose();
    await dev?.emulator.close();
    throw error;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = await startExample();
  app.printHelp();
}
