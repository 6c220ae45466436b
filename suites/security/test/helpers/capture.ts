import { Writable } from 'node:stream';
import { inspect } from 'node:util';

/**
 * Collects every line the code under test writes: `console.*`, `process.stdout/stderr`,
 * a logger object to hand to the core (`logger` option), and a stream for pino (Fastify).
 * `findSecrets(secrets)` lists the secrets (API key, tokens) found anywhere in it.
 */
export interface OutputCapture {
  readonly lines: string[];
  readonly logger: Pick<Console, 'warn' | 'error'>;
  readonly stream: Writable;
  add(text: unknown): void;
  findSecrets(secrets: Iterable<string>): string[];
  restore(): void;
}

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export function captureOutput(): OutputCapture {
  const lines: string[] = [];
  const add = (value: unknown): void => {
    lines.push(typeof value === 'string' ? value : Buffer.isBuffer(value) ? value.toString('utf8') : inspect(value, { depth: 8, showHidden: true }));
  };
  const format = (args: unknown[]): string => args.map((a) => (typeof a === 'string' ? a : inspect(a, { depth: 8, showHidden: true }))).join(' ');

  const originals = CONSOLE_METHODS.map((m) => [m, console[m]] as const);
  for (const m of CONSOLE_METHODS) {
    console[m] = (...args: unknown[]) => add(format(args));
  }
  const outWrite = process.stdout.write;
  const errWrite = process.stderr.write;
  // Recorded, and shown only with SUITE_VERBOSE=1 (the emulator's request log is long).
  const passThrough = process.env.SUITE_VERBOSE === '1';
  process.stdout.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    add(chunk);
    return passThrough ? (outWrite as (...a: unknown[]) => boolean).call(this, chunk, ...rest) : true;
  } as typeof process.stdout.write;
  process.stderr.write = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]) {
    add(chunk);
    return passThrough ? (errWrite as (...a: unknown[]) => boolean).call(this, chunk, ...rest) : true;
  } as typeof process.stderr.write;

  const stream = new Writable({
    write(chunk, _enc, cb) {
      add(chunk);
      cb();
    },
  });
  return {
    lines,
    logger: { warn: (...args: unknown[]) => add(format(args)), error: (...args: unknown[]) => add(format(args)) },
    stream,
    add,
    findSecrets(secrets) {
      const all = lines.join('\n');
      const found: string[] = [];
      for (const s of secrets) if (s.length >= 8 && all.includes(s)) found.push(s);
      return found;
    },
    restore() {
      for (const [m, fn] of originals) console[m] = fn as never;
      process.stdout.write = outWrite;
      process.stderr.write = errWrite;
    },
  };
}
