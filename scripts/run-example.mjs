#!/usr/bin/env node
// `npm start` in an example (and `npm run demo` at the root): installs the workspace, builds
// what the example needs (turbo's --filter=<example>...: its workspace dependencies, and the
// example itself where it has a build, such as next build), with a line per finished task,
// then runs the example's entry (its package.json "main") with the arguments given.
//   node scripts/run-example.mjs [example-folder] [args for the example…]
// Without a folder, the example is the one in the current directory.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { checkNode } from './check-node.mjs';
import { install, printFailures, quietEnv, root, runTasks } from './workspace.mjs';

checkNode();

const [first, ...rest] = process.argv.slice(2);
const named = first !== undefined && !first.startsWith('-') && existsSync(join(root, 'examples', first, 'package.json'));
const dir = named ? join(root, 'examples', first) : process.cwd();
const args = named ? rest : process.argv.slice(2);
const manifestPath = join(dir, 'package.json');
const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : {};
if (!manifest.name?.startsWith('@sessiongate/example-') || typeof manifest.main !== 'string') {
  console.error(`run-example: ${dir} is not an example (examples/*: ${basename(dir)} has no @sessiongate/example-* package.json with a "main")`);
  process.exit(1);
}

if (!(await install())) process.exit(1);
const { ok, tasks } = await runTasks(['build'], { filters: [`${manifest.name}...`], title: `build for ${manifest.name}` });
if (!ok) {
  printFailures(tasks);
  process.exit(1);
}
console.log(`• start: node ${manifest.main}${args.length ? ` ${args.join(' ')}` : ''} (in ${dir.slice(root.length)})\n`);
const child = spawn(process.execPath, [manifest.main, ...args], { cwd: dir, env: quietEnv, stdio: 'inherit' });
// Ctrl-C reaches the example through the terminal; this process only waits for it.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('close', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
