// The projected board: the current stage, live results, and (always) how to join.
// Opened by a browser signed in to the console, it also takes the facilitator's keys (N, R, F).
import {
  activityKindLabel, activityStateLabel, api, appData, connect, el, emitAck, fill, formatNumber,
  hiddenResults, noteCard, noteColumns, patLegend, patPhaseLabel, patScores, patTable, pointsView, pollBars,
  promotedItem, questionItem, questionList, rankingView, scaleView, segmentsView, showTimers, stageKindLabel, surveyView,
  syncClock, t, textWall, tn, withNodes, wordList,
} from './common.js';

const { data } = appData();
const code = data.code;
const joinUrl = data.joinUrl;
const apiToken = data.apiToken || ''; // only on a board opened by a signed-in facilitator
const $ = (id) => document.getElementById(id);
// A working group's own board (/board/<code>?group=g2): in a groups stage only that group's
// activities, full size, with the group's timer; the rest of the session as on the plenary board.
const groupKey = new URLSearchParams(window.location.search).get('group');

const body = $('board-body');
const connection = $('board-connection');
const results = new Map(); // activity id -> latest results event
const seen = new Map(); // activity id -> Set of note ids already shown (new ones animate in)
// D: a board's notes by most dots first, or in the order they came (a local view, no token needed).
let sortByDots = true;
let state = null;

let socket;
try {
  socket = connect();
} catch (error) {
  connection.textContent = t('The live connection could not start. Reload the page.');
  throw error;
}

socket.on('connect', () => {
  connection.textContent = '';
  connection.classList.remove('is-visible');
  join();
});

function join() {
  emitAck(socket, 'board.join', { code }, 10000).then((ack) => {
    if (!ack.ok) {
      showConnection(ack.error || t('This board could not join the session.'));
      return;
    }
    setState(ack.state);
  }).catch(() => {
    if (socket.connected) window.setTimeout(join, 3000);
  });
}

socket.on('disconnect', () => showConnection(t('Connection lost — reconnecting…')));
socket.on('connect_error', () => showConnection(t('Cannot reach the Baraza server — trying again…')));
socket.on('state', (next) => { if (next && next.code === code) setState(next); });
socket.on('presence', (event) => { if (event && typeof event.participants === 'number') setJoined(event.participants); });
socket.on('results', (event) => {
  if (!event || typeof event.activity !== 'number') return;
  results.set(event.activity, event);
  updateResults(event.activity);
});

function showConnection(text) {
  connection.textContent = text;
  connection.classList.add('is-visible');
}

function setJoined(n) {
  $('board-joined-count').textContent = formatNumber(n);
  $('board-joined-label').textContent = tn('person joined', 'people joined', n);
}

function setState(next) {
  state = next;
  setJoined(state.participants || 0);
  render();
}

// ---------------------------------------------------------------- rendering

function renderAnnouncement() {
  const shown = state.announcement;
  $('board-announcement').hidden = !shown;
  $('board-announcement-text').textContent = shown ? shown.text : '';
}

function render() {
  renderAnnouncement();
  const stage = state.stage;
  const kind = $('board-stage-kind');
  const title = $('board-stage-title');
  const description = $('board-stage-description');
  document.body.dataset.stageKind = stage ? stage.kind : state.status;

  const sessionTitle = $('board-session-title');
  if (state.status === 'ended' || state.status === 'lobby' || !stage) {
    // No stage on: the session's own title is the heading.
    sessionTitle.textContent = '';
    title.textContent = state.title;
    description.textContent = '';
  } else {
    sessionTitle.textContent = state.title;
  }
  if (state.status === 'ended') {
    kind.textContent = t('Ended');
    fill(body, el('div', { class: 'board-message' },
      el('p', { class: 'board-big', text: t('Thank you') }),
      el('p', { class: 'board-lead', text: t('The session has ended. Thank you for taking part.') }),
      takeawaysPanel()));
    tick();
    return;
  }
  if (state.status === 'lobby' || !stage) {
    kind.textContent = t('Starting soon');
    fill(body, el('div', { class: 'board-message' },
      el('p', { class: 'board-big', text: t('Join now') }),
      el('p', { class: 'board-lead' }, withNodes(t('Scan the QR code with your phone camera, or go to {address} and type the code.'),
        { address: el('strong', { text: joinUrl }) })),
      agendaList()));
    tick();
    return;
  }

  kind.textContent = stageKindLabel(stage.kind);
  title.textContent = stage.title;
  description.textContent = stage.description || '';
  const ownGroup = boardGroup(stage);
  if (ownGroup) title.textContent = ownGroup.name;
  const view = ownGroup ? plenaryView(stage, stage.activities.filter((a) => a.group === ownGroup.key))
    : stage.kind === 'groups' ? groupsView(stage) : stage.kind === 'report-back' ? reportView(stage) : plenaryView(stage);
  // Report-back stages and the last stage show the key takeaways beside what they carry.
  const takeaways = stage.kind === 'report-back' || state.stage_index === state.agenda.length - 1 ? takeawaysPanel() : null;
  fill(body, takeaways ? el('div', { class: 'board-split' }, view, takeaways) : view);
  fitPages();
  tick();
}

