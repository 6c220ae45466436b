#!/usr/bin/env node
// Stops with one clear line when this Node.js is older than the workspace's engines field
// (package.json "engines.node", ">=MAJOR.MINOR"), before any work is done. Kept to syntax and
// APIs that every Node.js since 12 parses and has, so that it can name an old Node instead of
// crashing on it. Used by `npm test`, `npm run demo` and each example's `npm start`; run it
// alone with `node scripts/check-node.mjs`.
import { readFileSync } from 'node:fs';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const wanted = /^>=\s*(\d+)\.(\d+)/.exec(manifest.engines.node);
if (!wanted) throw new Error(`scripts/check-node.mjs: cannot read engines.node ${JSON.stringify(manifest.engines.node)}`);

/** The required version ("20.19"), or null when `version` ("v20.20.2") satisfies it. */
export function missingNode(version = process.version) {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number);
  const [needMajor, needMinor] = [Number(wanted[1]), Number(wanted[2])];
  const ok = major > needMajor || (major === needMajor && minor >= needMinor);
  return ok ? null : `${needMajor}.${needMinor}`;
}

/** Exits the process with the one-line reason when this Node.js is too old. */
export function checkNode() {
  const need = missingNode();
  if (need !== null) {
    console.error(`sessiongate needs Node.js ${need} or newer; this is ${process.version.replace(/^v/, '')}`);
    process.exit(1);
  }
}

if (process.argv[1] && new URL(import.meta.url).pathname === process.argv[1]) checkNode();
