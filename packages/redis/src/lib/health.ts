import type { RedisLikeClient } from './redis-like.js';
import { withTimeout } from './op-timeout.js';

type Log = (level: 'warn' | 'error', message: string) => void;

/**
 * Whether Redis is usable, with one line per outage and one per recovery. A connection failure
 * or a timeout marks it down: operations are then skipped (a miss at once, no request waits on
 * Redis) while one PING every `probeIntervalMs` looks for its return. Refused writes (an OOM under
 * `maxmemory` with `noeviction`, a read-only replica) are tracked apart: reads go on meanwhile.
 */
export interface Health {
  readonly up: boolean;
  failed(error: unknown): void;
  writeRefused(error: unknown): void;
  writeAccepted(): void;
  stop(): void;
}

export function createHealth(client: RedisLikeClient, probeIntervalMs: number, opTimeoutMs: number, log: Log): Health {
  let up = true;
  let writesRefused = false;
  let probe: ReturnType<typeof setInterval> | undefined;
  let probing = false;

  const recover = () => {
    if (up) return;
    up = true;
    if (probe !== undefined) clearInterval(probe);
    probe = undefined;
    log('warn', 'Redis answers again; the shared verification cache is in use again.');
  };

  const startProbe = () => {
    probe = setInterval(() => {
      if (probing || !client.isReady) return;
      probing = true;
      withTimeout(client.sendCommand(['PING']), Math.max(opTimeoutMs, 1_000)).then(
        () => {
          probing = false;
          recover();
        },
        () => {
          probing = false;
        },
      );
    }, probeIntervalMs);
    probe.unref?.();
  };

  return {
    get up() {
      return up;
    },
    failed(error) {
      if (!up) return;
      up = false;
      log('warn', `Redis is unavailable (${describe(error)}); every request is verified with the Backend API until it is back.`);
      startProbe();
    },
    writeRefused(error) {
      if (writesRefused) return;
      writesRefused = true;
      log('warn', `Redis refuses writes (${describe(error)}); verifications are not shared until it accepts them again.`);
    },
    writeAccepted() {
      if (!writesRefused) return;
      writesRefused = false;
      log('warn', 'Redis accepts writes again; verifications are shared again.');
    },
    stop() {
      if (probe !== undefined) clearInterval(probe);
      probe = undefined;
    },
  };
}

/** True for an error Redis itself answered (OOM, READONLY, NOSCRIPT…), as opposed to no answer. */
export function isReplyError(error: unknown): boolean {
  for (let proto = error === null || typeof error !== 'object' ? null : Object.getPrototypeOf(error); proto !== null; proto = Object.getPrototypeOf(proto)) {
    if ((proto as { constructor?: { name?: string } }).constructor?.name === 'ErrorReply') return true;
  }
  return false;
}

/**
 * A word or two about a failure, never its message: a connection error may quote the URL (and
 * its password), a reply may quote a key. A Redis reply is named by its code (`OOM`, `READONLY`).
 */
function describe(error: unknown): string {
  if (isReplyError(error)) {
    const code = /^[A-Z]{2,20}\b/.exec((error as Error).message)?.[0];
    return code === undefined ? 'an error reply' : `${code} reply`;
  }
  if ((error as { code?: unknown } | undefined)?.code === 'ERR_REDIS_TIMEOUT') return 'no answer in time';
  if (error instanceof Error && error.message === 'not connected') return 'not connected';
  return 'connection error';
}