function takeawaysPanel() {
  const list = state.takeaways || [];
  if (!list.length) return null;
  const [line, items] = paged('takeaways', 'takeaways', el('ol', {}, list.map((item) => el('li', { dir: 'auto', text: item.text }))));
  return el('section', { class: 'board-takeaways', 'aria-labelledby': 'board-takeaways-title' },
    el('div', { class: 'panel-title-row' }, el('h2', { id: 'board-takeaways-title', text: t('Key takeaways') }), line), items);
}

function agendaList() {
  if (!state.agenda || !state.agenda.length) return null;
  return el('section', { class: 'board-agenda', 'aria-labelledby': 'board-agenda-title' },
    el('h2', { id: 'board-agenda-title', text: t('Agenda') }),
    el('ol', {}, state.agenda.map((s) => el('li', {},
      el('bdi', { class: 'agenda-title', text: s.title }),
      el('span', { class: 'agenda-meta', text: ` · ${stageKindLabel(s.kind)} · ` + t('{minutes} min', { minutes: s.minutes }) })))));
}

/** The group this board is for, while its groups stage is on (else null: the board shows the room's view). */
function boardGroup(stage) {
  if (!groupKey || !stage || stage.kind !== 'groups') return null;
  return stage.groups.find((g) => g.key === groupKey) || null;
}

function plenaryView(stage, activities = stage.activities.filter((a) => !a.group)) {
  const live = activities.filter((a) => a.kind !== 'talk' && a.state !== 'pending');
  const talks = activities.filter((a) => a.kind === 'talk');
  if (!live.length && !talks.length) {
    return el('div', { class: 'board-message' }, el('p', { class: 'board-lead', text: t('Listen and discuss in the room.') }));
  }
  if (!live.length) {
    return el('div', { class: 'board-talks board-talks-big' }, talks.map((t) => talkCard(t, true)));
  }
  const focus = patInFocus(live);
  if (focus) {
    // A PAT past its decisions takes the board (its spreads and table need the room); the rest goes small beside it.
    const view = el('div', { class: 'board-focus' }, activityPanel(focus),
      el('div', { class: 'board-focus-side' }, live.filter((a) => a !== focus).map((a) => activityPanel(a, { compact: true }))));
    if (!talks.length) return view;
    return el('div', { class: 'board-split' }, view, el('div', { class: 'board-talks' }, talks.map((t) => talkCard(t, false))));
  }
  const wide = live.some((a) => a.kind === 'board' && (a.columns || []).length > 1);
  // Stacked rows only while each row still has room; three or more activities share a grid.
  const stack = live.length === 1 || (wide && live.length === 2);
  // Two stacked: a note board gets two thirds of the height beside a poll, a scale…
  const notes = live.map((a) => a.kind === 'board');
  const rows = stack && live.length === 2 && notes[0] !== notes[1] ? (notes[0] ? ' rows-2-1' : ' rows-1-2') : '';
  const grid = el('div', { class: `board-activities${stack ? ' stack' : ''}${rows}${live.length === 3 ? ' three' : ''}` },
    live.map((a) => activityPanel(a)));
  if (!talks.length) return grid;
  return el('div', { class: 'board-split' }, grid,
    el('div', { class: 'board-talks' }, talks.map((t) => talkCard(t, false))));
}

/** The PAT to show full size beside other activities: one being scored, agreed or shown as the result. */
function patInFocus(live) {
  if (live.length < 2) return null;
  return live.find((a) => a.kind === 'pat' && a.phase && a.phase !== 'decisions') || null;
}

function talkCard(talk, big) {
  return el('section', { class: `talk-card${big ? ' talk-card-big' : ''}` },
    el('p', { class: 'talk-label', text: t('Talk') }),
    el('h2', { class: 'talk-title', dir: 'auto', text: talk.title }),
    talk.speaker ? el('p', { class: 'talk-speaker', dir: 'auto', text: talk.speaker }) : null,
    big && talk.description ? el('p', { class: 'talk-description', dir: 'auto', text: talk.description }) : null);
}

