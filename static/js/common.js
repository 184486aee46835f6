// Shared helpers for the phone, the board and the console.
// Every piece of user text goes into the DOM through textContent / createElement: never as markup.

/** Create an element. attrs: {class, text, dataset, on: {event: fn}, ...plain attributes/properties}. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key === 'text') node.textContent = String(value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key === 'on') for (const [ev, fn] of Object.entries(value)) node.addEventListener(ev, fn);
    else if (key === 'checked' || key === 'disabled' || key === 'selected' || key === 'value'
             || key === 'multiple' || key === 'hidden') node[key] = value;
    else if (key === 'style') throw new Error('inline styles are not allowed (CSP)');
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else if (child instanceof Node) node.appendChild(child);
    else node.appendChild(document.createTextNode(String(child)));
  }
}

/** Replace all children of a node. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/** localStorage that never throws (private mode, full storage, disabled storage). */
export const store = {
  get(key, fallback = null) {
    try {
      const raw = window.localStorage.getItem(key);
      return raw === null ? fallback : JSON.parse(raw);
    } catch (_e) { return fallback; }
  },
  set(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (_e) { /* keep in memory only */ }
  },
  remove(key) {
    try { window.localStorage.removeItem(key); } catch (_e) { /* ignore */ }
  },
};

/** A client-generated action id (UUID where available). Only A–Z a–z 0–9 _ . : - */
export function clientId() {
  if (window.crypto && typeof window.crypto.randomUUID === 'function') return window.crypto.randomUUID();
  const bytes = new Uint8Array(16);
  if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return 'id-' + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('') + '-' + Date.now().toString(36);
}

/** The Socket.IO connection (same origin, websocket first). */
export function connect() {
  if (typeof window.io !== 'function') throw new Error('the Socket.IO client did not load');
  return window.io({ transports: ['websocket', 'polling'] });
}

/** Emit with an acknowledgement; resolves with the ack, rejects with Error('timeout') after `ms`. */
export function emitAck(socket, event, payload, ms = 10000) {
  return new Promise((resolve, reject) => {
    if (typeof socket.timeout === 'function') {
      socket.timeout(ms).emit(event, payload, (err, ack) => {
        if (err) reject(new Error('timeout'));
        else resolve(ack || { ok: false, error: 'no answer from the server' });
      });
      return;
    }
    let done = false;
    const timer = window.setTimeout(() => { if (!done) { done = true; reject(new Error('timeout')); } }, ms);
    socket.emit(event, payload, (ack) => {
      if (done) return;
      done = true;
      window.clearTimeout(timer);
      resolve(ack || { ok: false, error: 'no answer from the server' });
    });
  });
}

/** Call the facilitator API. Resolves with the JSON body; throws Error(message) on a refusal. */
export async function api(token, method, path, body) {
  const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
  const options = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    options.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, options);
  } catch (_e) {
    throw new Error('Could not reach the Baraza server. Is it still running?');
  }
  let data = null;
  try { data = await response.json(); } catch (_e) { data = null; }
  if (!response.ok || (data && data.ok === false)) {
    const message = (data && data.error) || `The server answered ${response.status}`;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return data;
}

/** POST a multipart form (a file upload) to the facilitator API; errors as for api(). */
export async function upload(token, path, form) {
  let response;
  try {
    response = await fetch(path, { method: 'POST', headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
      body: form, credentials: 'same-origin' });
  } catch (_e) {
    throw new Error('Could not reach the Baraza server. Is it still running?');
  }
  let data = null;
  try { data = await response.json(); } catch (_e) { data = null; }
  if (!response.ok || (data && data.ok === false)) {
    throw new Error((data && data.error) || (response.status === 413 ? 'The file is too large.' : `The server answered ${response.status}`));
  }
  return data;
}

/** "ACD347" -> "ACD 347" */
export function spacedCode(code) {
  const c = String(code || '');
  return c.length === 6 ? `${c.slice(0, 3)} ${c.slice(3)}` : c;
}

const KIND_LABELS = { plenary: 'Plenary', groups: 'Working groups', 'report-back': 'Report-back' };
export function stageKindLabel(kind) { return KIND_LABELS[kind] || kind || ''; }

const ACTIVITY_LABELS = { poll: 'Poll', board: 'Sticky notes', talk: 'Talk' };
export function activityKindLabel(kind) { return ACTIVITY_LABELS[kind] || kind || ''; }

const STATE_LABELS = { pending: 'Not open yet', open: 'Open', closed: 'Closed' };
export function activityStateLabel(state) { return STATE_LABELS[state] || state || ''; }

/** 754 -> "12:34"; 3754 -> "1:02:34" */
export function clock(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = String(s % 60).padStart(2, '0');
  return h ? `${h}:${String(m).padStart(2, '0')}:${r}` : `${m}:${r}`;
}

/** The number of characters as the server counts them (code points, trimmed). */
export function charCount(text) {
  return Array.from(String(text || '').trim()).length;
}

export function plural(n, one, many) { return `${n} ${n === 1 ? one : many}`; }

