import type { Dispatcher, Pool } from 'undici';
import { loadUndici } from '../lib/runtime/current.js';
import { oversizedError, timeoutError, toTransportError } from './transport-errors.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

type UndiciModule = typeof import('undici');
let undici: Promise<UndiciModule> | undefined;
const pools = new Map<string, Pool | Promise<Pool>>();

/** Options of {@link createUndiciTransport}. */
export interface UndiciTransportOptions {
  /** Connections of the pool per backend origin. Default 32 (the `connections` client option). */
  connections?: number;
  /**
   * Keep connections open between calls (default `true`). `false` sends every call on a fresh
   * connection (`connection: close`): slower, only useful to measure what keep-alive saves or
   * behind a proxy that mishandles reused connections.
   */
  keepAlive?: boolean;
}

/** Keep-alive connections of a pool per backend origin, unless `connections` says otherwise. */
export const DEFAULT_CONNECTIONS = 32;

/**
 * The default transport: one keep-alive `undici.Pool` per backend origin (and pool settings),
 * shared by every client in the process. undici is imported on first use, so that merely
 * importing the core works in runtimes without it. Clients use it unless given another
 * `transport`; create one yourself only to change its settings.
 *
 * @example
 * ```ts
 * import { createClerkClient, createUndiciTransport } from '@sessiongate/core';
 * const clerk = createClerkClient({ transport: createUndiciTransport({ connections: 64 }) });
 * ```
 */
export function createUndiciTransport(options: UndiciTransportOptions = {}): Transport {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(`${__PKG_NAME__}: createUndiciTransport(options) expects an object`);
  }
  const connections = options.connections ?? DEFAULT_CONNECTIONS;
  if (!Number.isSafeInteger(connections) || connections < 1 || connections > 4096) {
    throw new TypeError(`${__PKG_NAME__}: createUndiciTransport({ connections }) must be an integer in 1..4096`);
  }
  const keepAlive = options.keepAlive ?? true;
  if (typeof keepAlive !== 'boolean') {
    throw new TypeError(`${__PKG_NAME__}: createUndiciTransport({ keepAlive }) must be a boolean`);
  }
  return async (req) => {
    // the URL was built and checked by the backend client: split it without re-parsing
    const cut = req.url.indexOf('/', req.url.indexOf('//') + 2);
    const origin = cut === -1 ? req.url : req.url.slice(0, cut);
    const path = cut === -1 ? '/' : req.url.slice(cut);
    const pool = await getPool(origin, connections, keepAlive);
    try {
      const res = await pool.request({
        origin,
        path,
        method: req.method,
        headers: req.headers as Record<string, string>,
        body: req.body ?? null,
        signal: req.signal,
        // reset: send `connection: close` and never reuse the socket
        ...(keepAlive ? {} : { reset: true }),
      });
      return await readBody(res, req);
    } catch (err) {
      throw toTransportError(err, req.signal);
    }
  };
}

async function readBody(res: Dispatcher.ResponseData, req: TransportRequest): Promise<TransportResponse> {
  const max = req.maxResponseBytes;
  const declared = Number(res.headers['content-length']);
  if (declared > max) {
    res.body.on('error', noop).destroy();
    throw oversizedError(max);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    size += chunk.length;
    // leaving the loop destroys the body (and its socket): nothing more is read
    if (size > max) throw oversizedError(max);
    chunks.push(chunk);
  }
  if (req.signal.aborted) throw timeoutError();
  return {
    status: res.statusCode,
    headers: res.headers,
    body: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8'),
  };
}

function noop(): void {}

function getPool(origin: string, connections: number, keepAlive: boolean): Pool | Promise<Pool> {
  const key = `${connections} ${keepAlive ? 'keep-alive' : 'close'} ${origin}`;
  let pool = pools.get(key);
  if (pool === undefined) {
    pool = (undici ??= loadUndici()).then((m) => {
      const created = new m.Pool(origin, { connections, keepAliveTimeout: 4_000 });
      pools.set(key, created);
      return created;
    });
    pools.set(key, pool);
  }
  return pool;
}

/** Closes every pool (tests, graceful shutdown). New calls open new pools. */
export async function closeUndiciPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.map(async (p) => (await p).close()));
}
