import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { NEVER_ANSWERED_MS } from '../../../test-support/deadlines.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/index.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
  event: { type: string; object: string; data: { id: string; user_id?: string; status?: string }; instance_id: string; timestamp: number };
}

/** A real receiver over loopback; `answer` decides each status ('hang' never answers). */
async function receiver(answer: (r: Received, n: number) => number | 'hang' = () => 204) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const r = { headers: req.headers, body, event: JSON.parse(body) };
      received.push(r);
      const status = answer(r, received.length);
      if (status !== 'hang') res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks`;
  return {
    url,
    received,
    types: () => received.map((r) => `${r.event.type}:${r.event.data.id}`),
    close: () => new Promise<void>((done) => (server.closeAllConnections(), server.close(() => done()))),
  };
}

const opened: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});
async function emulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const emu = await startEmulator({ users: [{ id: 'user_alice', email: 'alice@example.com' }, { id: 'user_bob' }], ...options });
  opened.push(emu);
  return emu;
}
async function listening(answer?: Parameters<typeof receiver>[0]) {
  const r = await receiver(answer);
  opened.push(r);
  return r;
}

const signatureOf = (secret: string, r: Received) =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64')).update(`${r.headers['svix-id']}.${r.headers['svix-timestamp']}.${r.body}`).digest('base64')}`;

/** Retries without waiting: the waits asked for are recorded, the clock never read. */
const noWait = () => {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
};

