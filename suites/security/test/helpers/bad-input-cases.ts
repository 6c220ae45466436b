import type { SignedOutReason } from '@sessiongate/core';

/** Values a case may use; filled in once the emulator has signed users A and B in. */
export interface Fixture {
  tokenA: string;
  sessionA: string;
  userA: string;
  tokenB: string;
  sessionB: string;
  userB: string;
  /** A genuine `x-sessiongate-auth` header that a proxy signed for A's request (cookie A, no id). */
  forwardedA: string;
  /** A forged one: a well-formed signed-in state for B with a signature made without the secret. */
  forgedB: string;
}

export interface BadInputCase {
  name: string;
  method?: string;
  /** Appended to the route path (`/with`, `/require`): a query, a fragment, … sent verbatim. */
  suffix?: (f: Fixture) => string;
  /** Replaces the request target entirely (absolute-form, …); `{route}` is the route path. */
  target?: (f: Fixture, route: string) => string;
  headers: (f: Fixture) => Array<[string, string]>;
  /** Expected decision: a signed-out reason, or signed in as A or B. */
  expect: SignedOutReason | 'A' | 'B';
  /** Backend calls the request may cause: 0 for every malformed input. */
  calls: 0 | 1;
  /** The HTTP server or framework may reject the request first (400/404/414/431). */
  frameworkMayReject?: boolean;
}

const cookie = (v: string): [string, string] => ['Cookie', `__session=${v}`];
const bearer = (v: string): [string, string] => ['Authorization', v];
const sid = (v: string) => () => `?_clerk_session_id=${v}`;
/** A string's UTF-8 bytes as a latin1 string, so that the raw socket sends them as is. */
const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
const alphabetRun = (n: number) => 'A'.repeat(n);

