import type { RequestLogEntry } from './types.js';

const REDACTED = '[redacted]';
const SECRET_KEY = /token|secret|password|key|auth|session$|^__session/i;

/** Redacts query values under secret-looking keys, and any value that is a known secret. */
export function redactQuery(
  query: Record<string, unknown>,
  isSecret: (value: string) => boolean,
): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(query)) {
    const redact = (v: unknown): string => (SECRET_KEY.test(key) || isSecret(String(v)) ? REDACTED : String(v));
    out[key] = Array.isArray(value) ? value.map(redact) : redact(value);
  }
  return out;
}

/** Redacts every path segment that is a known secret (a client token or the API key). */
export function redactPath(path: string, isSecret: (value: string) => boolean): string {
  return path
    .split('/')
    .map((seg) => {
      let decoded = seg;
      try {
        decoded = decodeURIComponent(seg);
      } catch {
        // keep the raw segment
      }
      return seg !== '' && (isSecret(seg) || isSecret(decoded)) ? REDACTED : seg;
    })
    .join('/');
}

/** Redacts a raw URL (path and query) for logging. */
export function redactUrl(url: string, isSecret: (value: string) => boolean): string {
  const q = url.indexOf('?');
  const path = redactPath(q === -1 ? url : url.slice(0, q), isSecret);
  if (q === -1) return path;
  const params = new URLSearchParams(url.slice(q + 1));
  const query: Record<string, string[]> = {};
  for (const [k, v] of params) (query[k] ??= []).push(v);
  const red = redactQuery(query, isSecret);
  const qs = new URLSearchParams();
  for (const [k, vs] of Object.entries(red)) for (const v of [vs].flat()) qs.append(k, v);
  return `${path}?${qs.toString()}`;
}

/** The request log: every request, in arrival order, with nothing secret in it. */
export class RequestLog {
  readonly entries: RequestLogEntry[] = [];
  private backend = 0;

  /** Keeps the newest `max` entries (long benchmarks); backendCalls() still counts them all. */
  constructor(private readonly max = 100_000) {}

  /** Appends `entry`; `backend` (a request the router put under /v1, however spelled) counts in backendCalls(). */
  add(entry: RequestLogEntry, backend: boolean): RequestLogEntry {
    this.entries.push(entry);
    if (backend) this.backend += 1;
    if (this.entries.length > this.max) this.entries.splice(0, Math.ceil(this.max / 10));
    return entry;
  }

  clear(): void {
    this.entries.length = 0;
    this.backend = 0;
  }

  /** Backend API (/v1) requests, in any spelling, since the start or the last clear(). */
  backendCalls(): number {
    return this.backend;
  }
}
