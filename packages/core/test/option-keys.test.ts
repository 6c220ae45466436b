import { expect, it } from 'vitest';
import { CLERK_OPTION_KEYS } from '../src/options.js';

// Middleware options are picked by these keys (createDecider / createAuthenticator): an option
// missing here would be dropped silently and the env-bound default client used instead.
it('are the keys of the options schema, every ClerkOptions key', () => {
  expect([...CLERK_OPTION_KEYS].sort()).toEqual([
    'acceptPendingSessions', 'apiKey', 'apiUrl', 'apiVersion', 'authorizedParties', 'cache', 'clockSkewMs', 'connections', 'issuer', 'jwks', 'jwtKey',
    'logger', 'maxResponseBytes', 'requireSessionIdForUnsafeMethods', 'serverApiUrl', 'timeoutMs', 'tokenCache', 'transport', 'verification',
  ]);
});
