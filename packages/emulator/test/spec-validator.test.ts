import { beforeAll, describe, expect, it } from 'vitest';
import { hasSpec, loadSpecValidator, type SpecValidator } from './helpers/spec.js';

// The validator used by every /v1 test must be able to fail, or those checks prove nothing.
// skip-reason: need ../shared beside the checkout (the 2021 API spec excerpt)
describe.skipIf(!hasSpec)('spec validator', () => {
  // Loaded in a hook: the describe body still runs (to collect) when the spec is absent.
  let v: SpecValidator;
  beforeAll(() => {
    v = loadSpecValidator();
  });
  const session = {
    object: 'session',
    id: 'sess_1',
    client_id: 'client_1',
    user_id: 'user_1',
    status: 'active',
    last_active_at: 1,
    expire_at: 2,
    abandon_at: 3,
    created_at: 0,
    updated_at: 1,
  };
  it('accepts a spec session and the error shape', () => {
    expect(() => v.check('POST', '/v1/sessions/sess_1/verify', 200, session)).not.toThrow();
    expect(() => v.check('POST', '/v1/sessions/sess_1/verify', 404, { errors: [{ message: 'm', long_message: 'l', code: 'c' }] })).not.toThrow();
  });
  it('rejects wrong shapes: camelCase fields, a bad status, extra fields, a missing long_message, nulls', () => {
    const { last_active_at: _, ...missing } = session;
    expect(() => v.check('POST', '/v1/sessions/sess_1/verify', 200, { ...missing, lastActiveAt: 1 })).toThrow(/does not match/);
    expect(() => v.check('GET', '/v1/sessions/sess_1', 200, { ...session, status: 'sleeping' })).toThrow(/does not match/);
    expect(() => v.check('GET', '/v1/sessions', 200, [{ ...session, extra: 1 }])).toThrow(/does not match/);
    expect(() => v.check('GET', '/v1/users/user_1', 404, { errors: [{ message: 'm', code: 'c' }] })).toThrow(/does not match/);
    expect(() => v.check('GET', '/v1/clients/client_1', 200, { object: 'client', id: 'c', session_ids: [], sessions: [], sign_in_id: null, sign_up_id: null, last_active_session_id: null, last_authentication_strategy: null, created_at: 1, updated_at: null })).toThrow(/does not match/);
  });
});
