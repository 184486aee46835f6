// Shared helpers for the phone, the board and the console.
// Every piece of user text goes into the DOM through textContent / createElement: never as markup.

// ---------------------------------------------------------------- languages
// The page passes this language's strings in #app's data-messages (built by the server from the
// catalogues in translations/); without them (the console, English) a string is its own msgid.
// t('Hello {name}', {name}) and tn('{n} note', '{n} notes', n) are what Babel extracts.

const I18N = readMessages();

function readMessages() {
  const app = document.getElementById('app');
  let messages = {};
  try { messages = JSON.parse((app && app.dataset.messages) || '{}') || {}; } catch (_e) { messages = {}; }
  const lang = (app && app.dataset.lang) || document.documentElement.lang || 'en';
  return { lang, messages };
}

/** The page's language code (en, fr, es, pt, nl). */
export function language() { return I18N.lang; }

function format(text, vars) {
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** A string in the page's language; {name} placeholders are filled from vars. */
export function t(msgid, vars) {
  const text = I18N.messages[msgid];
  return format(typeof text === 'string' && text ? text : msgid, vars);
}

/** The gettext plural form for n: French says "0 vote" and "1 vote", the others "0 votes". */
function pluralIndex(n) {
  return I18N.lang === 'fr' ? (n > 1 ? 1 : 0) : (n !== 1 ? 1 : 0);
}

/** A counted string: tn('{n} note', '{n} notes', n) gives "1 note", "3 notes" (or their translation). */
export function tn(one, other, n, vars) {
  const forms = I18N.messages[one];
  const i = pluralIndex(n);
  const text = Array.isArray(forms) && forms[i] ? forms[i] : (i === 0 ? one : other);
  return format(text, { n: formatNumber(n), ...vars });
}

/** A translated sentence with DOM nodes in it: withNodes(t('Show my name ({name})'), {name: node}). */
export function withNodes(text, nodes) {
  return text.split(/(\{\w+\})/).filter(Boolean).map((part) => {
    const name = /^\{(\w+)\}$/.exec(part);
    return name && nodes[name[1]] ? nodes[name[1]] : part;
  });
}

/** A whole number written the page's way. */
/** Names as a list in the page's language: "A, B and C". */
export function listText(names) {
  try { return new Intl.ListFormat(I18N.lang, { type: 'conjunction' }).format(names); } catch (_e) { return names.join(', '); }
}

export function formatNumber(n) {
  try { return new Intl.NumberFormat(I18N.lang).format(n); } catch (_e) { return String(n); }
}

/** 33 -> "33%" (or "33 %" in French). */
export function formatPercent(pct) {
  try { return new Intl.NumberFormat(I18N.lang, { style: 'percent', maximumFractionDigits: 0 }).format(pct / 100); } catch (_e) { return `${pct}%`; }
}

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

/**
 * Numbers the reads of one thing that may overlap. HTTP answers can arrive out of order, and the
 * answer to a read sent before one already applied would show older data over newer. ``ask()``
 * numbers a read as it is sent; ``newest(n)`` says whether its answer may be applied, and if so
 * marks it applied. ``acted()``: the answer to an action, which carries the thing too, is applied
 * now, so every read sent before it is older.
 */
export function answersInOrder() {
  let asked = 0;
  let applied = 0;
  return {
    ask: () => ++asked,
    newest(n) {
      if (n < applied) return false;
      applied = n;
      return true;
    },
    acted() { applied = ++asked; },
  };
}

const DRAG_MAX = 30000; // the longest a drag holds redraws without a drop, an end or a new press

/**
 * Redraws that wait while a pointer is down in ``root``. A redraw replaces nodes; one that comes
 * between a button's press and its release (an event from the server: a phone posted a note, a
 * count changed) loses the click, since the press and the release land on different nodes, and one
 * during a drag pulls the dragged node from under the pointer. So ``wait(key, redraw)`` says true
 * while a press (or a drag: ``dragStarted()`` to ``dragEnded()``) is on, and keeps ``redraw`` (the
 * last one per key) to be done just after the release, after the click, whose own redraw is not
 * held; a redraw that runs meanwhile (``wait`` said false) drops its waiting twin. A release that
 * never comes (the pointer left the window) lets them go after ``max`` ms; a drag the browser gave
 * up on without a drop or dragend, at the next press (or after DRAG_MAX). A press on a select does
 * not hold: its list opens outside the page, which may never see the release.
 */
export function redrawsWaitForRelease(root, max = 3000) {
  let timer = null; // while a press or a drag is on: the timer that lets redraws go if it never ends
  let dragged = false; // from a drag's start to its drop or end
  const waiting = new Map(); // key -> the redraw to do after the release
  function letGo() {
    window.clearTimeout(timer);
    timer = null;
    dragged = false;
    if (!waiting.size) return;
    window.setTimeout(() => {
      if (timer !== null) return; // a new press came first: its release lets them go
      const due = [...waiting.values()];
      waiting.clear();
      for (const redraw of due) redraw();
    }, 0);
  }
  function hold(ms) {
    window.clearTimeout(timer);
    timer = window.setTimeout(letGo, ms);
  }
  root.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || (e.target.closest && e.target.closest('select'))) return;
    dragged = false;
    hold(max);
  }, true);
  // The browser cancels the pointer as a drag starts (after its dragstart): the drag holds on then.
  for (const type of ['pointerup', 'pointercancel']) {
    window.addEventListener(type, () => { if (timer !== null && !dragged) letGo(); }, true);
  }
  return {
    wait(key, redraw) {
      if (timer !== null) {
        waiting.set(key, redraw);
        return true;
      }
      waiting.delete(key);
      return false;
    },
    dragStarted() {
      dragged = true;
      hold(DRAG_MAX);
    },
    dragEnded() { if (timer !== null) letGo(); },
  };
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
    throw new Error(t('Could not reach the Baraza server. Is it still running?'));
  }
  let data = null;
  try { data = await response.json(); } catch (_e) { data = null; }
  if (!response.ok || (data && data.ok === false)) {
    const message = (data && data.error) || t('The server answered {status}', { status: response.status });
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
    throw new Error(t('Could not reach the Baraza server. Is it still running?'));
  }
  let data = null;
  try { data = await response.json(); } catch (_e) { data = null; }
  if (!response.ok || (data && data.ok === false)) {
    throw new Error((data && data.error)
      || (response.status === 413 ? t('The file is too large.') : t('The server answered {status}', { status: response.status })));
  }
  return data;
}