function activityPanel(activity, { compact = false } = {}) {
  const closed = activity.state === 'closed';
  return el('section', { class: `board-panel board-panel-${activity.kind}${closed ? ' is-closed' : ''}` },
    el('header', { class: 'panel-head' },
      el('p', { class: 'panel-kind' },
        activityKindLabel(activity.kind),
        el('span', { class: `badge badge-${activity.state}`, text: activityStateLabel(activity.state) })),
      el(compact ? 'h3' : 'h2', { class: 'panel-title', dir: 'auto', text: activity.title }),
      el('p', { class: 'activity-timer', role: 'timer', dataset: { timerFor: String(activity.id) }, hidden: true })),
    el('div', { class: 'panel-results', dataset: compact ? { resultsFor: String(activity.id), compact: '1' } : { resultsFor: String(activity.id) } },
      resultsBody(activity, compact)));
}

/** A poll, scale or survey shown by segment: how many answered, then everyone and each segment side by side. */
function bySegment(activity, r) {
  const people = activity.kind === 'poll' ? tn('{n} person voted', '{n} people voted', r.voters || 0)
    : tn('{n} person answered', '{n} people answered', r.people || 0);
  return [el('p', { class: 'panel-count' }, el('strong', { text: people }), ' · ' + t('by segment')),
    segmentsView(r.by_segment, { labels: activity.kind !== 'poll' })];
}

function resultsBody(activity, compact) {
  if (activity.kind === 'talk') {
    return activity.speaker ? el('p', { class: 'talk-speaker', dir: 'auto', text: activity.speaker }) : null;
  }
  if (activity.state === 'pending') return el('p', { class: 'muted', text: t('Not open yet') });
  const event = results.get(activity.id);
  if (!event) return el('p', { class: 'muted', text: t('Waiting for answers…') });
  if (event.visible === false || !event.results) {
    return event.blurred ? blurredNotes(event, compact ? 3 : 24) : hiddenResults(event.responses || 0);
  }
  if (event.results.by_segment) return bySegment(activity, event.results);
  if (activity.kind === 'poll') {
    const voters = event.results.voters || 0;
    return [
      el('p', { class: 'panel-count' }, el('strong', { text: tn('{n} person voted', '{n} people voted', voters) }),
        event.results.multiple ? ' ' + t('(several choices each)') : ''),
      pollBars(event.results),
    ];
  }
  if (activity.kind === 'wordcloud') return cloudView(activity, event.results, compact);
  if (activity.kind === 'points') {
    return [el('p', { class: 'panel-count' },
      el('strong', { text: tn('{n} person gave points', '{n} people gave points', event.results.people || 0) })),
    pointsView(event.results)];
  }
  if (activity.kind === 'ranking') {
    return [el('p', { class: 'panel-count' },
      el('strong', { text: tn('{n} person ranked', '{n} people ranked', event.results.people || 0) })),
    rankingView(event.results, { limit: compact ? 3 : 0 })];
  }
  if (activity.kind === 'text') {
    return [el('p', { class: 'panel-count' },
      el('strong', { text: tn('{n} person answered', '{n} people answered', event.results.people || 0) }),
      ' · ' + tn('{n} answer', '{n} answers', event.results.count || 0)),
    textWall(event.results, { limit: compact ? 3 : 24 })];
  }
  if (activity.kind === 'scale') {
    return [el('p', { class: 'panel-count' }, el('strong', { text: tn('{n} person answered', '{n} people answered', event.results.people || 0) })),
      scaleView(event.results, { compact })];
  }
  if (activity.kind === 'survey') {
    return [el('p', { class: 'panel-count' }, el('strong', { text: tn('{n} person answered', '{n} people answered', event.results.people || 0) })),
      surveyView(event.results, { compact })];
  }
  if (activity.kind === 'qna') return questionsView(event.results, compact);
  if (activity.kind === 'pat') return patView(event.results, compact, activity.id);
  let known = seen.get(activity.id);
  if (!known) {
    known = new Set((event.results.notes || []).map((n) => n.id)); // what is there at load does not animate
    seen.set(activity.id, known);
  }
  const r = event.results;
  const multi = (r.columns || []).length > 1;
  const voting = r.phase === 'vote' || r.dots > 0;
  const count = multi || voting ? el('p', { class: 'panel-count' }, tn('{n} note', '{n} notes', r.count || 0),
    voting ? ' · ' + tn('{n} dot', '{n} dots', r.dots || 0) + ' · ' + tn('{n} person voted', '{n} people voted', r.dot_voters || 0) : '',
    voting && sortByDots ? ' · ' + t('most dots first') : '') : null;
  return [count, noteColumns(r, { seen: known, limit: compact ? 3 : 24, headingLevel: compact ? 'h4' : 'h3', byDots: sortByDots })];
}