/** Horizontal bars for a poll's results; numbers are always written out. */
export function pollBars(results, { yours = [] } = {}) {
  const options = results.options || [];
  const counts = results.counts || [];
  const voters = results.voters || 0;
  const list = el('ol', { class: 'bars' });
  options.forEach((label, i) => {
    const count = counts[i] || 0;
    const pct = voters ? Math.round((count / voters) * 100) : 0;
    const fillBar = el('span', { class: 'bar-fill' });
    fillBar.style.width = `${pct}%`; // CSSOM, allowed by the CSP (no style attribute in markup)
    const mine = yours.includes(i);
    list.appendChild(el('li', { class: mine ? 'bar-row bar-mine' : 'bar-row' },
      el('span', { class: 'bar-label' }, label, mine ? el('span', { class: 'bar-you', text: ' (your vote)' }) : null),
      el('span', { class: 'bar-track', 'aria-hidden': 'true' }, fillBar),
      el('span', { class: 'bar-value' },
        el('strong', { text: String(count) }), ` · ${pct}%`)));
  });
  const total = el('p', { class: 'bars-total' },
    plural(voters, 'person voted', 'people voted'),
    results.multiple ? ' (several choices allowed, so percentages add up to more than 100)' : '');
  return el('div', { class: 'poll-results' }, list, total);
}

/** One sticky note card. */
export function noteCard(note, { fresh = false, tag = 'li' } = {}) {
  const column = Number.isInteger(note.column) ? note.column : 0;
  return el(tag, { class: `note note-c${column % 6}${fresh ? ' note-new' : ''}`, dataset: { note: String(note.id) } },
    el('p', { class: 'note-text', text: note.text }),
    note.author ? el('p', { class: 'note-author', text: `— ${note.author}` }) : null);
}

/** Notes of a board in their columns, side by side (newest first in each column). */
export function noteColumns(results, { seen = null, limit = 0, headingLevel = 'h3' } = {}) {
  const columns = results.columns || [];
  const notes = results.notes || [];
  const wrap = el('div', { class: `note-columns cols-${Math.min(columns.length, 6)}` });
  columns.forEach((name, c) => {
    const mine = notes.filter((n) => n.column === c).reverse();
    const shown = limit ? mine.slice(0, limit) : mine;
    const list = el('ul', { class: 'note-list' });
    for (const note of shown) {
      const fresh = seen ? !seen.has(note.id) : false;
      list.appendChild(noteCard(note, { fresh }));
    }
    const more = limit && mine.length > shown.length ? el('p', { class: 'note-more', text: `+ ${mine.length - shown.length} more` }) : null;
    wrap.appendChild(el('section', { class: `note-column note-col-c${c % 6}` },
      el(headingLevel, { class: 'note-column-title' }, name, el('span', { class: 'note-count', text: ` (${mine.length})` })),
      mine.length ? list : el('p', { class: 'muted', text: 'No notes yet' }),
      more));
  });
  if (seen) for (const n of notes) seen.add(n.id);
  return wrap;
}

/** Results of any activity (poll bars or note columns), or a line when hidden. */
export function resultsView(activity, event, options = {}) {
  if (!event) return el('p', { class: 'muted', text: 'Waiting for results…' });
  if (event.visible === false && !event.results) {
    return el('p', { class: 'hidden-results' },
      el('strong', { text: plural(event.responses || 0, 'response', 'responses') }),
      ' — results hidden until the facilitator reveals them');
  }
  const results = event.results || {};
  if (activity.kind === 'poll') return pollBars(results, options);
  if (activity.kind === 'board') return noteColumns(results, options);
  return el('span');
}

let clockOffset = 0; // the server's clock minus this device's, in seconds

/** Estimate how far this device's clock is from the server's (stage times are server times). */
export async function syncClock() {
  try {
    const t0 = Date.now();
    const response = await fetch('/healthz', { cache: 'no-store' });
    const t1 = Date.now();
    const server = Date.parse(response.headers.get('Date') || '');
    if (Number.isNaN(server)) return;
    // The Date header has one-second resolution: take the middle of that second.
    const offset = (server + 500 - (t0 + t1) / 2) / 1000;
    clockOffset = Math.abs(offset) > 2 ? offset : 0;
  } catch (_e) { /* keep this device's clock */ }
}

/** Now, in seconds since the epoch, on the server's clock. */
export function serverNow() { return Date.now() / 1000 + clockOffset; }

/** "12:03 of 75 min", or how far over the planned time the stage is. */
export function elapsedText(stage, now = serverNow()) {
  if (!stage || !stage.started_at) return '';
  const elapsed = Math.max(0, now - stage.started_at);
  const planned = (stage.minutes || 0) * 60;
  if (planned && elapsed > planned) return `${clock(elapsed)} — ${clock(elapsed - planned)} over the planned ${stage.minutes} min`;
  return `${clock(elapsed)} of ${stage.minutes} min`;
}

/** Read the data-* attributes of the #app element. */
export function appData() {
  const app = document.getElementById('app');
  return { app, data: app ? { ...app.dataset } : {} };
}
