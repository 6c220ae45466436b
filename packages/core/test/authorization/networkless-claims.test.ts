import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { has, type AuthState } from '../../src/index.js';
import { base64url, cookieRequest, networklessClient, startWorld, type JwtWorld, type Mode } from '../jwt/helpers.js';

let w: JwtWorld;
beforeAll(async () => {
  w = await startWorld();
});
afterAll(async () => {
  await w?.emu.close();
});

const orgClaims = { v: 2, fea: 'o:dashboard,o:billing', fva: [2, -1], o: { id: 'org_acme', slg: 'acme', rol: 'member', per: 'read,manage', fpm: '1,0' } };

describe.each(['pem', 'jwks'] as Mode[])('session claims through the networkless strategy (%s)', (mode) => {
  const mint = (claims: Record<string, unknown>) => w.emu.mintSessionToken({ sessionId: w.sessionId, claims });

  it('a signed-in state carries what the token says, and has() reads it', async () => {
    const state: AuthState = await networklessClient(w.emu, mode).authenticateRequest(cookieRequest(await mint({ ...orgClaims, act: { sub: 'user_admin' } })));
    expect(state).toMatchObject({
      status: 'signed-in',
      sessionStatus: 'active',
      orgId: 'org_acme',
      orgRole: 'org:member',
      orgSlug: 'acme',
      orgPermissions: ['org:dashboard:read'],
      features: ['o:dashboard', 'o:billing'],
      plans: [],
      factorVerificationAge: [2, -1],
      actor: { sub: 'user_admin' },
    });
    if (state.status !== 'signed-in') return;
    expect(Object.isFrozen(state.claims)).toBe(true);
    expect(state.has({ permission: 'org:dashboard:read' })).toBe(true);
    expect(state.has({ permission: 'org:dashboard:manage' })).toBe(false);
    expect(state.has({ reverification: 'strict' })).toBe(true);
    expect(has(state, { role: 'org:member' })).toBe(true);
  });

  it('a pending session is signed out by default (session-pending), and signed in with acceptPendingSessions', async () => {
    const token = await mint({ v: 2, sts: 'pending' });
    expect(await networklessClient(w.emu, mode).authenticateRequest(cookieRequest(token))).toEqual({ status: 'signed-out', reason: 'session-pending' });
    const accepting = networklessClient(w.emu, mode, { acceptPendingSessions: true });
    const state = await accepting.authenticateRequest(cookieRequest(token));
    expect(state).toMatchObject({ status: 'signed-in', sessionStatus: 'pending', session: { status: 'pending' } });
    // from the token cache as well
    expect(await accepting.authenticateRequest(cookieRequest(token))).toMatchObject({ status: 'signed-in', sessionStatus: 'pending' });
    expect(await networklessClient(w.emu, mode).authenticateRequest(cookieRequest(token))).toMatchObject({ reason: 'session-pending' });
  });

  it.each([
    ['bits beyond per', { ...orgClaims, o: { ...orgClaims.o, fpm: '4,0' } }],
    ['more fpm values than features', { ...orgClaims, o: { ...orgClaims.o, fpm: '1,0,0' } }],
    ['an unknown scope', { ...orgClaims, fea: 'org:dashboard,o:billing' }],
    ['an unknown status', { sts: 'blocked' }],
    ['a malformed o', { v: 2, o: 'org_acme' }],
  ])('a malformed claim (%s) makes the whole token invalid', async (_name, claims) => {
    expect(await networklessClient(w.emu, mode).authenticateRequest(cookieRequest(await mint(claims)))).toEqual({ status: 'signed-out', reason: 'token-invalid' });
  });

  it('a forged token with an added permission fails verification', async () => {
    const token = await mint(orgClaims);
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims.o.fpm = '3,2'; // + org:dashboard:manage, org:billing:manage
    const forged = `${header}.${base64url(claims)}.${signature}`;
    expect(await networklessClient(w.emu, mode).authenticateRequest(cookieRequest(forged))).toEqual({ status: 'signed-out', reason: 'token-invalid' });
  });
});

describe('the backend strategy carries no such claims', () => {
  it('has() answers false for organization, feature, plan and reverification checks', async () => {
    const clerk = (await import('../../src/index.js')).createClerkClient({ apiKey: w.emu.apiKey, apiUrl: w.emu.url, logger: false });
    const state = await clerk.authenticateRequest(cookieRequest(w.clientToken, `/me?_clerk_session_id=${w.sessionId}`));
    expect(state).toMatchObject({ status: 'signed-in', orgId: null, orgPermissions: [], features: [], plans: [], factorVerificationAge: null, sessionStatus: 'active' });
    if (state.status !== 'signed-in') return;
    expect(state.claims).toBeUndefined();
    for (const params of [{ role: 'org:admin' }, { permission: 'org:a:read' }, { feature: 'a' }, { plan: 'pro' }, { reverification: 'lax' }] as const) {
      expect(state.has(params)).toBe(false);
    }
  });
});