/** "ACD347" -> "ACD 347" */
export function spacedCode(code) {
  const c = String(code || '');
  return c.length === 6 ? `${c.slice(0, 3)} ${c.slice(3)}` : c;
}

export function stageKindLabel(kind) {
  if (kind === 'plenary') return t('Plenary');
  if (kind === 'groups') return t('Working groups');
  if (kind === 'report-back') return t('Report-back');
  return kind || '';
}

export function activityKindLabel(kind) {
  if (kind === 'poll') return t('Poll');
  if (kind === 'board') return t('Sticky notes');
  if (kind === 'wordcloud') return t('Word cloud');
  if (kind === 'scale') return t('Scale');
  if (kind === 'text') return t('Open question');
  if (kind === 'ranking') return t('Ranking');
  if (kind === 'points') return t('Points');
  if (kind === 'survey') return t('Survey');
  if (kind === 'qna') return t('Q&A');
  if (kind === 'crossvote') return t('Cross-group vote');
  if (kind === 'pat') return t('Power Awareness Tool');
  if (kind === 'talk') return t('Talk');
  return kind || '';
}

export function activityStateLabel(state) {
  if (state === 'pending') return t('Not open yet');
  if (state === 'open') return t('Open');
  if (state === 'closed') return t('Closed');
  return state || '';
}

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
export function pollBars(results, { yours = [], mineLabel = null } = {}) {
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
      el('span', { class: 'bar-label' }, el('span', { dir: 'auto', text: label }),
        mine ? el('span', { class: 'bar-you', text: ' ' + (mineLabel || t('(your vote)')) }) : null),
      el('span', { class: 'bar-track', 'aria-hidden': 'true' }, fillBar),
      el('span', { class: 'bar-value' },
        el('strong', { text: formatNumber(count) }), ` · ${formatPercent(pct)}`)));
  });
  const total = el('p', { class: 'bars-total' },
    tn('{n} person voted', '{n} people voted', voters),
    results.multiple ? ' ' + t('(several choices allowed, so percentages add up to more than 100)') : '');
  return el('div', { class: 'poll-results' }, list, total);
}

/** One sticky note card. */
export function noteCard(note, { fresh = false, tag = 'li' } = {}) {
  const column = Number.isInteger(note.column) ? note.column : 0;
  // dir="auto": a note in Arabic or Hebrew reads right to left, whatever the page's language.
  return el(tag, { class: `note note-c${column % 6}${fresh ? ' note-new' : ''}`, dataset: { note: String(note.id) } },
    el('p', { class: 'note-text', dir: 'auto', text: note.text }),
    note.author ? el('p', { class: 'note-author' }, '— ', el('bdi', { text: note.author })) : null,
    note.dots ? el('p', { class: 'note-dots', text: tn('{n} dot', '{n} dots', note.dots) }) : null);
}

