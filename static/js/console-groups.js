// The console's all-groups view while a groups stage is on: one panel per working group with its
// people (count / cap and their anonymous handles, never names), its places, each activity's
// progress, the group's timer, its latest notes, its own board link and its host links; above them,
// how people get into the groups, dealing people out and moving one person by handle. Everything is
// built with el()/textContent: notes are user text.
import { activityKindLabel, activityStateLabel, answersInOrder, api, el, fill, plural, showTimers } from './common.js';

const NOTES_SHOWN = 3; // the latest notes of a group that fit its panel with 8 groups on a laptop screen

/** How people get into a groups stage's groups (plan.py ASSIGNMENTS), as the facilitator says it. */
export const ASSIGNMENT_CHOICES = [['choose', 'They choose'], ['random', 'Dealt out at random'],
  ['balanced', 'Dealt out, balanced across segments']];

/**
 * A group's places: a number (empty: no limit) and Save, for the all-groups view and the Plan panel.
 * ``drafts[key]`` keeps what is typed while the view redraws (it redraws on every count);
 * ``save(cap)`` sends it (null: no limit) and answers whether it was taken.
 */
export function placesForm(group, { key, drafts, save, say }) {
  const input = el('input', { type: 'number', min: '1', max: '500', step: '1', inputmode: 'numeric',
    class: 'places-input', placeholder: 'any', 'aria-label': `Places in ${group.name} (empty: no limit)`,
    'data-key': key, value: drafts[key] ?? (group.cap === null || group.cap === undefined ? '' : String(group.cap)),
    on: { input: () => { drafts[key] = input.value; } } });
  // novalidate: the page says what is wrong itself, in the console's message, not in a browser tooltip.
  return el('form', { class: 'places-form', novalidate: true, on: { submit: async (event) => {
    event.preventDefault();
    const text = input.value.trim();
    const cap = text === '' ? null : Number(text);
    // A number field that cannot read what was typed gives '': that must not become "no limit".
    if (input.validity.badInput || (cap !== null && !(Number.isInteger(cap) && cap >= 1 && cap <= 500))) {
      say(`The places of ${group.name}: a whole number from 1 to 500, or empty for no limit.`);
      return;
    }
    if (await save(cap)) delete drafts[key];
  } } },
  el('label', {}, 'Places ', input), ' ',
  el('button', { type: 'submit', class: 'btn btn-secondary btn-small', 'data-key': `${key}:save`,
    'aria-label': `Save the places of ${group.name}` }, 'Save'));
}

/**
 * How people get into a groups stage's groups: a select and Save (nobody is moved by it). Like
 * ``placesForm``: ``drafts[key]`` keeps the choice while the view redraws; ``save(assignment)``.
 */
export function assignmentForm(stage, { key, drafts, save, label = 'How people get into groups' }) {
  const how = el('select', { 'aria-label': label, 'data-key': key, on: { change: () => { drafts[key] = how.value; } } },
    ASSIGNMENT_CHOICES.map(([value, text]) => el('option', { value, text })));
  how.value = drafts[key] ?? (stage.assignment || 'choose');
  return el('form', { class: 'assignment-form', on: { submit: async (event) => {
    event.preventDefault();
    if (await save(how.value)) delete drafts[key];
  } } },
  el('label', {}, el('span', { text: label }), how), ' ',
  el('button', { type: 'submit', class: 'btn btn-secondary btn-small', 'data-key': `${key}:save`,
    'aria-label': `Save how people get into the groups of ${stage.title}` }, 'Save'));
}

/**
 * What the console says once a groups stage's assignment or a group's places changed. ``on``: the
 * stage is on now (nobody there is dealt out by the change); ``started``: it has been on.
 */
export function groupsChangedText(stage, { assignment, group, cap }, { on = false, started = on } = {}) {
  if (group) return cap === null ? `${group.name}: no limit on places.` : `${group.name}: ${plural(cap, 'place', 'places')}.`;
  const how = ASSIGNMENT_CHOICES.find(([value]) => value === assignment);
  const said = `${stage.title}: ${how ? how[1].toLowerCase() : assignment}.`;
  if (assignment === 'choose') return said;
  if (on) return `${said} Nobody was moved: Assign deals out those without a group; latecomers are dealt out as they join.`;
  return started ? said : `${said} Everyone there is dealt out when it starts.`;
}

