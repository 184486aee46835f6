// The participant's phone: follows the agenda, votes, posts sticky notes, answers word clouds, scales, open questions, rankings, 100 points and surveys, asks and upvotes Q&A questions, chooses a working group.
// Actions wait in a persistent outbox until the server acknowledges them (same id on every retry).
import {
  activityKindLabel, appData, charCount, clientId, connect, el, emitAck, fill, formatNumber, language, noteColumns,
  patLadder, patLegend, patPhaseLabel, patTable, pointsView, pollBars, promotedItem, questionList, rankingView,
  redrawsWaitForRelease, scaleEnds,
  scaleView, showTimers, stageKindLabel, store, surveyView,
  syncClock, t, textWall, tn, withNodes, wordList,
} from './common.js';

const { data } = appData();
const code = data.code;
const TOKEN_KEY = `baraza:token:${code}`;
const OUTBOX_KEY = `baraza:outbox:${code}`;
const DRAFTS_KEY = `baraza:drafts:${code}`;
const ACK_TIMEOUT = 10000;
const RETRY_DELAY = 3000;

function readToken() {
  try { return window.localStorage.getItem(TOKEN_KEY) || null; } catch (_e) { return null; }
}
function writeToken(value) {
  try {
    if (value) window.localStorage.setItem(TOKEN_KEY, value);
    else window.localStorage.removeItem(TOKEN_KEY);
  } catch (_e) { /* private mode: the token lives as long as the page */ }
}

let token = readToken();
let state = null;
let me = { name: '', groups: {}, votes: {}, notes: {}, answers: {}, ratings: {}, orders: {}, points: {}, surveys: {}, held: {}, statuses: {}, own_notes: {}, dots: {}, questions: {}, upvotes: {} };
let displayName = '';
let joined = false;
let changingGroup = false;
let lastStageKey = null;
let lastActivityStates = new Map();
let retryTimer = null;
let joinRetryTimer = null;
let joinBackoff = RETRY_DELAY; // grows while joins are refused as "too many at once"

const results = new Map(); // activity id -> latest `results` event
const inFlight = new Set(); // action ids sent and not yet acknowledged
let acksApplied = 0; // acknowledgements applied so far: a read sent before one may not have its change yet
const feedback = new Map(); // "vote:12" / "note:13" / "group" -> {type: 'ok'|'error', text}
const picks = new Map(); // poll id -> chosen option indices not yet sent
const openNotes = new Set(); // boards whose notes the participant unfolded
// A board's notes are not in the `results` snapshots phones get (only their number): a phone asks
// for them with `results.get` while the participant has them unfolded, at most every NOTES_REFRESH.
const fetchedNotes = new Map(); // board id -> the latest `results.get` answer
const notesFetch = new Map(); // board id -> {busy, again}
// While a board is in its dot-voting phase the phone lists its notes to vote on: read with
// `notes.get` (the same for every phone, plus this participant's dots) when its revision changes.
const votingNotes = new Map(); // board id -> the latest `notes.get` answer
const votingFetch = new Map(); // board id -> {busy, again}
const editing = new Map(); // note id -> the text being rewritten
const NOTES_REFRESH = 2000;
const orderDrafts = new Map(); // ranking id -> the order being arranged, not yet sent
const pointDrafts = new Map(); // 100-points id -> the allocation being made, not yet sent
let outbox = loadOutbox(); // [{id, event, payload, key, stage}]
let drafts = store.get(DRAFTS_KEY, {}) || {}; // activity id -> {text, column, signed}

function loadOutbox() {
  const saved = store.get(OUTBOX_KEY, []);
  return Array.isArray(saved) ? saved.filter((i) => i && i.id && i.event && i.payload) : [];
}
function saveOutbox() {
  if (outbox.length) store.set(OUTBOX_KEY, outbox);
  else store.remove(OUTBOX_KEY);
}
function saveDrafts() { store.set(DRAFTS_KEY, drafts); }

const $ = (id) => document.getElementById(id);
const stageRoot = $('stage');
const announcer = $('announce');
const connection = $('connection');

let socket;
try {
  socket = connect();
} catch (error) {
  setConnection('error', t('Could not start the live connection. Reload the page.'));
  throw error;
}

// ---------------------------------------------------------------- connection and joining

socket.on('connect', () => {
  setConnection('wait', t('Connected — joining…'));
  sendJoin();
});

socket.on('disconnect', () => {
  joined = false;
  inFlight.clear();
  // Anything the client buffered while offline would reach the server before our join: drop it,
  // the outbox resends it after the join with the same id.
  if (Array.isArray(socket.sendBuffer)) socket.sendBuffer.length = 0;
  setConnection('offline', t('Offline — reconnecting. Your answers will be sent when the connection is back.'));
  render();
});

socket.on('connect_error', () => {
  setConnection('offline', t('Offline — reconnecting. Your answers are kept and sent when the connection is back.'));
});

socket.on('state', (next) => {
  if (next && next.code === code) setState(next);
  askForHandle();
});

// A groups stage began: the phone asks (once) for its anonymous handle there, which the join did
// not carry while no groups stage was on. A question refused or unanswered (a server busy or
// restarting) is asked again a little later: no other event may come for the rest of the stage.
const HANDLE_RETRY = 3000;
let handleAsked = null;
function askForHandle() {
  const stage = state && state.stage;
  if (!joined || !stage || stage.kind !== 'groups' || (me.handles || {})[String(stage.position)]) return;
  if (handleAsked === stage.position) return;
  handleAsked = stage.position;
  askMe({ failed: () => {
    handleAsked = null;
    window.setTimeout(askForHandle, HANDLE_RETRY);
  } });
}

// How this phone's own answers, groups and handles stand now (`me`), asked again when something
// changed them elsewhere — a little later on each phone, not all at the same instant. The server
// answers events concurrently, so an answer to an older question can arrive after a newer one: it
// is dropped, or a word hidden just after another was approved would show as still waiting.
// An action of this phone acknowledged while the question was out (a word it sent) may not be in
// the answer: applied, it would take that word off the phone, and the next word sent (the whole
// list) would delete it on the server. The phone asks once more instead.
let meAsked = 0;
let meApplied = 0;
function askMe({ answered = null, failed = null } = {}) {
  window.setTimeout(() => {
    const asked = ++meAsked;
    const acks = acksApplied;
    emitAck(socket, 'me', {}, ACK_TIMEOUT).then((ack) => {
      if (!ack.ok) { if (failed) failed(); return; }
      if (asked < meApplied) return;
      if (acks !== acksApplied) { askMe({ answered, failed }); return; }
      meApplied = asked;
      me = { ...me, ...ack.me };
      if (answered) answered();
      render();
    }).catch(() => { if (failed) failed(); });
  }, Math.random() * 1500);
}

// The facilitator approved, hid or restored something of an activity (the event says no more): a
// phone with something of its own there asks how its notes and answers stand now.
socket.on('moderated', (event) => {
  const id = event && String(event.activity);
  if (!joined || !id || !(me.notes[id] || me.answers[id] || me.held[id] || me.statuses[id])) return;
  askMe();
});

// The facilitator put people into groups (the event names no one): ask again which group is ours.
socket.on('groups', () => {
  if (!joined) return;
  askMe({ answered: () => { changingGroup = false; } });
});

// How many are in each group now (phones chose): the chooser marks the full ones.
socket.on('sizes', (event) => {
  if (!state || !state.stage || !event || event.stage !== state.stage.position || !event.groups) return;
  state.stage.groups = state.stage.groups.map((g) => (event.groups[g.key] ? { ...g, ...event.groups[g.key] } : g));
  // Only a phone that is choosing shows the places: the others are not redrawn while they write.
  if (state.stage.kind === 'groups' && (!me.groups[String(state.stage.position)] || changingGroup)) render();
});

socket.on('results', (event) => {
  if (!event || typeof event.activity !== 'number') return;
  results.set(event.activity, event);
  updateResults(event.activity);
});

function setConnection(kind, text) {
  connection.className = `connection connection-${kind}`;
  connection.textContent = text;
}

function sendJoin(extra = {}) {
  if (!socket.connected) return Promise.resolve(null);
  const payload = { code };
  if (token) payload.token = token;
  Object.assign(payload, extra);
  return emitAck(socket, 'join', payload, ACK_TIMEOUT).then((ack) => {
    if (!ack.ok) {
      if (token && /token/i.test(ack.error || '') && extra.name === undefined) {
        token = null; // a kept token the server cannot read: start afresh
        writeToken(null);
        return sendJoin(extra);
      }
      if (extra.name === undefined) setConnection('error', ack.error || t('Could not join the session.'));
      // A busy moment (many phones joining from one venue network at once): try again by itself,
      // a little later each time and not all phones at the same instant.
      if (/wait a moment/i.test(ack.error || '') && extra.name === undefined) {
        joinBackoff = Math.min(joinBackoff * 2, 30000);
        window.clearTimeout(joinRetryTimer);
        joinRetryTimer = window.setTimeout(() => { if (socket.connected && !joined) sendJoin(); },
          joinBackoff / 2 + Math.random() * joinBackoff / 2);
      }
      return ack;
    }
    joinBackoff = RETRY_DELAY;
    token = ack.token;
    writeToken(token);
    displayName = ack.name || '';
    me = { name: displayName, groups: {}, votes: {}, notes: {}, answers: {}, ratings: {}, orders: {}, points: {}, surveys: {}, held: {}, statuses: {}, own_notes: {}, dots: {}, questions: {}, upvotes: {}, ...(ack.me || {}) };
    joined = true;
    setConnection('ok', t('Connected'));
    for (const event of ack.results || []) results.set(event.activity, event);
    setState(ack.state);
    flushOutbox();
    return ack;
  }).catch(() => {
    // No answer in time: try again while the connection lasts.
    window.clearTimeout(joinRetryTimer);
    joinRetryTimer = window.setTimeout(() => { if (socket.connected && !joined) sendJoin(); }, RETRY_DELAY);
    return null;
  });
}

// ---------------------------------------------------------------- the outbox

function queue(event, payload, key, { replace = false, stage = null } = {}) {
  if (replace) {
    // A newer choice replaces an older one that has not left the phone yet.
    outbox = outbox.filter((item) => item.key !== key || inFlight.has(item.id));
  }
  const item = { id: clientId(), event, payload: { ...payload }, key, stage };
  item.payload.id = item.id;
  outbox.push(item);
  saveOutbox();
  feedback.delete(key);
  flushOutbox();
  render();
  return item;
}

function flushOutbox() {
  window.clearTimeout(retryTimer);
  if (!socket.connected || !joined) return;
  for (const item of [...outbox]) send(item);
}

function send(item) {
  if (inFlight.has(item.id) || !socket.connected || !joined) return;
  inFlight.add(item.id);
  emitAck(socket, item.event, item.payload, ACK_TIMEOUT).then((ack) => {
    inFlight.delete(item.id);
    if (!ack.ok && /join the session first/i.test(ack.error || '')) {
      // The server forgot this connection (e.g. it restarted): join again, then resend.
      joined = false;
      sendJoin();
      return;
    }
    outbox = outbox.filter((i) => i.id !== item.id);
    saveOutbox();
    applyAck(item, ack);
    acksApplied += 1;
    render();
  }).catch(() => {
    inFlight.delete(item.id);
    retryTimer = window.setTimeout(flushOutbox, RETRY_DELAY);
    render();
  });
}