/** Most dots first; notes with as many dots keep their order. */
function mostDotsFirst(list) {
  return list.map((item, i) => [item, i]).sort(([a, i], [b, j]) => (b.dots || 0) - (a.dots || 0) || i - j).map(([item]) => item);
}

/** A board's clusters, each with its name, its totals and its notes (the facilitator's grouping). */
export function clusterGrid(results, { seen = null, limit = 0, headingLevel = 'h3', byDots = false, card = noteCard } = {}) {
  const notes = results.notes || [];
  const clusters = byDots ? mostDotsFirst(results.clusters || []) : (results.clusters || []);
  return el('div', { class: 'cluster-grid' }, clusters.map((cluster) => {
    let mine = notes.filter((n) => n.cluster === cluster.id).reverse();
    if (byDots) mine = mostDotsFirst(mine);
    const shown = limit ? mine.slice(0, limit) : mine;
    return el('section', { class: 'cluster', dataset: { cluster: String(cluster.id) } },
      el(headingLevel, { class: 'cluster-title' }, el('bdi', { text: cluster.name }),
        el('span', { class: 'cluster-total' }, tn('{n} note', '{n} notes', cluster.count),
          typeof cluster.dots === 'number' ? ' · ' + tn('{n} dot', '{n} dots', cluster.dots) : '')),
      el('ul', { class: 'note-list' }, shown.map((note) => card(note, { fresh: seen ? !seen.has(note.id) : false }))),
      limit && mine.length > shown.length
        ? el('p', { class: 'note-more', text: tn('+ {n} more', '+ {n} more', mine.length - shown.length) }) : null);
  }));
}

/** Notes of a board in their columns, side by side (newest first in each column). */
export function noteColumns(results, { seen = null, limit = 0, headingLevel = 'h3', byDots = false, card = noteCard, clustered = true } = {}) {
  const columns = results.columns || [];
  const known = new Set((results.clusters || []).map((c) => c.id));
  const grouped = clustered && known.size > 0;
  // With clusters: the clusters first, then the notes in none of them, column by column.
  const notes = (results.notes || []).filter((n) => !grouped || !known.has(n.cluster));
  const wrap = el('div', { class: `note-columns cols-${Math.min(columns.length, 6)}` });
  columns.forEach((name, c) => {
    let mine = notes.filter((n) => n.column === c).reverse();
    if (byDots) mine = mostDotsFirst(mine);
    const shown = limit ? mine.slice(0, limit) : mine;
    const list = el('ul', { class: 'note-list' });
    for (const note of shown) {
      const fresh = seen ? !seen.has(note.id) : false;
      list.appendChild(card(note, { fresh }));
    }
    const more = limit && mine.length > shown.length
      ? el('p', { class: 'note-more', text: tn('+ {n} more', '+ {n} more', mine.length - shown.length) }) : null;
    wrap.appendChild(el('section', { class: `note-column note-col-c${c % 6}` },
      el(headingLevel, { class: 'note-column-title' }, el('bdi', { text: name }),
        el('span', { class: 'note-count', text: ` (${formatNumber(mine.length)})` })),
      mine.length ? list : el('p', { class: 'muted', text: t('No notes yet') }),
      more));
  });
  const all = results.notes || [];
  if (seen) for (const n of all) seen.add(n.id);
  if (!grouped) return wrap;
  return el('div', { class: 'clustered-notes' },
    clusterGrid(results, { limit, headingLevel, byDots, card, seen: null }),
    notes.length ? el(headingLevel, { class: 'unclustered-title', text: t('Not in a cluster') }) : null,
    notes.length ? wrap : null);
}

/** A word cloud's words as a numbered list, most frequent first: "trust — 9". */
export function wordList(results, { limit = 0, yours = [] } = {}) {
  const words = results.words || [];
  const shown = limit ? words.slice(0, limit) : words;
  const mine = new Set(yours.map((w) => String(w).toLocaleLowerCase()));
  const list = el('ol', { class: 'word-list' });
  for (const word of shown) {
    const own = mine.has(String(word.text).toLocaleLowerCase());
    list.appendChild(el('li', { class: own ? 'word-row word-mine' : 'word-row' },
      el('bdi', { class: 'word-text', text: word.text }),
      el('span', { class: 'word-count', text: ` — ${formatNumber(word.count)}` }),
      own ? el('span', { class: 'bar-you', text: ' ' + t('(yours too)') }) : null));
  }
  const summary = el('p', { class: 'words-total' },
    tn('{n} person answered', '{n} people answered', results.people || 0), ' · ',
    tn('{n} answer', '{n} answers', results.answers || 0));
  if (!words.length) return [summary];
  return [list, summary];
}

