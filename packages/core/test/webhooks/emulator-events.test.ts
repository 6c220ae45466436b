import { startEmulator, type Emulator } from '@sessiongate/emulator';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenOnLoopback, type Listening } from '../../../../test-support/loopback.mjs';
import { verifyWebhook, type WebhookEvent } from '../../src/webhooks/index.js';

// The emulator's real deliveries (over loopback, raw bytes as sent) of the user, organization and
// membership events verify and parse into the typed union, none as the unknown variant.
let emu: Emulator;
let receiver: Listening;
let secret: string;
const received: Array<{ headers: IncomingHttpHeaders; body: Buffer }> = [];

beforeAll(async () => {
  emu = await startEmulator({ users: [{ id: 'user_ada', email: 'ada@example.test' }, { id: 'user_bob' }] });
  receiver = await listenOnLoopback(
    createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks) });
        res.writeHead(204).end();
      });
    }),
  );
  secret = emu.webhooks.register({ url: `${receiver.url}/webhooks` }).secret;
});
afterAll(async () => {
  await emu?.close();
  await receiver?.close();
});

describe('verifyWebhook on the emulator’s deliveries', () => {
  it('user.updated/deleted, organization.* and organizationMembership.* parse into their typed variants', async () => {
    const { sessionId } = await emu.signIn({ userId: 'user_ada' });
    await emu.updateUser('user_ada', { firstName: 'Ada' });
    const org = await emu.organizations.create({ name: 'Acme', createdBy: 'user_ada' });
    await emu.organizations.addMember(org.id, 'user_bob', 'org:member');
    await emu.organizations.setRole(org.id, 'user_bob', 'org:admin');
    await emu.organizations.update(org.id, { name: 'Acme Inc' });
    await emu.organizations.removeMember(org.id, 'user_bob');
    await emu.organizations.delete(org.id);
    await emu.deleteUser('user_ada');
    await emu.webhooks.idle();
    expect(emu.webhooks.deliveries.every((d) => d.status === 'delivered')).toBe(true);

    const events: WebhookEvent[] = [];
    for (const r of received) {
      const headers = Object.fromEntries(Object.entries(r.headers).filter((e): e is [string, string] => typeof e[1] === 'string'));
      events.push(await verifyWebhook({ headers, body: new Uint8Array(r.body) }, { signingSecret: secret }));
    }
    expect(events.map((e) => e.type).sort()).toEqual(
      [
        'session.created',
        'user.updated',
        'organization.created',
        'organizationMembership.created',
        'organizationMembership.created',
        'organizationMembership.updated',
        'organization.updated',
        'organizationMembership.deleted',
        'organization.deleted',
        'session.removed',
        'user.deleted',
      ].sort(),
    );

    const find = (type: WebhookEvent['type']) => events.find((e) => e.type === type)!;
    expect(find('user.updated')).toMatchObject({ data: { id: 'user_ada', object: 'user', first_name: 'Ada' } });
    expect(find('user.deleted').data).toEqual({ object: 'user', id: 'user_ada', deleted: true });
    expect(find('session.removed')).toMatchObject({ data: { id: sessionId, user_id: 'user_ada', status: 'removed' } });
    expect(find('organization.created')).toMatchObject({ data: { id: org.id, object: 'organization', name: 'Acme' } });
    expect(find('organization.updated')).toMatchObject({ data: { id: org.id, name: 'Acme Inc' } });
    expect(find('organization.deleted').data).toEqual({ object: 'organization', id: org.id, deleted: true });
    const membership = find('organizationMembership.deleted');
    // narrowed by type: the member is typed data, as an app's onEvent reads it
    if (membership.type !== 'organizationMembership.deleted') throw new Error('not narrowed');
    expect(membership.data.public_user_data?.user_id).toBe('user_bob');
    expect(membership.data).toMatchObject({ object: 'organization_membership' });
  });
});
