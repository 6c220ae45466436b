import type { Dispatcher, Pool } from 'undici';
import { loadUndici } from '../lib/runtime/current.js';
import { deadlineOf, deadlinePassed } from './transport-call.js';
import { oversizedError, timeoutError, toTransportError } from './transport-errors.js';
import type { Transport, TransportRequest, TransportResponse } from './transport.js';

type UndiciModule = typeof import('undici');
let undici: Promise<UndiciModule> | undefined;
const pools = new Map<string, Pool | Promise<Pool>>();
/** Counts closeUndiciPools() calls: a transport's remembered pool is only used within the same generation. */
let generation = 0;
const SLASH = 0x2f;

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
  // the last origin's pool, so that a call to the same origin as the one before (every call, for
  // an app with one backend) builds no pool key and makes no lookup; `generation` drops it when
  // closeUndiciPools() closed it
  let lastOrigin: string | undefined;
  let lastPool: Pool | undefined;
  let lastGeneration = -1;
  return (req) => {
    const url = req.url;
    if (lastPool !== undefined && lastGeneration === generation && url.startsWith(lastOrigin!) && url.charCodeAt(lastOrigin!.length) === SLASH) {
      return send(lastPool, req, lastOrigin!, url.slice(lastOrigin!.length), !keepAlive);
    }
    // the URL was built and checked by the backend client: split it without re-parsing
    const cut = url.indexOf('/', url.indexOf('//') + 2);
    const origin = cut === -1 ? url : url.slice(0, cut);
    const path = cut === -1 ? '/' : url.slice(cut);
    const pool = getPool(origin, connections, keepAlive);
    if (pool instanceof Promise) return pool.then((ready) => send(ready, req, origin, path, !keepAlive));
    lastOrigin = origin;
    lastPool = pool;
    lastGeneration = generation;
    return send(pool, req, origin, path, !keepAlive);
  };
}

/**
 * One exchange through `pool.dispatch` with a handler that collects the body, rather than
 * `pool.request`: no body stream, async iterator or async resource per call (about 13 µs of CPU
 * per call less, measured as in transport-call.ts).
 */
function send(pool: Pool, req: TransportRequest, origin: string, path: string, reset: boolean): Promise<TransportResponse> {
  return new Promise((resolve, reject) => {
    const exchange = new Exchange(req, resolve, reject);
    const deadline = deadlineOf(req);
    if (deadline !== undefined) {
      if (deadline.passed) return reject(timeoutError());
      deadline.onPass = abortExchange;
      deadline.context = exchange;
    } else {
      exchange.listenTo(req.signal);
    }
    // reset: send `connection: close` and never reuse the socket
    pool.dispatch({ origin, path, method: req.method, headers: req.headers as Record<string, string>, body: req.body ?? null, reset: reset || undefined }, exchange);
  });
}

function abortExchange(exchange: Exchange): void {
  exchange.fail(timeoutError());
}

/** undici's dispatch handler for one exchange: settles once, with the whole body or an error. */
class Exchange implements Dispatcher.DispatchHandler {
  readonly #req: TransportRequest;
  readonly #resolve: (response: TransportResponse) => void;
  readonly #reject: (error: unknown) => void;
  #controller: Dispatcher.DispatchController | undefined;
  #settled = false;
  #status = 0;
  #headers: Record<string, string | string[] | undefined> = {};
  #chunks: Buffer[] = [];
  #size = 0;
  #signal: AbortSignal | undefined;

  constructor(req: TransportRequest, resolve: (response: TransportResponse) => void, reject: (error: unknown) => void) {
    this.#req = req;
    this.#resolve = resolve;
    this.#reject = reject;
  }

  /** For a request the backend client did not build: its signal is the deadline. */
  listenTo(signal: AbortSignal): void {
    if (signal.aborted) return this.fail(timeoutError());
    this.#signal = signal;
    signal.addEventListener('abort', this, { once: true });
  }

  handleEvent(): void {
    this.fail(timeoutError());
  }

  /** Settles with `error` and stops the exchange (its socket is not reused). */
  fail(error: unknown): void {
    if (this.#settled) return;
    this.#settle();
    this.#reject(error);
    this.#controller?.abort(error as Error);
  }

  #settle(): void {
    this.#settled = true;
    this.#signal?.removeEventListener('abort', this);
    const deadline = deadlineOf(this.#req);
    if (deadline !== undefined && deadline.context === this) {
      deadline.onPass = undefined;
      deadline.context = undefined;
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#settled) controller.abort(timeoutError());
  }

  onResponseStart(controller: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.#status = statusCode;
    this.#headers = headers;
    if (Number(headers['content-length']) > this.#req.maxResponseBytes) this.fail(oversizedError(this.#req.maxResponseBytes));
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#settled) return;
    this.#size += chunk.length;
    // nothing more is read: the exchange is aborted and its socket closed
    if (this.#size > this.#req.maxResponseBytes) return this.fail(oversizedError(this.#req.maxResponseBytes));
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#settled) return;
    this.#settle();
    const chunks = this.#chunks;
    const body = chunks.length === 0 ? '' : chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, this.#size).toString('utf8');
    this.#resolve({ status: this.#status, headers: this.#headers, body });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#settled) return;
    this.#settle();
    this.#reject(toTransportError(error, deadlinePassed(this.#req)));
  }
}

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
  generation++;
  await Promise.all(all.map(async (p) => (await p).close()));
}
