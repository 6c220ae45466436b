import { decodeJwt } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmulatorError, startEmulator, type Emulator } from '../src/index.js';

// Issue 19: the emulator issues what today's hosted service issues.
describe('organizations, roles, features and the session token claims', () => {
  let emu: Emulator;
  const bapi = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${emu.apiKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const ctl = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${emu.url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  };
  const claimsOf = (token: string) => decodeJwt(token) as Record<string, any>;

  beforeAll(async () => {
    emu = await startEmulator();
  });
  afterAll(async () => {
    vi.useRealTimers();
    await emu?.close();
  });
  beforeEach(async () => {
    await emu.reset();
    await emu.createUser({ id: 'user_ada', email: 'ada@example.test', firstName: 'Ada' });
    await emu.createUser({ id: 'user_bob', email: 'bob@example.test' });
    await emu.organizations.defineRole('org:admin', ['org:dashboard:read', 'org:dashboard:manage', 'org:billing:manage']);
    await emu.organizations.defineRole('org:member', ['org:dashboard:read']);
  });

  it('Backend API: create, list and get organizations, in today\'s shapes', async () => {
    const created = await bapi('POST', '/organizations', { name: 'Acme Inc', created_by: 'user_ada' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({ object: 'organization', name: 'Acme Inc', slug: 'acme-inc', members_count: 1, created_by: 'user_ada', public_metadata: {}, has_image: false });
    expect(created.body.id).toMatch(/^org_[A-Za-z0-9]{27}$/);
    await bapi('POST', '/organizations', { name: 'Globex', slug: 'globex' });
    const list = await bapi('GET', '/organizations?limit=1');
    expect(list.body.total_count).toBe(2);
    expect(list.body.data).toHaveLength(1);
    expect((await bapi('GET', `/organizations/${created.body.id}`)).body).toMatchObject({ id: created.body.id });
    expect((await bapi('GET', '/organizations/acme-inc')).body).toMatchObject({ id: created.body.id });
    const missing = await bapi('GET', '/organizations/org_nope');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0]).toMatchObject({ code: 'resource_not_found' });
    expect((await bapi('POST', '/organizations', { name: 'Again', slug: 'globex' })).status).toBe(422);
    expect((await bapi('POST', '/organizations', {})).status).toBe(422);
    // the API key is required, as for every /v1 route
    expect((await fetch(`${emu.url}/v1/organizations`)).status).toBe(401);
  });

  it('Backend API: memberships with a role and its permissions; create, list, update, delete', async () => {
    const org = (await bapi('POST', '/organizations', { name: 'Acme', created_by: 'user_ada' })).body;
    const added = await bapi('POST', `/organizations/${org.id}/memberships`, { user_id: 'user_bob', role: 'org:member' });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({
      object: 'organization_membership',
      role: 'org:member',
      permissions: ['org:dashboard:read'],
      organization: { id: org.id, object: 'organization' },
      public_user_data: { user_id: 'user_bob', identifier: 'bob@example.test' },
    });
    const list = await bapi('GET', `/organizations/${org.id}/memberships`);
    expect(list.body.total_count).toBe(2);
    const updated = await bapi('PATCH', `/organizations/${org.id}/memberships/user_bob`, { role: 'org:admin' });
    expect(updated.body).toMatchObject({ role: 'org:admin', permissions: ['org:dashboard:read', 'org:dashboard:manage', 'org:billing:manage'] });
    expect((await bapi('PATCH', `/organizations/${org.id}/memberships/user_bob`, { role: 'org:nope' })).status).toBe(400);
    expect((await bapi('POST', `/organizations/${org.id}/memberships`, { user_id: 'user_bob', role: 'org:member' })).status).toBe(422);
    expect((await bapi('DELETE', `/organizations/${org.id}/memberships/user_bob`)).status).toBe(200);
    expect((await bapi('GET', `/organizations/${org.id}/memberships`)).body.total_count).toBe(1);
  });

  it('v2 by default: o, fea, pla, sts, fva; fpm groups the role\'s permissions by feature', async () => {
    const org = await emu.organizations.create({ name: 'Acme', createdBy: 'user_ada', plans: ['pro'] });
    await emu.organizations.setEntitlements({ userId: 'user_ada', features: ['export'], plans: ['free'] });
    const s = await emu.signIn({ userId: 'user_ada', organizationId: org.id });
    const c = claimsOf(s.sessionToken);
    expect(c).toMatchObject({
      v: 2,
      sts: 'active',
      fva: [0, -1],
      fea: 'u:export,o:dashboard,o:billing',
      pla: 'u:free,o:pro',
      o: { id: org.id, slg: 'acme', rol: 'admin', per: 'read,manage', fpm: '3,2' },
    });
    expect(c.act).toBeUndefined();
    expect(c.org_id).toBeUndefined();
  });

  it('an organization without a feature grants none of its permissions', async () => {
    const org = await emu.organizations.create({ name: 'Small', createdBy: 'user_ada', features: ['dashboard'] });
    const s = await emu.signIn({ userId: 'user_ada', organizationId: org.id });
    expect(claimsOf(s.sessionToken)).toMatchObject({ fea: 'o:dashboard', o: { per: 'read,manage', fpm: '3' } });
  });

  it('v1 on request: org_id, org_role, org_slug, org_permissions', async () => {
    const org = await emu.organizations.create({ name: 'Acme', createdBy: 'user_ada' });
    const s = await emu.signIn({ userId: 'user_ada', organizationId: org.id, tokenVersion: 1 });
    const c = claimsOf(s.sessionToken);
    expect(c).toMatchObject({ org_id: org.id, org_role: 'org:admin', org_slug: 'acme', org_permissions: ['org:dashboard:read', 'org:dashboard:manage', 'org:billing:manage'] });
    expect(c.v).toBeUndefined();
    expect(c.o).toBeUndefined();
    expect(claimsOf(await emu.mintSessionToken({ sessionId: s.sessionId, version: 2 }))).toMatchObject({ v: 2, o: { id: org.id } });
  });

  it('sign in with an organization, switch it, change the role: each next token says so', async () => {
    const acme = await emu.organizations.create({ name: 'Acme', createdBy: 'user_ada' });
    const globex = await emu.organizations.create({ name: 'Globex', createdBy: 'user_bob' });
    await emu.organizations.addMember(globex.id, 'user_ada', 'org:member');
    const s = await emu.signIn({ userId: 'user_ada', organizationId: acme.id });
    expect(claimsOf(s.sessionToken).o).toMatchObject({ id: acme.id, rol: 'admin' });
    await emu.organizations.setActive(s.sessionId, globex.id);
    expect(claimsOf(await emu.mintSessionToken({ sessionId: s.sessionId })).o).toMatchObject({ id: globex.id, rol: 'member', per: 'read', fpm: '1,0' });
    await emu.organizations.setRole(globex.id, 'user_ada', 'org:admin');
    expect(claimsOf(await emu.mintSessionToken({ sessionId: s.sessionId })).o).toMatchObject({ id: globex.id, rol: 'admin', fpm: '3,2' });
    await emu.organizations.setActive(s.sessionId, null);
    expect(claimsOf(await emu.mintSessionToken({ sessionId: s.sessionId })).o).toBeUndefined();
    // not a member: refused, the session keeps what it had
    const bobOnly = await emu.organizations.create({ name: 'Initech', createdBy: 'user_bob' });
    await expect(emu.organizations.setActive(s.sessionId, bobOnly.id)).rejects.toThrow(EmulatorError);
    await expect(emu.signIn({ userId: 'user_ada', organizationId: bobOnly.id })).rejects.toThrow(/not a member/);
  });

  it('the same over the control plane', async () => {
    const org = (await ctl('POST', '/organizations', { name: 'Acme', createdBy: 'user_ada' })).body;
    expect((await ctl('POST', `/organizations/${org.id}/memberships`, { userId: 'user_bob', role: 'member' })).status).toBe(200);
    const s = (await ctl('POST', '/sign-in', { userId: 'user_bob', pending: true })).body;
    expect(claimsOf(s.sessionToken)).toMatchObject({ sts: 'pending' });
    expect(claimsOf(s.sessionToken).o).toBeUndefined();
    expect((await ctl('POST', `/sessions/${s.sessionId}/complete-task`, { organizationId: org.id })).status).toBe(200);
    const next = (await ctl('POST', '/session-token', { sessionId: s.sessionId })).body.sessionToken as string;
    expect(claimsOf(next)).toMatchObject({ sts: 'active', o: { id: org.id, rol: 'member' } });
    expect((await ctl('PATCH', `/organizations/${org.id}/memberships/user_bob`, { role: 'admin' })).status).toBe(200);
    expect((await ctl('GET', `/sessions/${s.sessionId}/claims`)).body).toMatchObject({ o: { rol: 'admin' } });
    expect((await ctl('POST', `/sessions/${s.sessionId}/organization`, { organizationId: null })).status).toBe(200);
    expect((await ctl('GET', `/sessions/${s.sessionId}/claims`)).body.o).toBeUndefined();
    expect((await ctl('POST', '/roles', { key: 'org:viewer', permissions: ['bad'] })).status).toBe(400);
    expect((await ctl('GET', '/roles')).body).toEqual(expect.arrayContaining([{ key: 'org:member', permissions: ['org:dashboard:read'] }]));
  });

  it('pending sessions: sign in as pending, then complete the task', async () => {
    const s = await emu.signIn({ userId: 'user_bob', pending: true });
    expect(claimsOf(s.sessionToken).sts).toBe('pending');
    await emu.organizations.completeTask(s.sessionId);
    expect(claimsOf(await emu.mintSessionToken({ sessionId: s.sessionId })).sts).toBe('active');
  });

  it('impersonation: act', async () => {
    const s = await emu.signIn({ userId: 'user_bob', actor: { sub: 'user_ada' } });
    expect(claimsOf(s.sessionToken).act).toEqual({ sub: 'user_ada' });
    await emu.organizations.setActor(s.sessionId, null);
    expect(claimsOf(await emu.mintSessionToken({ sessionId: s.sessionId })).act).toBeUndefined();
  });

  it('factor ages follow the emulator clock and restart on reverification', async () => {
    const s = await emu.signIn({ userId: 'user_bob', secondFactor: true });
    expect(claimsOf(s.sessionToken).fva).toEqual([0, 0]);
    emu.advanceClock(15 * 60_000);
    expect(claimsOf(await emu.mintSessionToken({ sessionId: s.sessionId })).fva).toEqual([15, 15]);
    await emu.organizations.reverify(s.sessionId, 'second_factor');
    expect(claimsOf(await emu.mintSessionToken({ sessionId: s.sessionId })).fva).toEqual([15, 0]);
    const noMfa = await emu.signIn({ userId: 'user_ada' });
    expect(claimsOf(noMfa.sessionToken).fva).toEqual([0, -1]);
  });

  it('reset clears organizations and roles', async () => {
    await emu.organizations.create({ name: 'Acme' });
    await emu.reset();
    expect(await emu.organizations.list()).toEqual([]);
    expect(emu.organizations.claims).toBeTypeOf('function');
  });
});
