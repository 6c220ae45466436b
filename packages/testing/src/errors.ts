/** Codes of the errors this package throws (a closed union: `switch (err.code)` narrows). */
export type TestingErrorCode =
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_CLOSED'
  | 'ERR_UNKNOWN_USER'
  | 'ERR_SESSION_INACTIVE'
  | 'ERR_NOT_SUPPORTED'
  | 'ERR_EMULATOR_UNREACHABLE'
  | 'ERR_EMULATOR_ANSWER';

const brand = Symbol.for('sessiongate.testing.error');

/**
 * A misuse of the test helpers (or an emulator that cannot be reached). Every message says
 * what to do instead; none contains a key or a token.
 *
 * @example
 * try { await auth.signIn('user_nobody') } catch (e) { if (TestingError.is(e)) console.log(e.code) } // ERR_UNKNOWN_USER
 */
export class TestingError extends Error {
  readonly code: TestingErrorCode;
  readonly [brand] = true;
  constructor(code: TestingErrorCode, message: string) {
    super(`${__PKG_NAME__}: ${message}`);
    this.name = 'TestingError';
    this.code = code;
  }
  /** True for a TestingError of any installed copy of this package. */
  static is(x: unknown): x is TestingError {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
  }
}