function applyAck(item, ack) {
  const activity = item.payload.activity;
  if (item.event === 'vote') {
    if (ack.ok) {
      me.votes[String(activity)] = ack.choices || item.payload.choices;
      picks.delete(activity);
      feedback.set(item.key, { type: 'ok', text: t('Your vote is in — you can change it until the poll closes') });
      announce(t('Your vote is in'));
    } else {
      feedback.set(item.key, { type: 'error', text: ack.error || t('The vote was not accepted.') });
    }
  } else if (item.event === 'note') {
    if (ack.ok) {
      const mine = me.own_notes[String(activity)] || [];
      if (!mine.some((n) => n.id === ack.note)) {
        me.own_notes[String(activity)] = [...mine, { id: ack.note, column: ack.column, text: ack.text, author: ack.author, status: ack.status }];
      }
      me.notes[String(activity)] = me.own_notes[String(activity)].length;
      if (ack.status === 'pending') {
        const held = me.held[String(activity)] || { pending: 0, hidden: 0 };
        if (!ack.duplicate) me.held[String(activity)] = { ...held, pending: held.pending + 1 };
        feedback.set(item.key, { type: 'ok', text: t('Sent — it waits for the facilitator before others see it') });
        announce(t('Your note waits for the facilitator'));
      } else {
        feedback.set(item.key, { type: 'ok', text: t('Posted') });
        announce(t('Your note is posted'));
      }
    } else {
      // Give the text back so nothing typed is lost: before what is being typed now, if anything.
      const draft = drafts[activity] || {};
      const now = draft.text && draft.text.trim() ? draft.text : '';
      if (!now.includes(item.payload.text)) {
        drafts[activity] = { ...draft, text: now ? `${item.payload.text}\n\n${now}` : item.payload.text };
        saveDrafts();
      }
      feedback.set(item.key, { type: 'error', text: ack.error || t('The note was not accepted.') });
    }
  } else if (item.event === 'note.edit' || item.event === 'note.delete') {
    const key = `own:${activity}`;
    if (ack.ok) {
      const mine = me.own_notes[String(activity)] || [];
      if (item.event === 'note.edit') {
        me.own_notes[String(activity)] = mine.map((n) => (n.id === ack.note ? { ...n, text: ack.text, status: ack.status } : n));
        feedback.set(key, { type: 'ok', text: t('Your note is changed') });
        announce(t('Your note is changed'));
      } else {
        me.own_notes[String(activity)] = mine.filter((n) => n.id !== ack.note);
        me.notes[String(activity)] = me.own_notes[String(activity)].length;
        if (me.dots[String(activity)]) delete me.dots[String(activity)][String(ack.note)];
        feedback.set(key, { type: 'ok', text: t('Your note is deleted') });
        announce(t('Your note is deleted'));
      }
    } else {
      if (item.event === 'note.edit') editing.set(item.payload.note, item.payload.text); // nothing typed is lost
      feedback.set(key, { type: 'error', text: ack.error || t('The change was not accepted.') });
    }
  } else if (item.event === 'dot.add' || item.event === 'dot.remove') {
    const key = `dot:${activity}`;
    if (ack.ok) {
      const before = (me.dots[String(activity)] || {})[String(ack.note)] || 0;
      me.dots[String(activity)] = ack.mine || {};
      // The shown total follows this phone's own dot at once; the next read brings everyone's.
      const listed = votingNotes.get(activity);
      const shownNote = listed && listed.results.notes.find((n) => n.id === ack.note);
      if (shownNote && shownNote.dots !== null) shownNote.dots += ((ack.mine || {})[String(ack.note)] || 0) - before;
      feedback.delete(key);
      announce(tn('{n} dot left', '{n} dots left', ack.left));
    } else {
      feedback.set(key, { type: 'error', text: ack.error || t('The dot was not accepted.') });
    }
  } else if (item.event === 'answers') {
    if (ack.ok) {
      me.answers[String(activity)] = ack.answers || item.payload.answers;
      me.statuses[String(activity)] = ack.statuses || [];
      const asked = state && state.stage ? state.stage.activities.find((a) => a.id === activity) : null;
      feedback.set(item.key, { type: 'ok', text: asked && asked.kind === 'text'
        ? t('Your answers are in — you can change them until the question closes')
        : t('Your answers are in — you can change them until the word cloud closes') });
      announce(t('Your answers are in'));
    } else {
      // Give back a word that was refused, so nothing typed is lost.
      const kept = me.answers[String(activity)] || [];
      const sent = item.payload.answers || [];
      const draft = drafts[activity] || {};
      if (sent.length > kept.length && (!draft.text || !draft.text.trim())) {
        drafts[activity] = { ...draft, text: sent[sent.length - 1] };
        saveDrafts();
      }
      feedback.set(item.key, { type: 'error', text: ack.error || t('The answers were not accepted.') });
    }
  } else if (item.event === 'rate') {
    const key = `rate:${activity}`;
    if (ack.ok) {
      me.ratings[String(activity)] = { ...(me.ratings[String(activity)] || {}), [String(ack.statement)]: ack.value };
      feedback.set(key, { type: 'ok', text: t('Your answer is in — you can change it until the scale closes') });
      announce(t('Your answer is in'));
    } else {
      feedback.set(key, { type: 'error', text: ack.error || t('The answer was not accepted.') });
    }
  } else if (item.event === 'score') {
    const key = `score:${activity}`;
    if (ack.ok) {
      const pat = state && state.stage ? state.stage.activities.find((a) => a.id === activity) : null;
      const slot = ack.decision * (pat ? pat.organisations.length : 1) + ack.organisation;
      me.ratings[String(activity)] = { ...(me.ratings[String(activity)] || {}), [String(slot)]: ack.level };
      feedback.set(key, { type: 'ok', text: t('Your score is in — only the spread of everyone’s scores is shown') });
      announce(t('Your score is in'));
    } else {
      feedback.set(key, { type: 'error', text: ack.error || t('The score was not accepted.') });
    }
  } else if (item.event === 'survey') {
    const key = `survey:${activity}`;
    if (ack.ok) {
      const mine = { ...(me.surveys[String(activity)] || {}) };
      if (ack.answer === null) delete mine[String(ack.question)];
      else mine[String(ack.question)] = ack.answer;
      me.surveys[String(activity)] = mine;
      feedback.set(key, { type: 'ok', text: t('Your answer is in — you can change it until the survey closes') });
      announce(t('Your answer is in'));
    } else {
      feedback.set(key, { type: 'error', text: ack.error || t('The answer was not accepted.') });
    }
  } else if (item.event === 'rank') {
    if (ack.ok) {
      me.orders[String(activity)] = ack.order;
      orderDrafts.delete(activity);
      feedback.set(item.key, { type: 'ok', text: t('Your ranking is in — you can change it until the ranking closes') });
      announce(t('Your ranking is in'));
    } else {
      feedback.set(item.key, { type: 'error', text: ack.error || t('The ranking was not accepted.') });
    }
  } else if (item.event === 'points') {
    if (ack.ok) {
      me.points[String(activity)] = ack.allocation;
      pointDrafts.delete(activity);
      feedback.set(item.key, { type: 'ok', text: t('Your points are in — you can change them until the activity closes') });
      announce(t('Your points are in'));
    } else {
      feedback.set(item.key, { type: 'error', text: ack.error || t('The points were not accepted.') });
    }
  } else if (item.event === 'ask') {
    if (ack.ok) {
      const mine = me.questions[String(activity)] || [];
      if (!mine.some((q) => q.id === ack.question)) {
        me.questions[String(activity)] = [...mine, { id: ack.question, text: item.payload.text.trim(), status: ack.status }];
      }
      const waits = ack.status === 'pending';
      feedback.set(item.key, { type: 'ok', text: waits ? t('Your question is waiting for the facilitator') : t('Your question is in') });
      announce(waits ? t('Your question is waiting for the facilitator') : t('Your question is in'));
    } else {
      const draft = drafts[activity] || {};
      if (!draft.text || !draft.text.trim()) { drafts[activity] = { ...draft, text: item.payload.text }; saveDrafts(); }
      feedback.set(item.key, { type: 'error', text: ack.error || t('The question was not accepted.') });
    }
  } else if (item.event === 'upvote') {
    const key = `upvote:${activity}`;
    if (ack.ok) {
      const mine = (me.upvotes[String(activity)] || []).filter((id) => id !== ack.question);
      me.upvotes[String(activity)] = ack.up ? [...mine, ack.question] : mine;
      feedback.delete(key);
      announce(ack.up ? t('Upvoted') : t('Upvote taken back'));
    } else {
      feedback.set(key, { type: 'error', text: ack.error || t('The upvote was not accepted.') });
    }
  } else if (item.event === 'segment') {
    if (ack.ok) {
      me.segment = ack.segment;
      feedback.delete('segment');
      announce(ack.segment ? t('Saved: {segment}', { segment: ack.segment }) : t('Saved: you prefer not to say'));
    } else {
      changingSegment = true;
      feedback.set('segment', { type: 'error', text: ack.error || t('Could not save your role.') });
    }
  } else if (item.event === 'group') {
    if (ack.ok) {
      if (item.stage !== null && item.stage !== undefined) me.groups[String(item.stage)] = ack.group;
      changingGroup = false;
      feedback.delete('group');
    } else {
      feedback.set('group', { type: 'error', text: ack.error || t('Could not join that group.') });
    }
  }
}

function pendingFor(key) {
  const item = outbox.find((i) => i.key === key);
  if (!item) return null;
  return { item, sending: inFlight.has(item.id) };
}

// ---------------------------------------------------------------- state

function setState(next) {
  if (!next) return;
  const previous = state;
  state = next;
  const stageKey = `${state.status}:${state.stage_index}`;
  if (stageKey !== lastStageKey) {
    changingGroup = false;
    announceStage();
    lastStageKey = stageKey;
    if (previous) window.scrollTo(0, 0);
  } else {
    announceActivityChanges();
  }
  rememberActivityStates();
  const titleNode = $('session-title');
  if (titleNode.textContent !== state.title) titleNode.textContent = state.title;
  render();
  renderAnnouncement();
}

// ---------------------------------------------------------------- the facilitator's announcement

let hiddenAnnouncement = null; // the id of the announcement this participant hid
let spokenAnnouncement = null; // the id of the last one read out to a screen reader

function renderAnnouncement() {
  const shown = state && state.announcement;
  const box = $('announcement');
  box.hidden = !shown || shown.id === hiddenAnnouncement;
  if (!shown) return;
  $('announcement-text').textContent = shown.text;
  if (shown.id !== spokenAnnouncement && !box.hidden) {
    spokenAnnouncement = shown.id;
    announce(t('From the facilitator: {text}', { text: shown.text }));
  }
}

$('announcement-hide').addEventListener('click', () => {
  hiddenAnnouncement = state && state.announcement ? state.announcement.id : null;
  renderAnnouncement();
});

function announce(text) {
  // Clear first so the same sentence is read again.
  announcer.textContent = '';
  window.setTimeout(() => { announcer.textContent = text; }, 50);
}

function announceStage() {
  if (state.status === 'lobby' || !state.stage) {
    announce(state.status === 'ended' ? t('The session has ended — thank you') : t('Waiting for the facilitator to start'));
  } else if (state.status === 'ended') {
    announce(t('The session has ended — thank you'));
  } else {
    announce(t('Now: {kind} — {title}', { kind: stageKindLabel(state.stage.kind), title: state.stage.title }));
  }
}

function myActivities() {
  if (!state || !state.stage) return [];
  const stage = state.stage;
  if (stage.kind === 'groups') {
    const key = me.groups[String(stage.position)];
    return key ? stage.activities.filter((a) => a.group === key) : [];
  }
  return stage.activities.filter((a) => !a.group);
}

function rememberActivityStates() {
  lastActivityStates = new Map(myActivities().map((a) => [a.id, a.state]));
}

function announceActivityChanges() {
  for (const a of myActivities()) {
    const before = lastActivityStates.get(a.id);
    if (before && before !== a.state && a.kind !== 'talk') {
      if (a.state === 'open') announce(t('Now open: {title}', { title: a.title }));
      else if (a.state === 'closed') announce(t('Closed: {title}', { title: a.title }));
    }
  }
}

// ---------------------------------------------------------------- rendering

function captureFocus() {
  const active = document.activeElement;
  if (!active || !active.dataset || !active.dataset.key || !stageRoot.contains(active)) return null;
  const card = active.closest('[data-activity]');
  const saved = { key: active.dataset.key, activity: card ? card.dataset.activity : null };
  if (typeof active.selectionStart === 'number') {
    try { saved.start = active.selectionStart; saved.end = active.selectionEnd; } catch (_e) { /* not a text field */ }
  }
  return saved;
}

function restoreFocus(saved) {
  if (!saved) return;
  const target = stageRoot.querySelector(`[data-key="${CSS.escape(saved.key)}"]`);
  if (!target || target.disabled) {
    // The button just pressed is disabled while its action is in flight: keep focus on its card.
    const card = saved.activity && stageRoot.querySelector(`[data-activity="${CSS.escape(saved.activity)}"]`);
    if (card) card.focus({ preventScroll: true });
    return;
  }
  target.focus({ preventScroll: true });
  if (typeof saved.start === 'number' && typeof target.setSelectionRange === 'function') {
    try { target.setSelectionRange(saved.start, saved.end); } catch (_e) { /* not a text field */ }
  }
}

// A redraw replaces the stage's nodes (an activity's results too: the Upvote and dot buttons are in
// them): while a pointer is down on the stage (another phone chose a group or upvoted, an answer
// came), it waits for the release, so the press and the release of a button land on the same node
// and the click is not lost.
const redraws = redrawsWaitForRelease(stageRoot);