describe('emulator webhooks', () => {
  it('registers an endpoint through the control plane (secret once) and delivers signed events of each change in the hosted shape', async () => {
    const emu = await emulator();
    const r = await listening();
    const created = await fetch(`${emu.url}/__emulator/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: r.url }) });
    expect(created.status).toBe(201);
    const endpoint = (await created.json()) as { id: string; secret: string };
    expect(endpoint.secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const listed = await (await fetch(`${emu.url}/__emulator/webhooks`)).json();
    expect(JSON.stringify(listed)).not.toContain(endpoint.secret.slice(6));

    await emu.createUser({ id: 'user_carol' });
    const { sessionId } = await emu.signIn({ userId: 'user_alice' });
    await emu.signOut(sessionId);
    const second = await emu.signIn({ userId: 'user_bob' });
    await fetch(`${emu.url}/__emulator/revoke`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId: second.sessionId }) });
    await emu.webhooks.idle();

    expect(r.types().sort()).toEqual(
      [`user.created:user_carol`, `session.created:${sessionId}`, `session.ended:${sessionId}`, `session.created:${second.sessionId}`, `session.revoked:${second.sessionId}`].sort(),
    );
    for (const got of r.received) {
      expect(got.headers['svix-signature']).toBe(signatureOf(endpoint.secret, got));
      expect(got.event).toMatchObject({ object: 'event', instance_id: expect.stringMatching(/^ins_/), timestamp: expect.any(Number) });
    }
    const revoked = r.received.find((x) => x.event.type === 'session.revoked')!;
    expect(revoked.event.data).toMatchObject({ object: 'session', id: second.sessionId, user_id: 'user_bob', status: 'revoked', client_id: expect.any(String) });
    const log = (await (await fetch(`${emu.url}/__emulator/webhooks/deliveries`)).json()) as Array<{ status: string }>;
    expect(log.map((d) => d.status)).toEqual(Array(5).fill('delivered'));
  });

  it('an event filter: only the listed types', async () => {
    const emu = await emulator();
    const r = await listening();
    emu.webhooks.register({ url: r.url, events: ['session.revoked'] });
    const { sessionId } = await emu.signIn({ userId: 'user_alice' });
    await emu.revokeSession(sessionId);
    await emu.webhooks.idle();
    expect(r.types()).toEqual([`session.revoked:${sessionId}`]);
  });

  it('retries after a 500 with backoff, then succeeds', async () => {
    const { waits, sleep } = noWait();
    const emu = await emulator({ webhookDelivery: { retryDelaysMs: [1000, 5000, 30000], sleep } });
    const r = await listening((_r, n) => (n === 1 ? 500 : 204));
    emu.webhooks.register({ url: r.url });
    const { sessionId } = await emu.signIn({ userId: 'user_alice' });
    await emu.webhooks.idle();
    expect(r.types()).toEqual([`session.created:${sessionId}`, `session.created:${sessionId}`]);
    expect(r.received[0]!.headers['svix-id']).toBe(r.received[1]!.headers['svix-id']);
    expect(waits).toEqual([1000]);
    expect(emu.webhooks.deliveries[0]).toMatchObject({ status: 'delivered', attempts: [{ status: 500 }, { status: 204 }] });
  });

  it('gives up after the last attempt, and a manual redeliver sends it again', async () => {
    const { waits, sleep } = noWait();
    const emu = await emulator({ webhookDelivery: { retryDelaysMs: [1000, 5000], sleep } });
    let failing = true;
    const r = await listening(() => (failing ? 503 : 204));
    emu.webhooks.register({ url: r.url });
    await emu.signIn({ userId: 'user_alice' });
    await emu.webhooks.idle();
    expect(r.received).toHaveLength(3);
    expect(waits).toEqual([1000, 5000]);
    const [delivery] = emu.webhooks.deliveries;
    expect(delivery).toMatchObject({ status: 'failed', attempts: [{ status: 503 }, { status: 503 }, { status: 503 }] });

    failing = false;
    const again = await fetch(`${emu.url}/__emulator/webhooks/deliveries/${delivery!.id}/redeliver`, { method: 'POST' });
    expect(again.status).toBe(202);
    await emu.webhooks.idle();
    expect(r.received).toHaveLength(4);
    expect(emu.webhooks.deliveries.at(-1)).toMatchObject({ status: 'delivered', messageId: delivery!.messageId });
  });

  it('a receiver that never answers: the attempt times out and is retried', async () => {
    const { sleep } = noWait();
    const emu = await emulator({ webhookDelivery: { retryDelaysMs: [1000], timeoutMs: NEVER_ANSWERED_MS, sleep } });
    const r = await listening(() => 'hang');
    emu.webhooks.register({ url: r.url });
    await emu.signIn({ userId: 'user_alice' });
    await emu.webhooks.idle();
    expect(emu.webhooks.deliveries[0]).toMatchObject({ status: 'failed', attempts: [{ error: 'timeout' }, { error: 'timeout' }] });
  });

  it('per session in order: a revocation waits for the retries of its session’s earlier event; other sessions do not wait', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const emu = await emulator({ webhookDelivery: { retryDelaysMs: [1000], sleep: () => held } });
    let failedOnce = false;
    const r = await listening((got) => {
      if (got.event.type === 'session.created' && got.event.data.user_id === 'user_alice' && !failedOnce) {
        failedOnce = true;
        return 500;
      }
      return 204;
    });
    emu.webhooks.register({ url: r.url });
    const alice = await emu.signIn({ userId: 'user_alice' });
    await emu.revokeSession(alice.sessionId);
    const bob = await emu.signIn({ userId: 'user_bob' });
    await emu.revokeSession(bob.sessionId);
    // bob's events arrive while alice's first event waits for its retry
    await until(() => r.types().includes(`session.revoked:${bob.sessionId}`));
    expect(r.types().filter((t) => t.endsWith(alice.sessionId))).toEqual([`session.created:${alice.sessionId}`]);
    release();
    await emu.webhooks.idle();
    expect(r.types().filter((t) => t.endsWith(alice.sessionId))).toEqual([
      `session.created:${alice.sessionId}`,
      `session.created:${alice.sessionId}`,
      `session.revoked:${alice.sessionId}`,
    ]);
    expect(r.types().filter((t) => t.endsWith(bob.sessionId))).toEqual([`session.created:${bob.sessionId}`, `session.revoked:${bob.sessionId}`]);
  });

  it('no delivery to a removed endpoint', async () => {
    const emu = await emulator();
    const kept = await listening();
    const removed = await listening();
    emu.webhooks.register({ url: kept.url });
    const { id } = emu.webhooks.register({ url: removed.url });
    expect((await fetch(`${emu.url}/__emulator/webhooks/${id}`, { method: 'DELETE' })).status).toBe(200);
    const { sessionId } = await emu.signIn({ userId: 'user_alice' });
    await emu.webhooks.idle();
    expect(kept.types()).toEqual([`session.created:${sessionId}`]);
    expect(removed.received).toEqual([]);
    expect(emu.webhooks.deliveries.map((d) => d.endpointId)).not.toContain(id);
  });

  it('the API call that causes an event does not wait for its delivery', async () => {
    const emu = await emulator({ webhookDelivery: { timeoutMs: 3_600_000 } });
    const r = await listening(() => 'hang');
    emu.webhooks.register({ url: r.url });
    const res = await fetch(`${emu.url}/__emulator/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userId: 'user_alice' }) });
    expect(res.status).toBe(200);
    await until(() => r.received.length === 1);
    expect(emu.webhooks.deliveries[0]!.status).toBe('pending');
  });

  it('refuses a URL that is not http(s)', async () => {
    const emu = await emulator();
    const res = await fetch(`${emu.url}/__emulator/webhooks`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ url: 'file:///etc/passwd' }) });
    expect(res.status).toBe(422);
  });
});

