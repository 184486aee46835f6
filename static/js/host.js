// A group host's page: the console of one working group, and nothing else. The host link's secret
// is this page's API token; the server refuses it for anything outside the group (and once revoked).
import {
  activityKindLabel, activityStateLabel, appData, el, fill, noteCard, noteColumns, plural,
  questionItem, questionList, redrawsWaitForRelease, resultsView, showTimers, syncClock,
} from './common.js';
import { linkedPage } from './linked.js';
import { patControls } from './pat-console.js';
import { PROMOTABLE_RESULTS, promoteToggles } from './promote.js';

const { data } = appData();
const token = data.apiToken;
const code = data.code;
const myStage = Number(data.hostStage);
const myGroup = data.hostGroup;
const $ = (id) => document.getElementById(id);
const sessionPath = `/api/sessions/${encodeURIComponent(code)}`;

const results = new Map(); // activity id -> its latest results event (with the moderation queue)
let state = null;
const page = linkedPage({
  token, message: 'host-message', connection: 'host-connection',
  revokedText: 'The facilitator has revoked this host link: it no longer runs the group. Ask the facilitator for a new one.',
  onRevoked: () => {
    fill($('host-group-timer'));
    fill($('host-activities'));
    $('host-status').textContent = '';
  },
});
const { say, call } = page;

// ------------------------------------------------------------ what belongs to this group
function myActivities() {
  const stage = state && state.stage;
  if (!stage || stage.position !== myStage) return [];
  return stage.activities.filter((a) => a.group === myGroup && a.stage === myStage);
}

function replaceActivity(view) {
  if (view && state && state.stage) {
    state.stage.activities = state.stage.activities.map((a) => (a.id === view.id ? view : a));
    render();
  }
}

const activityPath = (activity, rest = '') => `${sessionPath}/activities/${activity.id}${rest}`;

async function control(activity, action) {
  const answer = await call('POST', activityPath(activity), { action });
  if (answer) replaceActivity(answer.activity);
}

async function setOption(activity, name, value) {
  const answer = await call('POST', activityPath(activity, '/options'), { [name]: value });
  if (answer) replaceActivity(answer.activity);
}

/** Run a timer: an activity's (``activity``), or the group's own (``activity`` null). */
async function timer(activity, action, minutes = null) {
  const body = activity ? { action, activity: activity.id } : { action, group: myGroup };
  if (minutes) body.minutes = minutes;
  const answer = await call('POST', `${sessionPath}/timer`, body);
  if (answer && answer.state) setState(answer.state);
}

async function boardChange(activity, method, rest, body) {
  const answer = await call(method, activityPath(activity, rest), body);
  if (answer && answer.results) {
    const event = results.get(activity.id) || { activity: activity.id, visible: activity.results_visible };
    results.set(activity.id, { ...event, results: answer.results, responses: answer.results.count });
    updateResults(activity.id);
  }
  return answer;
}

// The Power Awareness Tool's phases, decisions and agreeing form, as on the console (static/js/pat-console.js).
const pat = patControls({ code, call, say, results, refresh: (id) => updateResults(id) });

// ------------------------------------------------------------ the page
function button(label, key, onClick, { primary = false, disabled = false, ariaLabel = null } = {}) {
  return el('button', { type: 'button', class: `btn btn-small ${primary ? 'btn-primary' : 'btn-secondary'}`,
    'data-key': key, disabled, 'aria-label': ariaLabel, on: { click: onClick } }, label);
}

function controls(activity) {
  return el('div', { class: 'control-buttons', role: 'group', 'aria-label': `Controls for ${activity.title}` },
    button('Open', `open:${activity.id}`, () => control(activity, 'open'), { primary: true, disabled: activity.state === 'open' }),
    button('Close', `close:${activity.id}`, () => control(activity, 'close'), { disabled: activity.state !== 'open' }),
    button('Reveal results', `reveal:${activity.id}`, () => control(activity, 'reveal'), { disabled: activity.results_visible }),
    button('Hide results', `hide:${activity.id}`, () => control(activity, 'hide'), { disabled: !activity.results_visible }));
}

function options(activity) {
  const labels = { moderate: 'Approval queue: new items wait for me', blur: 'Board shows blurred notes while the results are hidden' };
  const names = Object.keys(labels).filter((name) => typeof activity[name] === 'boolean');
  if (!names.length) return null;
  return el('div', { class: 'activity-options', role: 'group', 'aria-label': `Moderation of ${activity.title}` },
    names.map((name) => el('label', { class: 'check' },
      el('input', { type: 'checkbox', checked: activity[name], 'data-key': `${name}:${activity.id}`,
        on: { change: (event) => setOption(activity, name, event.target.checked) } }), ` ${labels[name]}`)));
}

