import { createServer } from 'node:http';
import { createClerkClient, requireFailure } from '@sessiongate/core';
import { listenOnLoopback } from '../../../test-support/loopback.mjs';
import { clientOptions, isMinimal } from './client-options.mjs';
import { createMinimalHit } from './minimal-hit.mjs';

function sendJson(res, value) {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function answer(res, state) {
  const failure = requireFailure(state);
  if (failure) {
    res.writeHead(failure.status, failure.headers).end();
    return;
  }
  sendJson(res, { userId: state.userId });
}

/**
 * GET /api/me on plain node:http: the core called directly (no adapter), the `minimal` reference
 * hit, or no auth at all.
 */
export async function startNodeHttp(variant, backend) {
  const options = clientOptions(variant, backend);
  // decideRequest: the core's decision, synchronous when it needs no I/O (a cache hit)
  const decide = options === null ? null : isMinimal(variant) ? minimalDecide(createMinimalHit(options)) : createClerkClient(options).decideRequest;
  const server = createServer((req, res) => {
    const q = req.url.indexOf('?');
    const pathname = q === -1 ? req.url : req.url.slice(0, q);
    if (req.method !== 'GET' || pathname !== '/api/me') {
      res.writeHead(404).end();
      return;
    }
    if (decide === null) return sendJson(res, { userId: null });
    let result;
    try {
      result = decide({ method: req.method, url: req.url, headers: req.headers });
    } catch {
      res.writeHead(500).end();
      return;
    }
    if (result instanceof Promise) result.then((state) => answer(res, state), () => res.writeHead(500).end());
    else answer(res, result);
  });
  // { url, close, server }: the smoke test counts the requests the server has taken in
  return listenOnLoopback(server);
}

/** The `minimal` hit as a decide function: its session (or `null`) as the state `answer` expects. */
function minimalDecide(hit) {
  const state = (session) => (session === null ? { status: 'signed-out', reason: 'token-missing' } : { status: 'signed-in', session, sessionId: session.id, userId: session.userId });
  return ({ url, headers }) => {
    const result = hit(url, headers);
    return result instanceof Promise ? result.then(state) : state(result);
  };
}