function render() {
  if (redraws.wait('stage', render)) return;
  const focus = captureFocus();
  fill(stageRoot, ...buildStage());
  restoreFocus(focus);
  renderNameBox();
  tickTimers();
}

// The facilitator's countdowns, counted down on the server's clock.
function tickTimers() {
  showTimers(state && state.status === 'running' ? state.stage : null, stageRoot);
}
window.setInterval(tickTimers, 1000);
syncClock().then(tickTimers);

// ---------------------------------------------------------------- segments
// A session with segments asks once, after joining, which one the participant belongs to (or
// "prefer not to say"); it never blocks anything, and a small line under the stage changes it.
const SEGMENT_ASKED_KEY = `baraza:segment-asked:${code}`;
let changingSegment = false;

function segmentAsked() { return Boolean(store.get(SEGMENT_ASKED_KEY, false)); }

function chooseSegment(segment) {
  store.set(SEGMENT_ASKED_KEY, true);
  changingSegment = false;
  queue('segment', { segment }, 'segment', { replace: true });
}

function buildSegmentChooser() {
  const pending = pendingFor('segment');
  const err = feedback.get('segment');
  // Before the first answer nothing is current, not even "prefer not to say".
  const current = me.segment != null ? me.segment : (segmentAsked() ? null : undefined);
  const choice = (value, label) => el('button', {
    type: 'button', class: `btn btn-choice segment-choice${value === current ? ' is-chosen' : ''}`,
    'data-key': `segment-${value === null ? 'none' : state.segments.indexOf(value)}`,
    'aria-pressed': value === current ? 'true' : 'false', disabled: Boolean(pending),
    on: { click: () => chooseSegment(value) },
  }, el('span', { dir: 'auto', text: label }));
  return el('section', { class: 'segment-box card', 'aria-labelledby': 'segment-heading' },
    el('h3', { id: 'segment-heading', class: 'group-heading', text: t('Which of these describes you?') }),
    el('p', { class: 'muted', text: t('Optional. Results may be shown per role; a role chosen by fewer than {k} people is never shown, and nobody sees what you chose.', { k: state.hide_segments_below || 3 }) }),
    el('div', { class: 'group-choices', role: 'group', 'aria-labelledby': 'segment-heading' },
      state.segments.map((name) => choice(name, name)), choice(null, t('Prefer not to say'))),
    segmentAsked() ? el('button', { type: 'button', class: 'btn btn-link', 'data-key': 'segment-cancel',
      on: { click: () => { changingSegment = false; render(); } } }, t('Keep it as it is')) : null,
    err ? el('p', { class: 'status error', role: 'alert', text: err.text }) : null);
}

function segmentLine() {
  const pending = pendingFor('segment');
  const shown = pending ? pending.item.payload.segment : (me.segment ?? null);
  return el('p', { class: 'segment-line muted' },
    shown ? withNodes(t('Your role: {segment}'), { segment: el('bdi', { text: shown }) }) : t('Your role: not said'), ' ',
    el('button', { type: 'button', class: 'btn btn-link btn-small', 'data-key': 'segment-change',
      on: { click: () => { changingSegment = true; render(); focusFirst('.segment-choice'); } } }, t('Change')));
}

function withSegments(parts) {
  if (!state || state.status === 'ended' || !(state.segments || []).length || !joined) return parts;
  const asking = changingSegment || (!segmentAsked() && (me.segment ?? null) === null && !pendingFor('segment'));
  if (asking) return [buildSegmentChooser(), ...parts];
  return [...parts, segmentLine()];
}

function buildStage() { return withSegments(stageParts()); }

function stageParts() {
  if (!state) {
    return [el('h2', { id: 'stage-title', class: 'stage-title', text: t('Connecting to the session…') })];
  }
  if (state.status === 'ended') {
    const takeaways = state.takeaways || [];
    return [
      el('h2', { id: 'stage-title', class: 'stage-title', text: t('The session has ended — thank you') }),
      el('p', { class: 'lead', text: t('Thank you for taking part. You can close this page.') }),
      takeaways.length ? el('section', { class: 'phone-takeaways card', 'aria-labelledby': 'phone-takeaways-title' },
        el('h3', { id: 'phone-takeaways-title', text: t('Key takeaways') }),
        el('ol', {}, takeaways.map((item) => el('li', { dir: 'auto', text: item.text })))) : null,
    ];
  }
  if (state.status === 'lobby' || !state.stage) {
    return [
      el('h2', { id: 'stage-title', class: 'stage-title', text: t('Waiting for the facilitator to start') }),
      el('p', { class: 'lead', text: t('Keep this page open: it follows the session by itself.') }),
      el('div', { class: 'waiting-dots', 'aria-hidden': 'true' }, el('span'), el('span'), el('span')),
    ];
  }
  const stage = state.stage;
  const parts = [
    el('p', { class: 'stage-kind', text: stageKindLabel(stage.kind) }),
    el('h2', { id: 'stage-title', class: 'stage-title', dir: 'auto', text: stage.title }),
    el('p', { class: 'stage-timer', role: 'timer', dataset: { timerFor: 'stage' }, hidden: true }),
  ];
  if (stage.description) parts.push(el('p', { class: 'stage-description', dir: 'auto', text: stage.description }));

  if (stage.kind === 'groups') {
    parts.push(buildGroupChooser(stage));
  }
  const activities = myActivities();
  if (stage.kind !== 'groups' || me.groups[String(stage.position)]) {
    if (activities.length) {
      parts.push(el('div', { class: 'activities' }, activities.map(buildActivity)));
    } else {
      parts.push(el('p', { class: 'muted', text: t('Nothing to answer right now — follow along in the room.') }));
    }
  }
  return parts;
}

/** How full a group of the chooser is: "5 of 8", and "full" when no place is left (a full group
 * is still shown: the person in it may stay, and the others see why it cannot be chosen). */
function groupPlaces(group, chosen) {
  if (group.cap === null || group.cap === undefined) return null;
  const size = group.size || 0;
  const full = size >= group.cap;
  return el('span', { class: `group-places${full ? ' is-full' : ''}` },
    ' · ' + t('{size} of {cap}', { size, cap: group.cap }),
    full && !chosen ? el('strong', { text: ' · ' + t('full') }) : null);
}

/** The participant's anonymous handle in this groups stage, small: the facilitator moves people by it. */
function myHandle(position) {
  const handle = (me.handles || {})[position];
  if (!handle) return null;
  return el('p', { class: 'my-handle' }, withNodes(t('Your anonymous handle: {handle}'), { handle: el('code', { text: handle }) }));
}

function buildGroupChooser(stage) {
  const position = String(stage.position);
  const current = me.groups[position];
  const pending = pendingFor('group');
  const box = el('section', { class: 'group-box card', 'aria-labelledby': 'group-heading' });
  const currentGroup = stage.groups.find((g) => g.key === current);
  const err = feedback.get('group');

  const assigned = stage.assignment === 'random' || stage.assignment === 'balanced';
  if (current && (!changingGroup || assigned)) {
    box.append(...[
      el('h3', { id: 'group-heading', class: 'group-heading' },
        withNodes(t('Your group: {group}'), { group: el('strong', { dir: 'auto', text: currentGroup ? currentGroup.name : current }) })),
      el('p', { class: 'stage-timer group-timer', role: 'timer', dataset: { timerFor: `group:${current}` }, hidden: true }),
      assigned ? null : el('button', {
        type: 'button', class: 'btn btn-secondary', 'data-key': 'group-change',
        on: { click: () => { changingGroup = true; render(); focusFirst('.group-choice'); } },
      }, t('Change group')),
      myHandle(position)].filter(Boolean)); // append() would write a null as text
    return box;
  }
  if (assigned) {
    box.append(...[el('h3', { id: 'group-heading', class: 'group-heading', text: t('The facilitator puts you in a group. Please wait a moment.') }),
      myHandle(position)].filter(Boolean));
    return box;
  }
  box.append(el('h3', { id: 'group-heading', class: 'group-heading', text: current ? t('Change your working group') : t('Choose your working group') }));
  const list = el('div', { class: 'group-choices', role: 'group', 'aria-labelledby': 'group-heading' });
  for (const group of stage.groups) {
    const chosen = group.key === current;
    const waiting = pending && pending.item.payload.group === group.key;
    const full = group.cap !== null && group.cap !== undefined && (group.size || 0) >= group.cap && !chosen;
    list.appendChild(el('button', {
      type: 'button',
      class: `btn btn-choice group-choice${chosen ? ' is-chosen' : ''}`,
      'aria-pressed': chosen ? 'true' : 'false',
      'data-key': `group-${group.key}`,
      disabled: Boolean(pending && pending.sending) || full,
      on: { click: () => queue('group', { group: group.key }, 'group', { replace: true, stage: stage.position }) },
    }, el('span', { dir: 'auto', text: group.name }),
    groupPlaces(group, chosen),
    waiting ? el('span', { class: 'choice-note', text: ' ' + (pending.sending ? t('— joining…') : t('— waiting for the connection')) }) : null));
  }
  box.appendChild(list);
  const handle = myHandle(position); // null until the phone has it
  if (handle) box.appendChild(handle);
  if (current) {
    box.appendChild(el('button', {
      type: 'button', class: 'btn btn-link', 'data-key': 'group-cancel',
      on: { click: () => { changingGroup = false; render(); } },
    }, currentGroup ? t('Stay in {group}', { group: currentGroup.name }) : t('Stay in my group')));
  }
  if (err) box.appendChild(el('p', { class: 'error', role: 'alert', text: err.text }));
  return box;
}

function focusFirst(selector) {
  const node = stageRoot.querySelector(selector);
  if (node) node.focus();
}

function buildActivity(activity) {
  if (activity.kind === 'poll') return buildPoll(activity);
  if (activity.kind === 'board') return buildBoard(activity);
  if (activity.kind === 'wordcloud') return buildWordCloud(activity);
  if (activity.kind === 'scale') return buildScale(activity);
  if (activity.kind === 'text') return buildOpenText(activity);
  if (activity.kind === 'ranking') return buildRanking(activity);
  if (activity.kind === 'points') return buildPoints(activity);
  if (activity.kind === 'survey') return buildSurvey(activity);
  if (activity.kind === 'qna') return buildQnA(activity);
  if (activity.kind === 'crossvote') return buildCrossVote(activity);
  if (activity.kind === 'pat') return buildPat(activity);
  return buildTalk(activity);
}

function activityShell(activity, ...children) {
  return el('article', {
    class: `activity activity-${activity.kind} activity-${activity.state}`, tabindex: '-1',
    dataset: { activity: String(activity.id) },
  },
    el('p', { class: 'activity-kind', text: activityKindLabel(activity.kind) }),
    el('p', { class: 'activity-timer', role: 'timer', dataset: { timerFor: String(activity.id) }, hidden: true }),
    ...children);
}

function buildTalk(activity) {
  return activityShell(activity,
    el('h3', { class: 'activity-title', dir: 'auto', text: activity.title }),
    activity.speaker ? el('p', { class: 'talk-speaker', dir: 'auto', text: activity.speaker }) : null,
    activity.description ? el('p', { class: 'talk-description', dir: 'auto', text: activity.description }) : null);
}

function statusLine(lines) {
  const box = el('div', { class: 'activity-status', role: 'status' });
  for (const line of lines) if (line) box.appendChild(el('p', { class: line.type === 'error' ? 'error' : `status-${line.type}`, text: line.text }));
  return box;
}

