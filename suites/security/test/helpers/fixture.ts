import { randomBytes } from 'node:crypto';
import { Clerk, type AuthState } from '@sessiongate/core';
import type { Emulator } from '@sessiongate/emulator';
import { forwardAuthHeaders } from '@sessiongate/next';
import type { Fixture } from './bad-input-cases.js';

const b64url = (s: string | Buffer) => Buffer.from(s).toString('base64url');

/** Signs users A and B in on the emulator and prepares the spoofed proxy headers. */
export async function createFixture(emu: Emulator, appUrl = 'http://127.0.0.1'): Promise<Fixture> {
  const a = await emu.signIn({ userId: (await emu.createUser({ email: `a-${Date.now()}@example.com`, firstName: 'Ada' })).id });
  const b = await emu.signIn({ userId: (await emu.createUser({ email: `b-${Date.now()}@example.com`, firstName: 'Bob' })).id });
  const clerk = new Clerk({ apiKey: emu.apiKey, apiUrl: emu.url, logger: false });
  const request = new Request(`${appUrl}/with`, { headers: { cookie: `__session=${a.clientToken}` } });
  const stateA: AuthState = await clerk.authenticateRequest(request);
  if (stateA.status !== 'signed-in') throw new Error(`fixture: A is not signed in (${stateA.status})`);
  const forwarded = (await forwardAuthHeaders(request, stateA)).get('x-sessiongate-auth');
  if (!forwarded) throw new Error('fixture: no forwarded header');
  const forgedState = {
    status: 'signed-in',
    session: { id: b.sessionId, userId: b.userId, clientId: b.clientId, status: 'active' },
    sessionId: b.sessionId,
    userId: b.userId,
  };
  const forgedB = `v1.${b64url(JSON.stringify({ exp: Math.floor(Date.now() / 1000) + 60, s: forgedState }))}.${b64url(randomBytes(32))}`;
  return {
    tokenA: a.clientToken,
    sessionA: a.sessionId,
    userA: a.userId,
    tokenB: b.clientToken,
    sessionB: b.sessionId,
    userB: b.userId,
    forwardedA: forwarded,
    forgedB,
  };
}
