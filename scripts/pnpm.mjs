#!/usr/bin/env node
// Runs the pinned pnpm (package.json "packageManager") through npx, so a fresh clone needs
// only Node and npm (corepack's signature check fails on some machines).
import { spawnSync } from 'node:child_process';
import { pnpmCommand, quietEnv } from './workspace.mjs';

const { command, args } = pnpmCommand(process.argv.slice(2));
const result = spawnSync(command, args, { stdio: 'inherit', env: quietEnv });
if (result.error) {
  console.error(`scripts/pnpm.mjs: could not start pnpm: ${result.error.message}`);
  process.exit(1);
}
process.exit(result.status ?? 1);
