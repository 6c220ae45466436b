// What `npm test`, `npm run demo` and the examples' `npm start` share: the pinned pnpm through
// npx, a quiet install, and a turbo run that prints one line per finished task instead of
// every task's output (which goes to each task's log file, printed when the task fails).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));
const PNPM_VERSION = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).packageManager.replace(/^pnpm@/, '');

/** Turbo's and Next's telemetry notices say nothing a person running the tests needs. */
export const quietEnv = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', NEXT_TELEMETRY_DISABLED: '1', COREPACK_ENABLE_STRICT: '0' };

/** The command line that runs the pinned pnpm (corepack's signature check fails on some machines). */
export function pnpmCommand(args) {
  return { command: process.platform === 'win32' ? 'npx.cmd' : 'npx', args: ['--yes', `pnpm@${PNPM_VERSION}`, ...args] };
}

/** Runs pnpm with `args`; resolves { code, output } where output is stdout and stderr together. */
export function pnpm(args, { onLine } = {}) {
  const { command, args: full } = pnpmCommand(args);
  return new Promise((resolve, reject) => {
    const child = spawn(command, full, { cwd: root, env: quietEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let pending = '';
    const take = (chunk) => {
      const text = chunk.toString();
      output += text;
      if (!onLine) return;
      pending += text;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => {
      if (onLine && pending !== '') onLine(pending);
      resolve({ code: code ?? 1, output });
    });
  });
}

const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)}s`;

/** `pnpm install --frozen-lockfile`, silent unless it fails (then its whole output is shown). */
export async function install() {
  const started = Date.now();
  process.stdout.write('• install: pnpm install --frozen-lockfile … ');
  const { code, output } = await pnpm(['install', '--frozen-lockfile', '--reporter=append-only']);
  if (code !== 0) {
    console.log('failed');
    console.log(output);
    return false;
  }
  console.log(`done (${seconds(started)})`);
  return true;
}

// A grouped turbo log: each task's lines arrive together, once it has finished, prefixed
// "package:task: "; a failed one holds pnpm's ELIFECYCLE line. A task's block ends where the
// next one (or turbo's own summary) begins. Turbo's own word on a failed task
// ("package#task:  ERROR  command … exited (1)") may come later, after other blocks.
const TASK_LINE = /^(@?[\w./-]+):([\w-]+): (.*)$/;
const TURBO_FAILED = /^(@?[\w./-]+)#([\w-]+):\s+ERROR\b/;

/**
 * Runs turbo `tasks` over `filters` (none: the whole workspace) with a progress line per
 * finished task, continuing past a failure wherever the failed task is not a dependency.
 * Resolves { ok, tasks } where tasks come from turbo's run summary: { taskId, exitCode,
 * logFile } for each task that ran, and exitCode null for those skipped because a
 * dependency failed.
 */
export async function runTasks(tasks, { filters = [], title }) {
  const started = Date.now();
  const filterArgs = filters.map((f) => `--filter=${f}`);
  const dry = await pnpm(['exec', 'turbo', 'run', ...tasks, ...filterArgs, '--dry=json']);
  // tasks that a package has no script for are in the plan, but never run nor print
  const planned = dry.code === 0 ? JSON.parse(dry.output.slice(dry.output.indexOf('{'))).tasks.filter((t) => t.command !== '<NONEXISTENT>').length : undefined;
  console.log(`• ${title}: ${planned ?? 'the'} tasks, turbo with 2 at a time`);

  let done = 0;
  let current = null; // { id, failed, cached }
  const failed = new Set();
  const report = (mark, id, note) => {
    const [pkg, task] = id.split('#');
    console.log(`  ${mark} ${String(done).padStart(3)}/${planned ?? '?'} ${seconds(started).padStart(5)}  ${task.padEnd(9)} ${pkg}${note}`);
  };
  const finish = () => {
    if (current === null) return;
    done += 1;
    if (current.failed) failed.add(current.id);
    report(current.failed ? '✗' : '✓', current.id, current.failed ? '  failed' : current.cached ? '  (cached)' : '');
    current = null;
  };
  let summaryPath = null;
  const { code, output } = await pnpm(
    ['exec', 'turbo', 'run', ...tasks, ...filterArgs, '--continue=dependencies-successful', '--concurrency=2', '--log-order=grouped', '--ui=stream', '--summarize'],
    {
      onLine: (text) => {
        const late = TURBO_FAILED.exec(text);
        if (late !== null) {
          const id = `${late[1]}#${late[2]}`;
          if (current?.id === id) current.failed = true;
          else if (!failed.has(id)) {
            failed.add(id);
            report('✗', id, '  failed (see below)');
          }
          return;
        }
        const m = TASK_LINE.exec(text);
        if (m === null) {
          const summary = /Summary:\s+(\S+\.json)/.exec(text);
          if (summary) summaryPath = summary[1];
          if (/^\s*Tasks:/.test(text)) finish();
          return;
        }
        const id = `${m[1]}#${m[2]}`;
        if (current?.id !== id) {
          finish();
          current = { id, failed: false, cached: false };
        }
        if (/^cache hit/.test(m[3])) current.cached = true;
        if (/ELIFECYCLE/.test(m[3])) current.failed = true;
      },
    },
  );
  finish();
  if (summaryPath === null) {
    // turbo stopped before running anything (a bad turbo.json, a missing workspace…)
    console.log(output);
    return { ok: false, tasks: [] };
  }
  const summary = JSON.parse(readFileSync(summaryPath, 'utf8'));
  const ran = summary.tasks.map((t) => ({ taskId: t.taskId, exitCode: t.execution?.exitCode ?? null, logFile: t.logFile, directory: t.directory }));
  console.log(`  ${title} finished in ${seconds(started)}`);
  return { ok: code === 0, tasks: ran };
}

/** Prints the end of each failed task's log, so that a failure reads on its own. */
export function printFailures(tasks, { lines = 60, except = () => false } = {}) {
  for (const t of tasks.filter((x) => x.exitCode !== null && x.exitCode !== 0 && !except(x))) {
    let log = '';
    try {
      log = readFileSync(`${root}${t.logFile}`, 'utf8');
    } catch {
      log = '(no log file)';
    }
    const tail = log.trimEnd().split('\n').slice(-lines).join('\n');
    console.log(`\n── ${t.taskId} failed (exit ${t.exitCode}); the last ${lines} lines of ${t.logFile}:\n${tail}`);
  }
  const blocked = tasks.filter((x) => x.exitCode === null);
  if (blocked.length > 0) console.log(`\nNot run, because a task they depend on failed: ${blocked.map((t) => t.taskId).join(', ')}`);
}