/** The Power Awareness Tool on the board, phase by phase: the decisions being listed; while phones
 *  score, each decision's spread and perception gap; while the group agrees, the table as it fills
 *  beside the spreads; at the end, the colour-coded table with the actions. */
function patView(r, compact, activityId = null) {
  const phase = el('p', { class: 'panel-count' }, el('strong', { text: patPhaseLabel(r.phase) }),
    r.phase !== 'decisions' ? ' · ' + tn('{n} person scored', '{n} people scored', r.people || 0) : '');
  const decisions = r.decisions || [];
  if (r.phase === 'decisions' || !decisions.length) {
    return [phase, decisions.length
      ? el('ol', { class: 'pat-decision-list' }, decisions.map((d) => el('li', { dir: 'auto', text: d })))
      : el('p', { class: 'muted', text: t('The group lists the decisions that matter in its partnership.') })];
  }
  if (compact) return [phase, r.phase === 'scoring' ? null : patTable(r)];
  // The spreads are shown a page at a time when they do not all fit the panel.
  const scores = paged(`pat:${activityId}`, 'decisions', el('div', { class: 'pat-scores' }, decisions.map((_d, d) => patScores(r, d))));
  if (r.phase === 'scoring') return [phase, patLegend(), ...scores];
  if (r.phase === 'agreeing') {
    return [phase, el('div', { class: 'pat-agreeing' }, el('div', {}, patLegend(), patTable(r)), el('div', {}, scores))];
  }
  return [phase, patLegend(), patTable(r)];
}

// ---------------------------------------------------------------- long lists, a page at a time
// A list whose items do not all fit its panel — a PAT's five decisions on a group's 1080p board, a
// group's promoted items or the takeaways at the report-back — shows the items that fit whole (at
// least one), says which ("Decisions 1–2 of 5") and turns to the next ones every PAGE_SECONDS.
// The page each list is on is kept across the redraws that new results bring.
const PAGE_SECONDS = 12;
const pages = new Map(); // a list's key -> { first, next }: the first item shown, the next page's first
const PAGE_LINES = {
  decisions: (first, last, count) => (first === last ? t('Decision {n} of {count}', { n: first, count })
    : t('Decisions {first}–{last} of {count}', { first, last, count })),
  items: (first, last, count) => (first === last ? t('Item {n} of {count}', { n: first, count })
    : t('Items {first}–{last} of {count}', { first, last, count })),
  takeaways: (first, last, count) => (first === last ? t('Takeaway {n} of {count}', { n: first, count })
    : t('Takeaways {first}–{last} of {count}', { first, last, count })),
};

/** ``list`` (a ul, ol or div of items) shown a page at a time when it overflows its panel, and the
 *  line that says which page, for the caller to place in the same panel: [line, list]. ``key``
 *  names the list across redraws; ``what`` is a key of PAGE_LINES. */
function paged(key, what, list) {
  list.dataset.pagesFor = key;
  list.dataset.pagesWhat = what;
  // Numbered items keep their numbers when the ones before them are not shown.
  if (list.tagName === 'OL') [...list.children].forEach((item, n) => { item.value = n + 1; });
  return [el('p', { class: 'page-line', hidden: true, dataset: { pageLine: key } }), list];
}

