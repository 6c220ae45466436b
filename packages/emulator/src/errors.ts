/** Codes of errors thrown by the emulator's programmatic API (closed union). */
export type EmulatorErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_UNKNOWN_USER'
  | 'ERR_UNKNOWN_SESSION'
  | 'ERR_UNKNOWN_CLIENT'
  | 'ERR_DUPLICATE_USER'
  | 'ERR_PRODUCTION_KEY'
  | 'ERR_SESSION_INACTIVE'
  | 'ERR_UNKNOWN_ORGANIZATION'
  | 'ERR_UNKNOWN_MEMBERSHIP'
  | 'ERR_DUPLICATE_ORGANIZATION'
  | 'ERR_DUPLICATE_MEMBERSHIP';

const brand = Symbol.for('sessiongate.emulator.error');

/**
 * Error thrown by the emulator's programmatic API and CLI. Never carries a key or a token.
 * @example
 * try { await emu.signIn({ userId: 'user_nobody' }) } catch (e) { if (EmulatorError.is(e)) console.log(e.code) }
 */
export class EmulatorError extends Error {
  readonly code: EmulatorErrorCode;
  readonly [brand] = true;
  constructor(code: EmulatorErrorCode, message: string) {
    super(`${__PKG_NAME__}: ${message}`);
    this.name = 'EmulatorError';
    this.code = code;
  }
  static is(x: unknown): x is EmulatorError {
    return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[brand] === true;
  }
}

/** One error of the Backend API's error body. */
export interface ClerkErrorJSON {
  message: string;
  long_message: string;
  code: string;
  meta?: Record<string, unknown>;
}

/** The Backend API's error body `{ errors: [{ message, long_message, code }] }`. */
export function clerkErrors(code: string, message: string, longMessage: string, meta?: Record<string, unknown>): { errors: ClerkErrorJSON[] } {
  const e: ClerkErrorJSON = { message, long_message: longMessage, code };
  if (meta) e.meta = meta;
  return { errors: [e] };
}
