import { mountAdapter } from '../../../test-support/mount-adapter.mjs';
import { clientOptions, isMinimal } from './client-options.mjs';

/**
 * Starts one framework's app of the load bench through the shared harness
 * (test-support/mount-adapter.mjs), with the mount's error handling off (the framework's own, as a
 * plain app has): GET /api/me answers `{ userId }` behind the adapter's mandatory guard, behind
 * the `minimal` reference hit (`minimalGuard(options)`, the framework's own middleware, see
 * minimal-hit.mjs), or `{ userId: null }` without auth (the baseline). Resolves
 * `{ url, close, server }` (the smoke test counts the requests the server has taken in).
 */
export function startApiMe(variant, backend, { minimalGuard, ...mount }) {
  const options = clientOptions(variant, backend);
  const route =
    options === null
      ? { handler: () => ({ userId: null }) }
      : { use: [isMinimal(variant) ? minimalGuard(options) : 'required'], handler: (session) => ({ userId: session.userId }) };
  return mountAdapter({ ...mount, options, routes: { '/api/me': route }, answerErrors: false });
}
