// Types from the sources by relative path, as strategies.ts does: this folder belongs to no package.
import type { Emulator } from '../packages/emulator/src/index.js';

/**
 * What every adapter's authorization test needs to check the `authorize` option's 401/403 verdicts
 * on today's token claims (organization, permission, pending status): a signed-in member of an
 * organization whose token grants `org:dashboard:read` only, the same session as pending, and a
 * copy of the member's token with a permission added to the payload (signature unchanged).
 * Real RS256 tokens, minted by the emulator.
 */
export interface AuthorizationTokens {
  /** The emulator's PEM: networkless with no network at all. */
  jwtKey: string;
  member: string;
  pending: string;
  forged: string;
}

export const MEMBER_CLAIMS = {
  v: 2,
  fea: 'o:dashboard',
  o: { id: 'org_acme', slg: 'acme', rol: 'member', per: 'read,manage', fpm: '1' },
};

export async function authorizationTokens(emu: Pick<Emulator, 'createUser' | 'signIn' | 'mintSessionToken' | 'jwtPublicKey'>): Promise<AuthorizationTokens> {
  const user = await emu.createUser({ email: `member-${Math.random().toString(36).slice(2)}@example.test` });
  const { sessionId } = await emu.signIn({ userId: user.id });
  const lifetimeMs = 3_600_000;
  const member = await emu.mintSessionToken({ sessionId, lifetimeMs, claims: MEMBER_CLAIMS });
  const pending = await emu.mintSessionToken({ sessionId, lifetimeMs, claims: { v: 2, sts: 'pending' } });
  const [header, payload, signature] = member.split('.') as [string, string, string];
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  claims.o.fpm = '3'; // + org:dashboard:manage
  const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
  return { jwtKey: emu.jwtPublicKey(), member, pending, forged };
}

/** A thrown error whose message the tests look for in no response body. */
export class AuthorizeBoom extends Error {
  constructor() {
    super('authorize exploded');
  }
}