/** 100 points: each option's total as a bar, with its share of all points given. */
export function pointsView(results, { yours = [] } = {}) {
  const list = el('ol', { class: 'bars' });
  (results.options || []).forEach((label, o) => {
    const fillBar = el('span', { class: 'bar-fill' });
    fillBar.style.width = `${results.share[o]}%`; // CSSOM, allowed by the CSP
    list.appendChild(el('li', { class: 'bar-row' },
      el('span', { class: 'bar-label' }, el('bdi', { text: label }),
        yours[o] ? el('span', { class: 'bar-you', text: ' ' + t('(you: {n})', { n: formatNumber(yours[o]) }) }) : null),
      el('span', { class: 'bar-track', 'aria-hidden': 'true' }, fillBar),
      el('span', { class: 'bar-value' }, el('strong', { text: formatNumber(results.totals[o]) }),
        ` · ${formatPercent(Math.round(results.share[o]))}`)));
  });
  return el('div', { class: 'poll-results' }, list,
    el('p', { class: 'bars-total', text: tn('{n} person gave points', '{n} people gave points', results.people || 0) }));
}

/** A ranking's results: the options from the best average rank to the worst, each with its average. */
export function rankingView(results, { limit = 0 } = {}) {
  const n = (results.options || []).length;
  const order = limit ? (results.order || []).slice(0, limit) : (results.order || []);
  const list = el('ol', { class: 'rank-results' });
  for (const o of order) {
    const average = results.average[o];
    const fillBar = el('span', { class: 'bar-fill' });
    // A full bar for an option everyone put first, an empty one for an option everyone put last.
    fillBar.style.width = average === null ? '0%' : `${Math.round(((n - average) / Math.max(1, n - 1)) * 100)}%`;
    list.appendChild(el('li', { class: 'bar-row rank-row' },
      el('span', { class: 'bar-label' }, el('bdi', { text: results.options[o] })),
      el('span', { class: 'bar-track', 'aria-hidden': 'true' }, fillBar),
      el('span', { class: 'bar-value' }, average === null ? '–'
        : t('average rank {rank}', { rank: formatNumber(average) }))));
  }
  return el('div', { class: 'poll-results' }, list,
    el('p', { class: 'bars-total', text: tn('{n} person ranked', '{n} people ranked', results.people || 0) }));
}

/** An open question's answers as a wall of cards, newest first (``limit``: how many at most). */
export function textWall(results, { limit = 0 } = {}) {
  const answers = (results.answers || []).slice().reverse();
  const shown = limit ? answers.slice(0, limit) : answers;
  if (!shown.length) return el('p', { class: 'muted', text: t('No answers yet') });
  return el('ul', { class: 'note-list text-wall' },
    shown.map((answer, n) => noteCard({ id: answers.length - n, column: (answers.length - n) % 6, text: answer.text, author: '' })));
}

/** One Q&A question: its upvotes, its text, who signed it, whether it is answered or on the board now.
 *  ``controls``: nodes to add after it (the phone's upvote button, the console's actions). */
export function questionItem(q, { controls = null, tag = 'li', note = null } = {}) {
  return el(tag, {
    class: `question${q.answered ? ' is-answered' : ''}${q.highlighted ? ' is-highlighted' : ''}`,
    dataset: { question: String(q.id) },
  },
  el('p', { class: 'question-votes', text: tn('{n} upvote', '{n} upvotes', q.votes || 0) }),
  el('div', { class: 'question-body' },
    el('p', { class: 'question-text', dir: 'auto', text: q.text }),
    el('p', { class: 'question-meta' },
      q.author ? el('span', { class: 'question-author' }, '— ', el('bdi', { text: q.author })) : null,
      q.highlighted ? el('span', { class: 'badge badge-highlighted', text: t('On the board now') }) : null,
      q.answered ? el('span', { class: 'badge badge-answered', text: t('Answered') }) : null,
      note)),
  controls ? controls(q) : null);
}

/** A Q&A's questions as the room sees them: not yet answered first, by upvotes then newest. */
export function questionList(results, { limit = 0, controls = null, note = null } = {}) {
  const all = results.questions || [];
  const shown = limit ? all.slice(0, limit) : all;
  if (!shown.length) return el('p', { class: 'muted', text: t('No questions yet') });
  return el('ol', { class: 'question-list' }, shown.map((q) => questionItem(q, { controls, note: note ? note(q) : null })));
}

/** "1 = Not at all · 5 = Fully": what the ends of a scale mean (empty when neither is labelled). */
export function scaleEnds(scale) {
  const parts = [];
  if (scale.min_label) parts.push(t('{value} = {label}', { value: formatNumber(scale.min), label: scale.min_label }));
  if (scale.max_label) parts.push(t('{value} = {label}', { value: formatNumber(scale.max), label: scale.max_label }));
  return parts.join(' · ');
}

