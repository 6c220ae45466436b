import type { z } from 'zod';
import { ClerkAPIError, type ClerkAPIErrorEntry, SessiongateError, sgError } from '../errors.js';
import { defaultTransport } from '../lib/runtime/current.js';
import { buildUrl } from './build-url.js';
import { type Endpoint, type EndpointOptions, resolveEndpoint } from './endpoint.js';
import { createFetchTransport } from './fetch-transport.js';
import { timeoutError, toTransportError } from './transport-errors.js';
import type { Transport, TransportResponse } from './transport.js';
import { deadlinePassed, passDeadline, transportCall } from './transport-call.js';
import { createUndiciTransport } from './undici-transport.js';

/** One Backend API call, described by its template. */
export interface BackendCall<T> {
  /** `resource.method`, for error messages. */
  name: string;
  method: 'GET' | 'POST';
  /** Path segments after `/{version}`; ids must have been validated by the caller. */
  segments: readonly string[];
  query?: URLSearchParams;
  /** JSON body; `token` (if any) is scrubbed from every backend-provided error text. */
  body?: { token?: string };
  schema: z.ZodType<T>;
  /** Idempotent: one retry when the backend was unreachable (never on timeouts or statuses). */
  retry: boolean;
}

interface Prepared {
  endpoint: Endpoint;
  headers: Readonly<Record<string, string>>;
  jsonHeaders: Readonly<Record<string, string>>;
  transport: Transport;
}

/** What a {@link BackendClient} needs of the validated options. */
export interface BackendClientOptions extends EndpointOptions {
  timeoutMs: number;
  connections: number;
  maxResponseBytes: number;
  transport: Transport | undefined;
}

/** Sends Backend API calls: auth headers, deadline, size cap, error mapping, response parsing. */
export class BackendClient {
  readonly #options: BackendClientOptions;
  #prepared: Prepared | undefined;

  constructor(options: BackendClientOptions) {
    this.#options = options;
  }

  /** The runtime's default (lib/runtime): undici's pool on Node, the platform fetch in the fetch build. */
  #defaultTransport(): Transport {
    return defaultTransport === 'fetch' ? createFetchTransport() : createUndiciTransport({ connections: this.#options.connections });
  }

  /** Resolves key and URL (env included) on first use; retried on the next call if that throws. */
  #prepare(): Prepared {
    if (this.#prepared) return this.#prepared;
    const endpoint = resolveEndpoint(this.#options);
    const headers = Object.freeze({
      authorization: `Bearer ${endpoint.apiKey}`,
      'user-agent': `${__PKG_NAME__}/${__PKG_VERSION__}`,
      accept: 'application/json',
    });
    this.#prepared = {
      endpoint,
      headers,
      jsonHeaders: Object.freeze({ ...headers, 'content-type': 'application/json' }),
      transport: this.#options.transport ?? this.#defaultTransport(),
    };
    return this.#prepared;
  }

  async call<T>(call: BackendCall<T>): Promise<T> {
    const p = this.#prepare();
    const url = buildUrl(p.endpoint, call.segments, call.query);
    const body = call.body === undefined ? undefined : JSON.stringify(call.body);
    const request = transportCall(call.method, url, body === undefined ? p.headers : p.jsonHeaders, body, this.#options.maxResponseBytes);
    const timer = setTimeout(passDeadline, this.#options.timeoutMs, request);
    let response: TransportResponse;
    try {
      for (let attempt = 0; ; attempt++) {
        try {
          response = await p.transport(request);
          if (deadlinePassed(request)) throw timeoutError();
          break;
        } catch (err) {
          const mapped = toTransportError(err, deadlinePassed(request));
          if (call.retry && attempt === 0 && mapped.code === 'ERR_BACKEND_UNREACHABLE' && !deadlinePassed(request)) continue;
          throw withName(mapped, call.name);
        }
      }
    } finally {
      clearTimeout(timer);
    }
    if (response.status < 200 || response.status > 299) {
      throw statusError(response, call.name, [p.endpoint.apiKey, call.body?.token]);
    }
    let json: unknown;
    try {
      json = JSON.parse(response.body);
    } catch {
      throw sgError('ERR_BACKEND_RESPONSE_INVALID', `${call.name}: the Backend API answered ${response.status} with a body that is not JSON`);
    }
    const parsed = call.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? ` at "${issue.path.join('.')}"` : '';
      throw sgError('ERR_BACKEND_RESPONSE_INVALID', `${call.name}: the Backend API response has an unexpected shape${where}`);
    }
    return parsed.data;
  }
}

function withName(err: SessiongateError, name: string): SessiongateError {
  const prefix = `${__PKG_NAME__}: `;
  if (err.message.startsWith(prefix) && !err.message.startsWith(`${prefix}${name}:`)) {
    return new SessiongateError(err.code, `${prefix}${name}: ${err.message.slice(prefix.length)}`);
  }
  return err;
}

function statusError(res: TransportResponse, name: string, secrets: readonly (string | undefined)[]): ClerkAPIError {
  const scrub = (v: unknown): string => {
    let s = typeof v === 'string' ? v : '';
    for (const secret of secrets) if (secret) s = s.split(secret).join('[redacted]');
    return s.slice(0, 2000);
  };
  let errors: ClerkAPIErrorEntry[] = [];
  let traceId: string | undefined;
  try {
    const body = JSON.parse(res.body) as { errors?: unknown; clerk_trace_id?: unknown };
    if (Array.isArray(body?.errors)) {
      errors = body.errors
        .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
        .map((e) => ({ code: scrub(e.code), message: scrub(e.message), longMessage: scrub(e.long_message) }));
    }
    if (typeof body?.clerk_trace_id === 'string') traceId = scrub(body.clerk_trace_id);
  } catch {
    // not JSON: keep the status only
  }
  const headerTrace = header(res, 'x-clerk-trace-id');
  if (traceId === undefined && headerTrace) traceId = scrub(headerTrace);
  const retryAfter = parseRetryAfter(header(res, 'retry-after'));
  const codes = errors.map((e) => e.code).filter(Boolean);
  return new ClerkAPIError(
    `${__PKG_NAME__}: ${name}: the Backend API answered ${res.status}${codes.length ? ` (${codes.join(', ')})` : ''}`,
    {
      status: res.status,
      errors,
      ...(traceId ? { clerkTraceId: traceId } : {}),
      ...(retryAfter === undefined ? {} : { retryAfter }),
    },
  );
}

function header(res: TransportResponse, name: string): string | undefined {
  const v = res.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** `Retry-After` as seconds: delta-seconds or an HTTP date (never negative). */
export function parseRetryAfter(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (/^[0-9]{1,9}$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - Date.now()) / 1000));
}
