import type { Emulator } from '../../src/index.js';
import { hasSpec, loadSpecValidator, type SpecValidator } from './spec.js';

let validator: SpecValidator | undefined;
/** Responses checked against the spec so far (a test asserts it is not zero). */
export const checked = { count: 0 };

export interface CallOptions {
  json?: unknown;
  form?: Record<string, string | string[]>;
  rawBody?: string;
  contentType?: string;
  apiKey?: string | null; // null = no Authorization header
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  body: any;
}

/**
 * Calls the emulator over loopback. Every /v1 response is validated against the spec
 * excerpt when it is present (the spec-reading test files skip when it is not).
 */
export async function call(emu: Emulator, method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...o.headers };
  if (o.apiKey !== null) headers.authorization = `Bearer ${o.apiKey ?? emu.apiKey}`;
  let body: string | undefined;
  if (o.json !== undefined) {
    body = JSON.stringify(o.json);
    headers['content-type'] = 'application/json';
  } else if (o.form !== undefined) {
    const p = new URLSearchParams();
    for (const [k, v] of Object.entries(o.form)) for (const x of [v].flat()) p.append(k, x);
    body = p.toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (o.rawBody !== undefined) {
    body = o.rawBody;
  }
  if (o.contentType) headers['content-type'] = o.contentType;
  const res = await fetch(`${emu.url}${path}`, { method, headers, body });
  const text = await res.text();
  const parsed = text === '' ? undefined : JSON.parse(text);
  if (path.startsWith('/v1/') && hasSpec) {
    validator ??= loadSpecValidator();
    validator.check(method, path, res.status, parsed);
    checked.count += 1;
  }
  return { status: res.status, headers: res.headers, body: parsed };
}
