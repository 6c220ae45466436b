import { SEED_USERS, startApp } from './app.mjs';

const running = await startApp({ logger: true });

const lines = [
  '',
  `sessiongate Fastify example on ${running.url}`,
  `  GET ${running.url}/api/me      (requireSession: 401 when signed out)`,
  `  GET ${running.url}/api/whoami  (optional session)`,
];
if (running.emulator) {
  lines.push(
    `embedded emulator on ${running.emulator.url} with ${SEED_USERS.map((u) => u.email).join(', ')}`,
    '  sign in (answers { clientToken, sessionId, ... }):',
    `    curl -s -X POST ${running.emulator.url}/__emulator/sign-in -H 'content-type: application/json' -d '{"email":"${SEED_USERS[0].email}"}'`,
    '  then send the client token as a cookie:',
    `    curl -i ${running.url}/api/me -H 'cookie: __session=<clientToken>'`,
  );
} else {
  lines.push(`using the Backend API at ${process.env.CLERK_API_URL}`);
}
console.log(lines.join('\n'));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    running.close().then(() => process.exit(0), () => process.exit(1));
  });
}
