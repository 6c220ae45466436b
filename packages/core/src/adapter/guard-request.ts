import type { AuthState, RequireFailure } from '../auth-state.js';
import type { RequireCheck } from '../authorization/authorize.js';
import type { Decide } from '../decide.js';
import type { Session } from '../domain/session.js';
import type { AuthenticateRequestInput } from '../request/input.js';
import { decideAuthState, sessionOf } from './decide-auth-state.js';
import type { AuthStateSlot } from './auth-state-slot.js';

/**
 * How an adapter answers a verdict, in its framework's idiom: functions of the two values the
 * framework hands it with each request (Express's `res` and `next`, Fastify's `reply` and `done`,
 * Koa's `ctx` and `next`). Made once, at module level: nothing is built per request.
 */
export interface VerdictAnswers<A, B, R> {
  /** Go on to what comes next (the route, the next middleware or hook). */
  pass(a: A, b: B): R;
  /** Answer `failure` (401, 403 or 503 with its headers, no body) instead of going on. */
  fail(a: A, b: B, failure: RequireFailure): R;
  /** Hand `error` (a misconfiguration, an `authorize` that threw or rejected) to the framework's error handling. */
  error(a: A, b: B, error: unknown): R;
}

/** {@link VerdictAnswers}, plus what an adapter reads from its request and where it mirrors the session. */
export interface AdapterIdiom<T, A, B, R> extends VerdictAnswers<A, B, R> {
  /** `{ method, url, headers }` of the request behind `target`; called only when a decision is needed. */
  inputOf(target: T): AuthenticateRequestInput;
  /** Where the state is kept: `weakMapSlot` when absent, `propertySlot` for request objects that share their shape across requests. */
  slot?: AuthStateSlot;
  /** Mirrors the session (or `null`) where the framework keeps one (`req.session`, `ctx.state.session`, …). */
  setSession(target: T, session: Session | null): void;
}

/** The check of a middleware whose session is optional: every state goes on. */
export function optionalCheck(): null {
  return null;
}

/**
 * Runs `check` on `state` and answers through `answers`: `pass` on `null`, `fail` with the
 * failure, `error` when `check` throws or rejects (an `authorize` function), never a pass then.
 * Synchronous when `check` is, so that a cache hit goes on in the same tick.
 *
 * @example
 * ```ts
 * const answers = { pass: (res, next) => next(), fail: (res, next, f) => send(res, f), error: (res, next, e) => next(e) };
 * applyRequireCheck(createRequireCheck(options), getAuth(req), res, next, answers);
 * ```
 */
export function applyRequireCheck<A, B, R>(check: RequireCheck, state: AuthState, a: A, b: B, answers: VerdictAnswers<A, B, R>): R | Promise<Awaited<R>> {
  let verdict: ReturnType<RequireCheck>;
  try {
    verdict = check(state);
  } catch (error) {
    return answers.error(a, b, error);
  }
  if (verdict instanceof Promise) {
    return verdict.then(
      (failure) => answer(failure, a, b, answers),
      (error: unknown) => answers.error(a, b, error),
    ) as Promise<Awaited<R>>;
  }
  return answer(verdict, a, b, answers);
}

/**
 * The whole guard of a middleware: decides the request behind `target` once
 * ({@link decideAuthState}: the stored state, or a decision stored before it is used), mirrors
 * its session through `idiom.setSession`, then answers `check`'s verdict through `idiom`
 * ({@link applyRequireCheck}); a misconfiguration goes to `idiom.error`. When the core and the
 * check answer without I/O it all happens in the same tick, with nothing allocated here; a
 * promise otherwise. Pass `optionalCheck` for a middleware that always goes on.
 *
 * @example
 * ```ts
 * const idiom = { inputOf, setSession: (req, session) => { req.session = session; }, pass, fail, error };
 * const decide = createDecider(options);
 * const check = createRequireCheck(options, 'requireSession()');
 * return (req, res, next) => { guardRequest(req, res, next, decide, check, idiom); };
 * ```
 */
export function guardRequest<T extends object, A, B, R>(
  target: T,
  a: A,
  b: B,
  decide: Decide,
  check: RequireCheck,
  idiom: AdapterIdiom<T, A, B, R>,
): R | Promise<Awaited<R>> {
  const result = decideAuthState(target, decide, idiom.inputOf, idiom.slot);
  if (result instanceof Promise) {
    return result.then(
      (state) => settle(target, a, b, state, check, idiom),
      (error: unknown) => idiom.error(a, b, error),
    ) as Promise<Awaited<R>>;
  }
  return settle(target, a, b, result, check, idiom);
}

function settle<T, A, B, R>(target: T, a: A, b: B, state: AuthState, check: RequireCheck, idiom: AdapterIdiom<T, A, B, R>): R | Promise<Awaited<R>> {
  idiom.setSession(target, sessionOf(state));
  return applyRequireCheck(check, state, a, b, idiom);
}

function answer<A, B, R>(failure: RequireFailure | null, a: A, b: B, answers: VerdictAnswers<A, B, R>): R {
  return failure === null ? answers.pass(a, b) : answers.fail(a, b, failure);
}