function fitPages() {
  const shown = new Set();
  for (const list of body.querySelectorAll('[data-pages-for]')) {
    const key = list.dataset.pagesFor;
    const items = [...list.children];
    const panel = list.closest('.board-panel, .group-panel, .board-takeaways');
    const line = panel && panel.querySelector(`[data-page-line="${CSS.escape(key)}"]`);
    if (!panel || !line || !items.length) continue;
    shown.add(key);
    const bottom = panel.getBoundingClientRect().bottom - parseFloat(getComputedStyle(panel).paddingBottom || '0');
    const fits = (node) => node.getBoundingClientRect().bottom <= bottom + 1;
    for (const node of items) node.hidden = false;
    line.hidden = true;
    if (fits(items[items.length - 1])) { pages.delete(key); continue; }
    line.hidden = false;
    const first = Math.min((pages.get(key) || { first: 0 }).first, items.length - 1);
    items.forEach((node, n) => { node.hidden = n < first; });
    let last = first;
    while (last + 1 < items.length && fits(items[last + 1])) last += 1;
    items.forEach((node, n) => { if (n > last) node.hidden = true; });
    line.textContent = PAGE_LINES[list.dataset.pagesWhat](first + 1, last + 1, items.length);
    pages.set(key, { first, next: last + 1 < items.length ? last + 1 : 0 });
  }
  for (const key of pages.keys()) if (!shown.has(key)) pages.delete(key); // its list left the board
}

window.setInterval(() => {
  if (!pages.size) return;
  for (const [key, page] of pages) pages.set(key, { ...page, first: page.next });
  fitPages();
}, PAGE_SECONDS * 1000);
window.addEventListener('resize', () => fitPages());

/** A board whose results are hidden but blurred: one blank, blurred card per note in each column.
 * The server sends only how many notes each column has, never their text. */
function blurredNotes(event, limit) {
  const { columns = [], counts = [] } = event.blurred;
  return [hiddenResults(event.responses || 0),
    el('div', { class: `note-columns cols-${Math.min(columns.length, 6)}` }, columns.map((name, c) => {
      const n = counts[c] || 0;
      const cards = Array.from({ length: Math.min(n, limit) }, () => el('li', { class: `note note-c${c % 6} note-blurred` },
        el('span', { class: 'blur-line' }), el('span', { class: 'blur-line' }), el('span', { class: 'blur-line' })));
      return el('section', { class: `note-column note-col-c${c % 6}` },
        el('h3', { class: 'note-column-title' }, el('bdi', { text: name }),
          el('span', { class: 'note-count', text: ` (${formatNumber(n)})` })),
        n ? el('ul', { class: 'note-list', 'aria-hidden': 'true' }, cards) : el('p', { class: 'muted', text: t('No notes yet') }),
        n > limit ? el('p', { class: 'note-more', text: tn('+ {n} more', '+ {n} more', n - limit) }) : null);
    }))];
}

// ---------------------------------------------------------------- Q&A
// The question the facilitator highlights stands large at the top; the others follow by upvotes, the
// answered ones (already last in the results) dimmed.

function questionsView(results, compact) {
  const top = (results.questions || []).find((q) => q.highlighted);
  const rest = (results.questions || []).filter((q) => !q.highlighted);
  return [
    el('p', { class: 'panel-count' }, el('strong', { text: tn('{n} question', '{n} questions', results.count || 0) }),
      ' · ' + tn('{n} answered', '{n} answered', results.answered || 0)),
    top ? questionItem(top, { tag: 'div' }) : null,
    rest.length || !top ? questionList({ questions: rest }, { limit: compact ? 3 : 12 }) : null,
  ];
}

// ---------------------------------------------------------------- word clouds
// Laid out by wordcloud2.js (static/vendor/wordcloud2/) on a canvas: horizontal words only, dark on
// white, the most frequent the largest. The canvas is for the eyes; the same words and counts are in a
// list for screen readers (and shown as text where a canvas cannot be drawn).

const CLOUD_COLOURS = ['#1d1b19', '#7f300f', '#174a99', '#1b6433', '#5b2a86'];
const clouds = new Map(); // activity id -> {canvas, drawn: JSON of the words last drawn}

function cloudView(activity, results, compact) {
  const words = results.words || [];
  const summary = el('p', { class: 'panel-count' },
    el('strong', { text: tn('{n} person answered', '{n} people answered', results.people || 0) }),
    ' · ' + tn('{n} answer', '{n} answers', results.answers || 0));
  if (!words.length) return [summary, el('p', { class: 'muted', text: t('Waiting for answers…') })];
  const canDraw = typeof window.WordCloud === 'function' && window.WordCloud.isSupported && !compact;
  if (!canDraw) return [summary, el('div', { class: 'word-list-plain' }, wordList(results, { limit: compact ? 6 : 30 }))];
  let cloud = clouds.get(activity.id);
  if (!cloud) {
    cloud = { canvas: el('canvas', { class: 'word-cloud', 'aria-hidden': 'true' }), drawn: '' };
    clouds.set(activity.id, cloud);
  }
  const list = el('div', { class: 'visually-hidden' }, wordList(results, { limit: 30 }));
  const box = el('div', { class: 'word-cloud-box', dataset: { words: String(words.length) } }, cloud.canvas);
  window.requestAnimationFrame(() => drawCloud(cloud, box, words));
  return [summary, box, list];
}