/**
 * The all-groups view of one session. ``post(path, body)`` and ``put(path, body)`` send a
 * facilitator action (and report its error); ``onState(state)`` takes the new state an action
 * answers with; ``hostLink(position, group)`` gives a group's host-link controls (the console's, the
 * same as in its Plan panel).
 */
export function allGroupsView({ code, token, post, put, onState, say, hostLink, redraws }) {
  const base = `/api/sessions/${encodeURIComponent(code)}`;
  let info = null; // GET /groups: handles per group, without_group, board links
  let loading = null;
  let loadAgain = null; // the stage to read again once the read on its way is answered
  let loadedFor = null;
  const reads = answersInOrder(); // an assign or a move answers with the groups too
  const drafts = { how: 'random', who: 'without', handle: '', to: '', minutes: {}, settings: {} };
  let box = null;
  let last = null; // { state, results, counts }

  // One read at a time. What changed while one was on its way (a phone chose a group) may not be in
  // its answer, so it is read once more after it: else the last to choose stayed missing from the
  // handles until the next change. An answer sent before the facilitator's own assign or move
  // (which answer with the groups) is dropped: it would put the moved person back.
  async function load(position) {
    if (loading) { loadAgain = position; return loading; }
    const asked = reads.ask();
    loading = api(token, 'GET', `${base}/groups`).then((answer) => {
      if (!reads.newest(asked)) return;
      info = answer.groups;
      loadedFor = position;
    }).catch(() => { info = null; }).finally(() => {
      loading = null;
      const again = loadAgain;
      loadAgain = null;
      if (again !== null) return load(again);
    });
    return loading;
  }

  /** The groups as an assign or a move answers with them: newer than any read sent before. */
  function took(groups) {
    reads.acted();
    info = groups;
  }

  /** Fetch the handles again (someone chose, was dealt out or moved), then draw. */
  function refresh() {
    if (!last || !last.state.stage || last.state.stage.kind !== 'groups') return;
    load(last.state.stage.position).then(() => draw());
  }

  function render(container, state, results, counts) {
    box = container;
    last = { state, results, counts };
    if (!state.stage || state.stage.kind !== 'groups') return;
    if (loadedFor !== state.stage.position) { refresh(); }
    draw();
  }

  /** Redraw with what is known (results and counts arrive often: no request here). */
  function update(results, counts) {
    if (!last) return;
    last = { ...last, results: results || last.results, counts: counts || last.counts };
    draw();
  }

  function draw() {
    if (redraws.wait('all-groups', draw)) return; // a count or a note came while a button is pressed
    if (!box || !box.isConnected || !last || !last.state.stage) return;
    const stage = last.state.stage;
    const active = document.activeElement;
    const focusKey = active && box.contains(active) && active.dataset ? active.dataset.key : null;
    fill(box,
      el('h3', { class: 'all-groups-heading', text: `All groups (${stage.groups.length})` }),
      tools(stage),
      el('div', { class: `all-groups-grid all-groups-${stage.groups.length > 4 ? 'many' : 'few'}` },
        stage.groups.map((group) => panel(stage, group))));
    if (last.state.status === 'running') showTimers(stage, box); // at once, not at the next second's tick
    if (focusKey) {
      const again = box.querySelector(`[data-key="${CSS.escape(focusKey)}"]`);
      if (again) again.focus();
    }
  }

  function tools(stage) {
    const how = el('select', { 'aria-label': 'How to assign', 'data-key': 'assign-how',
      on: { change: () => { drafts.how = how.value; } } },
    el('option', { value: 'random', text: 'at random' }),
    el('option', { value: 'balanced', text: 'balanced across segments' }));
    how.value = drafts.how;
    const who = el('select', { 'aria-label': 'Whom to assign', 'data-key': 'assign-who',
      on: { change: () => { drafts.who = who.value; } } },
    el('option', { value: 'without', text: 'only those without a group' }),
    el('option', { value: 'everyone', text: 'everyone again' }));
    who.value = drafts.who;
    const handle = el('input', { type: 'text', maxlength: '16', size: '6', autocomplete: 'off', spellcheck: 'false',
      class: 'handle-input', 'aria-label': 'Handle of the person to move', placeholder: 'K7Q2', value: drafts.handle,
      'data-key': 'move-handle', on: { input: () => { drafts.handle = handle.value; } } });
    const to = el('select', { 'aria-label': 'Group to move the person to', 'data-key': 'move-to',
      on: { change: () => { drafts.to = to.value; } } },
    stage.groups.map((g) => el('option', { value: g.key, text: g.name })));
    if (drafts.to && stage.groups.some((g) => g.key === drafts.to)) to.value = drafts.to;
    else drafts.to = to.value;
    const without = info ? info.without_group : null;
    const mode = stage.assignment && stage.assignment !== 'choose'
      ? `Assigned ${stage.assignment === 'balanced' ? 'balanced across segments' : 'at random'}, also everyone who joins later.`
      : 'Participants choose their group.';
    return el('div', { class: 'all-groups-tools' },
      el('p', { class: 'muted' }, mode,
        without === null ? null : ` ${plural(without, 'person has', 'people have')} no group yet.`),
      assignmentForm(stage, { key: `assignment:${stage.position}`, drafts: drafts.settings,
        save: (assignment) => change(stage, { assignment }) }),
      el('form', { class: 'all-groups-form', 'aria-label': 'Assign people to groups',
        on: { submit: (event) => { event.preventDefault(); assign(); } } },
      el('span', { text: 'Assign ' }), who, ' ', how, ' ',
      el('button', { type: 'submit', class: 'btn btn-secondary btn-small', 'data-key': 'assign' }, 'Assign')),
      el('form', { class: 'all-groups-form', 'aria-label': 'Move a person by handle',
        on: { submit: (event) => { event.preventDefault(); move(); } } },
      el('span', { text: 'Move ' }), handle, el('span', { text: ' to ' }), to, ' ',
      el('button', { type: 'submit', class: 'btn btn-secondary btn-small', 'data-key': 'move' }, 'Move')));
  }

  async function assign() {
    const confirmText = drafts.who === 'everyone' ? 'Deal everyone out again? People may change group.' : null;
    if (confirmText && !window.confirm(confirmText)) return;
    const answer = await post(`${base}/groups/assign`, { how: drafts.how, who: drafts.who });
    if (!answer) return;
    took(answer.groups);
    onState(answer.state);
    say(`${plural(answer.assigned, 'person', 'people')} assigned.`, false);
  }

  async function move() {
    const handle = drafts.handle.trim().toUpperCase();
    if (!handle) { say('Type the handle the person’s phone shows (e.g. K7Q2).'); return; }
    const answer = await post(`${base}/groups/move`, { handle, group: drafts.to });
    if (!answer) return;
    took(answer.groups);
    drafts.handle = '';
    onState(answer.state);
    const name = (answer.state.stage.groups.find((g) => g.key === answer.group) || {}).name || answer.group;
    say(`${answer.handle} is now in ${name}.`, false);
  }

  /** Change the stage's assignment or a group's places (the plan's own routes); say what it did. */
  async function change(stage, { assignment, group, cap }) {
    const path = group ? `${base}/plan/stages/${stage.position}/groups/${encodeURIComponent(group.key)}/cap`
      : `${base}/plan/stages/${stage.position}/assignment`;
    const answer = await put(path, group ? { cap } : { assignment });
    if (!answer) return false;
    onState(answer.state);
    say(groupsChangedText(stage, { assignment, group, cap }, { on: true }), false);
    return true;
  }

  async function timer(group, action, minutes) {
    const body = { action, group: group.key };
    if (minutes) body.minutes = minutes;
    const answer = await post(`${base}/timer`, body);
    if (answer && answer.state) onState(answer.state);
  }

  function panel(stage, group) {
    const listed = info && info.groups ? info.groups.find((g) => g.key === group.key) : null;
    const size = group.size || 0;
    const full = group.cap !== null && group.cap !== undefined && size >= group.cap;
    const activities = stage.activities.filter((a) => a.group === group.key);
    return el('section', { class: `all-groups-panel${full ? ' is-full' : ''}`, dataset: { allGroup: group.key },
      'aria-label': `Group ${group.name}` },
    el('header', { class: 'all-groups-head' },
      el('h4', { class: 'all-groups-name', dir: 'auto', text: group.name }),
      el('span', { class: 'all-groups-people', text: group.cap ? `${size} / ${group.cap} people` : plural(size, 'person', 'people') }),
      full ? el('span', { class: 'badge badge-full', text: 'Full' }) : null),
    placesForm(group, { key: `places:${stage.position}:${group.key}`, drafts: drafts.settings, say,
      save: (cap) => change(stage, { group, cap }) }),
    groupTimer(stage, group),
    el('ul', { class: 'all-groups-activities' }, activities.length
      ? activities.map((a) => activityLine(a))
      : el('li', { class: 'muted', text: 'No activities: discussion' })),
    latestNotes(activities),
    el('p', { class: 'all-groups-handles' },
      el('span', { class: 'muted', text: 'Handles: ' }),
      listed && listed.members.length
        ? listed.members.map((h) => el('button', { type: 'button', class: 'handle-chip', 'data-key': `handle:${h}`,
          title: `Move ${h}`, on: { click: () => { drafts.handle = h; draw(); focusHandle(); } } }, h))
        : el('span', { class: 'muted', text: listed ? 'nobody yet' : '…' })),
    el('p', { class: 'all-groups-links' },
      el('a', { href: group.board_url, target: '_blank', rel: 'noopener', class: 'btn btn-link btn-small',
        'aria-label': `Group board: ${group.name}` }, 'Group board'),
      ' ',
      el('a', { href: `/s/${encodeURIComponent(code)}/groups/${encodeURIComponent(group.key)}/qr.svg`, target: '_blank',
        rel: 'noopener', class: 'btn btn-link btn-small', 'aria-label': `QR code of the board of ${group.name}` }, 'QR')),
    hostLink(stage.position, group));
  }

  function focusHandle() {
    const input = box && box.querySelector('[data-key="move-handle"]');
    if (input) input.focus();
  }

  function groupTimer(stage, group) {
    const view = stage.timers && stage.timers.groups ? stage.timers.groups[group.key] : null;
    const minutes = el('input', { type: 'number', min: '1', max: '600', class: 'timer-minutes',
      value: drafts.minutes[group.key] || String(stage.minutes), 'aria-label': `Minutes for the timer of ${group.name}`,
      'data-key': `group-minutes:${group.key}`, on: { input: () => { drafts.minutes[group.key] = minutes.value; } } });
    const button = (key, label, handler) => el('button', { type: 'button', class: 'btn btn-secondary btn-small',
      'data-key': `${key}:${group.key}`, on: { click: handler } }, label);
    return el('div', { class: 'timer-panel', role: 'group', 'aria-label': `Timer of ${group.name}` },
      el('span', { class: 'timer', role: 'timer', dataset: { timerFor: `group:${group.key}` } }),
      view ? null : el('span', { class: 'muted', text: 'No group timer' }),
      view ? button('group-timer', view.running ? 'Pause' : 'Resume', () => timer(group, view.running ? 'pause' : 'start')) : null,
      view ? button('group-timer-add', '+1 min', () => timer(group, 'add')) : null,
      el('label', { class: 'timer-new' }, minutes, ' min'),
      button('group-timer-start', view ? 'Restart' : 'Start', () => {
        const n = Number(minutes.value);
        if (!Number.isInteger(n) || n < 1 || n > 600) { say(`The timer of ${group.name} takes 1 to 600 minutes.`); return; }
        timer(group, 'start', n);
      }));
  }

  function activityLine(activity) {
    const event = last.results.get(activity.id);
    const answered = last.counts && last.counts.activities ? last.counts.activities[String(activity.id)] : undefined;
    const responses = event && typeof event.responses === 'number' ? event.responses : (answered || 0);
    const what = activity.kind === 'board' ? plural(responses, 'note', 'notes')
      : activity.kind === 'talk' ? '' : plural(responses, 'response', 'responses');
    return el('li', {},
      el('span', { class: 'group-kind', text: `${activityKindLabel(activity.kind)}: ` }),
      el('bdi', { text: activity.title }), ' ',
      activity.kind === 'talk' ? null : el('span', { class: `badge badge-${activity.state}`, text: activityStateLabel(activity.state) }),
      what ? el('strong', { class: 'all-groups-count', text: ` ${what}` }) : null);
  }

  function latestNotes(activities) {
    const notes = [];
    for (const activity of activities) {
      const event = last.results.get(activity.id);
      if (activity.kind !== 'board' || !event || !event.results) continue;
      notes.push(...(event.results.notes || []));
    }
    if (!notes.length) return null;
    const latest = notes.sort((a, b) => b.id - a.id).slice(0, NOTES_SHOWN);
    return el('ul', { class: 'all-groups-notes', 'aria-label': 'Latest notes' },
      latest.map((note) => el('li', { dir: 'auto', text: note.text })));
  }

  return { render, update, refresh };
}
