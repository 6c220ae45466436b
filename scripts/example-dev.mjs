// What `npm start` of the runtime examples (Bun, Deno, Workers) adds around the app for trying it
// out, on Node: an emulator with two seeded users and a curl cookie jar signed in as Alice (a
// file, mode 0600: the token is never printed), the wait for the runtime's "listening on <url>"
// line, and the runtime's environment. Each example's dev.mjs binds it to its emulator package.
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const SEED_USERS = [
  { email: 'alice@example.test', firstName: 'Alice', lastName: 'Liddell' },
  { email: 'bob@example.test', firstName: 'Bob', lastName: 'Builder' },
];

/**
 * An emulator on 127.0.0.1 with the seeded users, and a cookie jar signed in as Alice.
 * `startEmulator` is the example's own (@sessiongate/emulator resolves from an example's folder,
 * not from scripts/).
 */
export async function startDevEmulator(startEmulator, name) {
  const emulator = await startEmulator({ users: SEED_USERS });
  const { clientToken } = await emulator.signIn({ email: SEED_USERS[0].email });
  const dir = join(tmpdir(), `sessiongate-example-${name}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const jar = join(dir, 'jar.txt');
  // curl's cookie-jar format: domain, subdomains, path, secure, expiry (0: session), name, value
  await writeFile(jar, `# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\t__session\t${clientToken}\n`, { mode: 0o600 });
  return { emulator, jar };
}

/**
 * Waits for the child's "listening on http://…" line (however long it takes; an exit first is an
 * error carrying its code), then passes the rest of its output through.
 */
export function waitForListening(child, dev) {
  const lines = createInterface({ input: child.stdout });
  let spawnError;
  child.once('error', (error) => (spawnError = error)); // e.g. no binary: 'close' follows
  const exited = new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal })));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    await dev?.emulator.close();
  };
  return new Promise((resolve, reject) => {
    let started = false;
    lines.on('line', (line) => {
      const match = !started && /listening on (http:\/\/\S+)/i.exec(line);
      if (!match) return void (started && console.log(line));
      started = true;
      const url = match[1].replace(/\/$/, '');
      resolve({
        url,
        emulator: dev?.emulator,
        close,
        printHelp(runtime) {
          console.log(`${runtime} example listening on ${url}`);
          console.log(`Backend API: ${dev ? `${dev.emulator.url} (emulator on Node)` : process.env.CLERK_API_URL}`);
          console.log(`Try: curl -i ${url}/api/me   (401: no cookie)`);
          if (dev) console.log(`     curl -b ${dev.jar} ${url}/api/me   (200: Alice, signed in on the emulator)`);
          for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => void close().then(() => process.exit(0)));
        },
      });
    });
    void exited.then(async ({ code, signal }) => {
      if (started) return;
      await dev?.emulator.close();
      reject(new Error(`the app exited before listening (code ${code}, signal ${signal})`, { cause: spawnError }));
    });
  });
}

/** The runtime's environment: PATH, HOME, PORT and the two CLERK_ variables, nothing else. */
export function runtimeEnv(port, dev, env) {
  const out = { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port) };
  const apiKey = dev?.emulator.apiKey ?? env.CLERK_API_KEY;
  const apiUrl = dev?.emulator.url ?? env.CLERK_API_URL;
  if (apiKey !== undefined) out.CLERK_API_KEY = apiKey;
  if (apiUrl !== undefined) out.CLERK_API_URL = apiUrl;
  return Object.fromEntries(Object.entries(out).filter(([, v]) => v !== undefined));
}
