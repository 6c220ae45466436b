// What `npm start` adds around the app for trying it out, on Node: an emulator with two seeded
// users and a curl cookie jar signed in as Alice (a file, mode 0600: the token is never printed).
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '@sessiongate/emulator';

export const SEED_USERS = [
  { email: 'alice@example.test', firstName: 'Alice', lastName: 'Liddell' },
  { email: 'bob@example.test', firstName: 'Bob', lastName: 'Builder' },
];

/** An emulator on 127.0.0.1 with the seeded users, and a cookie jar signed in as Alice. */
export async function startDevEmulator(name) {
  const emulator = await startEmulator({ users: SEED_USERS });
  const { clientToken } = await emulator.signIn({ email: SEED_USERS[0].email });
  const dir = join(tmpdir(), `sessiongate-example-${name}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const jar = join(dir, 'jar.txt');
  // curl's cookie-jar format: domain, subdomains, path, secure, expiry (0: session), name, value
  await writeFile(jar, `# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\t__session\t${clientToken}\n`, { mode: 0o600 });
  return { emulator, jar };
}