function drawCloud(cloud, box, words) {
  const width = Math.floor(box.clientWidth);
  const height = Math.floor(box.clientHeight);
  if (width < 50 || height < 50) return;
  const key = `${width}x${height}:${JSON.stringify(words)}`;
  if (cloud.drawn === key) return; // the 5-second resend of the same words: keep the layout
  cloud.drawn = key;
  cloud.canvas.width = width;
  cloud.canvas.height = height;
  const top = words[0].count;
  const biggest = Math.min(height / 3.2, width / 6);
  const smallest = Math.max(18, Math.min(28, height / 14));
  window.WordCloud(cloud.canvas, {
    list: words.map((w) => [w.text, w.count]),
    // shrinkToFit retries a word that does not fit with 3/4 of its count: below 1 the size shrinks with it,
    // down to minSize, where the word is left off the canvas (it is still in the list).
    weightFactor: (count) => (count >= 1
      ? smallest + (biggest - smallest) * Math.sqrt((count - 1) / Math.max(1, top - 1))
      : smallest * count),
    fontFamily: getComputedStyle(document.body).fontFamily,
    fontWeight: '700',
    color: (_word, _weight, _size, _distance, _theta) => CLOUD_COLOURS[cloudColour(_word)],
    backgroundColor: '#ffffff',
    rotateRatio: 0,
    shuffle: false,
    shrinkToFit: true,
    drawOutOfBound: false,
    gridSize: Math.max(6, Math.round(width / 90)),
    minSize: 12,
  });
}

function cloudColour(word) {
  let h = 0;
  for (const ch of word) h = (h * 31 + ch.codePointAt(0)) % 9973;
  return h % CLOUD_COLOURS.length;
}

function groupsView(stage) {
  const n = stage.groups.length;
  const grid = el('div', { class: `board-groups groups-${n <= 2 ? 2 : n <= 4 ? 4 : 6}` });
  for (const group of stage.groups) grid.appendChild(groupPanel(stage, group));
  return grid;
}

/** One working group: a line per activity (kind, count, state), revealed poll bars, latest notes. */
function groupPanel(stage, group) {
  const activities = stage.activities.filter((a) => a.group === group.key);
  const summary = el('ul', { class: 'group-summary' });
  const details = [];
  const notes = [];
  for (const activity of activities) {
    if (activity.kind === 'talk') {
      summary.appendChild(el('li', {}, el('span', { class: 'group-kind', text: t('Talk') + ': ' }), el('bdi', { text: activity.title })));
      continue;
    }
    const event = results.get(activity.id);
    const responses = event ? event.responses || 0 : 0;
    const count = activity.kind === 'board' ? tn('{n} note', '{n} notes', responses) : tn('{n} response', '{n} responses', responses);
    const hidden = event && (event.visible === false || !event.results);
    summary.appendChild(el('li', {},
      el('span', { class: 'group-kind', text: `${activityKindLabel(activity.kind)}: ` }),
      el('strong', { text: count }),
      hidden && activity.state !== 'pending' ? el('span', { class: 'group-hidden', text: ' ' + t('(hidden)') }) : null,
      el('span', { class: `badge badge-${activity.state}`, text: activityStateLabel(activity.state) })));
    if (!event || hidden) continue;
    if (activity.kind === 'poll' && activity.state !== 'pending') details.push(pollBars(event.results));
    if (activity.kind === 'points' && activity.state !== 'pending') details.push(pointsView(event.results));
    if (activity.kind === 'ranking' && activity.state !== 'pending') details.push(rankingView(event.results, { limit: 3 }));
    if (activity.kind === 'text' && activity.state !== 'pending') details.push(textWall(event.results, { limit: 3 }));
    if (activity.kind === 'scale' && activity.state !== 'pending') details.push(scaleView(event.results, { compact: true }));
    if (activity.kind === 'survey' && activity.state !== 'pending') details.push(surveyView(event.results, { compact: true }));
    if (activity.kind === 'qna' && activity.state !== 'pending') details.push(questionList(event.results, { limit: 3 }));
    if (activity.kind === 'pat' && activity.state !== 'pending') details.push(...[].concat(patView(event.results, true)).filter(Boolean));
    if (activity.kind === 'wordcloud' && activity.state !== 'pending') details.push(el('div', { class: 'word-list-plain' }, wordList(event.results, { limit: 6 })));
    if (activity.kind === 'board') {
      let known = seen.get(activity.id);
      if (!known) {
        known = new Set((event.results.notes || []).map((n) => n.id));
        seen.set(activity.id, known);
      }
      for (const note of (event.results.notes || []).slice(-6).reverse()) notes.push({ note, fresh: !known.has(note.id) });
      for (const note of event.results.notes || []) known.add(note.id);
    }
  }
  const room = stage.groups.length <= 2 ? 6 : 2; // latest notes that fit in the panel
  const list = notes.length ? el('ul', { class: 'note-list note-strip' },
    notes.slice(0, room).map(({ note, fresh }) => noteCard(note, { fresh }))) : null;
  return el('section', { class: 'group-panel', dataset: { group: group.key } },
    el('h2', { class: 'group-name', dir: 'auto', text: group.name }),
    activities.length ? summary : el('p', { class: 'muted', text: t('Discussion') }),
    details, list);
}

