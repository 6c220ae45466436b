// Shared by the adapters' behavioural suites, which import it by relative path.
// Types come from the packages' sources by relative path: this folder belongs to no package,
// so it cannot resolve @sessiongate/* by name.
import type { Emulator, Fault, SignInResult } from '../packages/emulator/src/index.js';
import type { ClerkOptions } from '../packages/core/src/index.js';

/**
 * The two verification strategies the behavioural suites run in: the 2021 backend
 * verification (one Backend API call per request, the `__session` cookie holds the client
 * token) and networkless verification (the cookie holds a short-lived session JWT verified
 * locally against the JWKS, fetched once from the emulator's Backend API).
 */
export interface Strategy {
  readonly name: 'backend' | 'networkless';
  /** Options of a dedicated client in this strategy, against `emu`. */
  options(emu: Emulator): ClerkOptions;
  /** What the browser sends after this sign-in: the client token, or the session's JWT. */
  credentialFor(s: SignInResult): string;
  /**
   * Puts the Backend API into `fault` as this strategy meets it, and returns a credential for
   * `s` whose verification needs the backend: backend mode, the client token (every request
   * asks the backend); networkless mode, a token signed under a `kid` the server has not seen
   * yet (a rotation), so the JWKS must be refetched — tokens of known keys need no backend.
   */
  outage(emu: Emulator, s: SignInResult, fault: Fault): Promise<string>;
  /** Backend calls one verification of a credential costs (after the JWKS is cached). */
  readonly callsPerVerification: number;
}

export const backend: Strategy = {
  name: 'backend',
  options: (emu) => ({ apiKey: emu.apiKey, apiUrl: emu.url }),
  credentialFor: (s) => s.clientToken,
  outage: async (emu, s, fault) => {
    emu.fault('*', fault);
    return s.clientToken;
  },
  callsPerVerification: 1,
};

export const networkless: Strategy = {
  name: 'networkless',
  // clockSkewMs 0: the revocation tests wait for a token to expire, and need not wait 5 s more.
  // refetchIntervalMs 100 (the minimum): an unknown kid is looked up again soon after an outage.
  options: (emu) => ({
    apiKey: emu.apiKey,
    apiUrl: emu.url,
    verification: 'networkless',
    clockSkewMs: 0,
    jwks: { refetchIntervalMs: 100 },
    logger: false,
  }),
  credentialFor: (s) => s.sessionToken,
  outage: async (emu, s, fault) => {
    const rotated = await emu.mintSessionToken({ sessionId: s.sessionId, kid: 'ins_notyetpublished' });
    emu.fault('*', fault);
    return rotated;
  },
  callsPerVerification: 0,
};

export const strategies = [backend, networkless] as const;

/** A session token for `sessionId` that expires within `lifetimeMs` (whole seconds, on the emulator clock). */
export function shortLivedToken(emu: Emulator, sessionId: string, lifetimeMs = 2000): Promise<string> {
  return emu.mintSessionToken({ sessionId, lifetimeMs });
}

/** Resolves once `token`'s `exp` has passed (no clock skew: see `networkless.options`). */
export async function untilExpired(token: string): Promise<void> {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { exp: number };
  const wait = payload.exp * 1000 + 50 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
}
