// The demo page: plain DOM, no framework, no bundler.
// Sign-in goes to the emulator's control plane (the stand-in for the hosted sign-in service),
// which answers with the client token; the page stores it in the first-party `__session`
// cookie, as the hosted frontend does. Everything else goes to this app's own routes.

const COOKIE = '__session';
const $ = (id) => document.getElementById(id);

let config = { emulatorUrl: '', users: [] };
let client = null;

// ---- the `__session` cookie (first-party, path=/, SameSite=Lax) ----

function readToken() {
  for (const part of document.cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === COOKIE) return part.slice(eq + 1).trim() || undefined;
  }
  return undefined;
}

function cookieAttributes() {
  return `path=/; SameSite=Lax${location.protocol === 'https:' ? '; Secure' : ''}`;
}

function writeToken(token) {
  document.cookie = `${COOKIE}=${token}; ${cookieAttributes()}`;
}

function forgetToken() {
  document.cookie = `${COOKIE}=; Max-Age=0; ${cookieAttributes()}`;
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
  const token = readToken();
  $('cookie-state').textContent = token
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
    const active = s.id === client.lastActiveSessionId;
    const isLive = s.status === 'active';
    const row = el('tr', { dataset: { testid: 'session-row', sessionId: s.id, userId: s.userId, status: s.status, active: String(active) } });
    if (active) row.classList.add('is-active');
    row.append(
      el('td', {}, el('strong', {}, userLabel(s.userId)), el('br'), el('small', { className: 'muted' }, s.userId)),
      el('td', {}, el('code', {}, s.id)),
      el(
        'td',
        {},
        el('span', { className: `status status-${s.status}`, dataset: { testid: 'session-status' } }, s.status),
        active ? el('span', { className: 'badge', dataset: { testid: 'active-badge' } }, 'last active') : '',
      ),
      el(
        'td',
        { className: 'actions' },
        el('button', { type: 'button', dataset: { testid: 'call-with-id' }, onclick: () => act(() => callApi(s.id)) }, 'Call with id'),
        el(
          'button',
          { type: 'button', dataset: { testid: 'make-active' }, onclick: () => act(() => makeActive(s)), ...(active || !isLive ? { disabled: '' } : {}) },
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
    if (readToken()) forgetToken();
    client = null;
  } else if (res.ok) {
    client = (await res.json()).client;
  } else {
    throw new HttpError(res.status, `GET /api/client answered ${res.status}`);
  }
  render();
}

async function signIn(user) {
  const token = readToken();
  let result;
  try {
    // With the existing client token the emulator adds a session to the same client.
    result = await control('/sign-in', token ? { userId: user.id, clientToken: token } : { userId: user.id });
  } catch (error) {
    if (!(token && error.status === 404)) throw error;
    result = await control('/sign-in', { userId: user.id }); // stale cookie: a new client
  }
  writeToken(result.clientToken);
  await refreshClient();
  notice(`${user.firstName} signed in: ${result.sessionId} (now the active session)`);
}

async function makeActive(session) {
  await control('/active-session', { clientToken: readToken(), sessionId: session.id });
  await refreshClient();
  notice(`${userLabel(session.userId)} is now the active session`);
}

async function end(session, kind) {
  await control(kind === 'revoke' ? '/revoke' : '/sign-out', { sessionId: session.id });
  await refreshClient();
  notice(`${userLabel(session.userId)}: session ${kind === 'revoke' ? 'revoked' : 'signed out (ended)'}`);
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
  $('clear-results').addEventListener('click', () => $('results').replaceChildren());
  $('forget').addEventListener('click', () => {
    forgetToken();
    client = null;
    render();
  });
  await refreshClient();
  document.body.dataset.ready = 'true';
}

act(main);
