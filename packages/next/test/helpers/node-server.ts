import { createServer, type IncomingMessage, type Server } from 'node:http';
import { listenOnLoopback } from '../../../../test-support/loopback.mjs';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pages API handlers take NextApiRequest, a subtype of IncomingMessage
export type NodeHandler = (req: any, res: any) => unknown;

/**
 * A real node:http server on 127.0.0.1:0 that routes by path prefix to Pages-API-style
 * handlers (real IncomingMessage/ServerResponse). `before` runs first (e.g. to simulate
 * another library setting `req.session`).
 */
export async function startNodeServer(
  routes: Record<string, NodeHandler>,
  before?: (req: IncomingMessage) => void,
  /** Given: a handler that throws is reported here and answered 500 with no body. */
  onError?: (error: unknown) => void,
): Promise<{ url: string; server: Server; close: () => Promise<void> }> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const handler = routes[path];
    if (!handler) {
      res.statusCode = 404;
      res.end();
      return;
    }
    before?.(req);
    Promise.resolve()
      .then(() => handler(req, res))
      .catch((error: unknown) => {
        if (!res.headersSent) res.statusCode = 500;
        if (onError === undefined) return res.end('handler threw');
        onError(error);
        res.end();
      });
  });
  const { url, close } = await listenOnLoopback(server);
  return { url, server, close };
}