/** Polls a condition on real events (no time budget: vitest's own timeout fails a hang). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setTimeout(r, 10));
}

describe('emulator webhooks: user update and delete, organizations and memberships', () => {
  const v1 = (emu: Emulator, method: string, path: string, json?: unknown) =>
    fetch(`${emu.url}/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${emu.apiKey}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(json === undefined ? {} : { body: JSON.stringify(json) }),
    });
  const dataOf = (r: Awaited<ReturnType<typeof receiver>>, type: string) => r.received.filter((x) => x.event.type === type).map((x) => x.event.data as Record<string, unknown>);

  it('PATCH /v1/users/:id sends user.updated with the user resource; emu.updateUser too', async () => {
    const emu = await emulator();
    const r = await listening();
    const { secret } = emu.webhooks.register({ url: r.url });
    const patched = await v1(emu, 'PATCH', '/users/user_alice', { first_name: 'Alice', last_name: 'Liddell' });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ object: 'user', id: 'user_alice', first_name: 'Alice', last_name: 'Liddell' });
    expect((await v1(emu, 'PATCH', '/users/user_nobody', { first_name: 'X' })).status).toBe(404);
    expect((await v1(emu, 'PATCH', '/users/user_alice', { primary_email_address_id: 'idn_not_hers' })).status).toBe(422);
    const updated = await emu.updateUser('user_bob', { firstName: 'Bob', lastName: null });
    expect(updated).toMatchObject({ id: 'user_bob', firstName: 'Bob', lastName: null });
    await emu.webhooks.idle();

    expect(r.types()).toEqual(['user.updated:user_alice', 'user.updated:user_bob']);
    for (const got of r.received) expect(got.headers['svix-signature']).toBe(signatureOf(secret, got));
    expect(dataOf(r, 'user.updated')[0]).toMatchObject({
      object: 'user',
      id: 'user_alice',
      first_name: 'Alice',
      last_name: 'Liddell',
      email_addresses: [{ object: 'email_address', email_address: 'alice@example.com' }],
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    });
    expect(emu.webhooks.deliveries.map((d) => d.status)).toEqual(['delivered', 'delivered']);
  });

  it('DELETE /v1/users/:id answers a deleted object, removes the user’s active sessions (session.removed), sends user.deleted; the session verifies as removed', async () => {
    const emu = await emulator();
    const r = await listening();
    const { secret } = emu.webhooks.register({ url: r.url });
    const active = await emu.signIn({ userId: 'user_alice' });
    const ended = await emu.signIn({ userId: 'user_alice' });
    await emu.signOut(ended.sessionId);
    const bobs = await emu.signIn({ userId: 'user_bob' });

    const res = await v1(emu, 'DELETE', '/users/user_alice');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ object: 'user', id: 'user_alice', deleted: true });
    expect((await v1(emu, 'GET', '/users/user_alice')).status).toBe(404);
    expect((await v1(emu, 'DELETE', '/users/user_alice')).status).toBe(404);

    const verify = await v1(emu, 'POST', `/sessions/${active.sessionId}/verify`, { token: active.clientToken });
    expect(verify.status).toBe(400);
    expect(await verify.json()).toMatchObject({ errors: [{ code: 'session_removed' }] });
    expect(await (await v1(emu, 'GET', `/sessions/${active.sessionId}`)).json()).toMatchObject({ status: 'removed' });
    expect(await (await v1(emu, 'GET', `/sessions/${ended.sessionId}`)).json()).toMatchObject({ status: 'ended' });
    expect(await (await v1(emu, 'GET', `/sessions/${bobs.sessionId}`)).json()).toMatchObject({ status: 'active' });
    await expect(emu.mintSessionToken({ sessionId: active.sessionId })).rejects.toMatchObject({ code: 'ERR_SESSION_INACTIVE' });

    // programmatic: emu.deleteUser, and an unknown user is refused
    expect(await emu.deleteUser('user_bob')).toEqual({ id: 'user_bob', deleted: true });
    await expect(emu.deleteUser('user_bob')).rejects.toMatchObject({ code: 'ERR_UNKNOWN_USER' });
    await emu.webhooks.idle();

    const after = r.types().filter((t) => !t.startsWith('session.created') && !t.startsWith('session.ended'));
    expect(after).toEqual([`session.removed:${active.sessionId}`, 'user.deleted:user_alice', `session.removed:${bobs.sessionId}`, 'user.deleted:user_bob']);
    expect(dataOf(r, 'user.deleted')).toEqual([
      { object: 'user', id: 'user_alice', deleted: true },
      { object: 'user', id: 'user_bob', deleted: true },
    ]);
    expect(dataOf(r, 'session.removed')[0]).toMatchObject({ object: 'session', id: active.sessionId, user_id: 'user_alice', status: 'removed' });
    for (const got of r.received) expect(got.headers['svix-signature']).toBe(signatureOf(secret, got));
    expect(emu.webhooks.deliveries.every((d) => d.status === 'delivered')).toBe(true);
  });

  it('the control plane updates and deletes users', async () => {
    const emu = await emulator();
    const r = await listening();
    emu.webhooks.register({ url: r.url });
    const send = (method: string, path: string, json?: unknown) =>
      fetch(`${emu.url}/__emulator${path}`, { method, ...(json === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }) });
    const patched = await send('PATCH', '/users/user_bob', { firstName: 'Robert' });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ id: 'user_bob', firstName: 'Robert' });
    expect((await send('PATCH', '/users/user_bob', { nickname: 'x' })).status).toBe(422);
    expect((await send('PATCH', '/users/user_nobody', { firstName: 'X' })).status).toBe(404);
    const deleted = await send('DELETE', '/users/user_bob');
    expect(await deleted.json()).toEqual({ id: 'user_bob', deleted: true });
    expect((await send('DELETE', '/users/user_bob')).status).toBe(404);
    await emu.webhooks.idle();
    expect(r.types()).toEqual(['user.updated:user_bob', 'user.deleted:user_bob']);
  });

  it('organization and membership changes send organization.* and organizationMembership.* in the Backend API shapes, in order per organization', async () => {
    const emu = await emulator();
    const r = await listening();
    const { secret } = emu.webhooks.register({ url: r.url });
    // through the Backend API
    const created = (await (await v1(emu, 'POST', '/organizations', { name: 'Acme', created_by: 'user_alice' })).json()) as { id: string };
    expect((await v1(emu, 'POST', `/organizations/${created.id}/memberships`, { user_id: 'user_bob', role: 'org:member' })).status).toBe(200);
    expect((await v1(emu, 'PATCH', `/organizations/${created.id}/memberships/user_bob`, { role: 'org:admin' })).status).toBe(200);
    const renamed = await v1(emu, 'PATCH', `/organizations/${created.id}`, { name: 'Acme Inc', public_metadata: { tier: 'gold' } });
    expect(await renamed.json()).toMatchObject({ object: 'organization', id: created.id, name: 'Acme Inc', public_metadata: { tier: 'gold' } });
    expect((await v1(emu, 'DELETE', `/organizations/${created.id}/memberships/user_bob`)).status).toBe(200);
    const del = await v1(emu, 'DELETE', `/organizations/${created.id}`);
    expect(await del.json()).toEqual({ object: 'organization', id: created.id, deleted: true });
    expect((await v1(emu, 'GET', `/organizations/${created.id}`)).status).toBe(404);
    // programmatically
    const beta = await emu.organizations.create({ name: 'Beta' });
    await emu.organizations.addMember(beta.id, 'user_bob', 'org:member');
    await emu.organizations.setRole(beta.id, 'user_bob', 'org:admin');
    await emu.organizations.update(beta.id, { slug: 'beta-2' });
    await emu.organizations.removeMember(beta.id, 'user_bob');
    expect(await emu.organizations.delete(beta.id)).toEqual({ id: beta.id, deleted: true });
    await emu.webhooks.idle();

    for (const org of [created.id, beta.id]) {
      const mine = r.received.filter((x) => x.event.data.id === org || (x.event.data as { organization?: { id: string } }).organization?.id === org).map((x) => x.event.type);
      expect(mine).toEqual([
        'organization.created',
        ...(org === created.id ? ['organizationMembership.created'] : []),
        'organizationMembership.created',
        'organizationMembership.updated',
        'organization.updated',
        'organizationMembership.deleted',
        'organization.deleted',
      ]);
    }
    for (const got of r.received) {
      expect(got.headers['svix-signature']).toBe(signatureOf(secret, got));
      expect(got.event).toMatchObject({ object: 'event', instance_id: expect.stringMatching(/^ins_/), timestamp: expect.any(Number) });
    }
    expect(dataOf(r, 'organization.created')[0]).toMatchObject({ object: 'organization', id: created.id, name: 'Acme', slug: 'acme', created_by: 'user_alice', public_metadata: {}, created_at: expect.any(Number) });
    expect(dataOf(r, 'organization.updated')[0]).toMatchObject({ object: 'organization', id: created.id, name: 'Acme Inc', public_metadata: { tier: 'gold' } });
    expect(dataOf(r, 'organization.deleted')).toEqual([
      { object: 'organization', id: created.id, deleted: true },
      { object: 'organization', id: beta.id, deleted: true },
    ]);
    const memberships = dataOf(r, 'organizationMembership.created');
    expect(memberships[0]).toMatchObject({ object: 'organization_membership', role: 'org:admin', organization: { object: 'organization', id: created.id }, public_user_data: { user_id: 'user_alice', identifier: 'alice@example.com' } });
    expect(dataOf(r, 'organizationMembership.updated')[0]).toMatchObject({ object: 'organization_membership', role: 'org:admin', public_user_data: { user_id: 'user_bob' } });
    expect(dataOf(r, 'organizationMembership.deleted')[0]).toMatchObject({ object: 'organization_membership', id: expect.stringMatching(/^orgmem_/), public_user_data: { user_id: 'user_bob' } });
    expect(emu.webhooks.deliveries.every((d) => d.status === 'delivered')).toBe(true);
  });

  it('the control plane updates and deletes organizations and memberships; the event filter selects organization types', async () => {
    const emu = await emulator();
    const r = await listening();
    emu.webhooks.register({ url: r.url, events: ['organization.updated', 'organization.deleted', 'organizationMembership.deleted'] });
    const send = (method: string, path: string, json?: unknown) =>
      fetch(`${emu.url}/__emulator${path}`, { method, ...(json === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) }) });
    const org = (await (await send('POST', '/organizations', { name: 'Gamma', createdBy: 'user_alice' })).json()) as { id: string };
    const { sessionId } = await emu.signIn({ userId: 'user_alice', organizationId: org.id });
    expect((await send('PATCH', `/organizations/${org.id}`, { name: 'Gamma 2' })).status).toBe(200);
    expect((await send('PATCH', `/organizations/${org.id}`, { slug: 'Not A Slug' })).status).toBe(400);
    expect((await send('DELETE', `/organizations/${org.id}/memberships/user_alice`)).status).toBe(200);
    expect(await (await send('DELETE', `/organizations/${org.id}`)).json()).toEqual({ id: org.id, deleted: true });
    expect((await send('DELETE', `/organizations/${org.id}`)).status).toBe(404);
    expect(emu.organizations.claims(sessionId)).not.toHaveProperty('o');
    await emu.webhooks.idle();
    expect(r.received.map((x) => x.event.type)).toEqual(['organization.updated', 'organizationMembership.deleted', 'organization.deleted']);
  });
});
