import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientListSchema, clientSchema } from '../src/resources/client.js';
import { sessionListSchema, sessionSchema } from '../src/resources/session.js';

// The fixtures live in ../shared beside the repository (not in a user's clone): skip without them.
const FIXTURES = new URL('../../../../shared/spec/clerk-sdk-node-v0.5.2-fixtures.json', import.meta.url);
const { fixtures } = (existsSync(FIXTURES) ? JSON.parse(readFileSync(FIXTURES, 'utf8')) : { fixtures: {} }) as {
  fixtures: Record<string, unknown>;
};

// skip-reason: need ../shared beside the checkout (the 2021 SDK's fixtures)
describe.skipIf(!existsSync(FIXTURES))('2021 fixtures parse into camelCase resources', () => {
  it('getClient (sign_in_attempt_id, camelCase nested sessions)', () => {
    expect(clientSchema.parse(fixtures['getClient.json'])).toEqual({
      id: 'client_server',
      sessionIds: ['sess_onthebeach'],
      sessions: [{ id: 'sess_onthebeach', clientId: 'client_server', userId: 'user_player1', status: 'active', lastActiveAt: 1610706634, expireAt: 1630846634, abandonAt: 1630846634 }],
      signInAttemptId: 'sia_cheepthrills',
      signUpAttemptId: null,
      lastActiveSessionId: null,
      createdAt: 1610706634,
      updatedAt: 1610706634,
    });
  });
  it('getClientList', () => {
    const list = clientListSchema.parse(fixtures['getClientList.json']);
    expect(list.map((c) => [c.id, c.lastActiveSessionId, c.signInAttemptId])).toEqual([
      ['client_isalwaysright', 'sess_swag', null],
      ['client_keysersoze', null, 'sia_qwerty'],
    ]);
  });
  it('getSession and getSessionList (no created_at/updated_at)', () => {
    expect(sessionSchema.parse(fixtures['getSession.json'])).toEqual({
      id: 'sess_oops', clientId: 'client_isalwayswrong', userId: 'user_player1', status: 'active',
      lastActiveAt: 1613593533, expireAt: 1614198333, abandonAt: 1616185533,
    });
    expect(sessionListSchema.parse(fixtures['getSessionList.json']).map((s) => s.status)).toEqual(['expired', 'abandoned']);
  });
  it('today names win over 2021 names, and a top-level camelCase session is refused', () => {
    const today = { id: 'client_x', session_ids: [], sessions: [], sign_in_id: 'sin_1', sign_up_id: 'sup_1', last_active_session_id: null, created_at: 1, updated_at: 2 };
    expect(clientSchema.parse(today)).toMatchObject({ signInAttemptId: 'sin_1', signUpAttemptId: 'sup_1' });
    expect(sessionSchema.safeParse({ id: 's', clientId: 'c', userId: 'u', status: 'active', lastActiveAt: 1, expireAt: 1, abandonAt: 1 }).success).toBe(false);
  });
});
