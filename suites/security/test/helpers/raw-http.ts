import { connect } from 'node:net';

/** A response read off a raw socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** Everything the server sent, for secret scans. */
  raw: string;
}

/**
 * Sends one HTTP/1.1 request byte for byte (request target, header order, duplicates, NUL,
 * non-ASCII — things fetch refuses to send) on a fresh loopback connection with
 * `Connection: close`, and reads the answer until the server closes.
 */
export function rawRequest(
  baseUrl: string,
  method: string,
  target: string,
  headers: ReadonlyArray<readonly [string, string]>,
  timeoutMs = 15_000,
): Promise<RawResponse> {
  const { port, host } = new URL(baseUrl);
  const lines = [`${method} ${target} HTTP/1.1`, `Host: ${host}`, ...headers.map(([k, v]) => `${k}: ${v}`), 'Connection: close', '', ''];
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: Number(port) });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer within ${timeoutMs} ms to ${method} ${target.slice(0, 80)}`));
    }, timeoutMs);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', (err) => {
      // a server may reset after answering a bad request: keep what arrived
      if (chunks.length === 0) {
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('latin1');
      const end = raw.indexOf('\r\n\r\n');
      const head = end === -1 ? raw : raw.slice(0, end);
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (!match) {
        reject(new Error(`not an HTTP answer to ${method} ${target.slice(0, 80)}: ${JSON.stringify(raw.slice(0, 80))}`));
        return;
      }
      const out: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        if (i > 0) out[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      let body = end === -1 ? '' : raw.slice(end + 4);
      if (out['transfer-encoding']?.includes('chunked')) body = dechunk(body);
      resolve({ status: Number(match[1]), headers: out, body, raw });
    });
    socket.write(Buffer.from(lines.join('\r\n'), 'latin1'));
  });
}

function dechunk(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const eol = s.indexOf('\r\n', i);
    if (eol === -1) break;
    const size = parseInt(s.slice(i, eol), 16);
    if (!(size > 0)) break;
    out += s.slice(eol + 2, eol + 2 + size);
    i = eol + 2 + size + 2;
  }
  return out;
}
