// The projected board: the current stage, live results, and (always) how to join.
import {
  activityKindLabel, activityStateLabel, appData, connect, el, elapsedText, emitAck, fill, noteCard, noteColumns,
  plural, pollBars, serverNow, stageKindLabel, syncClock,
} from './common.js';

const { data } = appData();
const code = data.code;
const joinUrl = data.joinUrl;
const $ = (id) => document.getElementById(id);

const body = $('board-body');
const timer = $('board-timer');
const connection = $('board-connection');
const results = new Map(); // activity id -> latest results event
const seen = new Map(); // activity id -> Set of note ids already shown (new ones animate in)
let state = null;

let socket;
try {
  socket = connect();
} catch (error) {
  connection.textContent = 'The live connection could not start. Reload the page.';
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
      showConnection(ack.error || 'This board could not join the session.');
      return;
    }
    setState(ack.state);
  }).catch(() => {
    if (socket.connected) window.setTimeout(join, 3000);
  });
}

socket.on('disconnect', () => showConnection('Connection lost — reconnecting…'));
socket.on('connect_error', () => showConnection('Cannot reach the Baraza server — trying again…'));
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
  $('board-joined-count').textContent = String(n);
}

function setState(next) {
  state = next;
  setJoined(state.participants || 0);
  render();
}

// ---------------------------------------------------------------- rendering

function render() {
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
    kind.textContent = 'Ended';
    fill(body, el('div', { class: 'board-message' },
      el('p', { class: 'board-big', text: 'Thank you' }),
      el('p', { class: 'board-lead', text: 'The session has ended. Thank you for taking part.' })));
    tick();
    return;
  }
  if (state.status === 'lobby' || !stage) {
    kind.textContent = 'Starting soon';
    fill(body, el('div', { class: 'board-message' },
      el('p', { class: 'board-big', text: 'Join now' }),
      el('p', { class: 'board-lead' }, 'Scan the QR code with your phone camera, or go to ',
        el('strong', { text: joinUrl }), ' and type the code.'),
      agendaList()));
    tick();
    return;
  }

  kind.textContent = stageKindLabel(stage.kind);
  title.textContent = stage.title;
  description.textContent = stage.description || '';
  fill(body, stage.kind === 'groups' ? groupsView(stage) : plenaryView(stage));
  tick();
}

function agendaList() {
  if (!state.agenda || !state.agenda.length) return null;
  return el('section', { class: 'board-agenda', 'aria-label': 'Agenda' },
    el('h2', { text: 'Agenda' }),
    el('ol', {}, state.agenda.map((s) => el('li', {},
      el('span', { class: 'agenda-title', text: s.title }),
      el('span', { class: 'agenda-meta', text: ` · ${stageKindLabel(s.kind)} · ${s.minutes} min` })))));
}

function plenaryView(stage) {
  const activities = stage.activities.filter((a) => !a.group);
  const live = activities.filter((a) => a.kind !== 'talk' && a.state !== 'pending');
  const talks = activities.filter((a) => a.kind === 'talk');
  if (!live.length && !talks.length) {
    return el('div', { class: 'board-message' }, el('p', { class: 'board-lead', text: 'Listen and discuss in the room.' }));
  }
  if (!live.length) {
    return el('div', { class: 'board-talks board-talks-big' }, talks.map((t) => talkCard(t, true)));
  }
  const wide = live.some((a) => a.kind === 'board' && (a.columns || []).length > 1);
  // Stacked rows only while each row still has room; three or more activities share a grid.
  const stack = live.length === 1 || (wide && live.length === 2);
  const grid = el('div', { class: `board-activities${stack ? ' stack' : ''}` },
    live.map((a) => activityPanel(a)));
  if (!talks.length) return grid;
  return el('div', { class: 'board-split' }, grid,
    el('div', { class: 'board-talks' }, talks.map((t) => talkCard(t, false))));
}

function talkCard(talk, big) {
  return el('section', { class: `talk-card${big ? ' talk-card-big' : ''}` },
    el('p', { class: 'talk-label', text: 'Talk' }),
    el('h2', { class: 'talk-title', text: talk.title }),
    talk.speaker ? el('p', { class: 'talk-speaker', text: talk.speaker }) : null,
    big && talk.description ? el('p', { class: 'talk-description', text: talk.description }) : null);
}

