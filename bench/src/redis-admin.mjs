// A small admin connection to the load runner's redis-server: reads `INFO commandstats`, so that
// the runner can count the commands (round-trips) Redis served during a slice. Plain RESP over
// node:net, one command at a time; not a Redis client for anything else.
import { connect } from 'node:net';

const TIMEOUT_MS = 5_000;

/**
 * Connects to `url` (`redis://host:port`, no auth). `commandCalls()` resolves with command name ->
 * calls served since the server started, `INFO` itself left out (the admin's own reads); `close()`
 * ends the connection.
 */
export async function connectRedisAdmin(url) {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`@sessiongate/bench: Redis admin connection to ${url} timed out`)), TIMEOUT_MS);
    socket.once('connect', () => (clearTimeout(timer), resolve()));
    socket.once('error', (error) => (clearTimeout(timer), reject(error)));
  });
  socket.setNoDelay(true);
  let buffer = Buffer.alloc(0);
  let waiting = null;
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    waiting?.();
  });
  socket.on('error', () => {});

  /** Sends one command and resolves with its reply (a bulk string, a simple string or an error). */
  const command = (...words) => {
    socket.write(`*${words.length}\r\n${words.map((w) => `$${Buffer.byteLength(w)}\r\n${w}\r\n`).join('')}`);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => ((waiting = null), reject(new Error(`@sessiongate/bench: Redis did not answer ${words[0]} within ${TIMEOUT_MS} ms`))), TIMEOUT_MS);
      const done = (fn, value) => {
        clearTimeout(timer);
        waiting = null;
        fn(value);
      };
      waiting = () => {
        const eol = buffer.indexOf('\r\n');
        if (eol === -1) return;
        const head = buffer.toString('utf8', 0, eol);
        if (head[0] === '-') return done(reject, new Error(`@sessiongate/bench: Redis answered ${head.slice(1)}`));
        if (head[0] === '+') {
          buffer = buffer.subarray(eol + 2);
          return done(resolve, head.slice(1));
        }
        if (head[0] !== '$') return done(reject, new Error(`@sessiongate/bench: unexpected Redis reply ${JSON.stringify(head.slice(0, 40))}`));
        const length = Number(head.slice(1));
        if (buffer.length < eol + 2 + length + 2) return;
        const body = buffer.toString('utf8', eol + 2, eol + 2 + length);
        buffer = buffer.subarray(eol + 2 + length + 2);
        done(resolve, body);
      };
      waiting();
    });
  };

  let queue = Promise.resolve();
  const serial = (fn) => (queue = queue.then(fn, fn));

  return {
    commandCalls: () => serial(async () => parseCommandStats(await command('INFO', 'commandstats'))),
    async close() {
      await serial(() => {});
      socket.end();
      socket.destroy();
    },
  };
}

/** `cmdstat_get:calls=12,usec=…` lines -> `{ get: 12, … }`, without `info`. */
export function parseCommandStats(text) {
  const calls = {};
  for (const line of text.split('\r\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (m && m[1] !== 'info') calls[m[1]] = Number(m[2]);
  }
  return calls;
}

/** Calls per command between two `commandCalls()` readings (commands with none left out). */
export function diffCalls(before, after) {
  const diff = {};
  for (const [name, n] of Object.entries(after)) {
    const d = n - (before[name] ?? 0);
    if (d > 0) diff[name] = d;
  }
  return diff;
}
