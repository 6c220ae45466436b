/**
 * Which `Host` header values the emulator answers (DNS rebinding defence): the loopback names
 * with the port it listens on (`127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`), the literal
 * address it is bound to, and the hosts listed in `allowedHosts` (a bare name matches on any
 * port, `name:port` only on that port). Case-insensitive. Nothing is accepted before `listening()`.
 */
export class HostCheck {
  private readonly exact = new Set<string>();
  private readonly anyPort = new Set<string>();
  private readonly listed: readonly string[];

  constructor(allowedHosts: readonly string[]) {
    this.listed = allowedHosts.map((h) => h.toLowerCase());
  }

  /** Called once the server is bound: from now on the loopback names with `port` are accepted. */
  listening(address: string, port: number): void {
    const names = ['127.0.0.1', 'localhost', '[::1]'];
    // The bound address itself (an IP literal, which no DNS rebinding can produce), also when it
    // is a wildcard: `emu.url` is then http://0.0.0.0:PORT and must keep working.
    names.push(address.includes(':') ? `[${address}]` : address);
    for (const name of names) {
      this.exact.add(`${name.toLowerCase()}:${port}`);
      if (port === 80) this.exact.add(name.toLowerCase());
    }
    for (const host of this.listed) {
      if (HOST_WITH_PORT.test(host)) this.exact.add(host);
      else this.anyPort.add(host);
    }
  }

  allows(host: string | undefined): boolean {
    if (typeof host !== 'string' || host.length > 300) return false;
    const value = host.toLowerCase();
    if (this.exact.has(value)) return true;
    const m = HOST_PARTS.exec(value);
    return m !== null && this.anyPort.has(m[1]!);
  }
}

const HOST_WITH_PORT = /:\d{1,5}$/;
const HOST_PARTS = /^([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/** An `allowedHosts` entry: a host name or IP literal, optionally with `:port`. */
export const ALLOWED_HOST_PATTERN = /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}))*|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;