function activityPanel(activity, { compact = false } = {}) {
  const closed = activity.state === 'closed';
  return el('section', { class: `board-panel board-panel-${activity.kind}${closed ? ' is-closed' : ''}` },
    el('header', { class: 'panel-head' },
      el('p', { class: 'panel-kind' },
        activityKindLabel(activity.kind),
        el('span', { class: `badge badge-${activity.state}`, text: activityStateLabel(activity.state) })),
      el(compact ? 'h3' : 'h2', { class: 'panel-title', text: activity.title })),
    el('div', { class: 'panel-results', dataset: { resultsFor: String(activity.id) } },
      resultsBody(activity, compact)));
}

function resultsBody(activity, compact) {
  if (activity.kind === 'talk') {
    return activity.speaker ? el('p', { class: 'talk-speaker', text: activity.speaker }) : null;
  }
  if (activity.state === 'pending') return el('p', { class: 'muted', text: 'Not open yet' });
  const event = results.get(activity.id);
  if (!event) return el('p', { class: 'muted', text: 'Waiting for answers…' });
  if (event.visible === false || !event.results) {
    return el('p', { class: 'hidden-results' },
      el('strong', { text: plural(event.responses || 0, 'response', 'responses') }),
      ' — results hidden until the facilitator reveals them');
  }
  if (activity.kind === 'poll') {
    const voters = event.results.voters || 0;
    return [
      el('p', { class: 'panel-count' }, el('strong', { text: plural(voters, 'person voted', 'people voted') }),
        event.results.multiple ? ' (several choices each)' : ''),
      pollBars(event.results),
    ];
  }
  let known = seen.get(activity.id);
  if (!known) {
    known = new Set((event.results.notes || []).map((n) => n.id)); // what is there at load does not animate
    seen.set(activity.id, known);
  }
  const multi = (event.results.columns || []).length > 1;
  const count = multi ? el('p', { class: 'panel-count', text: plural(event.results.count || 0, 'note', 'notes') }) : null;
  return [count, noteColumns(event.results, { seen: known, limit: compact ? 3 : 24, headingLevel: compact ? 'h4' : 'h3' })];
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
      summary.appendChild(el('li', {}, el('span', { class: 'group-kind', text: 'Talk: ' }), activity.title));
      continue;
    }
    const event = results.get(activity.id);
    const responses = event ? event.responses || 0 : 0;
    const count = activity.kind === 'poll' ? plural(responses, 'response', 'responses') : plural(responses, 'note', 'notes');
    const hidden = event && (event.visible === false || !event.results);
    summary.appendChild(el('li', {},
      el('span', { class: 'group-kind', text: `${activityKindLabel(activity.kind)}: ` }),
      el('strong', { text: count }),
      hidden && activity.state !== 'pending' ? el('span', { class: 'group-hidden', text: ' (hidden)' }) : null,
      el('span', { class: `badge badge-${activity.state}`, text: activityStateLabel(activity.state) })));
    if (!event || hidden) continue;
    if (activity.kind === 'poll' && activity.state !== 'pending') details.push(pollBars(event.results));
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
    el('h2', { class: 'group-name', text: group.name }),
    activities.length ? summary : el('p', { class: 'muted', text: 'Discussion' }),
    details, list);
}

function updateResults(activityId) {
  if (!state || !state.stage) return;
  const activity = state.stage.activities.find((a) => a.id === activityId);
  if (activity && state.stage.kind === 'groups') {
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
  fill(box, resultsBody(activity, false));
}

// ---------------------------------------------------------------- the stage timer

function tick() {
  const stage = state && state.status === 'running' ? state.stage : null;
  const text = stage ? elapsedText(stage) : '';
  if (timer.textContent !== text) timer.textContent = text;
  timer.classList.toggle('is-over', Boolean(stage && stage.started_at
    && serverNow() - stage.started_at > stage.minutes * 60));
}
window.setInterval(() => { if (state) tick(); }, 1000);
syncClock().then(() => { if (state) tick(); });
window.setInterval(syncClock, 10 * 60 * 1000);
