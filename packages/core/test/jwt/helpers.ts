import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { createClerkClient, type ClerkOptions } from '../../src/index.js';

export const base64url = (v: string | object): string => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

/** A request carrying `token` in the `__session` cookie. */
export const cookieRequest = (token: string, url = '/me') => ({ method: 'GET', url, headers: { cookie: `__session=${token}` } });

export interface JwtWorld {
  emu: Emulator;
  aliceId: string;
  sessionId: string;
  clientToken: string;
  sessionToken: string;
}

/** An emulator with alice signed in. */
export async function startWorld(): Promise<JwtWorld> {
  const emu = await startEmulator();
  const alice = await emu.createUser({ email: 'alice@example.test' });
  const s = await emu.signIn({ userId: alice.id });
  return { emu, aliceId: alice.id, sessionId: s.sessionId, clientToken: s.clientToken, sessionToken: s.sessionToken };
}

export type Mode = 'jwks' | 'pem';

/** A networkless client: JWKS from the emulator's Backend API, or the PEM with no network at all. */
export function networklessClient(emu: Emulator, mode: Mode, extra: ClerkOptions = {}) {
  const common: ClerkOptions = { logger: false, ...extra };
  if (mode === 'pem') {
    return createClerkClient({
      ...common,
      jwtKey: emu.jwtPublicKey(),
      // Proof that the PEM mode never touches the network:
      transport: () => Promise.reject(new Error('the PEM mode must not send anything')),
    });
  }
  return createClerkClient({ apiKey: emu.apiKey, apiUrl: emu.url, verification: 'networkless', jwks: { refetchIntervalMs: 100 }, ...common });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
