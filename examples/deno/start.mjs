// `npm start` (node start.mjs): runs server.mjs on Deno, the binary of the pinned `deno` npm
// package (its platform package, @deno/<platform>-<arch>), with only the permissions it needs:
// the network on 127.0.0.1 and the environment. Without CLERK_API_URL, it first starts an
// emulator on Node with two seeded users and writes a cookie jar signed in as Alice, for curl.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runtimeEnv, startDevEmulator, waitForListening } from './dev.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

/** The deno binary of the pinned npm package. */
export function denoBinary() {
  const fromDeno = createRequire(require.resolve('deno/package.json'));
  const platform = `@deno/${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`;
  return join(dirname(fromDeno.resolve(`${platform}/package.json`)), process.platform === 'win32' ? 'deno.exe' : 'deno');
}

export const DENO_ARGS = ['run', '--allow-net=127.0.0.1', '--allow-env', '--no-config', '--node-modules-dir=manual', 'server.mjs'];

/**
 * Starts the app on Deno (and, without CLERK_API_URL in `env`, an emulator on Node).
 * @param {{ port?: number, env?: Record<string, string | undefined> }} [options]
 */
export async function startExample({ port = Number(process.env.PORT ?? 3006), env = process.env } = {}) {
  const dev = env.CLERK_API_URL ? undefined : await startDevEmulator('deno');
  const child = spawn(denoBinary(), DENO_ARGS, {
    cwd: here,
    env: { ...runtimeEnv(port, dev, env), DENO_NO_UPDATE_CHECK: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return waitForListening(child, dev);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const app = await startExample();
  app.printHelp('Deno');
}
