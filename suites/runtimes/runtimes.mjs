// Starts the case file (cases.mjs) on each runtime, from the pinned npm packages only: Node (this
// process's binary), Bun (bun's platform package, e.g. @oven/bun-linux-x64), Deno (deno's, e.g.
// @deno/linux-x64-glibc) and workerd (miniflare, which runs the workerd package's binary).
// Nothing is downloaded at test time, and nothing relies on an install script having run.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const run = promisify(execFile);

/** The binary a runtime's npm package carries in its optional platform dependency. */
function platformBinary(pkg, platformPkg, file) {
  const fromPkg = createRequire(require.resolve(`${pkg}/package.json`));
  return join(dirname(fromPkg.resolve(`${platformPkg}/package.json`)), file);
}

const arch = { x64: 'x64', arm64: 'aarch64' }[process.arch] ?? process.arch;
export const bunBinary = () => platformBinary('bun', `@oven/bun-${process.platform}-${arch}`, 'bin/bun');
export const denoBinary = () =>
  platformBinary('deno', `@deno/${process.platform}-${process.arch}${process.platform === 'linux' ? '-glibc' : ''}`, 'deno');

const lastJsonLine = (stdout) => JSON.parse(stdout.trim().split('\n').filter((l) => l.startsWith('{')).at(-1));

async function runProcess(file, args, config, extraEnv = {}) {
  const { stdout } = await run(file, args, {
    cwd: here,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...extraEnv, SG_CONFIG: JSON.stringify(config) },
    maxBuffer: 16 * 1024 * 1024,
  });
  return lastJsonLine(stdout);
}

/** Bundles worker.mjs for workerd (the workerd export condition) and runs it in Miniflare. */
export async function bundleWorker(outfile, { entry = join(here, 'worker.mjs'), minify = false } = {}) {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    mainFields: ['module', 'main'],
    // the conditions wrangler bundles a Worker with (lru-cache's 'browser' build has no node:diagnostics_channel)
    conditions: ['workerd', 'worker', 'browser'],
    minify,
    outfile,
    logLevel: 'silent',
  });
  return outfile;
}

async function runWorkerd(config) {
  const dir = await mkdtemp(join(tmpdir(), 'sg-workerd-'));
  const { Miniflare } = await import('miniflare');
  let mf;
  try {
    const scriptPath = await bundleWorker(join(dir, 'worker.js'));
    // the bundle given as contents, under a plain name (workerd refuses a module path with '..')
    const contents = await readFile(scriptPath, 'utf8');
    mf = new Miniflare({
      modules: [{ type: 'ESModule', path: 'worker.js', contents }],
      compatibilityDate: '2026-07-01',
      bindings: { CLERK_API_KEY: config.apiKey, CLERK_API_URL: config.apiUrl },
      // workerd's real HTTP socket, on loopback only: the server case requests it
      host: '127.0.0.1',
      port: 0,
    });
    const selfUrl = new URL(await mf.ready).origin;
    const res = await fetch(`${selfUrl}/__cases`, { method: 'POST', body: JSON.stringify({ ...config, selfUrl }) });
    return JSON.parse(await res.text());
  } finally {
    await mf?.dispose();
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Node.js of another major: the plain binary of the npm package node-<platform>-<arch> at the
 * version package.json pins (sessiongate.nodeVersions), kept in node_modules/.cache/node-<major>/,
 * the folder scripts/test-node-versions.mjs also uses. Installed from the npm registry by npm on
 * first use (once per clone; a clone whose cache holds another version gets the pinned one).
 */
export async function nodeBinary(major) {
  const version = JSON.parse(await readFile(join(here, 'package.json'), 'utf8')).sessiongate.nodeVersions[major];
  const pkg = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
  const root = join(here, '..', '..');
  const prefix = join(root, 'node_modules', '.cache', `node-${major}`);
  const binary = join(prefix, 'node_modules', pkg, 'bin', 'node');
  const installed = await run(binary, ['--version']).then(({ stdout }) => stdout.trim(), () => undefined);
  if (installed !== `v${version}`) {
    await mkdir(prefix, { recursive: true });
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    await run(npm, ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, `${pkg}@${version}`], {
      cwd: prefix,
      maxBuffer: 16 * 1024 * 1024,
    });
  }
  return binary;
}

const otherNode = (major) => ({
  version: async () => (await run(await nodeBinary(major), ['--version'])).stdout.trim(),
  run: async (config) => runProcess(await nodeBinary(major), ['run.mjs'], config),
});

export const runtimes = {
  node: { version: async () => process.version, run: (config) => runProcess(process.execPath, ['run.mjs'], config) },
  node22: otherNode('22'),
  node24: otherNode('24'),
  bun: {
    version: async () => `bun ${(await run(bunBinary(), ['--version'])).stdout.trim()}`,
    run: (config) => runProcess(bunBinary(), ['run.mjs'], config),
  },
  deno: {
    version: async () => (await run(denoBinary(), ['--version'])).stdout.split('\n')[0].trim(),
    run: async (config) => {
      const denoDir = await mkdtemp(join(tmpdir(), 'sg-deno-'));
      try {
        return await runProcess(denoBinary(), ['run', '-A', '--no-config', '--node-modules-dir=manual', 'run.mjs'], config, { DENO_DIR: denoDir, DENO_NO_UPDATE_CHECK: '1' });
      } finally {
        await rm(denoDir, { recursive: true, force: true });
      }
    },
  },
  workerd: {
    version: async () => {
      const workerd = createRequire(require.resolve('miniflare/package.json'))('workerd/package.json').version;
      return `workerd ${workerd} (miniflare ${require('miniflare/package.json').version})`;
    },
    run: runWorkerd,
  },
};