function activityTimer(activity) {
  const view = ((state.stage.timers || {}).activities || {})[String(activity.id)];
  const minutes = el('input', { type: 'number', min: '1', max: '600', value: '5', class: 'timer-minutes',
    'aria-label': `Minutes for the timer of ${activity.title}`, 'data-key': `timer-minutes:${activity.id}` });
  return el('div', { class: 'timer-panel', role: 'group', 'aria-label': `Timer for ${activity.title}` },
    el('span', { class: 'timer-label', text: 'Timer' }),
    el('span', { class: 'timer', role: 'timer', dataset: { timerFor: String(activity.id) } }),
    view ? button(view.running ? 'Pause' : 'Resume', `timer:${activity.id}`, () => timer(activity, view.running ? 'pause' : 'start')) : null,
    view ? button('+1 min', `timer-add:${activity.id}`, () => timer(activity, 'add')) : null,
    el('label', { class: 'timer-new' }, minutes, ' min'),
    button(view ? 'Restart' : 'Start', `timer-start:${activity.id}`, () => {
      const n = Number(minutes.value);
      if (!Number.isInteger(n) || n < 1 || n > 600) { say('A timer takes a whole number of minutes from 1 to 600.'); return; }
      timer(activity, 'start', n);
    }));
}

/** The group's own timer (scope "group:<stage>:<key>"): the host starts, pauses and extends it. */
function groupTimer() {
  if (!state || !state.stage || !myGroup) return null;
  const view = ((state.stage.timers || {}).groups || {})[myGroup] || null;
  // The stage's planned minutes to start with, as in the console's all-groups view.
  const minutes = el('input', { type: 'number', min: '1', max: '600', value: String(state.stage.minutes || 20), class: 'timer-minutes',
    'aria-label': 'Minutes for the group timer', 'data-key': 'timer-minutes:group' });
  return el('div', { class: 'timer-panel', role: 'group', 'aria-label': 'Group timer' },
    el('span', { class: 'timer-label', text: 'Group timer' }),
    el('span', { class: 'timer', role: 'timer', dataset: { timerFor: `group:${myGroup}` } }),
    view ? button(view.running ? 'Pause' : 'Resume', 'timer:group', () => timer(null, view.running ? 'pause' : 'start')) : null,
    view ? button('+1 min', 'timer-add:group', () => timer(null, 'add')) : null,
    el('label', { class: 'timer-new' }, minutes, ' min'),
    button(view ? 'Restart' : 'Start', 'timer-start:group', () => {
      const n = Number(minutes.value);
      if (!Number.isInteger(n) || n < 1 || n > 600) { say('A timer takes a whole number of minutes from 1 to 600.'); return; }
      timer(null, 'start', n);
    }));
}

function boardTools(activity) {
  const voting = activity.phase === 'vote';
  const dots = el('input', { type: 'number', min: '1', max: '20', value: String(activity.dots || 3), disabled: voting,
    'data-key': `dots:${activity.id}`, 'aria-label': `Dots per participant on ${activity.title}` });
  const name = el('input', { type: 'text', maxlength: '80', placeholder: 'New cluster name', 'data-key': `cluster-new:${activity.id}`,
    'aria-label': `Name of a new cluster on ${activity.title}` });
  return [
    el('div', { class: 'console-board-tools', role: 'group', 'aria-label': `Dot voting on ${activity.title}` },
      el('span', { class: 'timer-label', text: voting ? 'Phase: dot voting' : 'Phase: writing' }),
      voting ? null : el('label', {}, dots, ' dots each'),
      button(voting ? 'Back to writing' : 'Start dot voting', `phase:${activity.id}`, async () => {
        const body = voting ? { phase: 'write' } : { phase: 'vote', dots: Number(dots.value) };
        const answer = await call('POST', activityPath(activity, '/phase'), body);
        if (answer) replaceActivity(answer.activity);
      }, { primary: !voting })),
    el('form', { class: 'console-board-tools', 'aria-label': `Clusters of ${activity.title}`, on: { submit: (event) => {
      event.preventDefault();
      if (name.value.trim()) boardChange(activity, 'POST', '/clusters', { name: name.value }).then((done) => { if (done) name.value = ''; });
    } } }, name, el('button', { type: 'submit', class: 'btn btn-secondary btn-small', 'data-key': `cluster-add:${activity.id}` }, 'Add cluster')),
  ];
}

