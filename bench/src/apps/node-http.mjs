import { createServer } from 'node:http';
import { createClerkClient, requireFailure } from '@sessiongate/core';
import { clientOptions, closeServer, listen } from './client-options.mjs';

function sendJson(res, value) {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** GET /api/me on plain node:http: the core called directly (no adapter), or no auth at all. */
export async function startNodeHttp(variant, backend) {
  const options = clientOptions(variant, backend);
  const authenticate = options === null ? null : createClerkClient(options).authenticateRequest;
  const server = createServer((req, res) => {
    const q = req.url.indexOf('?');
    const pathname = q === -1 ? req.url : req.url.slice(0, q);
    if (req.method !== 'GET' || pathname !== '/api/me') {
      res.writeHead(404).end();
      return;
    }
    if (authenticate === null) return sendJson(res, { userId: null });
    authenticate({ method: req.method, url: req.url, headers: req.headers }).then(
      (state) => {
        const failure = requireFailure(state);
        if (failure) {
          res.writeHead(failure.status, failure.headers).end();
          return;
        }
        sendJson(res, { userId: state.userId });
      },
      () => res.writeHead(500).end(),
    );
  });
  const url = await listen(server);
  return { url, close: () => closeServer(server) };
}
