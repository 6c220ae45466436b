import type { AuthenticatorOptions } from '@sessiongate/core';

const POLICY_KEYS = ['apiUrl', 'serverApiUrl', 'apiVersion', 'verification', 'jwtKey', 'issuer', 'authorizedParties', 'acceptPendingSessions'] as const;

/**
 * The options that decide whether a token is accepted (which backend, which strategy, which
 * issuer and parties), as one string. A forwarded decision is signed with the proxy's policy
 * and verified with the route's: when they differ the route decides by itself. Holds no
 * secret (the API key is not part of it). A `client` is opaque: every route given one has the
 * policy `client`, so the proxy must be given the same client.
 */
export function decisionPolicy(options: AuthenticatorOptions | undefined): string {
  if (options?.client !== undefined) return 'client';
  const picked: Record<string, unknown> = {};
  for (const key of POLICY_KEYS) {
    const value = options?.[key];
    if (value !== undefined) picked[key === 'serverApiUrl' ? 'apiUrl' : key] = Array.isArray(value) ? [...value].sort() : value;
  }
  return JSON.stringify(Object.keys(picked).sort().map((k) => [k, picked[k]]));
}