/** A note with its cluster list (the host sorts notes with the keyboard or the mouse, no drag). */
function sortableNote(activity, board) {
  return (note) => {
    const card = noteCard(note);
    card.appendChild(promoteToggle('note', note.id, `the note “${note.text.slice(0, 40)}”`));
    card.appendChild(el('select', { class: 'note-cluster-select', 'data-key': `note-cluster:${note.id}`,
      'aria-label': `Cluster of the note “${note.text.slice(0, 40)}”`,
      on: { change: (e) => boardChange(activity, 'PUT', `/notes/${note.id}/cluster`, { cluster: e.target.value ? Number(e.target.value) : null }) } },
    el('option', { value: '', selected: !note.cluster }, 'No cluster'),
    (board.clusters || []).map((c) => el('option', { value: String(c.id), selected: note.cluster === c.id }, c.name))));
    return card;
  };
}

function moderationQueue(activity, view) {
  const byId = new Map(view.items.map((item) => [item.id, item]));
  const queued = view.queue.map((id) => byId.get(id)).filter(Boolean);
  if (!queued.length) return null;
  const act = (action, item) => async () => {
    if (await call('POST', activityPath(activity, '/moderation'), { action, item: item.id })) say(action === 'approve' ? 'Approved.' : 'Hidden.', false);
  };
  return el('section', { class: 'moderation-queue', 'aria-label': `Queue of ${activity.title}` },
    el('h4', { class: 'moderation-heading', text: `Waiting for you (${queued.length})` }),
    el('ul', { class: 'moderation-list' }, queued.map((item) => el('li', { class: 'moderation-item is-pending' },
      el('span', { class: 'moderation-text', dir: 'auto', text: item.text }),
      el('span', { class: 'moderation-buttons' },
        button('Approve', `approve-item:${activity.id}:${item.id}`, act('approve', item), { primary: true, ariaLabel: `Approve: ${item.text}` }), ' ',
        button('Hide', `hide-item:${activity.id}:${item.id}`, act('hide', item), { ariaLabel: `Hide: ${item.text}` }))))));
}

function questionButton(q, action, label) {
  return button(label, `question-${action}:${q.id}`, () => call('POST', `${sessionPath}/questions/${q.id}`, { action }),
    { primary: action === 'approve', ariaLabel: `${label}: ${q.text.slice(0, 80)}` });
}

function questionControls(q) {
  return el('div', { class: 'question-actions' },
    questionButton(q, q.answered ? 'unanswer' : 'answer', q.answered ? 'Not answered' : 'Answered'),
    questionButton(q, q.highlighted ? 'unhighlight' : 'highlight', q.highlighted ? 'Off the board' : 'Highlight'),
    questionButton(q, 'hide', 'Hide'));
}

function questionQueue(pending) {
  if (!pending.length) return null;
  return el('section', { class: 'question-queue', 'aria-label': 'Waiting for your approval' },
    el('h4', { text: `Waiting for your approval (${pending.length})` }),
    el('ol', { class: 'question-list' }, pending.map((q) => questionItem(q, { controls: (x) => el('div', { class: 'question-actions' },
      questionButton(x, 'approve', 'Approve'), questionButton(x, 'hide', 'Hide')) }))));
}

function resultsBody(activity) {
  const event = results.get(activity.id);
  if (!event) return el('p', { class: 'muted', text: 'No answers yet' });
  const [one, many] = { board: ['note', 'notes'], qna: ['question', 'questions'], pat: ['person scored', 'people scored'] }[activity.kind]
    || ['response', 'responses'];
  const parts = [el('p', { class: 'responses' }, el('strong', { text: plural(event.responses || 0, one, many) }))];
  if (event.moderation) parts.push(moderationQueue(activity, event.moderation));
  if (event.results && activity.kind === 'qna') {
    parts.push(questionQueue((event.results.moderation && event.results.moderation.pending) || []));
    parts.push(questionList(event.results, { controls: questionControls }));
  } else if (event.results && activity.kind === 'pat') {
    parts.push(pat.results(activity, event.results));
  } else if (event.results && activity.kind === 'board') {
    parts.push(clusterPromotions(activity, event.results));
    parts.push(noteColumns(event.results, { headingLevel: 'h5', byDots: event.results.dots > 0, card: sortableNote(activity, event.results) }));
  } else if (event.results) {
    parts.push(resultsView(activity, { ...event, visible: true }));
  }
  return parts;
}

// ------------------------------------------------------------ marking what goes to the plenary
const promoteToggle = promoteToggles({ code, getState: () => state, call, setState, say });

/** What of an activity the host can send to the plenary as a whole: its results. */
function promoteControls(activity) {
  if (!PROMOTABLE_RESULTS.includes(activity.kind)) return null;
  return el('div', { class: 'promote-row' }, promoteToggle('activity', activity.id, `the results of “${activity.title}”`));
}

