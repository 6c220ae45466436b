import type { TokenIssuer } from '../jwt/token-issuer.js';
import type { Store } from '../store.js';
import type { SignInResult } from '../types.js';
import type { SignInExtras } from './organizations.js';

/**
 * A sign-in with today's extras: the active organization, a pending task, an actor, a second
 * factor, the token version. The session is created by the store as before; a bad extra (not a
 * member of that organization) removes it again and throws.
 */
export async function signInWithExtras(
  store: Store,
  tokens: TokenIssuer,
  input: { userId?: string; email?: string; clientToken?: string } & SignInExtras,
): Promise<SignInResult> {
  const { organizationId, pending, actor, secondFactor, tokenVersion, ...base } = input;
  const result = store.signIn(base);
  const extras: SignInExtras = {};
  if (organizationId !== undefined) extras.organizationId = organizationId;
  if (pending !== undefined) extras.pending = pending;
  if (actor !== undefined) extras.actor = actor;
  if (secondFactor !== undefined) extras.secondFactor = secondFactor;
  if (tokenVersion !== undefined) extras.tokenVersion = tokenVersion;
  try {
    store.organizations.onSignIn(result.sessionId, extras);
  } catch (error) {
    store.deactivate(result.sessionId, 'removed');
    throw error;
  }
  return { ...result, sessionToken: await tokens.mint({ sessionId: result.sessionId }) };
}
