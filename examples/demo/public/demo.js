// The demo page: plain DOM, no framework, no bundler.
// Sign-in goes to the emulator's control plane (the stand-in for the hosted sign-in service),
// which answers with the client token; the page stores it in the first-party `__session`
// cookie, as the hosted frontend does. Everything else goes to this app's own routes.
//
// In networkless mode `__session` holds a short-lived session JWT instead, and the client token
// sits in `__client` (the hosted frontend keeps it in a cookie of its own domain). The page
// mints a fresh JWT for the current session at half its lifetime, as the hosted frontend does;
// once a session is signed out or revoked the emulator refuses, and the last JWT expires.

const SESSION_COOKIE = '__session';
const CLIENT_COOKIE = '__client';
const $ = (id) => document.getElementById(id);

let config = { emulatorUrl: '', users: [], mode: 'backend', tokenLifetimeMs: 0 };
let client = null;
/**
 * Networkless mode: the session the JWT in `__session` is for, whether its refresh was refused,
 * and a `generation` that grows whenever the page picks a session (sign-in, switch, forget), so
 * that a mint started before is known to be stale.
 */
const jwt = { sessionId: undefined, refused: false, refreshing: false, generation: 0 };

const networkless = () => config.mode === 'networkless';

// ---- cookies (first-party, path=/, SameSite=Lax) ----