// ---------------------------------------------------------------- the report-back

/** The cross-group vote's dots per promoted item, once its results are on show (else null). */
function crossvoteTotals(stage) {
  const vote = stage.activities.find((a) => a.kind === 'crossvote' && a.state !== 'pending');
  const event = vote ? results.get(vote.id) : null;
  if (!event || event.visible === false || !event.results) return null;
  return new Map((event.results.items || []).map((i) => [i.id, i.dots]));
}

/** What each group promoted, labelled with its group: all groups side by side, or the one on show. */
function reportView(stage) {
  const report = stage.report || { groups: [] };
  // No working groups before it: a report-back is a plenary (its activities full size).
  if (report.stage === null || report.stage === undefined) {
    return plenaryView(stage, stage.activities.filter((a) => a.kind !== 'crossvote'));
  }
  const totals = crossvoteTotals(stage);
  const shown = report.showing ? report.groups.filter((g) => g.key === report.showing) : report.groups;
  const n = shown.length;
  const grid = el('div', { class: `board-groups report-groups groups-${n <= 1 ? 1 : n <= 2 ? 2 : n <= 4 ? 4 : 6}` },
    shown.map((group) => {
      const [line, list] = group.items.length
        ? paged(`report:${group.key}`, 'items',
          el('ul', { class: 'promoted-list' }, group.items.map((item) => promotedItem(item, { dots: totals ? totals.get(item.id) || 0 : null }))))
        : [null, el('p', { class: 'muted', text: t('Nothing promoted by this group.') })];
      return el('section', { class: 'group-panel report-group', dataset: { reportGroup: group.key } },
        el('div', { class: 'panel-title-row' }, el('h2', { class: 'group-name', dir: 'auto', text: group.name }), line), list);
    }));
  const vote = stage.activities.find((a) => a.kind === 'crossvote' && a.state !== 'pending');
  const voteLine = vote ? el('p', { class: 'report-vote-line' }, el('strong', { text: activityKindLabel('crossvote') + ': ' }),
    el('bdi', { text: vote.title }), ' ', totals ? null : el('span', { class: 'muted', text: t('(hidden)') })) : null;
  const others = stage.activities.filter((a) => a.kind !== 'crossvote' && a.kind !== 'talk' && a.state !== 'pending');
  return el('div', { class: 'report-back' }, voteLine, grid,
    others.length ? el('div', { class: 'board-activities' }, others.map((a) => activityPanel(a, { compact: true }))) : null);
}

function updateResults(activityId) {
  if (!state || !state.stage) return;
  const activity = state.stage.activities.find((a) => a.id === activityId);
  if (activity && activity.kind === 'crossvote') {
    render();
    return;
  }
  if (activity && state.stage.kind === 'groups' && !boardGroup(state.stage)) {
    const panel = body.querySelector(`[data-group="${CSS.escape(activity.group || '')}"]`);
    const group = state.stage.groups.find((g) => g.key === activity.group);
    if (panel && group) panel.replaceWith(groupPanel(state.stage, group));
    return;
  }
  const box = body.querySelector(`[data-results-for="${activityId}"]`);
  if (!activity || !box) {
    // An activity that was pending and got answers is shown after the next state; nothing to do now.
    return;
  }
  fill(box, resultsBody(activity, box.dataset.compact === '1'));
  fitPages();
}

// ---------------------------------------------------------------- the stage timer

