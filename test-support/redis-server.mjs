// A real redis-server for tests (Debian's /usr/bin/redis-server): each suite starts its own on a
// free loopback port with a temporary directory, no persistence, and stops it. No mock stands in
// for Redis. Shared by packages/redis, examples/multi-instance and bench.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const READY_MS = 15_000;

/** A free TCP port on 127.0.0.1 (asked from the kernel, then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function launch(port, dir, extraArgs) {
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--dir', dir,
    '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', '',
    // DEBUG SLEEP (the slowness faults) is refused by Redis 7 unless enabled
    '--enable-debug-command', 'local',
    ...extraArgs,
  ];
  const child = spawn(process.env.REDIS_SERVER ?? 'redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`redis-server did not start within ${READY_MS} ms:\n${output.slice(-2000)}`));
    }, READY_MS);
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        child.stderr.resume();
        resolve(child);
      }
    };
    child.stdout.setEncoding('utf8').on('data', onData);
    child.stderr.setEncoding('utf8').on('data', (c) => (output += c));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code} before it was ready:\n${output.slice(-2000)}`));
    });
  });
}

function stopChild(child, signal = 'SIGTERM') {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/**
 * Starts redis-server on 127.0.0.1 and a free port.
 * @param {{ args?: string[] }} [options] extra server arguments (`['--maxmemory', '2mb']`)
 * @returns {Promise<{ url: string, port: number, kill(): Promise<void>, restart(): Promise<void>, stop(): Promise<void> }>}
 *   `kill()` ends it abruptly (SIGKILL), `restart()` starts it again on the same port (empty),
 *   `stop()` ends it for good and removes its directory.
 */
export async function startRedisServer({ args = [] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'sessiongate-redis-'));
  let port;
  let child;
  for (let attempt = 0; ; attempt++) {
    port = await freePort();
    try {
      child = await launch(port, dir, args);
      break;
    } catch (error) {
      // the port was taken between asking and binding: try another, a few times
      if (attempt >= 2) {
        rmSync(dir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    /** The running server's process id (changes on `restart()`). */
    get pid() {
      return child.pid;
    },
    kill: () => stopChild(child, 'SIGKILL'),
    async restart() {
      await stopChild(child, 'SIGKILL');
      child = await launch(port, dir, args);
    },
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
