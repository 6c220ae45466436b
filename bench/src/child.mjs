import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Forks one of the bench's child scripts and waits for its `ready` message. `call(op, args)` sends
 * `{ id, op, ...args }` and resolves with the child's answer; `close()` asks it to exit, then kills
 * it if it has not within 5 s.
 */
export async function startChild(script, args = [], env = {}, execArgv = []) {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), args, {
    env: { ...process.env, NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: [...process.execArgv, ...execArgv],
  });
  const pending = new Map();
  let nextId = 1;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const ready = new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`@sessiongate/bench: ${script} exited with ${code} before it was ready`)));
    child.on('message', (m) => {
      if (m?.op === 'ready') return resolve(m);
      const p = pending.get(m?.id);
      if (p === undefined) return;
      pending.delete(m.id);
      if (m.error !== undefined) p.reject(new Error(m.error));
      else p.resolve(m.result ?? m);
    });
  });
  const info = await ready;
  return {
    info,
    pid: child.pid,
    call(op, args = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        child.send({ id, op, ...args });
      });
    },
    async close() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.send({ op: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * The child side of {@link startChild} for an app process: answers `cpu` (this process's user +
 * system CPU time in µs, for the app's CPU cost per request) and `stats` (`stats()`: counters of
 * the apps that have any), closes the app and exits on `close` or when the parent goes away, and
 * reports `ready` with `info` (the app's URL or URLs).
 */
function serveAppProcess(info, close, stats = () => ({})) {
  const stop = async () => {
    await close();
    process.exit(0);
  };
  process.on('message', (m) => {
    if (m?.op === 'close') void stop();
    if (m?.op === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send({ op: 'cpu', id: m.id, micros: user + system });
    }
    if (m?.op === 'stats') process.send({ op: 'stats', id: m.id, result: stats() });
  });
  process.on('disconnect', () => void stop());
  process.send({ ...info, op: 'ready' });
}

/**
 * {@link serveAppProcess} for an app process holding one app per variant: starts each variant's
 * app with `start(variant)` (resolving to `{ url, close }`), one after the other, reports `urls`
 * (variant -> URL) and closes them all on exit; `stats` answers variant -> `app.stats()` for the
 * apps that have it (the redis variant: its store's counters).
 */
export async function serveAppsProcess(variants, start) {
  const apps = {};
  for (const variant of variants) apps[variant] = await start(variant);
  const urls = Object.fromEntries(Object.entries(apps).map(([variant, app]) => [variant, app.url]));
  const stats = () => Object.fromEntries(Object.entries(apps).filter(([, app]) => typeof app.stats === 'function').map(([variant, app]) => [variant, app.stats()]));
  serveAppProcess({ urls }, () => Promise.all(Object.values(apps).map((app) => app.close())), stats);
}
