// Child process: the emulator, driven over IPC by the load runner (so that its CPU time is
// neither the app's nor autocannon's). Requests: { id, op, ...args } -> { id, result | error }.
import { startEmulator } from '@sessiongate/emulator';

const emulator = await startEmulator();

const ops = {
  async signIn({ count }) {
    const sessions = [];
    const users = [];
    for (let i = 0; i < 16; i++) users.push(await emulator.createUser({ email: `bench${i}@example.test`, firstName: `Bench${i}` }));
    for (let i = 0; i < count; i++) {
      const s = await emulator.signIn({ userId: users[i % users.length].id });
      // the networkless rows send a session JWT instead of the client token: 1 h, so that none
      // expires during a run
      const jwt = await emulator.mintSessionToken({ sessionId: s.sessionId, lifetimeMs: 3_600_000 });
      sessions.push({ token: s.clientToken, jwt, sessionId: s.sessionId, userId: s.userId });
    }
    return sessions;
  },
  fault({ route, fault }) {
    emulator.fault(route, fault);
  },
  clearFaults() {
    emulator.clearFaults();
  },
  backendCalls() {
    return emulator.backendCalls();
  },
  clearRequests() {
    emulator.clearRequests();
  },
};

process.on('message', async (m) => {
  if (m?.op === 'close') {
    await emulator.close();
    process.exit(0);
  }
  try {
    const result = await ops[m.op](m);
    process.send({ id: m.id, result });
  } catch (error) {
    process.send({ id: m.id, error: String(error?.message ?? error) });
  }
});
process.on('disconnect', () => void emulator.close().then(() => process.exit(0)));
process.send({ op: 'ready', url: emulator.url, apiKey: emulator.apiKey });
