// `npm start` (node start.mjs): runs server.mjs on Bun, the binary of the pinned `bun` npm
// package (its platform package, @oven/bun-<platform>-<arch>: bun's postinstall need not have run).
// Without CLERK_API_URL, it first starts an emulator on Node with two seeded users and writes a
// cookie jar signed in as Alice, for curl.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runtimeEnv, startDevEmulator, waitForListening } from './dev.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The bun binary of the pinned npm package. */
export function bunBinary() {
  const arch = { x64: 'x64', arm64: 'aarch64' }[process.arch] ?? process.arch;
  const fromBun = createRequire(require.resolve('bun/package.json'));
  return join(dirname(fromBun.resolve(`@oven/bun-${process.platform}-${arch}/package.json`)), 'bin', 'bun');
}

/**
 * Starts the app on Bun (and, without CLERK_API_URL in `env`, an emulator on Node).
 * @param {{ port?: number, env?: Record<string, string | undefined> }} [options]
 */
export async function startExample({ port = Number(process.env.PORT ?? 3005), env = process.env } = {}) {
  const dev = env.CLERK_API_URL ? undefined : await startDevEmulator('bun');
  const child = spawn(bunBinary(), ['server.mjs'], {
    cwd: here,
    env: runtimeEnv(port, dev, env),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return waitForListening(child, dev);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = await startExample();
  app.printHelp('Bun');
}
