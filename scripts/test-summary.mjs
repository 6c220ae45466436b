#!/usr/bin/env node
// Adds up the JSON reports that every package's vitest run wrote
// (test-results/vitest.json) and prints one closing line, "N passed, N failed, N skipped",
// so that a CI reader sees how many tests ran across the whole workspace.
// Exits non-zero when a test failed, when a report is missing, or when nothing ran.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
// Workspace folders as pnpm-workspace.yaml lists them: groups of packages, and bench/ itself.
const groups = ['packages', 'examples', 'suites'];
const singles = ['bench'];
let passed = 0;
let failed = 0;
let skipped = 0;
const missing = [];

const packageDirs = [
  ...groups.flatMap((group) => (existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => `${group}/${name}`) : [])),
  ...singles,
];

for (const rel of packageDirs) {
  const manifest = join(root, rel, 'package.json');
  if (!existsSync(manifest)) continue;
  const { scripts = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!scripts.test) continue;
  const report = join(root, rel, 'test-results', 'vitest.json');
  if (!existsSync(report)) {
    missing.push(rel);
    continue;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  const skippedHere = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += skippedHere;
  console.log(`  ${rel.padEnd(28)} ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skippedHere} skipped`);
}

if (missing.length > 0) console.error(`test-summary: no vitest report for ${missing.join(', ')}`);
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || missing.length > 0 || passed === 0 ? 1 : 0);
