import { apiKeyChecker, assertSafeApiKey } from './api-key.js';
import { buildApp } from './app.js';
import type { EmulatorContext } from './context.js';
import { EmulatorError } from './errors.js';
import { FaultRegistry } from './faults.js';
import { HostCheck } from './host-check.js';
import { looksLikeJwt } from './jwt/mint-session-token.js';
import { TokenIssuer } from './jwt/token-issuer.js';
import { newApiKey } from './ids.js';
import { resolveOptions } from './options.js';
import { loadState, StateSaver } from './persistence.js';
import { RequestLog } from './request-log.js';
import { mintSchema, rotateSchema, seedUserSchema, signInSchema, updateUserSchema } from './routes/control.js';
import { stripUndefined } from './organizations/control-routes.js';
import { webhookEndpointSchema } from './routes/webhooks.js';
import { z } from 'zod';
import { publicUser } from './serialize.js';
import { emulatorStateSchema } from './state-schema.js';
import { Store } from './store.js';
import { emulatorOrganizations } from './organizations/emulator-organizations.js';
import { signInWithExtras } from './organizations/sign-in.js';
import { deliverStoreEvents } from './webhooks/store-events.js';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher.js';
import type { Emulator, EmulatorOptions, EmulatorState, SeedUser } from './types.js';

function checked<T>(schema: z.ZodType<T>, value: unknown, fn: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new EmulatorError('ERR_INVALID_ARGUMENT', `${fn}(): ${parsed.error.issues[0]?.message ?? 'invalid argument'}`);
  return parsed.data;
}

function seed(store: Store, users: SeedUser[]): void {
  for (const u of users) {
    if (u.id !== undefined && store.users.has(u.id)) continue;
    if (u.email !== undefined && store.findUserByEmail(u.email)) continue;
    store.createUser(u);
  }
}

/**
 * Starts a local Backend API (2021) on loopback: `/v1` for SDKs, `/__emulator` for tests.
 *
 * @example
 * const emu = await startEmulator({ users: [{ id: 'user_alice', email: 'alice@example.com' }] });
 * const { clientToken, sessionId } = await emu.signIn({ userId: 'user_alice' });
 * // CLERK_API_URL=emu.url CLERK_API_KEY=emu.apiKey; cookie __session=clientToken
 * await emu.close();
 */
const userIdSchema = z.string().min(1).max(140);

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const opts = resolveOptions(options);
  const apiKey = opts.apiKey ?? newApiKey();
  assertSafeApiKey(apiKey);

  const store = new Store({ sessionLifetimeMs: opts.sessionLifetimeMs, inactivityTimeoutMs: opts.inactivityTimeoutMs });
  const saver = opts.dataFile ? new StateSaver(opts.dataFile, () => store.exportState()) : undefined;
  if (opts.dataFile) {
    const state = loadState(opts.dataFile);
    if (state) store.importState(state);
  }
  seed(store, opts.users);
  if (saver) {
    store.onChange = () => saver.schedule();
    saver.flush();
  }

  // registered after seeding: the seed users are no change worth a webhook
  const webhooks = new WebhookDispatcher(() => store.now(), opts.webhookDelivery);
  deliverStoreEvents(store, webhooks);
  const tokens = await TokenIssuer.create(store, opts.sessionTokenLifetimeMs);
  const log = new RequestLog();
  const faults = new FaultRegistry();
  const ctx: EmulatorContext = {
    store,
    tokens,
    faults,
    log,
    isSecret: (v) => v === apiKey || store.isKnownToken(v) || looksLikeJwt(v),
    checkApiKey: apiKeyChecker(apiKey),
    corsOrigins: new Set(opts.corsOrigins),
    hosts: new HostCheck(opts.allowedHosts),
    webhooks,
    pending: new Set(),
  };
  const reset = () => {
    store.clear();
    log.clear();
    faults.clear();
  };
  const app = await buildApp(ctx, { logger: opts.logger, reset });
  await app.listen({ port: opts.port, host: opts.host });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new EmulatorError('ERR_INVALID_OPTION', 'could not read the bound port');
  ctx.hosts.listening(address.address, address.port);
  const hostForUrl = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostForUrl}:${address.port}`;
  tokens.issuer = url;

  let closed: Promise<void> | undefined;
  const emulator: Emulator = {
    url,
    apiKey,
    async createUser(u) {
      return publicUser(store.createUser(checked(seedUserSchema, u, 'createUser')));
    },
    async updateUser(userId, fields) {
      return publicUser(store.updateUser(checked(userIdSchema, userId, 'updateUser'), stripUndefined(checked(updateUserSchema, fields, 'updateUser'))));
    },
    async deleteUser(userId) {
      return { id: store.deleteUser(checked(userIdSchema, userId, 'deleteUser')).id, deleted: true as const };
    },
    async signIn(o) {
      const input = checked(signInSchema, o, 'signIn');
      return signInWithExtras(store, tokens, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    },
    organizations: emulatorOrganizations(store),
    issuer: url,
    mintSessionToken: async (o) => tokens.mint(checked(mintSchema, o, 'mintSessionToken')),
    rotateKeys: async (o = {}) => tokens.rotate(checked(rotateSchema, o, 'rotateKeys').overlapMs),
    jwks: () => tokens.jwks(),
    jwtPublicKey: () => tokens.keys.current.pem,
    async signOut(sessionId) {
      store.deactivate(sessionId, 'ended');
    },
    async revokeSession(sessionId) {
      store.deactivate(sessionId, 'revoked');
    },
    async setActiveSession(clientToken, sessionId) {
      store.setActiveSession(clientToken, sessionId);
    },
    advanceClock: (ms) => store.advanceClock(ms),
    now: () => store.now(),
    fault: (route, fault, o) => faults.add(route, fault, o),
    clearFaults: () => faults.clear(),
    get requests() {
      return log.entries;
    },
    clearRequests: () => log.clear(),
    backendCalls: () => log.backendCalls(),
    exportState: () => store.exportState(),
    importState(s: EmulatorState) {
      const parsed = emulatorStateSchema.safeParse(s);
      if (!parsed.success) throw new EmulatorError('ERR_INVALID_ARGUMENT', 'importState(): not an emulator state');
      store.importState(parsed.data);
    },
    async reset() {
      reset();
    },
    webhooks: {
      register: (o) => webhooks.register(checked(webhookEndpointSchema, o, 'webhooks.register')),
      remove: (id) => webhooks.remove(id),
      list: () => webhooks.list(),
      get deliveries() {
        return webhooks.log;
      },
      redeliver: (id) => webhooks.redeliver(id),
      idle: () => webhooks.idle(),
    },
    close() {
      closed ??= (async () => {
        webhooks.close();
        for (const t of ctx.pending) clearTimeout(t);
        ctx.pending.clear();
        await app.close();
        saver?.flush();
      })();
      return closed;
    },
  };
  return emulator;
}
