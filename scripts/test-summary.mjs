#!/usr/bin/env node
// Adds up the JSON reports that every package's vitest run wrote (test-results/vitest.json,
// see vitest.shared.ts) and ends with one line, "Tests: N passed, N failed, N skipped", so
// that a reader (and CI) sees how many tests ran across the whole workspace. Before it: the
// failing tests by name, and why tests were skipped (each skipping test file says why in a
// "// skip-reason: …" comment). Exits non-zero when a test failed, when a package that has
// tests left no report, or when nothing ran.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Workspace folders that have a test script, as pnpm-workspace.yaml lists them: { rel, name }. */
export function testedPackages() {
  const dirs = [
    ...['packages', 'examples', 'suites'].flatMap((group) => (existsSync(join(root, group)) ? readdirSync(join(root, group)).map((name) => `${group}/${name}`) : [])),
    'bench',
  ];
  return dirs.flatMap((rel) => {
    const manifest = join(root, rel, 'package.json');
    if (!existsSync(manifest)) return [];
    const { name, scripts = {} } = JSON.parse(readFileSync(manifest, 'utf8'));
    return scripts.test ? [{ rel, name }] : [];
  });
}

function skipReason(file) {
  try {
    return /\/\/ skip-reason: (.+)/.exec(readFileSync(file, 'utf8'))?.[1]?.trim() ?? 'no reason given in the file';
  } catch {
    return 'no reason given in the file';
  }
}

/**
 * Prints the summary. `tasks` (from a turbo run summary, optional) tells a package whose tests
 * did not run because its build failed from one whose report is missing for another reason.
 */
export function summarize({ tasks = [] } = {}) {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const rows = [];
  const failures = [];
  const reasons = new Map();
  const missing = [];
  const crashed = [];

  /** Adds one vitest JSON report to the totals; returns its failed count. */
  const count = (r, label) => {
    const skippedHere = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
    let failedHere = r.numFailedTests ?? 0;
    passed += r.numPassedTests ?? 0;
    skipped += skippedHere;
    for (const file of r.testResults ?? []) {
      for (const t of file.assertionResults ?? []) {
        if (t.status === 'failed') {
          const first = String(t.failureMessages?.[0] ?? '').split('\n')[0];
          failures.push(`  ✗ ${label}: ${relative(root, file.name)} > ${t.fullName}\n      ${first.slice(0, 300)}`);
        } else if (t.status === 'pending' || t.status === 'skipped' || t.status === 'todo') {
          const why = skipReason(file.name);
          reasons.set(why, (reasons.get(why) ?? 0) + 1);
        }
      }
      // a file that failed to load or threw outside any test has no failed test to name
      if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed')) {
        failures.push(`  ✗ ${label}: ${relative(root, file.name)}: ${String(file.message ?? 'failed outside any test').split('\n')[0].slice(0, 300)}`);
        failedHere += 1;
      }
    }
    failed += failedHere;
    rows.push(`  ${label.padEnd(38)} ${r.numPassedTests} passed, ${failedHere} failed, ${skippedHere} skipped`);
    return failedHere;
  };

  for (const { rel, name } of testedPackages()) {
    const task = tasks.find((t) => t.taskId === `${name}#test`);
    const report = join(root, rel, 'test-results', 'vitest.json');
    if (!existsSync(report)) {
      missing.push(task && task.exitCode === null ? `${rel} (not run: a task it depends on failed)` : rel);
      continue;
    }
    // this run's report, and those of the same tests on other Node.js majors (scripts/test-node-versions.mjs)
    const others = readdirSync(join(root, rel, 'test-results')).filter((f) => /^vitest-node\d+\.json$/.test(f)).sort();
    let failedHere = 0;
    for (const [file, label] of [[report, rel], ...others.map((f) => [join(root, rel, 'test-results', f), `${rel} (node ${/\d+/.exec(f)[0]})`])]) {
      failedHere += count(JSON.parse(readFileSync(file, 'utf8')), label);
    }
    if (task && task.exitCode !== 0 && task.exitCode !== null && failedHere === 0) crashed.push(task);
  }

  console.log('');
  for (const row of rows) console.log(row);
  if (failures.length > 0) console.log(`\nFailing tests:\n${failures.join('\n')}`);
  for (const t of crashed) console.log(`\n${t.taskId} exited ${t.exitCode} with no failing test: see ${t.logFile}`);
  if (missing.length > 0) console.log(`\nNo test report from: ${missing.join(', ')}`);
  if (skipped > 0) console.log(`\n${skipped} skipped: ${[...reasons].map(([why, n]) => `${n} ${why}`).join('; ')}`);
  console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  return { ok: failed === 0 && missing.length === 0 && crashed.length === 0 && passed > 0, passed, failed, skipped };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.exit(summarize().ok ? 0 : 1);
}
