#!/usr/bin/env node
// `npm test`: install (frozen lockfile), then build, typecheck, lint and test every package in
// one turbo run, one progress line per task; then the failures, if any, and the count.
// Every package's output is kept in its own log (packages/x/.turbo/turbo-<task>.log).
import { readdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkNode } from './check-node.mjs';
import { install, printFailures, root, runTasks } from './workspace.mjs';
import { summarize, testedPackages } from './test-summary.mjs';

checkNode();

// Reports of an earlier run (on this Node.js or others) must not be counted as this run's.
for (const { rel } of testedPackages()) {
  const results = join(root, rel, 'test-results');
  if (!existsSync(results)) continue;
  for (const file of readdirSync(results)) if (/^vitest.*\.json$/.test(file)) rmSync(join(results, file));
}

if (!(await install())) process.exit(1);
const { ok, tasks } = await runTasks(['build', 'typecheck', 'lint', 'test'], { title: 'build, typecheck, lint and test' });
// A failed test task is told by its failing tests (below), not by the tail of its log.
printFailures(tasks, { except: (t) => t.taskId.endsWith('#test') });
const { ok: testsOk } = summarize({ tasks });
process.exit(ok && testsOk ? 0 : 1);
