import { connect } from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 request over a raw socket, so that the request target reaches the server
 * exactly as written (fetch and `new URL` would normalise `/./`, `%2e`, …). `host: null`
 * sends no Host header (with HTTP/1.0, which Node accepts without one).
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  o: { headers?: Record<string, string>; body?: string; host?: string | null } = {},
): Promise<RawResponse> {
  const { hostname, port } = new URL(baseUrl);
  const host = o.host === undefined ? `${hostname}:${port}` : o.host;
  const lines = [`${method} ${target} HTTP/${host === null ? '1.0' : '1.1'}`];
  if (host !== null) lines.push(`Host: ${host}`);
  lines.push('Connection: close');
  for (const [k, v] of Object.entries(o.headers ?? {})) lines.push(`${k}: ${v}`);
  if (o.body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(o.body)}`);
  const head = `${lines.join('\r\n')}\r\n\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''));
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const [statusLine = '', ...headerLines] = text.slice(0, split).split('\r\n');
      const headers: Record<string, string> = {};
      for (const line of headerLines) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      let body = text.slice(split + 4);
      if (headers['transfer-encoding'] === 'chunked') body = unchunk(body);
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
    socket.write(head + (o.body ?? ''));
  });
}

function unchunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const nl = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, nl), 16);
    if (!size) return out;
    out += rest.slice(nl + 2, nl + 2 + size);
    rest = rest.slice(nl + 2 + size + 2);
  }
}
