import { SessiongateError, sgError } from '../errors.js';

/** Maps whatever a transport threw to the closed set of codes, without leaking its text. */
export function toTransportError(err: unknown, deadlinePassed: boolean): SessiongateError {
  if (SessiongateError.is(err)) return err;
  if (deadlinePassed) return timeoutError();
  const code = typeof (err as { code?: unknown })?.code === 'string' ? (err as { code: string }).code : undefined;
  const causeCode = typeof (err as { cause?: { code?: unknown } })?.cause?.code === 'string'
    ? ((err as { cause: { code: string } }).cause.code)
    : undefined;
  const detail = [code, causeCode].filter(Boolean).join(' / ');
  return sgError('ERR_BACKEND_UNREACHABLE', `the Backend API could not be reached${detail ? ` (${detail})` : ''}`);
}

export function timeoutError(): SessiongateError {
  return sgError('ERR_BACKEND_TIMEOUT', 'the Backend API did not answer within the deadline (timeoutMs)');
}

export function oversizedError(limit: number): SessiongateError {
  return sgError('ERR_BACKEND_RESPONSE_INVALID', `the Backend API response is larger than maxResponseBytes (${limit})`);
}