/** A board's clusters, each with its toggle: drawn with the results, which bring the clusters. */
function clusterPromotions(activity, board) {
  const clusters = board.clusters || [];
  if (!clusters.length) return null;
  return el('ul', { class: 'promote-clusters', 'aria-label': `Clusters of ${activity.title} for the plenary` },
    clusters.map((c) => el('li', {}, el('span', { dir: 'auto', text: `${c.name} ` }),
      promoteToggle('cluster', c.id, `the cluster “${c.name}”`))));
}

function activityCard(activity) {
  const interactive = activity.kind !== 'talk';
  const card = el('article', { class: `console-activity console-activity-${activity.kind}`, dataset: { activity: String(activity.id) } },
    el('header', { class: 'console-activity-head' },
      el('p', { class: 'panel-kind' }, activityKindLabel(activity.kind),
        interactive ? el('span', { class: `badge badge-${activity.state}`, text: activityStateLabel(activity.state) }) : null,
        interactive ? el('span', { class: `badge ${activity.results_visible ? 'badge-visible' : 'badge-hidden'}`,
          text: activity.results_visible ? 'Results shown to the room' : 'Results hidden from the room' }) : null),
      el('h3', { class: 'console-activity-title', dir: 'auto', text: activity.title })));
  if (!interactive) return card;
  card.append(controls(activity));
  const switches = options(activity);
  if (switches) card.append(switches);
  card.append(activityTimer(activity));
  if (activity.kind === 'board') card.append(...boardTools(activity));
  if (activity.kind === 'pat') card.append(...pat.tools(activity));
  const promote = promoteControls(activity);
  if (promote) card.append(promote);
  card.append(el('div', { class: 'console-results', dataset: { resultsFor: String(activity.id) } }, resultsBody(activity)));
  return card;
}

/** The data-key of the focused control, to focus its redrawn twin (snapshots come while the host types). */
function focusedKey() {
  const active = document.activeElement;
  return active && active.dataset && active.dataset.key ? active.dataset.key : null;
}

function refocus(key) {
  const target = key && document.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (target && !target.disabled) target.focus();
}

// Snapshots and results come while the host presses a button (a phone posts a note, a timer moves):
// a redraw between the press and the release would lose the click, so it waits for the release.
const redraws = redrawsWaitForRelease($('content'));

function render() {
  if (redraws.wait('page', render)) return;
  const focus = focusedKey();
  draw();
  refocus(focus);
}

function draw() {
  if (page.isRevoked() || !state) return;
  const stage = state.stage;
  const mine = myActivities();
  if (!stage || stage.position !== myStage) {
    const when = state.stage_index === null || state.stage_index < myStage ? 'has not started yet' : 'is over';
    $('host-status').textContent = `Your group's stage ${state.status === 'ended' ? 'is over: the session has ended' : when}. This page follows the session.`;
    fill($('host-group-timer'));
    fill($('host-activities'));
    return;
  }
  $('host-status').textContent = `${stage.title}: ${plural(mine.length, 'activity', 'activities')} in your group.`;
  fill($('host-group-timer'), groupTimer());
  fill($('host-activities'), mine.length ? el('div', { class: 'console-activities' }, mine.map(activityCard))
    : el('p', { class: 'muted', text: 'Your group has no activities.' }));
  showTimers(stage);
}

const shown = new WeakMap(); // results box -> what it shows (a resent snapshot that changes nothing is not redrawn)

function updateResults(activityId) {
  if (redraws.wait(`results:${activityId}`, () => updateResults(activityId))) return;
  const box = document.querySelector(`[data-results-for="${activityId}"]`);
  const activity = myActivities().find((a) => a.id === activityId);
  if (!box || !activity) return;
  const key = JSON.stringify([activity, results.get(activityId), state.stage.promoted || []]);
  if (shown.get(box) === key) return;
  shown.set(box, key);
  const focus = focusedKey();
  fill(box, resultsBody(activity));
  if (focus && box.querySelector(`[data-key="${CSS.escape(focus)}"]`)) refocus(focus);
}

function setState(next) {
  state = next;
  render();
}

// ------------------------------------------------------------ live updates
page.follow({
  code, event: 'host.join', revokedEvent: 'host.revoked', onJoined: (ack) => setState(ack.state),
  events: {
    state: (next) => { if (next && next.code === code) setState(next); },
    results: (event) => {
      if (!event || typeof event.activity !== 'number') return;
      results.set(event.activity, event);
      updateResults(event.activity);
    },
  },
});

window.setInterval(() => { if (state && !page.isRevoked()) showTimers(state.stage); }, 1000);
syncClock().then(() => { if (state) showTimers(state.stage); });
