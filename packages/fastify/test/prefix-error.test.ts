import { SessiongateError } from '@sessiongate/core';
import { describe, expect, it } from 'vitest';
import { prefixError } from '../src/prefix-error.js';

// Under vitest the core's source is compiled with this package's __PKG_NAME__, so the
// registration tests cannot see the core's own prefix; this covers the built case.
describe('prefixError', () => {
  it('replaces the core’s name with this package’s, keeping the error and its code', () => {
    const error = new SessiongateError('ERR_INVALID_OPTION', '@sessiongate/core: invalid option "timeoutMs": too small');
    expect(prefixError(error)).toBe(error);
    expect(error.message).toBe('@sessiongate/fastify: invalid option "timeoutMs": too small');
    expect(error.code).toBe('ERR_INVALID_OPTION');
  });

  it('prefixes other messages once', () => {
    const error = new TypeError('boom');
    prefixError(prefixError(error));
    expect(error.message).toBe('@sessiongate/fastify: boom');
  });

  it('passes non-errors through', () => {
    expect(prefixError('x')).toBe('x');
  });
});
