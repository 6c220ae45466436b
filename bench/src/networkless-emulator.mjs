// Child process for the networkless bench (issue 8): the emulator, with sessions and long-lived
// session tokens (1 h, so that none expires during a run). Same IPC protocol as emulator-process.mjs.
import { startEmulator } from '@sessiongate/emulator';

const emulator = await startEmulator();

const ops = {
  async signIn({ count }) {
    const users = [];
    for (let i = 0; i < 16; i++) users.push(await emulator.createUser({ email: `nl${i}@example.test` }));
    const sessions = [];
    for (let i = 0; i < count; i++) {
      const s = await emulator.signIn({ userId: users[i % users.length].id });
      const token = await emulator.mintSessionToken({ sessionId: s.sessionId, lifetimeMs: 3_600_000 });
      sessions.push({ token, sessionId: s.sessionId, userId: s.userId });
    }
    return sessions;
  },
  backendCalls: () => emulator.backendCalls(),
};

process.on('message', async (m) => {
  if (m?.op === 'close') {
    await emulator.close();
    process.exit(0);
  }
  try {
    process.send({ id: m.id, result: await ops[m.op](m) });
  } catch (error) {
    process.send({ id: m.id, error: String(error?.message ?? error) });
  }
});
process.on('disconnect', () => void emulator.close().then(() => process.exit(0)));
process.send({ op: 'ready', url: emulator.url, apiKey: emulator.apiKey });
