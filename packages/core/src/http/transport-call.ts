import type { TransportRequest } from './transport.js';

/**
 * The deadline of one backend call, shared by the backend client (which passes it) and the
 * built-in undici transport (which registers one plain callback instead of reading `signal`).
 *
 * Why not just an `AbortSignal`: an `AbortController` and the listener a transport adds to its
 * signal are EventTarget machinery, about 12 µs of CPU per call on a loaded Node process
 * (measured in a loop of keep-alive calls to the emulator, 10 in flight). A custom transport (or
 * `fetch`) still reads `signal` and gets a real one, aborted at the same deadline.
 */
export interface Deadline {
  passed: boolean;
  controller: AbortController | undefined;
  /** Called once when the deadline passes, with `context`; a retry replaces it. */
  onPass: ((context: never) => void) | undefined;
  context: unknown;
}

const kDeadline = Symbol('@sessiongate/core.deadline');

/** A request as the backend client builds it: `signal` is made on first read (own and enumerable, so a spread copy keeps it). */
export type TransportCall = TransportRequest & { readonly [kDeadline]: Deadline };

export function transportCall(
  method: 'GET' | 'POST',
  url: string,
  headers: Readonly<Record<string, string>>,
  body: string | undefined,
  maxResponseBytes: number,
): TransportCall {
  // Not one literal with `get signal()` and `[kDeadline]` in it: V8 builds such a literal in
  // dictionary mode, about 1 µs to make (and every read of it a hash lookup), against about
  // 0.2 µs for this, which keeps the object's fast properties and a map shared by every call.
  const call = { method, url, headers, body, maxResponseBytes } as { -readonly [K in keyof TransportCall]: TransportCall[K] };
  call[kDeadline] = { passed: false, controller: undefined, onPass: undefined, context: undefined };
  Object.defineProperty(call, 'signal', SIGNAL);
  return call;
}

/**
 * `signal`: an own, enumerable, configurable getter, as a literal's `get signal()` is (so a spread
 * copy of the request keeps a signal), with one function for every call.
 */
const SIGNAL: PropertyDescriptor = {
  get(this: TransportCall): AbortSignal {
    return signalOf(this[kDeadline]);
  },
  enumerable: true,
  configurable: true,
};

function signalOf(deadline: Deadline): AbortSignal {
  if (deadline.controller === undefined) {
    deadline.controller = new AbortController();
    if (deadline.passed) deadline.controller.abort();
  }
  return deadline.controller.signal;
}

/** The deadline of a request the backend client built, or `undefined` for any other request. */
export function deadlineOf(req: TransportRequest): Deadline | undefined {
  return (req as Partial<TransportCall>)[kDeadline];
}

/** The deadline passed: aborts the signal (if one was read) and calls the registered callback. */
export function passDeadline(req: TransportCall): void {
  const deadline = req[kDeadline];
  if (deadline.passed) return;
  deadline.passed = true;
  deadline.controller?.abort();
  const { onPass, context } = deadline;
  deadline.onPass = undefined;
  deadline.context = undefined;
  (onPass as ((context: unknown) => void) | undefined)?.(context);
}

/** Whether `req`'s deadline has passed, without making a signal that nobody reads. */
export function deadlinePassed(req: TransportRequest): boolean {
  const deadline = deadlineOf(req);
  return deadline === undefined ? req.signal.aborted : deadline.passed;
}
