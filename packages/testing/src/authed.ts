import { TestingError } from './errors.js';
import type { SignedIn } from './types.js';

/** What `authed()` needs of a request builder: supertest's `Test` (superagent) has it. */
export interface HeaderSettable {
  set(field: string, value: string): unknown;
}

export interface AuthedOptions {
  /** `cookie` (default): `Cookie: __session=…`; `bearer`: `Authorization: Bearer …`. */
  as?: 'cookie' | 'bearer';
  /** Also send `_clerk_session_id` (needs a builder with `query()`, as supertest's). */
  sessionId?: boolean;
}

/**
 * Puts a signed-in session on a supertest request and returns that same request, so the
 * chain goes on as usual (`.expect(200)`, `.send(…)`, `await`).
 *
 * @example
 * import request from 'supertest';
 * const res = await authed(request(app).get('/api/me'), alice).expect(200);
 * await authed(request(app).post('/api/items'), alice, { sessionId: true }).send({ name: 'x' });
 */
export function authed<T extends HeaderSettable>(test: T, signedIn: SignedIn, options: AuthedOptions = {}): T {
  if (typeof test?.set !== 'function') {
    throw new TestingError('ERR_INVALID_ARGUMENT', 'authed(request, signedIn): the first argument must be a supertest request, like request(app).get(\'/path\')');
  }
  if (typeof signedIn?.token !== 'string') {
    throw new TestingError('ERR_INVALID_ARGUMENT', 'authed(request, signedIn): the second argument must be what auth.signIn() returned');
  }
  if (options.as === 'bearer') test.set('Authorization', signedIn.bearerHeaders.authorization);
  else test.set('Cookie', signedIn.cookie);
  if (options.sessionId) {
    const query = (test as unknown as { query?: (q: Record<string, string>) => unknown }).query;
    if (typeof query !== 'function') {
      throw new TestingError('ERR_INVALID_ARGUMENT', 'authed(..., { sessionId: true }): this request has no query(); put signedIn.withSessionId(path) in its URL instead');
    }
    query.call(test, { _clerk_session_id: signedIn.sessionId });
  }
  return test;
}
