import type { SignedIn, Strategy } from './types.js';
import { withSessionId } from './with-session-id.js';

/** The fields a SignedIn is built from. */
export interface SignedInFields {
  strategy: Strategy;
  userId: string;
  sessionId: string;
  clientId: string;
  clientToken: string;
  token: string;
}

const inspect = Symbol.for('nodejs.util.inspect.custom');
const REDACTED = '[redacted]';

/**
 * Builds the SignedIn value. Printing it (console.log, a failed assertion's diff through
 * util.inspect, JSON.stringify) shows the ids, never the tokens.
 */
export function createSignedIn(fields: SignedInFields, refresh: (self: SignedIn) => Promise<SignedIn>): SignedIn {
  const cookie = `__session=${fields.token}`;
  const shown = () => ({
    strategy: fields.strategy,
    userId: fields.userId,
    sessionId: fields.sessionId,
    clientId: fields.clientId,
    token: REDACTED,
  });
  const signedIn: SignedIn = {
    ...fields,
    cookie,
    headers: { cookie },
    bearerHeaders: { authorization: `Bearer ${fields.token}` },
    withSessionId: (url) => withSessionId(url, fields.sessionId),
    request(url, init = {}) {
      const headers = new Headers(init.headers);
      const existing = headers.get('cookie');
      headers.set('cookie', existing ? `${cookie}; ${existing}` : cookie);
      return new Request(url, { ...init, headers });
    },
    refresh: () => refresh(signedIn),
  };
  Object.defineProperties(signedIn, {
    [inspect]: { value: shown, enumerable: false },
    toJSON: { value: shown, enumerable: false },
  });
  return Object.freeze(signedIn);
}