/** A scale's results: per statement, how many gave each value (a small column chart with the numbers
 *  written out) and the mean. ``compact``: the means only. */
export function scaleView(results, { yours = {}, compact = false } = {}) {
  const low = results.min;
  const many = (results.statements || []).length > 3 ? ' scale-many' : '';
  const wrap = el('div', { class: `scale-results${compact ? ' scale-compact' : many}` });
  const ends = scaleEnds(results);
  if (ends && !compact) wrap.appendChild(el('p', { class: 'scale-ends', text: ends }));
  (results.statements || []).forEach((row, s) => {
    const mean = row.mean === null || row.mean === undefined ? '–' : formatNumber(row.mean);
    const head = el('p', { class: 'scale-statement' }, el('bdi', { class: 'scale-text', text: row.text }),
      el('span', { class: 'scale-mean' }, el('strong', { text: t('mean {mean}', { mean }) }),
        ' · ' + tn('{n} answer', '{n} answers', row.answers || 0)));
    if (compact) { wrap.appendChild(head); return; }
    const top = Math.max(1, ...row.counts);
    const chart = el('ol', { class: 'scale-chart', 'aria-label': t('Answers from {min} to {max}', { min: formatNumber(low), max: formatNumber(results.max) }) });
    row.counts.forEach((count, i) => {
      const value = low + i;
      const bar = el('span', { class: 'scale-bar', 'aria-hidden': 'true' });
      bar.style.height = `${Math.round((count / top) * 100)}%`; // CSSOM, allowed by the CSP
      const mine = yours[String(s)] === value;
      chart.appendChild(el('li', { class: mine ? 'scale-col scale-mine' : 'scale-col' },
        el('span', { class: 'scale-count', text: formatNumber(count) }),
        el('span', { class: 'scale-track' }, bar),
        el('span', { class: 'scale-value', text: formatNumber(value) }),
        mine ? el('span', { class: 'visually-hidden', text: ' ' + t('(your answer)') }) : null));
    });
    wrap.appendChild(el('section', { class: 'scale-row' }, head, chart));
  });
  return wrap;
}

/** A survey's results, question by question: a choice question's bars (as a poll's), a scale question's
 *  distribution and mean (as a scale's). ``yours``: this phone's answers by question index. */
export function surveyView(results, { yours = {}, compact = false } = {}) {
  const count = (results.questions || []).length;
  const wrap = el('div', { class: `survey-results survey-n${Math.min(count, 4)}${compact ? ' survey-compact' : ''}` });
  (results.questions || []).forEach((q, n) => {
    const text = t('{n}. {question}', { n: formatNumber(n + 1), question: q.text });
    const mine = yours[String(n)];
    if (q.kind === 'scale') {
      const statement = { text, counts: q.counts, answers: q.answers, mean: q.mean };
      wrap.appendChild(el('section', { class: 'survey-question' },
        scaleView({ ...q, statements: [statement] }, { yours: mine === undefined ? {} : { 0: mine }, compact })));
      return;
    }
    wrap.appendChild(el('section', { class: 'survey-question' },
      el('p', { class: 'scale-statement' }, el('bdi', { class: 'scale-text', text }),
        el('span', { class: 'scale-mean', text: tn('{n} answer', '{n} answers', q.respondents || 0) })),
      pollBars({ options: q.options, counts: q.counts, voters: q.respondents, multiple: q.multiple },
        { yours: Array.isArray(mine) ? mine : [], mineLabel: t('(your answer)') })));
  });
  return wrap;
}

/** Results per segment (``by_segment``), side by side with everyone's: a legend, then for each part
 *  (a poll, a scale's statement, a survey's question) grouped bars per option, or each one's mean on
 *  the scale. A hidden segment shows its name and that it is hidden, never a count or a result. */
