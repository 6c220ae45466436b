import type { SignedOutReason, SignedOutState, UnavailableReason, UnavailableState } from './auth-state.js';

const signedOutStates = new Map<SignedOutReason, SignedOutState>();

/**
 * A frozen, shared `{ status: 'signed-out', reason }`: the resolver runs on every request and a
 * rejected request should not allocate. Callers must not mutate states.
 */
export function signedOut(reason: SignedOutReason): SignedOutState {
  let state = signedOutStates.get(reason);
  if (state === undefined) {
    state = Object.freeze({ status: 'signed-out', reason }) as SignedOutState;
    signedOutStates.set(reason, state);
  }
  return state;
}

/** `{ status: 'unavailable', reason, retryAfter? }` (frozen; shared when there is no `retryAfter`). */
export function unavailable(reason: UnavailableReason, retryAfter?: number): UnavailableState {
  if (retryAfter !== undefined) return Object.freeze({ status: 'unavailable', reason, retryAfter }) as UnavailableState;
  let state = unavailableStates.get(reason);
  if (state === undefined) {
    state = Object.freeze({ status: 'unavailable', reason }) as UnavailableState;
    unavailableStates.set(reason, state);
  }
  return state;
}

const unavailableStates = new Map<UnavailableReason, UnavailableState>();