function tick() {
  // The stage's countdown and the activities': "12:34 left", or "2:03 over time" (words, not colour alone).
  // A group's board counts down the group's own timer once the facilitator started one.
  const stage = state && state.status === 'running' ? state.stage : null;
  const ownGroup = boardGroup(stage);
  const header = document.querySelector('.board-timer');
  const timed = ownGroup && stage.timers && stage.timers.groups && stage.timers.groups[ownGroup.key];
  if (header) header.dataset.timerFor = timed ? `group:${ownGroup.key}` : 'stage';
  showTimers(stage);
}
window.setInterval(() => { if (state) tick(); }, 1000);
syncClock().then(() => { if (state) tick(); });
window.setInterval(syncClock, 10 * 60 * 1000);

// ---------------------------------------------------------------- the facilitator's keys
// F: full screen, D: notes by dots (any board). N: next stage; R: reveal the latest hidden results; T: start or pause
// the stage's timer (only a board opened by a browser signed in to the console has the token these
// need; elsewhere they do nothing).

const keysStatus = $('board-keys-status');
let keysTimer = null;
let keyBusy = false;
let endArmedUntil = 0;

function keyMessage(text) {
  if (!keysStatus) return;
  keysStatus.textContent = text;
  window.clearTimeout(keysTimer);
  keysTimer = window.setTimeout(() => { keysStatus.textContent = ''; }, 6000);
}

async function facilitator(path, body) {
  if (keyBusy) return null;
  keyBusy = true;
  try {
    return await api(apiToken, 'POST', path, body);
  } catch (error) {
    keyMessage(error.message);
    return null;
  } finally {
    keyBusy = false;
  }
}

async function nextStage() {
  if (!state || state.status === 'ended') return;
  const last = state.status === 'running' && state.stage_index === state.agenda.length - 1;
  if (last && Date.now() > endArmedUntil) {
    // The last stage: "next" ends the session, so it takes a second press.
    endArmedUntil = Date.now() + 5000;
    keyMessage(t('This is the last stage: press N again within 5 seconds to end the session.'));
    return;
  }
  endArmedUntil = 0;
  const answer = await facilitator(`/api/sessions/${encodeURIComponent(code)}/stage`, { action: 'next' });
  if (answer && answer.state) {
    setState(answer.state);
    keyMessage(answer.state.stage ? t('Now: {title}', { title: answer.state.stage.title }) : t('The session has ended.'));
  }
}

async function revealLatest() {
  const stage = state && state.status === 'running' ? state.stage : null;
  const hidden = stage ? stage.activities.filter((a) => a.kind !== 'talk' && a.state !== 'pending' && !a.results_visible) : [];
  if (!hidden.length) {
    keyMessage(t('No hidden results to reveal.'));
    return;
  }
  const target = hidden[hidden.length - 1];
  const answer = await facilitator(`/api/sessions/${encodeURIComponent(code)}/activities/${target.id}`, { action: 'reveal' });
  if (answer && answer.activity && state.stage) {
    state.stage.activities = state.stage.activities.map((a) => (a.id === answer.activity.id ? answer.activity : a));
    keyMessage(t('Results revealed: {title}', { title: answer.activity.title }));
  }
}

async function toggleTimer() {
  const stage = state && state.status === 'running' ? state.stage : null;
  if (!stage) {
    keyMessage(t('No stage is on: there is no timer to run.'));
    return;
  }
  const running = Boolean(stage.timers && stage.timers.stage && stage.timers.stage.running);
  const answer = await facilitator(`/api/sessions/${encodeURIComponent(code)}/timer`, { action: running ? 'pause' : 'start' });
  if (answer && answer.state) {
    setState(answer.state);
    keyMessage(running ? t('Timer paused.') : t('Timer running.'));
  }
}

function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
}

function toggleDots() {
  sortByDots = !sortByDots;
  keyMessage(sortByDots ? t('Notes with the most dots first.') : t('Notes in the order they came.'));
  render();
}

document.addEventListener('keydown', (event) => {
  if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey) return;
  if (event.target instanceof Element && event.target.closest('input, textarea, select, [contenteditable]')) return;
  const key = event.key.toLowerCase();
  if (key === 'f') {
    event.preventDefault();
    toggleFullscreen();
    return;
  }
  if (key === 'd') {
    event.preventDefault();
    toggleDots();
    return;
  }
  if (!apiToken) return;
  if (key === 'n') {
    event.preventDefault();
    nextStage();
  } else if (key === 'r') {
    event.preventDefault();
    revealLatest();
  } else if (key === 't') {
    event.preventDefault();
    toggleTimer();
  }
});