function readCookie(name) {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function cookieAttributes() {
  return `path=/; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;
}

function writeCookie(name, value) {
  document.cookie = `${name}=${value}; ${cookieAttributes()}`;
}

function forgetCookie(name) {
  document.cookie = `${name}=; Max-Age=0; ${cookieAttributes()}`;
}

/** The client token: the `__session` cookie itself in backend mode, `__client` in networkless mode. */
const readClientToken = () => readCookie(networkless() ? CLIENT_COOKIE : SESSION_COOKIE);

function forgetTokens() {
  jwt.generation += 1;
  forgetCookie(SESSION_COOKIE);
  forgetCookie(CLIENT_COOKIE);
  jwt.sessionId = undefined;
}

/** The claims of the session JWT in `__session` (read for display only; the server verifies it). */
function sessionClaims() {
  const token = readCookie(SESSION_COOKIE);
  const payload = token?.split('.')[1];
  if (!payload) return undefined;
  try {
    return JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/')));
  } catch {
    return undefined;
  }
}

// ---- HTTP helpers ----

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** POST to the emulator's control plane (CORS: this origin is on its allow-list). */
async function control(path, body) {
  const res = await fetch(`${config.emulatorUrl}/__emulator${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new HttpError(res.status, data?.errors?.[0]?.long_message ?? data?.errors?.[0]?.message ?? `HTTP ${res.status}`);
  return data;
}

function withSessionId(path, sessionId) {
  return sessionId ? `${path}?_clerk_session_id=${encodeURIComponent(sessionId)}` : path;
}

// ---- rendering ----

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'onclick') node.addEventListener('click', value);
    else if (key === 'className') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

function userOf(userId) {
  return config.users.find((u) => u.id === userId);
}

function userLabel(userId) {
  const u = userOf(userId);
  return u ? `${u.firstName} ${u.lastName}` : userId;
}

function notice(message, kind = 'info') {
  const n = $('notice');
  n.textContent = message;
  n.className = `notice ${kind}`;
  n.hidden = !message;
}

function renderUsers() {
  const box = $('users');
  box.replaceChildren();
  const hasClient = client !== null;
  for (const u of config.users) {
    box.append(
      el(
        'button',
        { type: 'button', className: 'user', dataset: { testid: `sign-in-${u.id}` }, onclick: () => act(() => signIn(u)) },
        el('span', { className: 'avatar', 'aria-hidden': 'true' }, u.firstName[0]),
        el('span', { className: 'who' }, el('strong', {}, `${u.firstName} ${u.lastName}`), el('small', {}, u.email)),
        el('span', { className: 'verb' }, hasClient ? 'add session' : 'sign in'),
      ),
    );
  }
}

function renderCookie() {
  const state = $('cookie-state');
  if (networkless()) {
    const claims = sessionClaims();
    const left = claims ? Math.round(claims.exp - Date.now() / 1000) : 0;
    // A session signed out or revoked here is known at once; its JWT is still accepted until it
    // expires, since networkless verification asks nobody (that is its point and its price).
    const ended = client?.sessions.find((s) => s.id === claims?.sid && s.status !== 'active');
    state.dataset.sid = claims?.sid ?? '';
    state.dataset.refused = String(jwt.refused);
    state.dataset.ended = ended ? ended.status : '';
    let fate = ', refreshed at half-life';
    if (ended) fate = ` — the session is ${ended.status}: no new token will be minted, and this one is accepted until it expires`;
    else if (jwt.refused) fate = ' — refresh refused: the session is no longer active';
    state.textContent = claims ? `a session JWT for ${claims.sid} (${userLabel(claims.sub)}), ${left > 0 ? `expires in ${left} s` : 'expired'}${fate}` : 'not set';
    $('forget').hidden = !claims && !readClientToken();
    return;
  }
  const token = readClientToken();
  state.textContent = token
    ? `set: a client token (${token.length} characters)${client ? ` of ${client.id}` : ''}`
    : 'not set';
  $('forget').hidden = !token;
}

function renderSessions() {
  const body = $('sessions');
  body.replaceChildren();
  if (!client || client.sessions.length === 0) {
    body.append(el('tr', { className: 'empty' }, el('td', { colspan: '4' }, 'No client yet: sign in above.')));
    return;
  }
  for (const s of client.sessions) {
    const lastActive = s.id === client.lastActiveSessionId;
    const isLive = s.status === 'active';
    // The session a request without an id gets: the client's last active one in backend mode,
    // the one the JWT in __session names in networkless mode (which may differ, for example after
    // the JWT's session was revoked and the emulator moved "last active"). "Make active" (mint a
    // token for this session) stays offered on every other live session.
    const current = networkless() ? s.id === sessionClaims()?.sid : lastActive;
    const row = el('tr', {
      dataset: { testid: 'session-row', sessionId: s.id, userId: s.userId, status: s.status, active: String(current), clientLastActive: String(lastActive) },
    });
    if (current) row.classList.add('is-active');
    row.append(
      el('td', {}, el('strong', {}, userLabel(s.userId)), el('br'), el('small', { className: 'muted' }, s.userId)),
      el('td', {}, el('code', {}, s.id)),
      el(
        'td',
        {},
        el('span', { className: `status status-${s.status}`, dataset: { testid: 'session-status' } }, s.status),
        current ? el('span', { className: 'badge', dataset: { testid: 'active-badge' } }, networkless() ? 'JWT in __session' : 'last active') : '',
        networkless() && lastActive && !current ? el('span', { className: 'badge muted', dataset: { testid: 'client-last-active-badge' } }, "client's last active") : '',
      ),
      el(
        'td',
        { className: 'actions' },
        el('button', { type: 'button', dataset: { testid: 'call-with-id' }, onclick: () => act(() => callApi(s.id)) }, 'Call with id'),
        el(
          'button',
          { type: 'button', dataset: { testid: 'make-active' }, onclick: () => act(() => makeActive(s)), ...(current || !isLive ? { disabled: '' } : {}) },
          'Make active',
        ),
        el('button', { type: 'button', dataset: { testid: 'sign-out' }, onclick: () => act(() => end(s, 'sign-out')), ...(isLive ? {} : { disabled: '' }) }, 'Sign out'),
        el('button', { type: 'button', className: 'danger', dataset: { testid: 'revoke' }, onclick: () => act(() => end(s, 'revoke')), ...(isLive ? {} : { disabled: '' }) }, 'Revoke'),
      ),
    );
    body.append(row);
  }
}

function render() {
  renderUsers();
  renderCookie();
  renderSessions();
}

function addResult({ url, status, text, ok }) {
  const item = el(
    'li',
    { className: ok ? 'ok' : 'fail', dataset: { testid: 'result', status: String(status) } },
    el('span', { className: 'code' }, String(status)),
    el('code', { className: 'url' }, `GET ${url}`),
    el('span', { className: 'answer', dataset: { testid: 'result-answer' } }, text),
  );
  $('results').prepend(item);
}

// ---- actions ----

/** The client of the current cookie, from the app's /api/client (the SDK's verifyClient). */
async function refreshClient() {
  const res = await fetch('/api/client', { cache: 'no-store' });
  if (res.status === 401) {
    // A cookie the emulator does not know (for example from an earlier run): forget it.
    if (readClientToken()) forgetTokens();
    client = null;
  } else if (res.ok) {
    client = (await res.json()).client;
  } else {
    throw new HttpError(res.status, `GET /api/client answered ${res.status}`);
  }
  render();
  await refreshOrganizations();
}

/**
 * Networkless mode: puts a fresh session JWT for `sessionId` in `__session`, unless the page
 * picked another session while the mint was in flight (a refresh must not overwrite the token
 * of a session the user just signed in or switched to). Resolves whether it wrote the token.
 */
async function mintFor(sessionId, generation = ++jwt.generation) {
  const { sessionToken } = await control('/session-token', { sessionId });
  if (generation !== jwt.generation) return false;
  writeCookie(SESSION_COOKIE, sessionToken);
  jwt.sessionId = sessionId;
  jwt.refused = false;
  return true;
}

/** Networkless mode, every second: refresh the JWT at half its lifetime, as the hosted frontend does. */
async function refreshTick() {
  renderCookie();
  const claims = sessionClaims();
  if (!networkless() || !claims || jwt.refused || jwt.refreshing) return;
  const halfLife = (claims.exp - claims.iat) / 2;
  if (Date.now() / 1000 < claims.iat + halfLife) return;
  jwt.refreshing = true;
  const generation = jwt.generation;
  try {
    await mintFor(claims.sid, generation);
  } catch (error) {
    if (generation !== jwt.generation) return; // another session was picked meanwhile
    // The session was signed out or revoked: no new token; the last one runs out.
    jwt.refused = true;
    notice(`token refresh refused for ${claims.sid}: ${error.message}`, 'error');
  } finally {
    jwt.refreshing = false;
    renderCookie();
  }
}

async function signIn(user) {
  const token = readClientToken();
  let result;
  try {
    // With the existing client token the emulator adds a session to the same client.
    result = await control('/sign-in', token ? { userId: user.id, clientToken: token } : { userId: user.id });
  } catch (error) {
    if (!(token && error.status === 404)) throw error;
    result = await control('/sign-in', { userId: user.id }); // stale cookie: a new client
  }
  if (networkless()) {
    jwt.generation += 1; // a refresh of the previous session's token in flight is now stale
    writeCookie(CLIENT_COOKIE, result.clientToken);
    writeCookie(SESSION_COOKIE, result.sessionToken);
    jwt.sessionId = result.sessionId;
    jwt.refused = false;
  } else {
    writeCookie(SESSION_COOKIE, result.clientToken);
  }
  await refreshClient();
  notice(`${user.firstName} signed in: ${result.sessionId} (now the active session)`);
}

async function makeActive(session) {
  await control('/active-session', { clientToken: readClientToken(), sessionId: session.id });
  // Networkless: the JWT names one session (`sid`); switching means a token for the other one.
  if (networkless()) await mintFor(session.id);
  await refreshClient();
  notice(`${userLabel(session.userId)} is now the active session`);
}

async function end(session, kind) {
  const started = performance.now();
  await control(kind === 'revoke' ? '/revoke' : '/sign-out', { sessionId: session.id });
  // With the cache on, the app learns of it through the emulator's webhook: wait for its delivery.
  const delivered = config.cacheTtlMs > 0 ? await webhookLanded(session.id, kind === 'revoke' ? 'session.revoked' : 'session.ended') : false;
  await refreshClient();
  const how = delivered ? ` — webhook delivered after ${Math.round(performance.now() - started)} ms: the app's ${config.cacheTtlMs / 1000} s cache entry is gone, its next call is a 401` : '';
  notice(`${userLabel(session.userId)}: session ${kind === 'revoke' ? 'revoked' : 'signed out (ended)'}${how}`);
}

/** Polls the emulator's delivery log until the event for this session was delivered (or gave up). */
async function webhookLanded(sessionId, type) {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${config.emulatorUrl}/__emulator/webhooks/deliveries`, { cache: 'no-store' });
    const log = res.ok ? await res.json() : [];
    const entry = log.find((d) => d.type === type && d.payload.data.id === sessionId && d.status !== 'pending');
    if (entry) return entry.status === 'delivered';
    await new Promise((r) => setTimeout(r, 25));
  }
  return false;
}

// ---- organizations (networkless mode) ----

/** The user's memberships and the JWT's active organization, from /api/organizations. */
async function refreshOrganizations() {
  const select = $('org-switcher');
  const res = networkless() ? await fetch('/api/organizations', { cache: 'no-store' }) : null;
  const orgs = res?.ok ? await res.json() : null;
  select.disabled = orgs === null;
  select.replaceChildren(el('option', { value: '' }, 'none'), ...(orgs?.memberships ?? []).map((m) => el('option', { value: m.id }, `${m.name} (${m.role})`)));
  select.value = orgs?.active ?? '';
  $('org-role').textContent = orgs?.role ? `role ${orgs.role}; permissions: ${orgs.permissions.join(', ') || 'none'}` : '';
}

/** Sets the session's active organization on the emulator, then mints the next JWT, which says so. */
async function switchOrganization(organizationId) {
  if (!jwt.sessionId) return;
  await control(`/sessions/${encodeURIComponent(jwt.sessionId)}/organization`, { organizationId: organizationId || null });
  await mintFor(jwt.sessionId);
  await refreshOrganizations();
}

async function callExport() {
  const url = '/api/reports/export';
  const res = await fetch(url, { cache: 'no-store' });
  const text = res.ok ? `exported (${(await res.json()).organization})` : res.status === 403 ? 'Forbidden: the role lacks org:reports:export' : res.status === 401 ? 'Unauthorized' : 'Unavailable';
  addResult({ url, status: res.status, ok: res.ok, text });
}

async function callApi(sessionId) {
  const url = withSessionId('/api/me', sessionId);
  const res = await fetch(url, { cache: 'no-store' });
  if (res.ok) {
    const me = await res.json();
    addResult({ url, status: res.status, ok: true, text: `${me.userId} (${userLabel(me.userId)}, ${me.sessionId})` });
    return;
  }
  // 401 has no body by design; ask the optional route why.
  let why = '';
  const auth = await fetch(withSessionId('/api/auth-state', sessionId), { cache: 'no-store' }).then((r) => r.json()).catch(() => null);
  if (auth && auth.status !== 'signed-in') why = ` (${auth.status}: ${auth.reason})`;
  addResult({ url, status: res.status, ok: false, text: `${res.status === 401 ? 'Unauthorized' : 'Unavailable'}${why}` });
}

async function act(fn) {
  try {
    notice('');
    await fn();
  } catch (error) {
    notice(error instanceof HttpError ? error.message : String(error), 'error');
  }
}

async function main() {
  config = await (await fetch('/demo/config.json', { cache: 'no-store' })).json();
  $('app-origin').textContent = location.origin;
  $('emulator-url').textContent = config.emulatorUrl;
  $('call-last-active').addEventListener('click', () => act(() => callApi(undefined)));
  if (networkless()) $('call-last-active-which').textContent = "(the JWT's session)";
  $('clear-results').addEventListener('click', () => $('results').replaceChildren());
  $('org-switcher').addEventListener('change', (event) => act(() => switchOrganization(event.target.value)));
  $('call-export').addEventListener('click', () => act(callExport));
  $('mode').textContent = networkless()
    ? `networkless: ${Math.round(config.tokenLifetimeMs / 1000)} s session JWTs verified locally`
    : 'backend: verified by the Backend API';
  $('mode').dataset.mode = config.mode;
  if (networkless()) setInterval(() => void refreshTick(), 1000);
  $('forget').addEventListener('click', () => {
    forgetTokens();
    client = null;
    render();
  });
  await refreshClient();
  document.body.dataset.ready = 'true';
}

act(main);