export function segmentsView(bySegment, { labels = true } = {}) {
  const parts = bySegment.parts || [];
  const names = parts.length ? parts[0].segments.map((s) => s.name) : [];
  const colour = (name) => `seg-${names.indexOf(name) + 1}`;
  const wrap = el('div', { class: 'segment-results' });
  parts.forEach((part) => {
    const series = [{ name: t('Everyone'), cls: 'seg-0', respondents: part.total.respondents, result: part.total.result }]
      .concat(part.segments.filter((s) => !s.hidden).map((s) => ({ ...s, cls: colour(s.name) })));
    const legend = el('ul', { class: 'segment-legend' },
      series.map((s) => el('li', {}, el('span', { class: `segment-swatch ${s.cls}`, 'aria-hidden': 'true' }),
        el('bdi', { text: s.name }), ' ' + t('({n})', { n: formatNumber(s.respondents) }))),
      part.segments.filter((s) => s.hidden).map((s) => el('li', { class: 'segment-hidden' },
        withNodes(t('{segment}: fewer than {k} — hidden', { k: formatNumber(bySegment.k) }), { segment: el('bdi', { text: s.name }) }))));
    const section = el('section', { class: `segment-part segment-${part.kind}` },
      labels ? el('p', { class: 'segment-label' }, el('bdi', { text: part.label })) : null, legend);
    const bar = (s, pct, text) => {
      const fillBar = el('span', { class: `segment-fill ${s.cls}` });
      fillBar.style.width = `${Math.max(0, Math.min(100, pct))}%`; // CSSOM, allowed by the CSP
      return el('li', { class: 'segment-bar' }, el('span', { class: 'visually-hidden', text: s.name + ': ' }),
        el('span', { class: 'segment-track', 'aria-hidden': 'true' }, fillBar), el('span', { class: 'segment-value', text }));
    };
    if (part.kind === 'choice') {
      section.appendChild(el('ol', { class: 'segment-options' }, part.options.map((option, i) => el('li', {},
        el('bdi', { class: 'segment-option', text: option }),
        el('ol', { class: 'segment-bars' }, series.map((s) => {
          const count = (s.result.counts || [])[i] || 0;
          const pct = s.respondents ? Math.round((count / s.respondents) * 100) : 0;
          return bar(s, pct, formatPercent(pct));
        }))))));
    } else {
      const span = Math.max(1, part.max - part.min);
      section.appendChild(el('ol', { class: 'segment-bars segment-means' }, series.map((s) => {
        const mean = s.result.mean;
        const text = t('mean {mean}', { mean: mean === null || mean === undefined ? '–' : formatNumber(mean) });
        return bar(s, mean === null || mean === undefined ? 0 : ((mean - part.min) / span) * 100, text);
      })));
    }
    wrap.appendChild(section);
  });
  return wrap;
}

/** "3 responses — results hidden until the facilitator reveals them" */
export function hiddenResults(responses) {
  return el('p', { class: 'hidden-results' },
    el('strong', { text: tn('{n} response', '{n} responses', responses) }),
    ' ' + t('— results hidden until the facilitator reveals them'));
}

/** Results of any activity (poll bars or note columns), or a line when hidden. */
export function resultsView(activity, event, options = {}) {
  if (!event) return el('p', { class: 'muted', text: t('Waiting for results…') });
  if (event.visible === false && !event.results) return hiddenResults(event.responses || 0);
  const results = event.results || {};
  if (activity.kind === 'poll') return pollBars(results, options);
  if (activity.kind === 'board') return noteColumns(results, options);
  if (activity.kind === 'wordcloud') return el('div', {}, wordList(results, options));
  if (activity.kind === 'scale') return scaleView(results, options);
  if (activity.kind === 'text') return textWall(results, options);
  if (activity.kind === 'ranking') return rankingView(results, options);
  if (activity.kind === 'points') return pointsView(results, options);
  if (activity.kind === 'survey') return surveyView(results, options);
  if (activity.kind === 'qna') return questionList(results, options);
  return el('span');
}

let clockOffset = 0; // the server's clock minus this device's, in seconds

