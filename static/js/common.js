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
    const view = key === 'stage' ? timers.stage : (timers.activities || {})[key];
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