export const BAD_INPUT_CASES: BadInputCase[] = [
  // ---- cookies ----
  { name: 'no cookie, no Authorization', headers: () => [], expect: 'token-missing', calls: 0 },
  { name: 'empty __session cookie', headers: () => [cookie('')], expect: 'token-missing', calls: 0 },
  { name: 'quoted empty __session cookie', headers: () => [cookie('""')], expect: 'token-missing', calls: 0 },
  { name: 'oversized cookie (8193 alphabet chars)', headers: () => [cookie(alphabetRun(8193))], expect: 'token-malformed', calls: 0 },
  { name: 'huge cookie (20 KB) beyond the server header limit', headers: () => [cookie(alphabetRun(20_000))], expect: 'token-malformed', calls: 0, frameworkMayReject: true },
  { name: 'cookie with a $ (outside the alphabet)', headers: (f) => [cookie(`${f.tokenA}$`)], expect: 'token-malformed', calls: 0 },
  { name: 'cookie with percent-encoding', headers: (f) => [cookie(`${f.tokenA}%20x`)], expect: 'token-malformed', calls: 0 },
  { name: 'cookie with a comma', headers: (f) => [cookie(`${f.tokenA},x`)], expect: 'token-malformed', calls: 0 },
  { name: 'cookie with an inner space', headers: (f) => [cookie(`${f.tokenA} x`)], expect: 'token-malformed', calls: 0 },
  { name: 'cookie with non-ASCII bytes', headers: (f) => [cookie(utf8(`${f.tokenA}é`))], expect: 'token-malformed', calls: 0 },
  { name: 'cookie with markup', headers: () => [cookie('<script>alert(1)</script>')], expect: 'token-malformed', calls: 0 },
  { name: 'cookie with a JSON value', headers: () => [cookie('j:{"userId":"user_x"}')], expect: 'token-malformed', calls: 0 },
  { name: 'duplicated cookie, first malformed, second valid', headers: (f) => [['Cookie', `__session=bad$; __session=${f.tokenA}`]], expect: 'token-malformed', calls: 0 },
  { name: 'two Cookie headers, first malformed', headers: (f) => [cookie('bad$'), cookie(f.tokenA)], expect: 'token-malformed', calls: 0 },
  { name: 'duplicated cookie: the first (B) wins over A', headers: (f) => [['Cookie', `__session=${f.tokenB}; __session=${f.tokenA}`]], expect: 'B', calls: 1 },
  { name: 'cookie name in another case (__Session)', headers: (f) => [['Cookie', `__Session=${f.tokenA}`]], expect: 'token-missing', calls: 0 },
  { name: 'cookie name as a suffix (x__session)', headers: (f) => [['Cookie', `x__session=${f.tokenA}; __session_id=${f.tokenA}`]], expect: 'token-missing', calls: 0 },
  { name: 'alphabet-valid but unknown token', headers: () => [cookie('bm90LWEtcmVhbC10b2tlbi1hdC1hbGw')], expect: 'session-not-found', calls: 1 },
  // ---- Authorization ----
  { name: 'Authorization: Bearer (no token)', headers: () => [bearer('Bearer')], expect: 'token-missing', calls: 0 },
  { name: 'Authorization: "Bearer " (trailing space)', headers: () => [bearer('Bearer ')], expect: 'token-missing', calls: 0 },
  { name: 'Authorization: Basic', headers: () => [bearer('Basic dXNlcjpwYXNzd29yZA==')], expect: 'token-missing', calls: 0 },
  { name: 'Authorization: Token scheme', headers: (f) => [bearer(`Token ${f.tokenA}`)], expect: 'token-missing', calls: 0 },
  { name: 'Authorization: BearerTOKEN (no separator)', headers: (f) => [bearer(`Bearer${f.tokenA}`)], expect: 'token-missing', calls: 0 },
  { name: 'Authorization: two words after Bearer', headers: (f) => [bearer(`Bearer ${f.tokenA} ${f.tokenB}`)], expect: 'token-malformed', calls: 0 },
  { name: 'Authorization: two bearer credentials joined by a comma', headers: (f) => [bearer(`Bearer ${f.tokenA}, Bearer ${f.tokenB}`)], expect: 'token-malformed', calls: 0 },
  { name: 'Authorization: quoted token', headers: (f) => [bearer(`Bearer "${f.tokenA}"`)], expect: 'token-malformed', calls: 0 },
  { name: 'Authorization: oversized token', headers: () => [bearer(`Bearer ${alphabetRun(8193)}`)], expect: 'token-malformed', calls: 0 },
  { name: 'Authorization: token with NUL-like %00', headers: (f) => [bearer(`Bearer ${f.tokenA}%00`)], expect: 'token-malformed', calls: 0 },
  { name: 'two Authorization headers, first malformed', headers: (f) => [bearer('Bearer a$b'), bearer(`Bearer ${f.tokenA}`)], expect: 'token-malformed', calls: 0 },
  // ---- hostile _clerk_session_id (with A's valid cookie: only the id is wrong) ----
  { name: 'id: raw path traversal', suffix: sid('../users/user_x'), headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: sess_X/revoke with a fragment', suffix: (f) => `?_clerk_session_id=${f.sessionB}/revoke#`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: encoded traversal %2e%2e%2f', suffix: sid('%2e%2e%2fusers%2fuser_x'), headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: encoded slash to revoke', suffix: (f) => `?_clerk_session_id=${f.sessionB}%2Frevoke`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: double-encoded slash (%252F)', suffix: (f) => `?_clerk_session_id=${f.sessionB}%252Frevoke`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: double-encoded traversal (%252e%252e)', suffix: sid('%252e%252e%252fclients'), headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: encoded ?', suffix: (f) => `?_clerk_session_id=${f.sessionA}%3Fx%3D1`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: encoded #', suffix: (f) => `?_clerk_session_id=${f.sessionA}%23`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: raw backslash', suffix: (f) => `?_clerk_session_id=${f.sessionA}\\..\\revoke`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: encoded backslash', suffix: (f) => `?_clerk_session_id=${f.sessionA}%5C..%5Crevoke`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: trailing encoded space', suffix: (f) => `?_clerk_session_id=${f.sessionA}%20`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: trailing + (a space)', suffix: (f) => `?_clerk_session_id=${f.sessionA}+`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: encoded tab and newline', suffix: (f) => `?_clerk_session_id=${f.sessionA}%09%0A`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: encoded NUL', suffix: (f) => `?_clerk_session_id=${f.sessionA}%00`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: raw NUL byte in the request line', suffix: (f) => `?_clerk_session_id=${f.sessionA}\u0000`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0, frameworkMayReject: true },
  { name: 'id: Cyrillic look-alike s', suffix: (f) => `?_clerk_session_id=${encodeURIComponent(`\u0455${f.sessionA.slice(1)}`)}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: fullwidth look-alikes', suffix: () => `?_clerk_session_id=${encodeURIComponent('\uff53\uff45\uff53\uff53\uff3fabc')}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: zero-width space appended', suffix: (f) => `?_clerk_session_id=${f.sessionA}${encodeURIComponent('\u200b')}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: overlong UTF-8 slash (%C0%AF)', suffix: (f) => `?_clerk_session_id=${f.sessionA}%C0%AFrevoke`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: repeated parameter', suffix: (f) => `?_clerk_session_id=${f.sessionA}&_clerk_session_id=${f.sessionB}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: repeated, second with an encoded key', suffix: (f) => `?_clerk_session_id=${f.sessionA}&%5Fclerk_session_id=${f.sessionB}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: bracketed array []', suffix: (f) => `?_clerk_session_id[]=${f.sessionA}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: indexed array [0]', suffix: (f) => `?_clerk_session_id[0]=${f.sessionA}&_clerk_session_id[1]=${f.sessionB}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: object [toString]', suffix: () => '?_clerk_session_id[toString]=x&_clerk_session_id[length]=1', headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: encoded brackets', suffix: (f) => `?_clerk_session_id%5B%5D=${f.sessionA}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: dotted object key', suffix: () => '?_clerk_session_id.id=sess_x', headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: 10 KB value', suffix: () => `?_clerk_session_id=sess_${'a'.repeat(10_240)}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: empty value', suffix: sid(''), headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: bare key without =', suffix: () => '?_clerk_session_id', headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: 'id: prototype-ish key __proto__', suffix: () => '?_clerk_session_id=__proto__', headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  { name: "id: well-formed but B's session with A's token", suffix: (f) => `?_clerk_session_id=${f.sessionB}`, headers: (f) => [cookie(f.tokenA)], expect: 'session-not-found', calls: 1 },
  { name: 'absolute-form request target with a traversal id', target: (_f, route) => `http://evil.example${route}?_clerk_session_id=..%2Fusers`, headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  // ---- HEAD and OPTIONS ----
  { name: 'HEAD without credentials', method: 'HEAD', headers: () => [], expect: 'token-missing', calls: 0 },
  { name: 'HEAD with a malformed token', method: 'HEAD', headers: () => [cookie('a$b')], expect: 'token-malformed', calls: 0 },
  { name: 'OPTIONS without credentials', method: 'OPTIONS', headers: () => [['Origin', 'http://evil.example'], ['Access-Control-Request-Method', 'DELETE']], expect: 'token-missing', calls: 0 },
  { name: 'OPTIONS with a traversal id', method: 'OPTIONS', suffix: sid('..%2F..%2Fusers'), headers: (f) => [cookie(f.tokenA)], expect: 'session-id-malformed', calls: 0 },
  // ---- spoofed internal headers ----
  { name: 'forged x-sessiongate-auth (B) without credentials', headers: (f) => [['x-sessiongate-auth', f.forgedB]], expect: 'token-missing', calls: 0 },
  { name: 'garbage x-sessiongate-auth', headers: () => [['x-sessiongate-auth', 'v1.e30.AAAA'], ['x-sessiongate-auth-user', 'user_x']], expect: 'token-missing', calls: 0 },
  { name: "A's genuine forwarded header replayed without credentials", headers: (f) => [['x-sessiongate-auth', f.forwardedA]], expect: 'token-missing', calls: 0 },
  { name: "A's genuine forwarded header replayed with B's cookie", headers: (f) => [['x-sessiongate-auth', f.forwardedA], cookie(f.tokenB)], expect: 'B', calls: 1 },
  { name: "A's genuine forwarded header replayed onto another session id", suffix: (f) => `?_clerk_session_id=${f.sessionB}`, headers: (f) => [['x-sessiongate-auth', f.forwardedA], cookie(f.tokenA)], expect: 'session-not-found', calls: 1 },
  {
    name: 'x-forwarded-*, Forwarded, x-original-url and identity headers',
    headers: (f) => [
      ['X-Forwarded-For', '127.0.0.1'],
      ['X-Forwarded-Host', 'api.clerk.dev'],
      ['X-Forwarded-Proto', 'https'],
      ['Forwarded', 'for=127.0.0.1;host=api.clerk.dev;proto=https'],
      ['X-Original-URL', `/with?_clerk_session_id=${f.sessionA}`],
      ['X-Rewrite-URL', `/with?_clerk_session_id=${f.sessionA}`],
      ['X-User-Id', f.userA],
      ['X-Clerk-Auth-Status', 'signed-in'],
      ['X-Middleware-Subrequest', 'middleware:middleware:middleware:middleware:middleware'],
    ],
    expect: 'token-missing',
    calls: 0,
  },
];
