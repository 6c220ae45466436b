import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Handler = (req: RecordedRequest, res: ServerResponse) => void;

/**
 * A tiny loopback Backend API stand-in for outcomes that are easier to script by hand than
 * through the emulator (hangs, dripping bodies, resets, exact headers). Binds 127.0.0.1:0.
 */
export async function startTestBackend(initial?: Handler) {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let handler: Handler = initial ?? ((_req, res) => json(res, 200, {}));
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(rec);
      handler(rec, res);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(h: Handler) {
      handler = h;
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

export const sessionWire = (over: Record<string, unknown> = {}) => ({
  object: 'session',
  id: 'sess_abc',
  client_id: 'client_abc',
  user_id: 'user_abc',
  status: 'active',
  last_active_at: 1700000000000,
  expire_at: 1700600000000,
  abandon_at: 1702600000000,
  created_at: 1700000000000,
  updated_at: 1700000000000,
  ...over,
});

export const clientWire = (over: Record<string, unknown> = {}) => ({
  object: 'client',
  id: 'client_abc',
  session_ids: ['sess_abc'],
  sessions: [sessionWire()],
  sign_in_id: null,
  sign_up_id: null,
  last_active_session_id: 'sess_abc',
  last_authentication_strategy: null,
  created_at: 1700000000000,
  updated_at: 1700000000000,
  ...over,
});

export const userWire = (over: Record<string, unknown> = {}) => ({
  object: 'user',
  id: 'user_abc',
  username: null,
  first_name: 'Ada',
  last_name: 'Lovelace',
  email_addresses: [{ id: 'idn_1', object: 'email_address', email_address: 'ada@example.com', verification: null, linked_to: [], reserved: false, created_at: 1, updated_at: 1 }],
  primary_email_address_id: 'idn_1',
  profile_image_url: 'https://img.example/ada.png',
  image_url: 'https://img.example/ada.png',
  public_metadata: {},
  banned: false,
  created_at: 1700000000000,
  updated_at: 1700000000000,
  ...over,
});