function buildPoll(activity) {
  const id = activity.id;
  const key = `vote:${id}`;
  const open = activity.state === 'open';
  const voted = me.votes[String(id)];
  const pending = pendingFor(key);
  const chosen = picks.has(id) ? picks.get(id) : (pending ? pending.item.payload.choices : (voted || []));
  const type = activity.multiple ? 'checkbox' : 'radio';
  const legendId = `poll-title-${id}`;

  const options = el('div', { class: 'choices' });
  activity.options.forEach((label, i) => {
    options.appendChild(el('label', { class: 'choice' },
      el('input', {
        type, name: `poll-${id}`, value: String(i), checked: chosen.includes(i), disabled: !open,
        'data-key': `poll-${id}-${i}`,
        on: { change: () => onPick(activity, form) },
      }),
      el('span', { class: 'choice-text', dir: 'auto', text: label })));
  });

  const sending = Boolean(pending && pending.sending);
  const button = el('button', {
    type: 'submit', class: 'btn btn-primary btn-block', 'data-key': `poll-${id}-vote`,
    disabled: !open || sending || chosen.length === 0,
  }, sending ? t('Sending…') : (voted ? t('Change vote') : t('Vote')));

  const form = el('form', {
    class: 'poll-form', on: { submit: (e) => { e.preventDefault(); submitVote(activity, form); } },
  },
  el('fieldset', { 'aria-describedby': `poll-hint-${id}` },
    el('legend', { id: legendId, class: 'activity-title', dir: 'auto', text: activity.title }),
    el('p', { id: `poll-hint-${id}`, class: 'hint', text: activity.multiple ? t('Choose one or more') : t('Choose one') }),
    options),
  open ? button : null);

  const lines = [];
  const fb = feedback.get(key);
  if (pending) {
    lines.push({ type: 'wait', text: pending.sending ? t('Sending your vote…') : t('Your vote will be sent when the connection is back.') });
  } else if (fb && fb.type === 'error') {
    lines.push(fb);
  }
  if (activity.state === 'closed') {
    lines.push({ type: 'closed', text: t('This poll is closed') });
    if (voted) lines.push({ type: 'ok', text: t('You voted: {choices}', { choices: voted.map((i) => activity.options[i]).join(', ') }) });
  } else if (activity.state === 'pending') {
    lines.push({ type: 'closed', text: t('This poll has not opened yet') });
  } else if (voted && !pending) {
    lines.push({ type: 'ok', text: t('Your vote is in — you can change it until the poll closes') });
  }

  return activityShell(activity, form, statusLine(lines),
    el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
}

function readChoices(form) {
  return Array.from(form.querySelectorAll('input:checked')).map((input) => Number(input.value));
}

function onPick(activity, form) {
  const choices = readChoices(form);
  picks.set(activity.id, choices);
  const button = form.querySelector('button[type="submit"]');
  const pending = pendingFor(`vote:${activity.id}`);
  if (button) button.disabled = activity.state !== 'open' || choices.length === 0 || Boolean(pending && pending.sending);
}

function submitVote(activity, form) {
  const choices = readChoices(form);
  if (!choices.length) return;
  picks.set(activity.id, choices);
  queue('vote', { activity: activity.id, choices }, `vote:${activity.id}`, { replace: true });
}

function buildBoard(activity) {
  const id = activity.id;
  const key = `note:${id}`;
  const open = activity.state === 'open';
  const draft = drafts[id] || { text: '', column: 0, signed: false };
  const pendingItems = outbox.filter((i) => i.key === key);
  const sending = pendingItems.some((i) => inFlight.has(i.id));
  const limit = activity.note_limit || 280;
  const posted = me.notes[String(id)] || 0;
  const parts = [el('h3', { class: 'activity-title', id: `board-title-${id}`, dir: 'auto', text: activity.title })];

  if (open) {
    const textId = `note-text-${id}`;
    const counterId = `note-count-${id}`;
    const textarea = el('textarea', {
      id: textId, name: 'text', rows: '4', 'data-key': textId, 'aria-describedby': counterId,
      autocomplete: 'off', dir: 'auto',
    });
    textarea.value = draft.text || '';
    const counter = el('p', { id: counterId, class: 'counter' });
    const updateCounter = () => {
      const n = charCount(textarea.value);
      counter.textContent = n > limit
        ? t('{n} / {limit} characters — {over} too many', { n: formatNumber(n), limit: formatNumber(limit), over: formatNumber(n - limit) })
        : t('{n} / {limit} characters', { n: formatNumber(n), limit: formatNumber(limit) });
      counter.classList.toggle('counter-over', n > limit);
    };
    updateCounter();
    textarea.addEventListener('input', () => {
      drafts[id] = { ...(drafts[id] || draft), text: textarea.value };
      saveDrafts();
      updateCounter();
      const fb = feedback.get(key);
      if (fb && fb.type === 'ok') { feedback.delete(key); const ok = form.parentNode && form.parentNode.querySelector('.status-ok'); if (ok) ok.remove(); }
    });

    const fields = [];
    if (activity.columns.length > 1) {
      const selectId = `note-col-${id}`;
      const select = el('select', {
        id: selectId, name: 'column', 'data-key': selectId,
        on: { change: () => { drafts[id] = { ...(drafts[id] || draft), column: Number(select.value) }; saveDrafts(); } },
      }, activity.columns.map((name, c) => el('option', { value: String(c), selected: c === (draft.column || 0) }, name)));
      fields.push(el('div', { class: 'field' }, el('label', { for: selectId, text: t('Column') }), select));
    }
    fields.push(el('div', { class: 'field' },
      el('label', { for: textId, text: t('Your note') }), textarea, counter));
    if (displayName) {
      const signId = `note-sign-${id}`;
      fields.push(el('label', { class: 'check', for: signId },
        el('input', {
          type: 'checkbox', id: signId, 'data-key': signId, checked: Boolean(draft.signed),
          on: { change: (e) => { drafts[id] = { ...(drafts[id] || draft), signed: e.target.checked }; saveDrafts(); } },
        }),
        el('span', {}, withNodes(t('Show my name ({name}) with this note'), { name: el('strong', { dir: 'auto', text: displayName }) }))));
    }
    const form = el('form', {
      class: 'note-form', 'aria-labelledby': `board-title-${id}`,
      on: { submit: (e) => { e.preventDefault(); submitNote(activity, form); } },
    }, fields, el('button', {
      type: 'submit', class: 'btn btn-primary btn-block', 'data-key': `note-post-${id}`, disabled: sending,
    }, sending ? t('Posting…') : t('Post')));
    parts.push(form);
  } else if (draft.text && draft.text.trim()) {
    // The board closed (or has not opened) while this was being written: the text is kept, not lost.
    parts.push(el('section', { class: 'kept-draft', 'aria-label': t('Your note, not posted') },
      el('p', { class: 'kept-draft-label', text: t('Your note, not posted: it stays on this phone and comes back if the board opens again.') }),
      el('p', { class: 'kept-draft-text', dir: 'auto', text: draft.text }),
      el('button', {
        type: 'button', class: 'btn btn-secondary btn-small', 'data-key': `note-discard-${id}`,
        on: { click: () => {
          if (!window.confirm(t('Discard this note? It cannot be brought back.'))) return;
          drafts[id] = { ...draft, text: '' };
          saveDrafts();
          render();
        } },
      }, t('Discard it'))));
  }

  if (open) parts.push(ownNotes(activity));
  if (open && activity.phase === 'vote') parts.push(dotVoting(activity));

  const lines = [];
  const fb = feedback.get(key);
  if (pendingItems.length) {
    lines.push({ type: 'wait', text: sending ? t('Posting your note…') : tn('{n} note will be sent when the connection is back.', '{n} notes will be sent when the connection is back.', pendingItems.length) });
  }
  if (fb) lines.push(fb);
  if (activity.state === 'closed') lines.push({ type: 'closed', text: t('This board is closed') });
  else if (activity.state === 'pending') lines.push({ type: 'closed', text: t('This board has not opened yet') });
  if (posted) lines.push({ type: 'info', text: tn('You have posted {n} note here.', 'You have posted {n} notes here.', posted) });
  const held = me.held[String(id)] || {};
  if (held.pending) lines.push({ type: 'wait', text: tn('{n} of your notes waits for the facilitator.', '{n} of your notes wait for the facilitator.', held.pending) });
  if (held.hidden) lines.push({ type: 'info', text: tn('{n} of your notes was hidden by the facilitator.', '{n} of your notes were hidden by the facilitator.', held.hidden) });
  parts.push(statusLine(lines));
  parts.push(el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
  return activityShell(activity, ...parts);
}

/** The participant's own notes on an open board, each with Edit and Delete. */
function ownNotes(activity) {
  const id = activity.id;
  const mine = me.own_notes[String(id)] || [];
  if (!mine.length) return null;
  const changing = outbox.filter((i) => i.key === `own:${id}`);
  const busy = new Set(changing.map((i) => i.payload.note));
  const fb = feedback.get(`own:${id}`);
  const status = changing.length
    ? el('p', { class: 'status-wait', role: 'status', text: changing.some((i) => inFlight.has(i.id)) ? t('Sending…') : t('Your change will be sent when the connection is back.') })
    : (fb ? el('p', { class: fb.type === 'error' ? 'error' : 'status-ok', role: 'status', text: fb.text }) : null);
  return el('section', { class: 'own-notes', 'aria-labelledby': `own-notes-${id}` },
    el('h4', { id: `own-notes-${id}`, class: 'own-notes-title', text: t('Your notes') }), status,
    el('ul', { class: 'own-note-list' }, mine.map((note) => {
      const wait = busy.has(note.id);
      if (editing.has(note.id)) {
        const fieldId = `note-edit-${note.id}`;
        const area = el('textarea', { id: fieldId, rows: '3', 'data-key': fieldId, dir: 'auto', autocomplete: 'off' });
        area.value = editing.get(note.id);
        area.addEventListener('input', () => editing.set(note.id, area.value));
        return el('li', { class: 'own-note is-editing' },
          el('form', { on: { submit: (e) => {
            e.preventDefault();
            if (!area.value.trim()) { feedback.set(`own:${id}`, { type: 'error', text: t('Write something first.') }); render(); return; }
            editing.delete(note.id);
            queue('note.edit', { activity: id, note: note.id, text: area.value }, `own:${id}`);
          } } },
          el('label', { for: fieldId, class: 'visually-hidden', text: t('Edit your note') }), area,
          el('div', { class: 'own-note-actions' },
            el('button', { type: 'submit', class: 'btn btn-primary', 'data-key': `note-save-${note.id}` }, t('Save')),
            el('button', { type: 'button', class: 'btn btn-secondary', 'data-key': `note-cancel-${note.id}`,
              on: { click: () => { editing.delete(note.id); render(); } } }, t('Cancel')))));
      }
      return el('li', { class: 'own-note', dataset: { ownNote: String(note.id) } },
        el('p', { class: 'own-note-text', dir: 'auto', text: note.text }),
        note.status === 'pending' ? el('span', { class: 'held-tag', text: t('waiting for the facilitator') }) : null,
        note.status === 'hidden' ? el('span', { class: 'held-tag is-hidden', text: t('hidden by the facilitator') }) : null,
        el('div', { class: 'own-note-actions' },
          el('button', { type: 'button', class: 'btn btn-secondary', 'data-key': `note-edit-btn-${note.id}`, disabled: wait,
            'aria-label': t('Edit: {note}', { note: note.text.slice(0, 40) }),
            on: { click: () => { editing.set(note.id, note.text); render(); focusFirst(`[data-key="note-edit-${note.id}"]`); } } }, t('Edit')),
          el('button', { type: 'button', class: 'btn btn-secondary', 'data-key': `note-delete-${note.id}`, disabled: wait,
            'aria-label': t('Delete: {note}', { note: note.text.slice(0, 40) }),
            on: { click: () => {
              if (!window.confirm(t('Delete this note? It cannot be brought back.'))) return;
              queue('note.delete', { activity: id, note: note.id }, `own:${id}`);
            } } }, t('Delete'))));
    })));
}

/** The voting phase: every note with this participant's dots on it, add and take back, and the dots left. */
function dotVoting(activity) {
  const id = activity.id;
  const key = `dot:${id}`;
  const fetched = votingNotes.get(id);
  if (!fetched) fetchVoting(id);
  const mine = me.dots[String(id)] || {};
  const used = Object.values(mine).reduce((a, b) => a + b, 0);
  const budget = activity.dots || 0;
  const left = Math.max(0, budget - used);
  const pending = pendingFor(key);
  const parts = [
    el('h4', { id: `dots-title-${id}`, class: 'dots-title', text: t('Dot voting') }),
    el('p', { class: 'dots-left', role: 'status', id: `dots-left-${id}` },
      t('{left} of {budget} dots left', { left: formatNumber(left), budget: formatNumber(budget) })),
    el('p', { class: 'hint', text: activity.stacking ? t('You may put several dots on one note.') : t('One dot per note.') }),
  ];
  if (!fetched) {
    parts.push(el('p', { class: 'muted', text: t('Loading the notes…') }));
  } else if (!fetched.results.notes.length) {
    parts.push(el('p', { class: 'muted', text: t('No notes yet') }));
  } else {
    const shown = fetched.results.notes.some((n) => n.dots !== null);
    parts.push(el('ul', { class: 'dot-list', 'aria-labelledby': `dots-title-${id}` }, fetched.results.notes.map((note) => {
      const given = mine[String(note.id)] || 0;
      const short = note.text.slice(0, 40);
      return el('li', { class: `dot-note note-c${note.column % 6}${given ? ' has-my-dots' : ''}`, dataset: { dotNote: String(note.id) } },
        el('p', { class: 'note-text', dir: 'auto', text: note.text }),
        el('div', { class: 'dot-controls' },
          el('p', { class: 'dot-counts' },
            el('span', { class: 'dot-mine', text: tn('{n} of your dots', '{n} of your dots', given) }),
            shown ? el('span', { class: 'dot-total', text: tn('{n} dot in all', '{n} dots in all', note.dots) }) : null),
          el('button', { type: 'button', class: 'btn btn-secondary btn-dot', 'data-key': `dot-remove-${note.id}`,
            disabled: Boolean(pending) || !given, 'aria-label': t('Take a dot back from: {note}', { note: short }),
            'aria-describedby': `dots-left-${id}`,
            on: { click: () => queue('dot.remove', { activity: id, note: note.id }, key) } }, '−'),
          el('button', { type: 'button', class: 'btn btn-primary btn-dot', 'data-key': `dot-add-${note.id}`,
            disabled: Boolean(pending) || !left || (!activity.stacking && given > 0),
            'aria-label': t('Put a dot on: {note}', { note: short }), 'aria-describedby': `dots-left-${id}`,
            on: { click: () => queue('dot.add', { activity: id, note: note.id }, key) } }, '+')));
    })));
  }
  const fb = feedback.get(key);
  if (pending) parts.push(el('p', { class: 'status-wait', role: 'status', text: pending.sending ? t('Sending your dot…') : t('Your dot will be sent when the connection is back.') }));
  else if (fb) parts.push(el('p', { class: 'error', role: 'alert', text: fb.text }));
  return el('section', { class: 'dot-voting', 'aria-labelledby': `dots-title-${id}` }, parts);
}

/** "waiting for the facilitator" or "hidden by the facilitator" beside one of this phone's answers. */
function heldTag(activityId, text) {
  const i = (me.answers[String(activityId)] || []).indexOf(text);
  const status = i >= 0 ? (me.statuses[String(activityId)] || [])[i] : null;
  if (status === 'pending') return el('span', { class: 'held-tag', text: t('waiting for the facilitator') });
  if (status === 'hidden') return el('span', { class: 'held-tag is-hidden', text: t('hidden by the facilitator') });
  return null;
}

function submitNote(activity, form) {
  const textarea = form.querySelector('textarea');
  const select = form.querySelector('select');
  const sign = form.querySelector('input[type="checkbox"]');
  const text = textarea.value;
  const key = `note:${activity.id}`;
  if (!text.trim()) {
    feedback.set(key, { type: 'error', text: t('Write something first.') });
    render();
    return;
  }
  const payload = {
    activity: activity.id,
    column: select ? Number(select.value) : 0,
    text,
    signed: Boolean(sign && sign.checked && displayName),
  };
  drafts[activity.id] = { ...(drafts[activity.id] || {}), text: '' };
  saveDrafts();
  queue('note', payload, key);
}

function myAnswers(activity) {
  const pending = outbox.filter((i) => i.key === `answers:${activity.id}`);
  if (pending.length) return pending[pending.length - 1].payload.answers;
  return me.answers[String(activity.id)] || [];
}

/** The status under a written activity (word cloud, open question): sending, the last answer's
 * feedback, and whether it is closed, not open yet or has all of this participant's answers. */
function writtenStatus(activity, key, { pending, sending, full, closed, notOpen }) {
  const lines = [];
  const fb = feedback.get(key);
  if (pending) {
    lines.push({ type: 'wait', text: sending ? t('Sending your answers…') : t('Your answers will be sent when the connection is back.') });
  } else if (fb) {
    lines.push(fb);
  }
  if (activity.state === 'closed') lines.push({ type: 'closed', text: closed });
  else if (activity.state === 'pending') lines.push({ type: 'closed', text: notOpen });
  else if (full) lines.push({ type: 'info', text: t('You have given all your answers; remove one to change it.') });
  return statusLine(lines);
}

function buildWordCloud(activity) {
  const id = activity.id;
  const key = `answers:${id}`;
  const open = activity.state === 'open';
  const mine = myAnswers(activity);
  const pendingItems = outbox.filter((i) => i.key === key);
  const sending = pendingItems.some((i) => inFlight.has(i.id));
  const most = activity.max_answers || 1;
  const parts = [
    el('h3', { class: 'activity-title', id: `cloud-title-${id}`, dir: 'auto', text: activity.title }),
    el('p', { class: 'hint', id: `cloud-hint-${id}` },
      tn('Up to {n} answer', 'Up to {n} answers', most), ' · ',
      tn('at most {n} word each', 'at most {n} words each', activity.max_words || 3)),
  ];
  if (mine.length) {
    parts.push(el('ul', { class: 'my-answers', 'aria-label': t('Your answers') }, mine.map((text, n) => el('li', { class: 'my-answer' },
      el('bdi', { class: 'my-answer-text', text }), heldTag(id, text),
      open ? el('button', {
        type: 'button', class: 'btn btn-link btn-remove', 'data-key': `cloud-${id}-remove-${n}`,
        'aria-label': t('Remove {answer}', { answer: text }),
        on: { click: () => queue('answers', { activity: id, answers: mine.filter((_w, i) => i !== n) }, key, { replace: true }) },
      }, t('Remove')) : null))));
  }
  if (open && mine.length < most) {
    const inputId = `cloud-input-${id}`;
    const input = el('input', {
      id: inputId, type: 'text', name: 'answer', 'data-key': inputId, autocomplete: 'off', dir: 'auto',
      enterkeyhint: 'send', 'aria-describedby': `cloud-hint-${id}`,
    });
    input.value = (drafts[id] && drafts[id].text) || '';
    input.addEventListener('input', () => { drafts[id] = { ...(drafts[id] || {}), text: input.value }; saveDrafts(); });
    const form = el('form', {
      class: 'cloud-form', 'aria-labelledby': `cloud-title-${id}`,
      on: { submit: (e) => { e.preventDefault(); submitWord(activity, input.value); } },
    },
    el('div', { class: 'field' }, el('label', { for: inputId, text: mine.length ? t('Another answer') : t('Your answer') }), input),
    el('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-key': `cloud-${id}-add`, disabled: sending },
      sending ? t('Sending…') : t('Send')));
    parts.push(form);
  }
  parts.push(writtenStatus(activity, key, { pending: pendingItems.length > 0, sending, full: mine.length >= most,
    closed: t('This word cloud is closed'), notOpen: t('This word cloud has not opened yet') }));
  parts.push(el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
  return activityShell(activity, ...parts);
}

function currentAllocation(activity) {
  if (pointDrafts.has(activity.id)) return pointDrafts.get(activity.id);
  const pending = outbox.filter((i) => i.key === `points:${activity.id}`);
  if (pending.length) return pending[pending.length - 1].payload.allocation;
  return me.points[String(activity.id)] || activity.options.map(() => 0);
}

function leftText(budget, spent) {
  return spent > budget
    ? t('{over} points too many — you have {budget} to give', { over: formatNumber(spent - budget), budget: formatNumber(budget) })
    : t('{left} of {budget} points left', { left: formatNumber(budget - spent), budget: formatNumber(budget) });
}

function buildPoints(activity) {
  const id = activity.id;
  const key = `points:${id}`;
  const open = activity.state === 'open';
  const budget = activity.budget || 100;
  const allocation = [...currentAllocation(activity)];
  const sent = me.points[String(id)];
  const pending = pendingFor(key);
  const spentNow = () => allocation.reduce((a, b) => a + b, 0);
  const left = el('p', { class: 'points-left', id: `points-left-${id}`, role: 'status' });
  const send = el('button', {
    type: 'button', class: 'btn btn-primary btn-block', 'data-key': `points-${id}-send`,
    on: { click: () => { queue('points', { activity: id, allocation: [...allocation] }, key, { replace: true }); pointDrafts.delete(id); } },
  }, pending && pending.sending ? t('Sending…') : (sent ? t('Change my points') : t('Send my points')));
  const update = () => {
    const spent = spentNow();
    left.textContent = leftText(budget, spent);
    left.classList.toggle('counter-over', spent > budget);
    send.disabled = spent > budget || spent === 0 || Boolean(pending && pending.sending);
  };
  const rows = el('div', { class: 'points-rows' });
  activity.options.forEach((label, o) => {
    const inputId = `points-${id}-${o}`;
    const input = el('input', {
      id: inputId, type: 'number', min: '0', max: String(budget), step: '1', inputmode: 'numeric', 'data-key': inputId,
      disabled: !open, 'aria-describedby': `points-left-${id}`,
    });
    input.value = String(allocation[o] || 0);
    input.addEventListener('input', () => {
      const value = Number.parseInt(input.value, 10);
      allocation[o] = Number.isFinite(value) && value > 0 ? value : 0;
      pointDrafts.set(id, [...allocation]);
      feedback.delete(key);
      update();
    });
    rows.appendChild(el('div', { class: 'points-row' }, el('label', { for: inputId, dir: 'auto', text: label }), input));
  });
  update();
  const parts = [
    el('h3', { class: 'activity-title', id: `points-title-${id}`, dir: 'auto', text: activity.title }),
    el('p', { class: 'hint', text: t('Spread {budget} points over the options: more points, more weight.', { budget: formatNumber(budget) }) }),
    rows, open ? left : null, open ? send : null,
  ];
  const lines = [];
  const fb = feedback.get(key);
  if (pending) lines.push({ type: 'wait', text: pending.sending ? t('Sending your points…') : t('Your points will be sent when the connection is back.') });
  else if (fb) lines.push(fb);
  if (activity.state === 'closed') lines.push({ type: 'closed', text: t('This activity is closed') });
  else if (activity.state === 'pending') lines.push({ type: 'closed', text: t('This activity has not opened yet') });
  parts.push(statusLine(lines));
  parts.push(el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
  return activityShell(activity, ...parts);
}

function currentOrder(activity) {
  if (orderDrafts.has(activity.id)) return orderDrafts.get(activity.id);
  const pending = outbox.filter((i) => i.key === `rank:${activity.id}`);
  if (pending.length) return pending[pending.length - 1].payload.order;
  return me.orders[String(activity.id)] || activity.options.map((_o, i) => i);
}

function moveOption(activity, place, step) {
  const order = [...currentOrder(activity)];
  const target = place + step;
  if (target < 0 || target >= order.length) return;
  [order[place], order[target]] = [order[target], order[place]];
  orderDrafts.set(activity.id, order);
  feedback.delete(`rank:${activity.id}`);
  render();
  const focus = stageRoot.querySelector(`[data-key="rank-${activity.id}-${order[target]}-${step < 0 ? 'up' : 'down'}"]`);
  if (focus && !focus.disabled) focus.focus();
}

function buildRanking(activity) {
  const id = activity.id;
  const key = `rank:${id}`;
  const open = activity.state === 'open';
  const order = currentOrder(activity);
  const sent = me.orders[String(id)];
  const pending = pendingFor(key);
  const parts = [
    el('h3', { class: 'activity-title', id: `rank-title-${id}`, dir: 'auto', text: activity.title }),
    el('p', { class: 'hint', text: t('Put the options in order, the most important first.') }),
  ];
  const list = el('ol', { class: 'rank-list', 'aria-labelledby': `rank-title-${id}` });
  order.forEach((option, place) => {
    const label = activity.options[option];
    list.appendChild(el('li', { class: 'rank-item' },
      el('span', { class: 'rank-place', 'aria-hidden': 'true', text: formatNumber(place + 1) }),
      el('bdi', { class: 'rank-label', text: label }),
      open ? el('span', { class: 'rank-moves' },
        el('button', {
          type: 'button', class: 'btn btn-secondary btn-small', 'data-key': `rank-${id}-${option}-up`, disabled: place === 0,
          'aria-label': t('Move {option} up', { option: label }), on: { click: () => moveOption(activity, place, -1) },
        }, '↑'),
        el('button', {
          type: 'button', class: 'btn btn-secondary btn-small', 'data-key': `rank-${id}-${option}-down`,
          disabled: place === order.length - 1,
          'aria-label': t('Move {option} down', { option: label }), on: { click: () => moveOption(activity, place, 1) },
        }, '↓')) : null));
  });
  parts.push(list);
  if (open) {
    const sending = Boolean(pending && pending.sending);
    parts.push(el('button', {
      type: 'button', class: 'btn btn-primary btn-block', 'data-key': `rank-${id}-send`, disabled: sending,
      on: { click: () => { queue('rank', { activity: id, order: [...order] }, key, { replace: true }); orderDrafts.delete(id); } },
    }, sending ? t('Sending…') : (sent ? t('Change my ranking') : t('Send my ranking'))));
  }
  const lines = [];
  const fb = feedback.get(key);
  if (pending) lines.push({ type: 'wait', text: pending.sending ? t('Sending your ranking…') : t('Your ranking will be sent when the connection is back.') });
  else if (fb) lines.push(fb);
  if (activity.state === 'closed') lines.push({ type: 'closed', text: t('This ranking is closed') });
  else if (activity.state === 'pending') lines.push({ type: 'closed', text: t('This ranking has not opened yet') });
  parts.push(statusLine(lines));
  parts.push(el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
  return activityShell(activity, ...parts);
}

function buildOpenText(activity) {
  const id = activity.id;
  const key = `answers:${id}`;
  const open = activity.state === 'open';
  const mine = myAnswers(activity);
  const pendingItems = outbox.filter((i) => i.key === key);
  const sending = pendingItems.some((i) => inFlight.has(i.id));
  const most = activity.max_answers || 1;
  const limit = activity.text_limit || 280;
  const parts = [
    el('h3', { class: 'activity-title', id: `text-title-${id}`, dir: 'auto', text: activity.title }),
    most > 1 ? el('p', { class: 'hint', text: tn('Up to {n} answer', 'Up to {n} answers', most) }) : null,
  ];
  if (mine.length) {
    parts.push(el('ul', { class: 'my-texts', 'aria-label': t('Your answers') }, mine.map((text, n) => el('li', { class: 'my-text' },
      el('p', { class: 'my-text-body', dir: 'auto', text }), heldTag(id, text),
      open ? el('button', {
        type: 'button', class: 'btn btn-link btn-remove', 'data-key': `text-${id}-remove-${n}`,
        'aria-label': t('Remove {answer}', { answer: text.slice(0, 40) }),
        on: {
          click: () => {
            // The removed answer goes back into the box, so taking it back is also how to edit it.
            const draft = drafts[id] || {};
            if (!draft.text || !draft.text.trim()) { drafts[id] = { ...draft, text }; saveDrafts(); }
            queue('answers', { activity: id, answers: mine.filter((_w, i) => i !== n) }, key, { replace: true });
          },
        },
      }, t('Remove')) : null))));
  }
  if (open && mine.length < most) {
    const textId = `text-input-${id}`;
    const counterId = `text-count-${id}`;
    const textarea = el('textarea', { id: textId, name: 'answer', rows: '4', 'data-key': textId, 'aria-describedby': counterId, autocomplete: 'off', dir: 'auto' });
    textarea.value = (drafts[id] && drafts[id].text) || '';
    const counter = el('p', { id: counterId, class: 'counter' });
    const updateCounter = () => {
      const n = charCount(textarea.value);
      counter.textContent = n > limit
        ? t('{n} / {limit} characters — {over} too many', { n: formatNumber(n), limit: formatNumber(limit), over: formatNumber(n - limit) })
        : t('{n} / {limit} characters', { n: formatNumber(n), limit: formatNumber(limit) });
      counter.classList.toggle('counter-over', n > limit);
    };
    updateCounter();
    textarea.addEventListener('input', () => { drafts[id] = { ...(drafts[id] || {}), text: textarea.value }; saveDrafts(); updateCounter(); });
    const form = el('form', {
      class: 'text-form', 'aria-labelledby': `text-title-${id}`,
      on: {
        submit: (e) => {
          e.preventDefault();
          if (!textarea.value.trim()) { feedback.set(key, { type: 'error', text: t('Write something first.') }); render(); return; }
          drafts[id] = { ...(drafts[id] || {}), text: '' };
          saveDrafts();
          queue('answers', { activity: id, answers: [...mine, textarea.value] }, key, { replace: true });
        },
      },
    },
    el('div', { class: 'field' }, el('label', { for: textId, text: mine.length ? t('Another answer') : t('Your answer') }), textarea, counter),
    el('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-key': `text-${id}-send`, disabled: sending },
      sending ? t('Sending…') : t('Send')));
    parts.push(form);
  }
  parts.push(writtenStatus(activity, key, { pending: pendingItems.length > 0, sending, full: mine.length >= most,
    closed: t('This question is closed'), notOpen: t('This question has not opened yet') }));
  parts.push(el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
  return activityShell(activity, ...parts);
}

function myRating(activity, statement) {
  const pending = outbox.filter((i) => i.key === `rate:${activity.id}:${statement}`);
  if (pending.length) return pending[pending.length - 1].payload.value;
  const mine = me.ratings[String(activity.id)] || {};
  return mine[String(statement)];
}

function buildScale(activity) {
  const id = activity.id;
  const open = activity.state === 'open';
  const ends = scaleEnds(activity);
  const parts = [el('h3', { class: 'activity-title', id: `scale-title-${id}`, dir: 'auto', text: activity.title })];
  if (ends) parts.push(el('p', { class: 'hint', id: `scale-ends-${id}`, text: ends }));
  activity.statements.forEach((statement, s) => {
    const chosen = myRating(activity, s);
    const legendId = `scale-${id}-s${s}`;
    const row = scaleRadios(activity, `scale-${id}-${s}`, chosen, open,
      (value) => queue('rate', { activity: id, statement: s, value }, `rate:${id}:${s}`, { replace: true }));
    parts.push(el('fieldset', { class: 'scale-statement-box', 'aria-describedby': ends ? `scale-ends-${id}` : null },
      el('legend', { id: legendId, class: 'scale-legend', dir: 'auto', text: statement }), row));
  });
  const pendingItems = outbox.filter((i) => i.key.startsWith(`rate:${id}:`));
  const sending = pendingItems.some((i) => inFlight.has(i.id));
  const lines = [];
  const fb = feedback.get(`rate:${id}`);
  if (pendingItems.length) {
    lines.push({ type: 'wait', text: sending ? t('Sending your answer…') : t('Your answer will be sent when the connection is back.') });
  } else if (fb) {
    lines.push(fb);
  }
  if (activity.state === 'closed') lines.push({ type: 'closed', text: t('This scale is closed') });
  else if (activity.state === 'pending') lines.push({ type: 'closed', text: t('This scale has not opened yet') });
  parts.push(statusLine(lines));
  parts.push(el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
  return activityShell(activity, ...parts);
}

// ---------------------------------------------------------------- the Power Awareness Tool
const patStep = new Map(); // PAT id -> the decision this phone is scoring (one at a time)

/** This phone's score of one cell: the latest one waiting to be sent, else the one stored. */
function myScore(activity, d, o) {
  const pending = outbox.filter((i) => i.key === `score:${activity.id}:${d}:${o}`);
  if (pending.length) return pending[pending.length - 1].payload.level;
  const mine = me.ratings[String(activity.id)] || {};
  return mine[String(d * activity.organisations.length + o)];
}

/** The PAT on a phone: while the group scores, one decision at a time, each partner organisation
 *  with the five levels of the ladder (number and label), and where this phone is; the scores are
 *  private. Before and after, what the group is doing, and the result table once it is shown. */
function buildPat(activity) {
  const id = activity.id;
  const decisions = activity.decisions || [];
  const orgs = activity.organisations || [];
  const parts = [el('h3', { class: 'activity-title', dir: 'auto', text: activity.title }),
    el('p', { class: 'pat-phase', text: patPhaseLabel(activity.phase) })];
  const scoring = activity.phase === 'scoring' && decisions.length > 0;
  if (!scoring) {
    if (activity.phase === 'decisions') {
      parts.push(el('p', { class: 'hint', text: t('List the decisions on the board first; then you score who takes part in each, privately.') }));
    } else if (activity.phase === 'result') {
      parts.push(el('p', { class: 'hint', text: t('The levels the group agreed, the levels it wants and its actions are in the table below.') }));
    } else {
      parts.push(el('p', { class: 'hint', text: t('Private scoring is closed. The group now agrees the levels together.') }));
    }
    if (decisions.length) parts.push(el('ol', { class: 'pat-decision-list' }, decisions.map((d) => el('li', { dir: 'auto', text: d }))));
  } else {
    const done = decisions.map((_d, d) => orgs.every((_o, o) => myScore(activity, d, o) !== undefined));
    // The first decision not yet scored when the card first shows; then it stays until the
    // participant moves on (scoring the last organisation does not jump away from the decision).
    if (!patStep.has(id)) patStep.set(id, done.indexOf(false) < 0 ? 0 : done.indexOf(false));
    const d = Math.min(patStep.get(id), decisions.length - 1);
    const open = activity.state === 'open';
    const ladder = patLadder();
    parts.push(el('p', { class: 'hint', text: t('Your scores are private and anonymous: the board shows only how many gave each level.') }));
    parts.push(el('p', { class: 'pat-progress', role: 'status' },
      el('strong', { text: t('Decision {n} of {count}', { n: formatNumber(d + 1), count: formatNumber(decisions.length) }) }),
      ' · ' + t('{done} of {count} scored', { done: formatNumber(done.filter(Boolean).length), count: formatNumber(decisions.length) })));
    parts.push(el('h4', { class: 'pat-decision-title', dir: 'auto', text: decisions[d] }));
    parts.push(el('p', { class: 'hint', text: t('How much say does each organisation have in this decision today?') }));
    orgs.forEach((organisation, o) => {
      const chosen = myScore(activity, d, o);
      const name = `pat-${id}-${d}-${o}`;
      const choices = el('div', { class: 'pat-choices' }, ladder.map((label, level) => el('label', { class: `pat-choice pat-choice-${level}` },
        el('input', { type: 'radio', name, value: String(level), checked: chosen === level, disabled: !open, 'data-key': `${name}-${level}`,
          on: { change: () => queue('score', { activity: id, decision: d, organisation: o, level }, `score:${id}:${d}:${o}`, { replace: true }) } }),
        el('span', { class: `pat-level pat-${level}`, 'aria-hidden': 'true', text: formatNumber(level) }),
        el('span', { class: 'pat-choice-label', text: label }))));
      parts.push(el('fieldset', { class: 'pat-org-box' }, el('legend', { class: 'scale-legend', dir: 'auto', text: organisation }), choices));
    });
    const go = (step) => { patStep.set(id, step); render(); focusFirst(`[data-activity="${id}"] .pat-decision-title`); };
    parts.push(el('div', { class: 'pat-nav' },
      el('button', { type: 'button', class: 'btn btn-secondary', disabled: d === 0, 'data-key': `pat-prev-${id}`, on: { click: () => go(d - 1) } }, t('Previous decision')),
      d < decisions.length - 1
        ? el('button', { type: 'button', class: 'btn btn-primary', 'data-key': `pat-next-${id}`, on: { click: () => go(d + 1) } }, t('Next decision'))
        : null));
    if (done.every(Boolean)) parts.push(el('p', { class: 'status-ok', text: t('All decisions scored — thank you. You can change a score until the scoring closes.') }));
  }
  const pendingItems = outbox.filter((i) => i.key.startsWith(`score:${id}:`));
  const sending = pendingItems.some((i) => inFlight.has(i.id));
  const lines = [];
  const fb = feedback.get(`score:${id}`);
  if (pendingItems.length) lines.push({ type: 'wait', text: sending ? t('Sending your answer…') : t('Your answer will be sent when the connection is back.') });
  else if (fb) lines.push(fb);
  if (activity.state === 'closed') lines.push({ type: 'closed', text: t('This activity is closed') });
  parts.push(statusLine(lines));
  parts.push(el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
  return activityShell(activity, ...parts);
}

/** One radio button per value of a scale (``range``: its min and max); ``pick(value)`` when one is chosen. */
function scaleRadios(range, name, chosen, open, pick) {
  const points = range.max - range.min + 1;
  const row = el('div', { class: `scale-choices scale-points-${points}` });
  for (let value = range.min; value <= range.max; value += 1) {
    row.appendChild(el('label', { class: 'scale-choice' },
      el('input', {
        type: 'radio', name, value: String(value), checked: chosen === value, disabled: !open,
        'data-key': `${name}-${value}`, on: { change: () => pick(value) },
      }),
      el('span', { class: 'scale-choice-value', text: formatNumber(value) })));
  }
  return row;
}

/** This phone's answer to a survey question: the latest one waiting to be sent, else the one stored. */
function mySurveyAnswer(activity, question) {
  const pending = outbox.filter((i) => i.key === `survey:${activity.id}:${question}`);
  if (pending.length) return pending[pending.length - 1].payload.answer;
  const mine = me.surveys[String(activity.id)] || {};
  return mine[String(question)];
}

function answerQuestion(activity, question, answer) {
  queue('survey', { activity: activity.id, question, answer }, `survey:${activity.id}:${question}`, { replace: true });
}

function surveyChoices(activity, question, n, chosen, open) {
  const id = activity.id;
  const most = question.multiple ? (question.max_choices || question.options.length) : 1;
  const picked = Array.isArray(chosen) ? chosen : [];
  const box = el('div', { class: 'choices' });
  question.options.forEach((label, o) => {
    const on = picked.includes(o);
    box.appendChild(el('label', { class: 'choice' },
      el('input', {
        type: question.multiple ? 'checkbox' : 'radio', name: `survey-${id}-${n}`, value: String(o), checked: on,
        // At the maximum, the other options wait until one is unticked (the server refuses more too).
        disabled: !open || (question.multiple && !on && picked.length >= most),
        'data-key': `survey-${id}-${n}-${o}`,
        on: { change: (e) => {
          const next = !question.multiple ? [o] : (e.target.checked ? [...picked, o] : picked.filter((c) => c !== o));
          answerQuestion(activity, n, next.sort((a, b) => a - b));
        } },
      }),
      el('span', { class: 'choice-text', dir: 'auto', text: label })));
  });
  return box;
}

function buildSurvey(activity) {
  const id = activity.id;
  const open = activity.state === 'open';
  const questions = activity.questions || [];
  const parts = [el('h3', { class: 'activity-title', dir: 'auto', text: activity.title })];
  let answered = 0;
  questions.forEach((question, n) => {
    const chosen = mySurveyAnswer(activity, n);
    if (chosen !== undefined && chosen !== null && !(Array.isArray(chosen) && !chosen.length)) answered += 1;
    const hintId = `survey-${id}-${n}-hint`;
    let hint = null;
    let control;
    if (question.kind === 'scale') {
      hint = scaleEnds(question);
      control = scaleRadios(question, `survey-${id}-${n}`, chosen, open, (value) => answerQuestion(activity, n, value));
    } else {
      if (!question.multiple) hint = t('Choose one');
      else if (question.max_choices) hint = t('Choose up to {n}', { n: formatNumber(question.max_choices) });
      else hint = t('Choose one or more');
      control = surveyChoices(activity, question, n, chosen, open);
    }
    parts.push(el('fieldset', { class: 'survey-question-box', 'aria-describedby': hint ? hintId : null },
      el('legend', { class: 'scale-legend', dir: 'auto', text: t('{n}. {question}', { n: formatNumber(n + 1), question: question.text }) }),
      hint ? el('p', { class: 'hint', id: hintId, text: hint }) : null,
      control));
  });
  const pendingItems = outbox.filter((i) => i.key.startsWith(`survey:${id}:`));
  const sending = pendingItems.some((i) => inFlight.has(i.id));
  const left = questions.length - answered;
  const lines = [];
  const fb = feedback.get(`survey:${id}`);
  if (pendingItems.length) {
    lines.push({ type: 'wait', text: sending ? t('Sending your answer…') : t('Your answer will be sent when the connection is back.') });
  } else if (fb && fb.type === 'error') {
    lines.push(fb);
  }
  if (activity.state === 'closed') lines.push({ type: 'closed', text: t('This survey is closed') });
  else if (activity.state === 'pending') lines.push({ type: 'closed', text: t('This survey has not opened yet') });
  else if (left) lines.push({ type: 'info', text: tn('{n} question left', '{n} questions left', left) });
  else lines.push({ type: 'ok', text: t('All questions answered — you can change your answers until the survey closes') });
  // The count of what is left sits at the top too, where the participant starts.
  parts.splice(1, 0, el('p', { class: 'hint survey-progress', text: t('{answered} of {total} answered', {
    answered: formatNumber(answered), total: formatNumber(questions.length) }) }));
  parts.push(statusLine(lines));
  parts.push(el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
  return activityShell(activity, ...parts);
}

function submitWord(activity, typed) {
  const key = `answers:${activity.id}`;
  const text = typed.trim().replace(/\s+/g, ' ');
  const mine = myAnswers(activity);
  let problem = null;
  if (!text) problem = t('Write something first.');
  else if (text.split(' ').length > (activity.max_words || 3)) {
    problem = tn('Use at most {n} word.', 'Use at most {n} words.', activity.max_words || 3);
  } else if (mine.some((w) => w.toLocaleLowerCase() === text.toLocaleLowerCase())) problem = t('You have already given that answer.');
  if (problem) {
    feedback.set(key, { type: 'error', text: problem });
    render();
    return;
  }
  drafts[activity.id] = { ...(drafts[activity.id] || {}), text: '' };
  saveDrafts();
  queue('answers', { activity: activity.id, answers: [...mine, text] }, key, { replace: true });
}

// ---------------------------------------------------------------- Q&A

function buildQnA(activity) {
  const id = activity.id;
  const key = `ask:${id}`;
  const draft = drafts[id] || { text: '', signed: false };
  const pendingItems = outbox.filter((i) => i.key === key);
  const sending = pendingItems.some((i) => inFlight.has(i.id));
  const limit = activity.question_limit || 280;
  const asked = (me.questions[String(id)] || []).length + pendingItems.length;
  const most = activity.max_questions || 5;
  const parts = [el('h3', { class: 'activity-title', id: `qna-title-${id}`, dir: 'auto', text: activity.title })];
  if (activity.state === 'open' && asked < most) {
    const textId = `ask-text-${id}`;
    const counterId = `ask-count-${id}`;
    const textarea = el('textarea', { id: textId, name: 'text', rows: '3', 'data-key': textId, 'aria-describedby': counterId, autocomplete: 'off', dir: 'auto' });
    textarea.value = draft.text || '';
    const counter = el('p', { id: counterId, class: 'counter' });
    const updateCounter = () => {
      const n = charCount(textarea.value);
      counter.textContent = t('{n} / {limit} characters', { n: formatNumber(n), limit: formatNumber(limit) });
      counter.classList.toggle('counter-over', n > limit);
    };
    updateCounter();
    textarea.addEventListener('input', () => { drafts[id] = { ...(drafts[id] || draft), text: textarea.value }; saveDrafts(); updateCounter(); });
    const signId = `ask-sign-${id}`;
    const form = el('form', {
      class: 'ask-form', 'aria-labelledby': `qna-title-${id}`,
      on: { submit: (e) => { e.preventDefault(); submitQuestion(activity, textarea, form.querySelector('input[type="checkbox"]')); } },
    },
    el('div', { class: 'field' }, el('label', { for: textId, text: t('Your question') }), textarea, counter),
    displayName ? el('label', { class: 'check', for: signId },
      el('input', { type: 'checkbox', id: signId, 'data-key': signId, checked: Boolean(draft.signed),
        on: { change: (e) => { drafts[id] = { ...(drafts[id] || draft), signed: e.target.checked }; saveDrafts(); } } }),
      el('span', {}, withNodes(t('Show my name ({name}) with this question'), { name: el('strong', { dir: 'auto', text: displayName }) }))) : null,
    el('button', { type: 'submit', class: 'btn btn-primary btn-block', 'data-key': `ask-send-${id}`, disabled: sending },
      sending ? t('Sending…') : t('Ask')));
    parts.push(form);
  } else if (draft.text && draft.text.trim()) {
    // The Q&A closed (or this phone reached its number of questions) while this was being written: kept, not lost.
    parts.push(el('section', { class: 'kept-draft', 'aria-label': t('Your question, not sent') },
      el('p', { class: 'kept-draft-label', text: t('Your question, not sent: it stays on this phone and comes back if the Q&A opens again.') }),
      el('p', { class: 'kept-draft-text', dir: 'auto', text: draft.text })));
  }
  const lines = [];
  if (pendingItems.length) lines.push({ type: 'wait', text: sending ? t('Sending your question…') : t('Your question will be sent when the connection is back.') });
  for (const k of [key, `upvote:${id}`]) if (feedback.get(k)) lines.push(feedback.get(k));
  if (activity.state === 'closed') lines.push({ type: 'closed', text: t('This Q&A is closed') });
  else if (activity.state === 'pending') lines.push({ type: 'closed', text: t('This Q&A has not opened yet') });
  if (asked) lines.push({ type: 'info', text: t('You have asked {n} of {most} questions here.', { n: formatNumber(asked), most: formatNumber(most) }) });
  parts.push(statusLine(lines));
  parts.push(el('div', { class: 'activity-results', dataset: { resultsFor: String(id) } }, resultsFor(activity)));
  return activityShell(activity, ...parts);
}

function submitQuestion(activity, textarea, sign) {
  const key = `ask:${activity.id}`;
  if (!textarea.value.trim()) {
    feedback.set(key, { type: 'error', text: t('Write something first.') });
    render();
    return;
  }
  const payload = { activity: activity.id, text: textarea.value, signed: Boolean(sign && sign.checked && displayName) };
  drafts[activity.id] = { ...(drafts[activity.id] || {}), text: '' };
  saveDrafts();
  queue('ask', payload, key);
}

/** Whether this phone upvotes a question: the last upvote or take-back not yet sent, else what the server said. */
function upvoting(activityId, questionId) {
  const waiting = outbox.filter((i) => i.key === `upvote:${activityId}:${questionId}`);
  if (waiting.length) return waiting[waiting.length - 1].payload.up;
  return (me.upvotes[String(activityId)] || []).includes(questionId);
}

function upvoteButton(activity, q) {
  const on = upvoting(activity.id, q.id);
  return el('button', {
    type: 'button', class: `btn btn-small btn-upvote${on ? ' is-chosen' : ''}`, 'aria-pressed': on ? 'true' : 'false',
    'data-key': `upvote-${q.id}`, disabled: activity.state !== 'open',
    on: { click: () => {
      queue('upvote', { activity: activity.id, question: q.id, up: !on }, `upvote:${activity.id}:${q.id}`, { replace: true });
    } },
  }, on ? t('Upvoted') : t('Upvote'),
  // The question in the button's name, for a screen reader going from button to button.
  el('span', { class: 'visually-hidden', dir: 'auto', text: ` ${q.text}` }));
}

function questionsFor(activity, event) {
  const mine = me.questions[String(activity.id)] || [];
  const ownIds = new Set(mine.map((q) => q.id));
  const listed = event && event.visible !== false && event.results ? event.results.questions || [] : null;
  const seen = new Set((listed || []).map((q) => q.id));
  const waiting = mine.filter((q) => q.status === 'pending' && !seen.has(q.id));
  const parts = [];
  if (waiting.length) {
    parts.push(el('section', { class: 'phone-results', 'aria-label': t('Your questions waiting for the facilitator') },
      el('p', { class: 'results-heading', text: t('Your questions waiting for the facilitator') }),
      el('ul', { class: 'question-list' }, waiting.map((q) => el('li', { class: 'question is-waiting' },
        el('p', { class: 'question-text', dir: 'auto', text: q.text }),
        el('p', { class: 'question-meta' }, el('span', { class: 'badge badge-pending', text: t('waiting for the facilitator') })))))));
  }
  if (listed) {
    parts.push(el('section', { class: 'phone-results', 'aria-label': t('Questions: {title}', { title: activity.title }) },
      el('p', { class: 'results-heading', text: t("The room's questions") }),
      questionList({ questions: listed }, {
        // No Upvote on one's own question: it could only be refused (the server refuses it still).
        controls: (q) => (ownIds.has(q.id) ? null : upvoteButton(activity, q)),
        note: (q) => (ownIds.has(q.id) ? el('span', { class: 'bar-you', text: t('(your question)') }) : null),
      })));
  }
  return parts;
}

function resultsFor(activity) {
  const event = results.get(activity.id);
  if (activity.kind === 'qna') return questionsFor(activity, activity.results_visible ? event : null);
  if (!activity.results_visible || !event || event.visible === false) return null;
  if (activity.kind === 'poll') {
    if (!event.results) return null;
    return el('section', { class: 'phone-results', 'aria-label': t('Results: {title}', { title: activity.title }) },
      el('p', { class: 'results-heading', text: t('Results') }),
      pollBars(event.results, { yours: me.votes[String(activity.id)] || [] }));
  }
  if (activity.kind !== 'board' && !event.results) return null;
  if (activity.kind === 'points') {
    return el('section', { class: 'phone-results', 'aria-label': t('Results: {title}', { title: activity.title }) },
      el('p', { class: 'results-heading', text: t('Results') }),
      pointsView(event.results, { yours: me.points[String(activity.id)] || [] }));
  }
  if (activity.kind === 'ranking') {
    return el('section', { class: 'phone-results', 'aria-label': t('Results: {title}', { title: activity.title }) },
      el('p', { class: 'results-heading', text: t('Results') }), rankingView(event.results));
  }
  if (activity.kind === 'text') {
    const shown = el('details', { class: 'phone-results phone-notes', open: openNotes.has(activity.id) },
      el('summary', { text: t("See everyone's answers ({count})", { count: formatNumber(event.results.count || 0) }) }),
      textWall(event.results));
    shown.addEventListener('toggle', () => {
      if (shown.open) openNotes.add(activity.id);
      else openNotes.delete(activity.id);
    });
    return shown;
  }
  if (activity.kind === 'scale') {
    return el('section', { class: 'phone-results', 'aria-label': t('Results: {title}', { title: activity.title }) },
      el('p', { class: 'results-heading', text: t('Results') }),
      scaleView(event.results, { yours: me.ratings[String(activity.id)] || {} }));
  }
  if (activity.kind === 'pat') {
    if (!['agreeing', 'result'].includes(event.results.phase) || !(event.results.decisions || []).length) return null;
    return el('section', { class: 'phone-results', 'aria-label': t('Results: {title}', { title: activity.title }) },
      el('p', { class: 'results-heading', text: t('Results') }), patLegend(), el('div', { class: 'pat-table-wrap' }, patTable(event.results)));
  }
  if (activity.kind === 'survey') {
    return el('section', { class: 'phone-results', 'aria-label': t('Results: {title}', { title: activity.title }) },
      el('p', { class: 'results-heading', text: t('Results') }),
      surveyView(event.results, { yours: me.surveys[String(activity.id)] || {} }));
  }
  if (activity.kind === 'wordcloud') {
    return el('section', { class: 'phone-results', 'aria-label': t('Results: {title}', { title: activity.title }) },
      el('p', { class: 'results-heading', text: t('Results') }),
      wordList(event.results, { limit: 15, yours: me.answers[String(activity.id)] || [] }));
  }
  // Notes fold away so that the next question stays close; they are fetched when unfolded.
  const count = event.responses || 0;
  const fetched = fetchedNotes.get(activity.id);
  const details = el('details', { class: 'phone-results phone-notes', open: openNotes.has(activity.id) },
    el('summary', { text: t("See everyone's notes ({count})", { count: formatNumber(count) }) }),
    fetched ? noteColumns(fetched.results, { headingLevel: 'h4' }) : el('p', { class: 'muted', text: t('Loading the notes…') }));
  details.addEventListener('toggle', () => {
    if (details.open) {
      openNotes.add(activity.id);
      if (!fetched || fetched.responses !== count) fetchNotes(activity.id);
    } else openNotes.delete(activity.id);
  });
  return details;
}

function fetchNotes(activityId) {
  fetchInto('results.get', activityId, notesFetch, fetchedNotes, () => openNotes.has(activityId), () => updateResults(activityId));
}

function votingOn(activityId) {
  const activity = state && state.stage ? state.stage.activities.find((a) => a.id === activityId) : null;
  return Boolean(activity && activity.kind === 'board' && activity.phase === 'vote' && activity.state === 'open');
}

function fetchVoting(activityId) {
  fetchInto('notes.get', activityId, votingFetch, votingNotes, () => votingOn(activityId), (ack, acks) => {
    // This phone's dots as read, unless a dot of its own was acknowledged after the read went out
    // (answers come concurrently): the older read would take that dot away again on the phone.
    if (ack.mine && !pendingFor(`dot:${activityId}`) && acks === acksApplied) me.dots[String(activityId)] = ack.mine;
    render();
  });
}

/** Ask for a board's notes (`event`), at most every NOTES_REFRESH, again while `wanted()` and a newer one is due. */
function fetchInto(event, activityId, jobs, into, wanted, done) {
  const job = jobs.get(activityId) || { busy: false, again: false };
  jobs.set(activityId, job);
  if (job.busy) { job.again = true; return; }
  if (!socket.connected || !joined) return;
  job.busy = true;
  job.again = false;
  const acks = acksApplied;
  emitAck(socket, event, { activity: activityId }, ACK_TIMEOUT).then((ack) => {
    if (ack.ok && ack.results) {
      into.set(activityId, ack);
      const latest = results.get(activityId);
      if (latest && latest.revision && ack.results.revision && latest.revision !== ack.results.revision) job.again = true;
      done(ack, acks);
    } else {
      job.again = true; // refused (a rate limit, a server that restarted): ask again in a moment
    }
  }).catch(() => { job.again = true; }).finally(() => {
    window.setTimeout(() => {
      job.busy = false;
      if (job.again && wanted()) fetchInto(event, activityId, jobs, into, wanted, done);
    }, NOTES_REFRESH);
  });
}

function updateResults(activityId) {
  if (redraws.wait(`results:${activityId}`, () => updateResults(activityId))) return; // its buttons too
  const event = results.get(activityId);
  const voting = votingNotes.get(activityId);
  if (votingOn(activityId) && event && event.revision && (!voting || voting.results.revision !== event.revision)) fetchVoting(activityId);
  const box = stageRoot.querySelector(`[data-results-for="${activityId}"]`);
  if (!box || !state || !state.stage) return;
  const activity = state.stage.activities.find((a) => a.id === activityId);
  if (!activity) return;
  fill(box, resultsFor(activity));
  const fetched = fetchedNotes.get(activityId);
  if (activity.kind === 'board' && openNotes.has(activityId) && event && event.visible !== false
      && (!fetched || fetched.responses !== event.responses)) fetchNotes(activityId);
}

// ---------------------------------------------------------------- display name

const nameForm = $('name-form');
const nameInput = $('name-input');
const nameStatus = $('name-status');
const nameSave = $('name-save');

function renderNameBox() {
  $('name-summary').textContent = displayName ? t('Your name: {name}', { name: displayName }) : t('Your name: not shown (anonymous)');
  if (document.activeElement !== nameInput && !nameInput.dataset.dirty) nameInput.value = displayName;
}

nameInput.addEventListener('input', () => { nameInput.dataset.dirty = '1'; });

nameForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (!socket.connected || !joined) {
    nameStatus.textContent = t('Not connected — try again in a moment.');
    return;
  }
  const wanted = nameInput.value.trim();
  nameSave.disabled = true;
  nameStatus.textContent = t('Saving…');
  sendJoin({ name: wanted }).then((ack) => {
    nameSave.disabled = false;
    if (!ack) { nameStatus.textContent = t('No answer from the server — try again.'); return; }
    if (!ack.ok) { nameStatus.textContent = ack.error || t('The name was not accepted.'); return; }
    delete nameInput.dataset.dirty;
    nameInput.value = displayName;
    nameStatus.textContent = displayName ? t('Saved. Your name is {name}.', { name: displayName }) : t('Saved. You are anonymous.');
    render();
  });
});

// ---------------------------------------------------------------- language
// The picker is a GET form (?lang=xx: the server answers in that language and keeps it in a cookie).
// The choice is also kept in localStorage, so it survives a lost cookie.

const LANG_KEY = 'baraza:lang';
const languageForm = $('language-form');

function cookieLanguage() {
  const match = /(?:^|;\s*)baraza_lang=([a-z]{2})(?:;|$)/.exec(document.cookie);
  return match ? match[1] : null;
}

function rememberLanguage(lang) {
  store.set(LANG_KEY, lang);
  document.cookie = `baraza_lang=${encodeURIComponent(lang)}; path=/; max-age=31536000; SameSite=Lax`;
}

if (languageForm) {
  const known = Array.from(languageForm.elements.lang.options, (o) => o.value);
  languageForm.addEventListener('submit', (event) => {
    if (!socket.connected) {
      // Loading the page again without a connection would leave the participant with nothing.
      event.preventDefault();
      $('language-status').textContent = t('You are offline: change the language when the connection is back.');
      return;
    }
    rememberLanguage(languageForm.elements.lang.value);
  });
  const fromUrl = new URLSearchParams(window.location.search).get('lang');
  const fromCookie = cookieLanguage();
  const saved = store.get(LANG_KEY);
  if (known.includes(fromUrl)) store.set(LANG_KEY, fromUrl);
  else if (known.includes(fromCookie)) store.set(LANG_KEY, fromCookie);
  else if (known.includes(saved) && saved !== language()) {
    // Picked on this phone before, but the cookie is gone: load the page in that language.
    rememberLanguage(saved);
    window.location.replace(`${window.location.pathname}?lang=${encodeURIComponent(saved)}`);
  }
}

render();

// ---------------------------------------------------------------- the cross-group vote (report-back)

const crossDots = new Map(); // cross-group vote id -> { mine: {item id: dots}, left, error, busy }

function askCrossDots(activityId) {
  if (!joined || !socket.connected) return;
  crossDots.set(activityId, { ...(crossDots.get(activityId) || { mine: {}, left: null }), busy: true });
  emitAck(socket, 'crossvote.get', { activity: activityId }, ACK_TIMEOUT).then((ack) => {
    crossDots.set(activityId, ack.ok ? { mine: ack.mine || {}, left: ack.left, busy: false }
      : { mine: {}, left: null, busy: false, error: ack.error });
    render();
  }).catch(() => { crossDots.delete(activityId); render(); }); // asked again as it is drawn
}

// A dot sent with no answer in time may still have reached the server: the next tap on the same
// button sends it again under the same id, which the server answers without adding a second dot.
const crossUnanswered = new Map(); // "<activity>:<event>:<item>" -> the id of the unanswered dot

function crossDot(activity, itemId, adding) {
  const known = crossDots.get(activity.id) || { mine: {}, left: null };
  if (known.busy) return;
  crossDots.set(activity.id, { ...known, busy: true, error: null });
  render();
  const event = adding ? 'crossvote.add' : 'crossvote.remove';
  const key = `${activity.id}:${event}:${itemId}`;
  const id = crossUnanswered.get(key) || clientId();
  crossUnanswered.set(key, id);
  emitAck(socket, event, { id, activity: activity.id, item: itemId }, ACK_TIMEOUT).then((ack) => {
    crossUnanswered.delete(key);
    crossDots.set(activity.id, ack.ok ? { mine: ack.mine || {}, left: ack.left, busy: false }
      : { ...known, busy: false, error: ack.error });
    render();
  }).catch(() => {
    crossDots.set(activity.id, { ...known, busy: false, error: t('Not sent: check your connection and try again.') });
    render();
  });
}

/** Dots on what the groups promoted, grouped by group: put one, take one back, within the budget. */
function buildCrossVote(activity) {
  const report = (state.stage && state.stage.report) || { groups: [] };
  // While this phone's dots are being read, its buttons wait: a tap then would be dropped.
  if (!crossDots.has(activity.id) && activity.state === 'open') askCrossDots(activity.id);
  const known = crossDots.get(activity.id);
  const mine = (known && known.mine) || {};
  const left = known && typeof known.left === 'number' ? known.left : activity.dots;
  const open = activity.state === 'open';
  const parts = [el('h3', { class: 'activity-title', dir: 'auto', text: activity.title }),
    el('p', { class: 'crossvote-left', role: 'status', text: open
      ? t('{left} of {budget} dots left', { left: formatNumber(left), budget: formatNumber(activity.dots) }) : t('Closed') })];
  for (const group of report.groups) {
    if (!group.items.length) continue;
    parts.push(el('section', { class: 'crossvote-group', 'aria-label': group.name },
      el('h4', { class: 'crossvote-group-name', dir: 'auto', text: group.name }),
      el('ul', { class: 'promoted-list' }, group.items.map((item) => {
        const given = mine[String(item.id)] || 0;
        const label = item.label.slice(0, 60);
        const buttons = open ? el('div', { class: 'crossvote-buttons' },
          el('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-key': `crossvote-remove:${item.id}`,
            disabled: !given || (known && known.busy), 'aria-label': t('Take a dot back from: {note}', { note: label }),
            on: { click: () => crossDot(activity, item.id, false) } }, '−'),
          el('span', { class: 'crossvote-mine', text: tn('{n} dot', '{n} dots', given) }),
          el('button', { type: 'button', class: 'btn btn-primary btn-small', 'data-key': `crossvote-add:${item.id}`,
            disabled: !left || (!activity.stacking && given > 0) || (known && known.busy),
            'aria-label': t('Put a dot on: {note}', { note: label }),
            on: { click: () => crossDot(activity, item.id, true) } }, '+')) : null;
        return promotedItem(item, { extra: buttons });
      }))));
  }
  if (parts.length === 2) parts.push(el('p', { class: 'muted', text: t('The groups have not promoted anything yet.') }));
  if (known && known.error) parts.push(el('p', { class: 'error', role: 'alert', text: known.error }));
  return activityShell(activity, ...parts);
}
