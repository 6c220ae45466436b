#!/usr/bin/env node
// Runs the pinned pnpm through npx, so a fresh clone needs only Node and npm
// (corepack's signature check fails on some machines).
import { spawnSync } from 'node:child_process';

const PNPM_VERSION = '10.34.9';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const result = spawnSync(npx, ['--yes', `pnpm@${PNPM_VERSION}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, COREPACK_ENABLE_STRICT: '0' },
});
if (result.error) {
  console.error(`scripts/pnpm.mjs: could not start pnpm: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
