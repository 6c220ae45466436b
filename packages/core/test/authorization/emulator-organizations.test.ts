import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthState } from '../../src/index.js';
import { cookieRequest, networklessClient, type Mode } from '../jwt/helpers.js';

// Issue 19, against the emulator: sign in with an organization, switch it, change a member's role;
// each next token changes what the signed-in state says and what has() answers.
let emu: Emulator;
beforeAll(async () => {
  emu = await startEmulator();
  await emu.organizations.defineRole('org:admin', ['org:invoices:read', 'org:invoices:delete']);
  await emu.organizations.defineRole('org:member', ['org:invoices:read']);
});
afterAll(async () => {
  await emu?.close();
});

describe.each(['pem', 'jwks'] as Mode[])('organizations from the emulator (%s)', (mode) => {
  it('sign in with an organization, switch it, change the role: the next token changes', async () => {
    const ada = await emu.createUser({ email: `ada-${mode}@example.test` });
    const bob = await emu.createUser({ email: `bob-${mode}@example.test` });
    const acme = await emu.organizations.create({ name: `Acme ${mode}`, createdBy: ada.id });
    const globex = await emu.organizations.create({ name: `Globex ${mode}`, createdBy: bob.id });
    await emu.organizations.addMember(globex.id, ada.id, 'org:member');
    const clerk = networklessClient(emu, mode);
    const decide = async (token: string) => {
      const state: AuthState = await clerk.authenticateRequest(cookieRequest(token));
      if (state.status !== 'signed-in') throw new Error(`not signed in: ${JSON.stringify(state)}`);
      return state;
    };

    const s = await emu.signIn({ userId: ada.id, organizationId: acme.id });
    const first = await decide(s.sessionToken);
    expect(first).toMatchObject({ orgId: acme.id, orgRole: 'org:admin', orgSlug: acme.slug });
    expect(first.has({ permission: 'org:invoices:delete' })).toBe(true);

    await emu.organizations.setActive(s.sessionId, globex.id);
    const switched = await decide(await emu.mintSessionToken({ sessionId: s.sessionId }));
    expect(switched).toMatchObject({ orgId: globex.id, orgRole: 'org:member', orgPermissions: ['org:invoices:read'] });
    expect(switched.has({ permission: 'org:invoices:delete' })).toBe(false);

    await emu.organizations.setRole(globex.id, ada.id, 'org:admin');
    const promoted = await decide(await emu.mintSessionToken({ sessionId: s.sessionId }));
    expect(promoted).toMatchObject({ orgId: globex.id, orgRole: 'org:admin' });
    expect(promoted.has({ permission: 'org:invoices:delete' })).toBe(true);

    // the old token still says what it said when it was minted
    expect((await decide(s.sessionToken)).orgId).toBe(acme.id);

    // version 1 tokens decode to the same organization
    const v1 = await decide(await emu.mintSessionToken({ sessionId: s.sessionId, version: 1 }));
    expect(v1).toMatchObject({ orgId: globex.id, orgRole: 'org:admin', orgPermissions: ['org:invoices:read', 'org:invoices:delete'] });
  });

  it('pending until the task is complete; act and fva reach the state', async () => {
    const eve = await emu.createUser({ email: `eve-${mode}@example.test` });
    const s = await emu.signIn({ userId: eve.id, pending: true, actor: { sub: 'user_support' } });
    expect(await networklessClient(emu, mode).authenticateRequest(cookieRequest(s.sessionToken))).toEqual({ status: 'signed-out', reason: 'session-pending' });
    await emu.organizations.completeTask(s.sessionId);
    const state = await networklessClient(emu, mode).authenticateRequest(cookieRequest(await emu.mintSessionToken({ sessionId: s.sessionId })));
    expect(state).toMatchObject({ status: 'signed-in', sessionStatus: 'active', actor: { sub: 'user_support' }, factorVerificationAge: [0, -1] });
    if (state.status === 'signed-in') expect(state.has({ reverification: 'strict' })).toBe(true);
  });
});
