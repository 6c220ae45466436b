import { bench, describe } from 'vitest';
import { createRequestAuthenticator, type VerifyBackend } from '../../src/authenticate.js';
import type { Session } from '../../src/domain/session.js';

// CPU cost of the core's decision: `npx vitest bench --run test/request/decision.bench.ts`.
// Targets: a cached decision under 20 µs, a malformed request under 5 µs with no backend call.
// The backend here answers in-process and is only reached to warm the cache.

let calls = 0;
const backend: VerifyBackend = {
  async verifySession(id) {
    calls++;
    return { id, clientId: 'client_1', userId: 'user_1', status: 'active', lastActiveAt: 1, expireAt: Date.now() + 3_600_000, abandonAt: Date.now() + 7_200_000 } satisfies Session;
  },
  async verifyClient() {
    throw new Error('unused');
  },
};
const authenticate = createRequestAuthenticator(backend, { requireSessionIdForUnsafeMethods: false, cache: { ttlMs: 60_000, max: 1000 }, logger: false });

const token = 'Zm9vYmFyYmF6'.repeat(12);
const headers = { host: 'app.test', 'user-agent': 'bench', accept: '*/*', cookie: `_ga=GA1.2.3; theme=dark; __session=${token}; other=1` };
const cached = { method: 'GET', url: '/api/me?page=2&_clerk_session_id=sess_2AbCdEf9xyz', headers };
const malformedId = { method: 'GET', url: '/api/me?_clerk_session_id=..%2Fusers%2Fx', headers };
const malformedToken = { method: 'GET', url: '/api/me', headers: { ...headers, cookie: '__session=a<b>c' } };
const missing = { method: 'GET', url: '/api/me', headers: { host: 'app.test', accept: '*/*' } };

await authenticate(cached);
const warmCalls = calls;

describe('authenticateRequest decision', () => {
  bench('cache hit (explicit id)', async () => {
    await authenticate(cached);
  });
  bench('malformed session id', async () => {
    await authenticate(malformedId);
  });
  bench('malformed token', async () => {
    await authenticate(malformedToken);
  });
  bench('missing token', async () => {
    await authenticate(missing);
  }, {
    teardown() {
      if (calls !== warmCalls) throw new Error(`expected no backend call after warm-up, got ${calls - warmCalls}`);
    },
  });
});
