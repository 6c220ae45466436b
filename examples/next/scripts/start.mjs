// `npm start`: an embedded emulator (unless CLERK_API_URL is set) plus `next start`
// (building first when there is no build), then prints what to try. Never prints a token.
import { existsSync } from 'node:fs';
import { startEmulator } from '@sessiongate/emulator';
import { buildApp, startApp } from './next-server.mjs';

const SEED_EMAIL = 'ada@example.com';
const port = Number(process.env.PORT ?? 3000);

let emulator;
let env = {};
if (!process.env.CLERK_API_URL) {
  emulator = await startEmulator({ users: [{ email: SEED_EMAIL, firstName: 'Ada', lastName: 'Lovelace' }] });
  env = { CLERK_API_KEY: emulator.apiKey, CLERK_API_URL: emulator.url };
}

if (!existsSync(new URL('../.next/BUILD_ID', import.meta.url))) {
  console.log('building the app (next build) ...');
  await buildApp({ quiet: false });
}
const app = await startApp({ port, env, quiet: false });

const lines = [
  '',
  `sessiongate Next.js example on ${app.url}`,
  `  GET ${app.url}/api/ts/optional   pages API, seed withSession (TypeScript)`,
  `  GET ${app.url}/api/ts/required   pages API, seed requireSession (TypeScript)`,
  `  GET ${app.url}/api/js/optional   pages API, seed withSession (JavaScript)`,
  `  GET ${app.url}/api/js/required   pages API, seed requireSession (JavaScript)`,
  `  GET ${app.url}/api/me            app router, withAuth (optional)`,
  `  GET ${app.url}/api/private       app router, requireAuth`,
  `  GET ${app.url}/uncovered/me      app router, auth(request), outside the proxy matcher`,
];
if (emulator) {
  lines.push(
    `embedded emulator on ${emulator.url} with ${SEED_EMAIL}`,
    '  sign in (answers { clientToken, sessionId, ... }):',
    `    curl -s -X POST ${emulator.url}/__emulator/sign-in -H 'content-type: application/json' -d '{"email":"${SEED_EMAIL}"}'`,
    '  then send the client token as a cookie:',
    `    curl -i ${app.url}/api/private -H 'cookie: __session=<clientToken>'`,
  );
} else {
  lines.push(`using the Backend API at ${process.env.CLERK_API_URL}`);
}
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    Promise.all([app.stop(), emulator?.close()]).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
