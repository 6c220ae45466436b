import { TestingError } from './errors.js';

/** An answer of the emulator's control plane: its status and parsed JSON body. */
export interface ControlAnswer {
  status: number;
  body: unknown;
}

/** The first error code of an answer in the Backend API's error shape, if any. */
export function errorCodeOf(answer: ControlAnswer): string | undefined {
  const errors = (answer.body as { errors?: { code?: unknown }[] } | null)?.errors;
  const code = Array.isArray(errors) ? errors[0]?.code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** The long message of an answer in the error shape (the emulator's messages hold no secret). */
export function errorMessageOf(answer: ControlAnswer): string {
  const errors = (answer.body as { errors?: { long_message?: unknown; message?: unknown }[] } | null)?.errors;
  const first = Array.isArray(errors) ? errors[0] : undefined;
  const text = first?.long_message ?? first?.message;
  return typeof text === 'string' ? text : `HTTP ${answer.status}`;
}

/**
 * A client of the emulator's control plane (`/__emulator/...`), the same API whether this
 * package started the emulator or attached to one: one code path for both.
 */
export class ControlPlane {
  constructor(readonly url: string) {}

  async request(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ControlAnswer> {
    let response: Response;
    try {
      response = await fetch(`${this.url}/__emulator${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? null : JSON.stringify(body),
      });
    } catch {
      throw new TestingError(
        'ERR_EMULATOR_UNREACHABLE',
        `could not reach the emulator at ${this.url}: is it still running? (an attached emulator must outlive the TestAuth; close() the TestAuth first)`,
      );
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    return { status: response.status, body: parsed };
  }

  /** Like request(), but any non-2xx answer is an error naming the call. */
  async ok<T>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
    const answer = await this.request(method, path, body);
    if (answer.status < 200 || answer.status > 299) {
      throw new TestingError('ERR_EMULATOR_ANSWER', `${method} /__emulator${path} answered ${answer.status} (${errorCodeOf(answer) ?? 'no code'}): ${errorMessageOf(answer)}`);
    }
    return answer.body as T;
  }
}