/** Estimate how far this device's clock is from the server's (stage times are server times). */
export async function syncClock() {
  try {
    const t0 = Date.now();
    const response = await fetch('/clock', { cache: 'no-store' });
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
  if (planned && elapsed > planned) {
    return t('{elapsed} — {over} over the planned {minutes} min',
      { elapsed: clock(elapsed), over: clock(elapsed - planned), minutes: stage.minutes });
  }
  return t('{elapsed} of {minutes} min', { elapsed: clock(elapsed), minutes: stage.minutes });
}

/** Seconds left on a timer as the state carries it (below zero: over time), on the server's clock. */
export function timerLeft(view, now = serverNow()) {
  return view.running ? view.ends_at - now : view.remaining;
}

/** "12:34 left", "Paused — 12:34 left", "2:03 over time": the words carry it, not a colour. */
export function timerText(view, now = serverNow()) {
  if (!view) return '';
  const left = timerLeft(view, now);
  if (left < 0) {
    const over = clock(-left);
    return view.running ? t('{clock} over time', { clock: over }) : t('Paused — {clock} over time', { clock: over });
  }
  const rest = clock(Math.ceil(left));
  return view.running ? t('{clock} left', { clock: rest }) : t('Paused — {clock} left', { clock: rest });
}

/** Refresh every element marked data-timer-for="stage" or ="<activity id>" from the stage's timers. */
export function showTimers(stage, root = document) {
  const timers = (stage && stage.timers) || {};
  for (const node of root.querySelectorAll('[data-timer-for]')) {
    const key = node.dataset.timerFor;
    // "stage", an activity's id, or "group:<key>": a working group's own timer.
    const view = key === 'stage' ? timers.stage
      : key.startsWith('group:') ? (timers.groups || {})[key.slice(6)] : (timers.activities || {})[key];
    const text = view ? timerText(view) : '';
    if (node.textContent !== text) node.textContent = text;
    node.hidden = !text;
    node.classList.toggle('is-over', Boolean(view && timerLeft(view) < 0));
    node.classList.toggle('is-paused', Boolean(view && !view.running));
  }
}

/** Read the data-* attributes of the #app element. */
export function appData() {
  const app = document.getElementById('app');
  return { app, data: app ? { ...app.dataset } : {} };
}

/** One item a working group promoted to the plenary: a note, a cluster with its notes, or an
 * activity's results as a small chart. ``dots`` (a number) shows its cross-group dots; ``extra``
 * is appended (a phone's dot buttons). */
export function promotedItem(item, { dots = null, extra = null, tag = 'li' } = {}) {
  const kindLabel = item.kind === 'note' ? t('Note') : item.kind === 'cluster' ? t('Cluster') : activityKindLabel(item.activity_kind);
  const head = el('p', { class: 'promoted-kind' }, kindLabel,
    typeof dots === 'number' ? el('span', { class: 'promoted-dots', text: tn('{n} dot', '{n} dots', dots) }) : null);
  const parts = [head];
  if (item.kind === 'note') {
    parts.push(el('p', { class: 'promoted-text', dir: 'auto', text: item.label }));
  } else if (item.kind === 'cluster') {
    parts.push(el('p', { class: 'promoted-title', dir: 'auto', text: item.label }),
      el('ul', { class: 'promoted-notes' }, (item.notes || []).slice(0, 8).map((text) => el('li', { dir: 'auto', text }))),
      (item.notes || []).length > 8 ? el('p', { class: 'note-more', text: tn('+ {n} more', '+ {n} more', item.notes.length - 8) }) : null);
  } else {
    const r = item.results || {};
    let chart = null;
    if (item.activity_kind === 'poll') chart = pollBars(r);
    else if (item.activity_kind === 'scale') chart = scaleView(r, { compact: true });
    else if (item.activity_kind === 'ranking') chart = rankingView(r, { limit: 3 });
    else if (item.activity_kind === 'points') chart = pointsView(r);
    else if (item.activity_kind === 'wordcloud') chart = el('div', { class: 'word-list-plain' }, wordList(r, { limit: 8 }));
    else if (item.activity_kind === 'pat' && r.table) chart = el('div', { class: 'pat-table-wrap' }, patTable(r));
    parts.push(el('p', { class: 'promoted-title', dir: 'auto', text: item.label }), chart);
  }
  if (extra) parts.push(extra);
  return el(tag, { class: `promoted-item promoted-${item.kind}`, dataset: { promoted: String(item.id) } }, parts);
}

// ---------------------------------------------------------------- the Power Awareness Tool
// Levels 0-4 each have a colour (a sequential palette, .pat-0 … .pat-4 in baraza.css), and the
// number is always written in it: colour is never the only cue.

/** The ladder's labels in the page's language, level 0 first. */
export function patLadder() {
  return [t('not informed / excluded'), t('informed, no say'), t('consulted before the decision'), t('co-decides'), t('decides')];
}

/** A level as a coloured chip with its number; its label for screen readers and on hover. */
export function patLevel(level) {
  if (level === null || level === undefined) return el('span', { class: 'pat-level pat-none', text: '–' });
  const label = patLadder()[level] || '';
  return el('span', { class: `pat-level pat-${level}`, title: label, 'aria-label': `${formatNumber(level)} (${label})` }, formatNumber(level));
}

/** The ladder as a legend: each level's chip and label. */
export function patLegend() {
  return el('ol', { class: 'pat-legend', start: '0', 'aria-label': t('Levels of participation') },
    patLadder().map((label, level) => el('li', {}, patLevel(level), ' ', label)));
}

function patNumber(value, signed = false) {
  if (value === null || value === undefined) return '–';
  const text = formatNumber(value);
  return signed && value > 0 ? `+${text}` : text;
}

/** One decision's private scores: per organisation, how many gave each level (numbers written out),
 *  the mean, the shown segments' means and the perception gap (flagged at 1 or more). Only
 *  distributions: no one's own score is ever in the results. */
export function patScores(results, d, { heading = 'h3' } = {}) {
  const between = (results.gap && results.gap.between) || null;
  const rows = (results.organisations || []).map((organisation, o) => {
    const cell = ((results.scores || [])[d] || [])[o];
    if (!cell) return null;
    const counts = cell.total.result.counts;
    const top = Math.max(1, ...counts);
    const spread = el('ol', { class: 'pat-spread', start: '0', 'aria-label': t('How many gave each level') },
      counts.map((count, level) => {
        const bar = el('span', { class: `pat-bar pat-${level}`, 'aria-hidden': 'true' });
        bar.style.height = `${Math.round((count / top) * 100)}%`; // CSSOM, allowed by the CSP
        return el('li', { class: 'pat-col' }, el('span', { class: 'pat-count', text: formatNumber(count) }),
          el('span', { class: 'pat-track' }, bar), el('span', { class: 'pat-value', text: formatNumber(level) }));
      }));
    // The roles below the threshold share one line ("Other, Donor staff: hidden (too few)"): on a
    // board, a line each made a decision's spreads too tall for the screen.
    const hidden = (cell.segments || []).filter((s) => s.hidden).map((s) => s.name);
    const segments = (cell.segments || []).filter((s) => !s.hidden).map((s) => el('span', { class: 'pat-segment' },
      el('bdi', { text: s.name }), ': ', patNumber(s.result.mean)));
    if (hidden.length) {
      segments.push(el('span', { class: 'pat-segment is-hidden' }, el('bdi', { text: listText(hidden) }), ': ', t('hidden (too few)')));
    }
    const gap = cell.gap && cell.gap.value !== null && cell.gap.value !== undefined
      ? el('p', { class: cell.gap.flagged ? 'pat-gap is-flagged' : 'pat-gap' },
        cell.gap.flagged ? el('span', { class: 'pat-flag', 'aria-hidden': 'true', text: '⚠ ' }) : null,
        t('Perception gap {gap}', { gap: patNumber(cell.gap.value, true) }),
        cell.gap.flagged ? ' ' + t('(1 or more)') : '') : null;
    return el('div', { class: 'pat-cell' },
      el('p', { class: 'pat-org' }, el('bdi', { text: organisation }),
        el('span', { class: 'pat-mean' }, ' · ' + t('mean {mean}', { mean: patNumber(cell.total.result.mean) }),
          ' · ' + tn('{n} score', '{n} scores', cell.total.respondents || 0))),
      // Labelled as the roles' view: a segment may share its name with an organisation of the table.
      spread, segments.length ? el('p', { class: 'pat-segments' },
        el('span', { class: 'pat-segments-label', text: t('Mean as seen by each role:') }), segments) : null, gap);
  });
  return el('section', { class: 'pat-decision' },
    el(heading, { class: 'pat-decision-title', dir: 'auto', text: (results.decisions || [])[d] || '' }),
    between ? el('p', { class: 'pat-between', text: t('Gap: {first} minus {second}', { first: between[0], second: between[1] }) }) : null,
    el('div', { class: 'pat-cells' }, rows));
}

/** The result: decisions × organisations, each cell the agreed level and, where the group does not
 *  agree, the desired level and the actions to close the gap. */
export function patTable(results) {
  const table = results.table || { rows: [], organisations: [] };
  return el('table', { class: 'pat-table' },
    el('caption', { class: 'visually-hidden', text: t('Who decides what: agreed level and desired level') }),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col', text: t('Decision') }),
      (table.organisations || []).map((o) => el('th', { scope: 'col', dir: 'auto', text: o })))),
    el('tbody', {}, (table.rows || []).map((row) => el('tr', {},
      el('th', { scope: 'row', dir: 'auto', text: row.decision }),
      row.cells.map((c) => el('td', { class: c.agree === false ? 'pat-disagree' : '' },
        el('span', { class: 'pat-levels' }, patLevel(c.actual),
          c.agree === false && c.desired !== null ? [el('span', { class: 'pat-arrow', text: ' → ', 'aria-label': t('desired') }), patLevel(c.desired)] : null,
          c.agree === true ? el('span', { class: 'pat-agreed', text: ' ✓ ' + t('agreed') }) : null),
        c.actions && c.actions.length ? el('ul', { class: 'pat-actions' }, c.actions.map((a) => el('li', {},
          el('bdi', { text: a.text }), el('span', { class: 'pat-owner' }, ' — ', el('bdi', { text: a.owner }),
            a.by ? ' · ' + t('by {when}', { when: a.by }) : '')))) : null))))));
}

/** What the phase of a PAT is called, for the board and the phone. */
export function patPhaseLabel(phase) {
  if (phase === 'decisions') return t('Listing the decisions');
  if (phase === 'scoring') return t('Private scoring');
  if (phase === 'agreeing') return t('The group agrees');
  if (phase === 'result') return t('The result');
  return phase || '';
}
