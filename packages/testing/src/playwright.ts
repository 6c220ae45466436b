import { test as base, expect } from '@playwright/test';
import { createTestAuth } from './create-test-auth.js';
import { TestingError } from './errors.js';
import type { SignedIn, SignInOptions, TestAuth, TestAuthOptions, UserRef } from './types.js';

/** What `signInContext` needs of a browser context (Playwright's `BrowserContext` has it). */
export interface CookieJar {
  addCookies(
    cookies: { name: string; value: string; domain: string; path: string; httpOnly?: boolean; secure?: boolean; sameSite?: 'Strict' | 'Lax' | 'None' }[],
  ): Promise<void>;
}

export interface SignInContextOptions {
  /** The app's URL: the cookies are set on its host, path `/`. */
  url: string;
  /**
   * Also keep the client token in this cookie, for a page that keeps its own client cookie
   * next to a session JWT (the demo's `__client` in networkless mode). Default: none.
   */
  clientCookie?: string;
}

/**
 * Signs a browser context in as the hosted frontend would: `__session` (the client token, or
 * the session JWT in networkless mode) as a first-party cookie on the app's host, path `/`,
 * `SameSite=Lax`, readable by the page. Works with `@playwright/test` and `playwright-core`.
 *
 * @example
 * const alice = await auth.signIn('user_alice');
 * await signInContext(page.context(), alice, { url: appUrl });
 * await page.goto(appUrl); // signed in as alice
 */
export async function signInContext(context: CookieJar, signedIn: SignedIn, options: SignInContextOptions): Promise<void> {
  if (typeof context?.addCookies !== 'function') throw new TestingError('ERR_INVALID_ARGUMENT', 'signInContext(context, …): pass a Playwright BrowserContext (page.context())');
  if (typeof signedIn?.token !== 'string') throw new TestingError('ERR_INVALID_ARGUMENT', 'signInContext(…, signedIn): pass what auth.signIn() returned');
  let url: URL;
  try {
    url = new URL(options?.url);
  } catch {
    throw new TestingError('ERR_INVALID_ARGUMENT', 'signInContext(…, { url }): the app URL, like http://127.0.0.1:3000 (or set use.baseURL with the fixture)');
  }
  const cookie = (name: string, value: string) => ({
    name,
    value,
    domain: url.hostname,
    path: '/',
    httpOnly: false,
    secure: url.protocol === 'https:',
    sameSite: 'Lax' as const,
  });
  const cookies = [cookie('__session', signedIn.token)];
  if (options.clientCookie !== undefined) cookies.push(cookie(options.clientCookie, signedIn.clientToken));
  await context.addCookies(cookies);
}

/** Per-worker options of the fixture: `test.use({ sessiongateOptions: { … } })` in a config or file. */
export interface SessiongateOptions extends TestAuthOptions {
  /** See {@link SignInContextOptions.clientCookie}. */
  clientCookie?: string;
}

/** The `sessiongate` fixture: signs the test's browser context in. */
export interface SessiongateFixture {
  /** The worker's TestAuth (its own emulator, or the one `testAuth` was overridden to attach to). */
  readonly auth: TestAuth;
  /** The session whose credential the context carries now. */
  readonly current: SignedIn | undefined;
  /** Signs `user` in on a new client and sets the context's cookies (on `baseURL`, or `options.url`). */
  signIn(user: UserRef, options?: Omit<SignInOptions, 'client'> & { url?: string }): Promise<SignedIn>;
  /** Signs another user in on the context's client (multi-session); it becomes the active session. */
  signInAnother(user: UserRef, options?: Omit<SignInOptions, 'client'>): Promise<SignedIn>;
  /** Makes `session` the active one: on the emulator (last active) and in the cookie (networkless). */
  switchTo(session: SignedIn): Promise<void>;
}

export interface SessiongateTestFixtures {
  sessiongate: SessiongateFixture;
}

export interface SessiongateWorkerFixtures {
  sessiongateOptions: SessiongateOptions;
  /** One TestAuth per worker: its own emulator on a free port. Override it to attach to an app's emulator. */
  testAuth: TestAuth;
}

/**
 * `@playwright/test`'s `test` with a `sessiongate` fixture, and `testAuth` per worker.
 *
 * @example
 * import { test, expect } from '@sessiongate/testing/playwright';
 * test('me', async ({ page, sessiongate }) => {
 *   await sessiongate.signIn('user_alice');
 *   await page.goto('/');
 * });
 */
export const test = base.extend<SessiongateTestFixtures, SessiongateWorkerFixtures>({
  sessiongateOptions: [{}, { option: true, scope: 'worker' }],
  testAuth: [
    async ({ sessiongateOptions }, use) => {
      const { clientCookie: _ignored, ...options } = sessiongateOptions;
      const auth = await createTestAuth(options);
      try {
        await use(auth);
      } finally {
        await auth.close();
      }
    },
    { scope: 'worker' },
  ],
  sessiongate: async ({ context, baseURL, testAuth, sessiongateOptions }, use) => {
    let current: SignedIn | undefined;
    let appUrl: string | undefined = baseURL;
    const clientCookie = sessiongateOptions.clientCookie;
    const apply = async (s: SignedIn) => {
      if (appUrl === undefined) {
        throw new TestingError('ERR_INVALID_ARGUMENT', 'sessiongate.signIn(): no app URL: set use.baseURL, or pass { url }');
      }
      await signInContext(context, s, { url: appUrl, ...(clientCookie === undefined ? {} : { clientCookie }) });
      current = s;
    };
    await use({
      auth: testAuth,
      get current() {
        return current;
      },
      async signIn(user, { url, ...options } = {}) {
        if (url !== undefined) appUrl = url;
        const s = await testAuth.signIn(user, options);
        await apply(s);
        return s;
      },
      async signInAnother(user, options = {}) {
        if (current === undefined) throw new TestingError('ERR_INVALID_ARGUMENT', 'sessiongate.signInAnother(): sign a first user in with sessiongate.signIn()');
        const s = await testAuth.signIn(user, { ...options, strategy: options.strategy ?? current.strategy, client: current });
        await apply(s);
        return s;
      },
      async switchTo(session) {
        await testAuth.setActive(session);
        await apply(session.strategy === 'networkless' ? await session.refresh() : session);
      },
    });
  },
});

export { expect };
export { createTestAuth };
