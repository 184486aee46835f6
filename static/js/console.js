// The facilitator's console: the session list and plan builder (home), and live controls (session).
import {
  activityKindLabel, activityStateLabel, answersInOrder, api, appData, connect, el, elapsedText, emitAck, fill,
  noteCard, noteColumns, plural, pointsView, pollBars, questionItem, questionList, rankingView, scaleView, serverNow,
  redrawsWaitForRelease, segmentsView, showTimers, spacedCode, surveyView,
  stageKindLabel, syncClock, textWall, upload, wordList,
} from './common.js';
import { ASSIGNMENT_CHOICES, allGroupsView, assignmentForm, groupsChangedText, placesForm } from './console-groups.js';
import { patControls } from './pat-console.js';
import { takeawaysEditor } from './takeaways.js';
import { PROMOTABLE_RESULTS, promoteToggles } from './promote.js';

const { data } = appData();
const token = data.apiToken;
const $ = (id) => document.getElementById(id);

if (data.page === 'home') initHome();
else if (data.page === 'session') initSession();

// ====================================================================== home

function initHome() {
  const sessionsBox = $('sessions-list');
  const planSelect = $('plan-select');
  const planStatus = $('plan-status');
  const planStart = $('plan-start');

  async function loadSessions() {
    try {
      const answer = await api(token, 'GET', '/api/sessions');
      renderSessions(answer.sessions || []);
    } catch (error) {
      fill(sessionsBox, el('p', { class: 'error', text: `Could not load the sessions: ${error.message}` }));
    }
  }

  function renderSessions(list) {
    if (!list.length) {
      fill(sessionsBox, el('p', { class: 'muted', text: 'No sessions yet. Start one from a plan or build your own below.' }));
      return;
    }
    const rows = list.map((s) => el('tr', {},
      el('th', { scope: 'row' }, el('a', { href: `/console/${encodeURIComponent(s.code)}`, text: s.title })),
      el('td', {}, el('code', { text: spacedCode(s.code) })),
      el('td', {}, el('span', { class: `badge badge-${s.status}`, text: statusLabel(s.status) })),
      el('td', { class: 'num', text: String(s.participants ?? 0) }),
      el('td', { text: formatDate(s.created_at) }),
      el('td', { class: 'row-actions' },
        el('a', { class: 'btn btn-secondary btn-small', href: `/console/${encodeURIComponent(s.code)}` }, 'Open console'),
        ' ',
        el('a', { class: 'btn btn-link btn-small', href: `/board/${encodeURIComponent(s.code)}`, target: '_blank', rel: 'noopener' }, 'Board'),
        ' ',
        archiveButton(s, 'duplicate', 'Duplicate'),
        ' ',
        s.status === 'ended' ? archiveButton(s, 'reopen', 'Reopen') : archiveButton(s, 'close', 'Close'),
        ' ',
        archiveButton(s, 'delete', 'Delete'))));
    fill(sessionsBox, el('div', { class: 'table-wrap' }, el('table', { class: 'sessions-table' },
      el('caption', { class: 'visually-hidden', text: 'Sessions, newest first' }),
      el('thead', {}, el('tr', {},
        ['Title', 'Code', 'Status', 'Joined', 'Created'].map((h) => el('th', { scope: 'col', text: h })),
        el('th', { scope: 'col' }, el('span', { class: 'visually-hidden', text: 'Actions' })))),
      el('tbody', {}, rows))));
  }

  /** Duplicate, close, reopen or delete a session from the list. */
  function archiveButton(session, action, label) {
    const button = el('button', { type: 'button', class: `btn btn-small ${action === 'delete' ? 'btn-danger' : 'btn-secondary'}`,
      'aria-label': `${label}: ${session.title}` }, label);
    button.addEventListener('click', async () => {
      if (action === 'delete' && !window.confirm(`Delete “${session.title}” (${spacedCode(session.code)}) and all its results? This cannot be undone.`)) return;
      if (action === 'close' && !window.confirm(`Close “${session.title}”? Phones will see that it has ended.`)) return;
      button.disabled = true;
      try {
        const path = `/api/sessions/${encodeURIComponent(session.code)}`;
        const answer = action === 'delete' ? await api(token, 'DELETE', path) : await api(token, 'POST', `${path}/${action}`);
        const done = { duplicate: `Duplicated as ${spacedCode(answer.code || '')}.`, close: 'Closed.', reopen: 'Reopened.', delete: 'Deleted.' };
        await loadSessions();
        say(`${session.title}: ${done[action]}`, false);
      } catch (error) {
        say(`${label} failed: ${error.message}`);
        button.disabled = false;
      }
    });
    return button;
  }

  function say(text, isError = true) {
    const box = $('console-message');
    box.className = `form-status${isError ? ' error' : ''}`;
    box.textContent = text;
  }

  $('import-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = $('import-file').files[0];
    if (!file) return;
    const form = new FormData();
    form.append('file', file);
    try {
      const answer = await upload(token, '/api/sessions/import', form);
      $('import-form').reset();
      await loadSessions();
      say(`Imported as ${spacedCode(answer.code)}.`, false);
    } catch (error) {
      say(`Import failed: ${error.message}`);
    }
  });

  async function loadPlans() {
    try {
      const answer = await api(token, 'GET', '/api/plans');
      const plans = answer.plans || [];
      fill(planSelect, plans.length
        ? plans.map((p) => el('option', { value: p.name, disabled: !p.title },
          p.title ? `${p.title} (${p.name})` : `${p.name} — cannot be used: ${p.error || 'broken plan'}`))
        : el('option', { value: '', text: 'No plan files in sessions/' }));
      const firstGood = plans.find((p) => p.title);
      if (firstGood) planSelect.value = firstGood.name;
      planStart.disabled = !firstGood;
    } catch (error) {
      fill(planSelect, el('option', { value: '', text: 'Plans could not be loaded' }));
      planStatus.textContent = error.message;
      planStatus.className = 'form-status error';
    }
  }

  $('plan-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!planSelect.value) return;
    planStart.disabled = true;
    planStatus.className = 'form-status';
    planStatus.textContent = 'Starting…';
    try {
      const created = await api(token, 'POST', '/api/sessions', { plan: planSelect.value });
      planStatus.textContent = `Session ${spacedCode(created.code)} created. Opening its console…`;
      goToConsole(created);
    } catch (error) {
      planStatus.className = 'form-status error';
      planStatus.textContent = error.message;
      planStart.disabled = false;
    }
  });

  $('sessions-refresh').addEventListener('click', loadSessions);
  initBuilder();
  loadSessions();
  loadPlans();
}

/** Go to the new session's console. console_url carries the public (LAN) address; stay on this
 * origin when it differs so the console's sign-in cookie still applies. */
function goToConsole(created) {
  let target = `/console/${encodeURIComponent(created.code)}`;
  try {
    const url = new URL(created.console_url, window.location.href);
    if (url.origin === window.location.origin) target = url.href;
  } catch (_e) { /* keep the relative address */ }
  window.location.assign(target);
}

function statusLabel(status) {
  return { lobby: 'Not started', running: 'Running', ended: 'Ended' }[status] || status;
}

function formatDate(seconds) {
  if (!seconds) return '';
  try {
    return new Date(seconds * 1000).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  } catch (_e) {
    return new Date(seconds * 1000).toLocaleString();
  }
}

// ---------------------------------------------------------------------- activity forms
// One activity's fields, shared by the builder and by plan editing in a running session.

function newActivity(kind, title = '') {
  if (kind === 'poll') return { kind, title, optionsText: '', multiple: false, hide_results: false };
  if (kind === 'board') return { kind, title, columnsText: 'Notes', note_limit: '280', moderate: false, blur: false, dots: '3', stacking: true };
  if (kind === 'wordcloud') return { kind, title, max_answers: '3', max_words: '3', hide_results: false, moderate: false };
  if (kind === 'text') return { kind, title, max_answers: '1', text_limit: '280', hide_results: false, moderate: false };
  if (kind === 'ranking') return { kind, title, optionsText: '', hide_results: false };
  if (kind === 'points') return { kind, title, optionsText: '', budget: '100', hide_results: false };
  if (kind === 'scale') return { kind, title, statementsText: '', min: '1', max: '5', min_label: '', max_label: '', hide_results: false };
  if (kind === 'survey') return { kind, title, questions: [newQuestion('scale'), newQuestion('choice')], hide_results: false };
  if (kind === 'qna') return { kind, title, question_limit: '280', max_questions: '5', moderate: false, hide_results: false };
  if (kind === 'pat') return { kind, title, organisationsText: '', gapText: '', max_decisions: '5', decisionsText: '', hide_results: false };
  if (kind === 'crossvote') return { kind, title, dots: '3', stacking: false, hide_results: false };
  return { kind: 'talk', title, speaker: '', description: '' };
}

function newQuestion(kind, text = '') {
  if (kind === 'choice') return { kind, text, optionsText: '', multiple: false, max_choices: '' };
  return { kind: 'scale', text, min: '1', max: '5', min_label: '', max_label: '' };
}

function field(id, label, control, hint) {
  control.id = id;
  return el('div', { class: 'field' }, el('label', { for: id }, label, hint ? el('span', { class: 'hint', text: ` ${hint}` }) : null), control);
}

function textInput(obj, key, attrs = {}) {
  const input = el('input', { type: 'text', ...attrs });
  input.value = obj[key] ?? '';
  input.addEventListener('input', () => { obj[key] = input.value; });
  return input;
}

function textArea(obj, key, attrs = {}) {
  const area = el('textarea', { rows: '3', ...attrs });
  area.value = obj[key] ?? '';
  area.addEventListener('input', () => { obj[key] = area.value; });
  return area;
}

function checkbox(id, obj, key, label) {
  const box = el('input', { type: 'checkbox', id, checked: Boolean(obj[key]) });
  box.addEventListener('change', () => { obj[key] = box.checked; });
  return el('label', { class: 'check', for: id }, box, el('span', { text: label }));
}

function select(obj, key, options, onChange) {
  const sel = el('select', {}, options.map(([value, label]) => el('option', { value, selected: obj[key] === value }, label)));
  sel.addEventListener('change', () => onChange(sel.value));
  return sel;
}

/** What the facilitator calls an activity of this kind, in a sentence. */
function activityNoun(kind) {
  return { poll: 'poll', board: 'board', wordcloud: 'word cloud', scale: 'scale', text: 'open question', ranking: 'ranking', points: '100-points activity', survey: 'survey', qna: 'Q&A', pat: 'Power Awareness Tool', crossvote: 'cross-group dot vote', talk: 'talk' }[kind] || 'activity';
}

/** The kinds an activity of a ``stageKind`` stage may have: a cross-group vote only in a report-back
 * (the plan refuses it elsewhere), or where one already is, so that its kind still shows. */
function activityKinds(stageKind, current) {
  const crossvote = stageKind === 'report-back' || current === 'crossvote' ? [['crossvote', 'Cross-group dot vote']] : [];
  return [['poll', 'Poll'], ['board', 'Sticky-note board'], ['wordcloud', 'Word cloud'], ['scale', 'Scale'], ['text', 'Open question'], ['ranking', 'Ranking'], ['points', '100 points'], ['survey', 'Survey'], ['qna', 'Q&A'], ['pat', 'Power Awareness Tool'], ...crossvote, ['talk', 'Talk']];
}

/** The fields of one activity of a ``stageKind`` stage; ``refresh(focusId)`` draws the form again (a survey question added or removed). */
function activityFields(activity, prefix, onKind, refresh, stageKind) {
  const parts = [
    field(`${prefix}-kind`, 'Activity', select(activity, 'kind', activityKinds(stageKind, activity.kind), onKind)),
  ];
  if (activity.kind === 'poll') {
    parts.push(
      field(`${prefix}-title`, 'Question', textInput(activity, 'title', { maxlength: '200' })),
      field(`${prefix}-options`, 'Options', textArea(activity, 'optionsText', { rows: '4' }), '(one per line, 2 to 12)'),
      el('div', { class: 'builder-row' },
        checkbox(`${prefix}-multiple`, activity, 'multiple', 'Several choices allowed'),
        checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide results until I reveal them')));
  } else if (activity.kind === 'board') {
    parts.push(
      field(`${prefix}-title`, 'Prompt', textInput(activity, 'title', { maxlength: '200' })),
      el('div', { class: 'builder-row' },
        field(`${prefix}-columns`, 'Columns', textInput(activity, 'columnsText'), '(comma-separated)'),
        field(`${prefix}-limit`, 'Note length limit', textInput(activity, 'note_limit', { type: 'number', min: '20', max: '1000', inputmode: 'numeric' }))),
      el('div', { class: 'builder-row' },
        checkbox(`${prefix}-moderate`, activity, 'moderate', 'Approve each note before it shows'),
        checkbox(`${prefix}-blur`, activity, 'blur', 'Board shows blurred notes while hidden')),
      el('div', { class: 'builder-row' },
        field(`${prefix}-dots`, 'Dots each for the voting', textInput(activity, 'dots', { type: 'number', min: '0', max: '20', inputmode: 'numeric' }), '(0 to 20; 0: no voting planned)'),
        checkbox(`${prefix}-stacking`, activity, 'stacking', 'Several dots on one note allowed')));
  } else if (activity.kind === 'wordcloud') {
    parts.push(
      field(`${prefix}-title`, 'Question', textInput(activity, 'title', { maxlength: '200' })),
      el('div', { class: 'builder-row' },
        field(`${prefix}-answers`, 'Answers per person', textInput(activity, 'max_answers', { type: 'number', min: '1', max: '10', inputmode: 'numeric' }), '(1 to 10)'),
        field(`${prefix}-words`, 'Words per answer', textInput(activity, 'max_words', { type: 'number', min: '1', max: '3', inputmode: 'numeric' }), '(1 to 3)'),
        checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide results until I reveal them'),
        checkbox(`${prefix}-moderate`, activity, 'moderate', 'Approve each word before it shows')));
  } else if (activity.kind === 'points') {
    parts.push(
      field(`${prefix}-title`, 'Question', textInput(activity, 'title', { maxlength: '200' })),
      field(`${prefix}-options`, 'Options', textArea(activity, 'optionsText', { rows: '4' }), '(one per line, 2 to 10)'),
      el('div', { class: 'builder-row' },
        field(`${prefix}-budget`, 'Points each', textInput(activity, 'budget', { type: 'number', min: '10', max: '1000', inputmode: 'numeric' })),
        checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide results until I reveal them')));
  } else if (activity.kind === 'ranking') {
    parts.push(
      field(`${prefix}-title`, 'Question', textInput(activity, 'title', { maxlength: '200' })),
      field(`${prefix}-options`, 'Options to put in order', textArea(activity, 'optionsText', { rows: '4' }), '(one per line, 2 to 10)'),
      checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide results until I reveal them'));
  } else if (activity.kind === 'text') {
    parts.push(
      field(`${prefix}-title`, 'Question', textInput(activity, 'title', { maxlength: '200' })),
      el('div', { class: 'builder-row' },
        field(`${prefix}-answers`, 'Answers per person', textInput(activity, 'max_answers', { type: 'number', min: '1', max: '5', inputmode: 'numeric' }), '(1 to 5)'),
        field(`${prefix}-limit`, 'Answer length limit', textInput(activity, 'text_limit', { type: 'number', min: '20', max: '1000', inputmode: 'numeric' })),
        checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide results until I reveal them'),
        checkbox(`${prefix}-moderate`, activity, 'moderate', 'Approve each answer before it shows')));
  } else if (activity.kind === 'qna') {
    parts.push(
      field(`${prefix}-title`, 'Prompt', textInput(activity, 'title', { maxlength: '200' }), '(e.g. Questions for the speakers)'),
      el('div', { class: 'builder-row' },
        field(`${prefix}-questions`, 'Questions per person', textInput(activity, 'max_questions', { type: 'number', min: '1', max: '20', inputmode: 'numeric' }), '(1 to 20)'),
        field(`${prefix}-limit`, 'Question length limit', textInput(activity, 'question_limit', { type: 'number', min: '20', max: '1000', inputmode: 'numeric' }))),
      el('div', { class: 'builder-row' },
        checkbox(`${prefix}-moderate`, activity, 'moderate', 'Hold each question until I approve it'),
        checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide the questions until I reveal them')));
  } else if (activity.kind === 'pat') {
    parts.push(
      field(`${prefix}-title`, 'Title', textInput(activity, 'title', { maxlength: '200' }), '(e.g. Who decides what in our partnership?)'),
      field(`${prefix}-organisations`, 'Partner organisations', textArea(activity, 'organisationsText', { rows: '3' }), '(one per line, 2 to 6)'),
      el('div', { class: 'builder-row' },
        field(`${prefix}-gap`, 'Perception gap between segments', textInput(activity, 'gapText', { maxlength: '90' }), '(two of the session’s segments, comma-separated, first minus second; empty: its first two)'),
        field(`${prefix}-max`, 'Decisions at most', textInput(activity, 'max_decisions', { type: 'number', min: '1', max: '10', inputmode: 'numeric' }), '(1 to 10)')),
      field(`${prefix}-decisions`, 'Decisions planned ahead', textArea(activity, 'decisionsText', { rows: '3' }), '(optional, one per line; or set them while it runs, e.g. from a board before it)'),
      checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide results until I reveal them'));
  } else if (activity.kind === 'crossvote') {
    parts.push(
      el('p', { class: 'muted', text: 'Everyone puts dots on the items the working groups promoted to the plenary.' }),
      field(`${prefix}-title`, 'Question', textInput(activity, 'title', { maxlength: '200' }), '(e.g. Which of the groups’ points should the plenary take forward?)'),
      el('div', { class: 'builder-row' },
        field(`${prefix}-dots`, 'Dots each', textInput(activity, 'dots', { type: 'number', min: '1', max: '20', inputmode: 'numeric' }), '(1 to 20)'),
        checkbox(`${prefix}-stacking`, activity, 'stacking', 'Several dots on one item allowed'),
        checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide results until I reveal them')));
  } else if (activity.kind === 'scale') {
    parts.push(
      field(`${prefix}-title`, 'Question', textInput(activity, 'title', { maxlength: '200' })),
      field(`${prefix}-statements`, 'Statements', textArea(activity, 'statementsText', { rows: '3' }), '(one per line, 1 to 12)'),
      rangeEditor(activity, prefix),
      checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide results until I reveal them'));
  } else if (activity.kind === 'survey') {
    const add = (kind) => () => {
      activity.questions.push(newQuestion(kind));
      refresh(`${prefix}-q${activity.questions.length - 1}-text`);
    };
    parts.push(
      field(`${prefix}-title`, 'Title', textInput(activity, 'title', { maxlength: '200' })),
      ...activity.questions.map((question, q) => questionEditor(activity, question, `${prefix}-q${q}`, q, refresh)),
      activity.questions.length < 10 ? el('p', { class: 'builder-add' }, 'Add a question: ',
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', on: { click: add('choice') } }, 'Choice'), ' ',
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', on: { click: add('scale') } }, 'Scale')) : null,
      checkbox(`${prefix}-hide`, activity, 'hide_results', 'Hide results until I reveal them'));
  } else {
    parts.push(
      field(`${prefix}-title`, 'Talk title', textInput(activity, 'title', { maxlength: '200' })),
      field(`${prefix}-speaker`, 'Speaker', textInput(activity, 'speaker', { maxlength: '200' })),
      field(`${prefix}-description`, 'Description', textArea(activity, 'description', { rows: '2' }), '(optional)'));
  }
  return parts;
}

/** From, to and what the ends mean: a scale's, or a survey's scale question's. */
function rangeEditor(obj, prefix) {
  return el('div', { class: 'builder-row' },
    field(`${prefix}-min`, 'From', textInput(obj, 'min', { type: 'number', min: '-10', max: '10', inputmode: 'numeric' })),
    field(`${prefix}-min-label`, 'meaning', textInput(obj, 'min_label', { maxlength: '80' }), '(optional, e.g. Not at all)'),
    field(`${prefix}-max`, 'To', textInput(obj, 'max', { type: 'number', min: '-10', max: '10', inputmode: 'numeric' })),
    field(`${prefix}-max-label`, 'meaning', textInput(obj, 'max_label', { maxlength: '80' }), '(optional, e.g. Fully)'));
}

function questionEditor(survey, question, prefix, q, refresh) {
  const parts = [
    el('div', { class: 'builder-row' },
      field(`${prefix}-kind`, 'Kind', select(question, 'kind', [['scale', 'Scale'], ['choice', 'Choice']], (kind) => {
        survey.questions[q] = newQuestion(kind, question.text);
        refresh(`${prefix}-kind`);
      })),
      field(`${prefix}-text`, 'Question text', textInput(question, 'text', { maxlength: '200' }))),
  ];
  if (question.kind === 'choice') {
    parts.push(
      field(`${prefix}-options`, 'Options', textArea(question, 'optionsText', { rows: '3' }), '(one per line, 2 to 12)'),
      el('div', { class: 'builder-row' },
        checkbox(`${prefix}-multiple`, question, 'multiple', 'Several choices allowed'),
        field(`${prefix}-max-choices`, 'At most', textInput(question, 'max_choices', { type: 'number', min: '2', max: '12', inputmode: 'numeric' }), '(2 or more; empty: any)')));
  } else {
    parts.push(rangeEditor(question, prefix));
  }
  if (survey.questions.length > 1) {
    parts.push(el('button', { type: 'button', class: 'btn btn-link btn-small btn-remove', on: { click: () => {
      survey.questions.splice(q, 1);
      refresh();
    } } }, `Remove question ${q + 1}`));
  }
  return el('fieldset', { class: 'builder-question' }, el('legend', {}, `Question ${q + 1}`), parts);
}

function whole(value) {
  const text = String(value ?? '').trim();
  return /^-?\d+$/.test(text) ? Number(text) : text;
}

function toActivity(a) {
  if (a.kind === 'poll') {
    return {
      kind: 'poll', title: a.title.trim(),
      options: a.optionsText.split('\n').map((o) => o.trim()).filter(Boolean),
      multiple: Boolean(a.multiple), hide_results: Boolean(a.hide_results),
    };
  }
  if (a.kind === 'board') {
    return {
      kind: 'board', title: a.title.trim(),
      columns: a.columnsText.split(',').map((c) => c.trim()).filter(Boolean),
      note_limit: whole(a.note_limit), moderate: Boolean(a.moderate), blur: Boolean(a.blur),
      dots: whole(a.dots ?? 3), stacking: a.stacking !== false,
    };
  }
  if (a.kind === 'wordcloud') {
    return {
      kind: 'wordcloud', title: a.title.trim(), max_answers: whole(a.max_answers), max_words: whole(a.max_words),
      hide_results: Boolean(a.hide_results), moderate: Boolean(a.moderate),
    };
  }
  if (a.kind === 'points') {
    return {
      kind: 'points', title: a.title.trim(), options: a.optionsText.split('\n').map((o) => o.trim()).filter(Boolean),
      budget: whole(a.budget), hide_results: Boolean(a.hide_results),
    };
  }
  if (a.kind === 'ranking') {
    return {
      kind: 'ranking', title: a.title.trim(), options: a.optionsText.split('\n').map((o) => o.trim()).filter(Boolean),
      hide_results: Boolean(a.hide_results),
    };
  }
  if (a.kind === 'text') {
    return { kind: 'text', title: a.title.trim(), max_answers: whole(a.max_answers), text_limit: whole(a.text_limit), hide_results: Boolean(a.hide_results), moderate: Boolean(a.moderate) };
  }
  if (a.kind === 'qna') {
    return {
      kind: 'qna', title: a.title.trim(), question_limit: whole(a.question_limit), max_questions: whole(a.max_questions),
      moderate: Boolean(a.moderate), hide_results: Boolean(a.hide_results),
    };
  }
  if (a.kind === 'scale') {
    return {
      kind: 'scale', title: a.title.trim(),
      statements: a.statementsText.split('\n').map((o) => o.trim()).filter(Boolean),
      min: whole(a.min), max: whole(a.max), min_label: a.min_label.trim(), max_label: a.max_label.trim(),
      hide_results: Boolean(a.hide_results),
    };
  }
  if (a.kind === 'pat') {
    const lines = (text) => text.split('\n').map((o) => o.trim()).filter(Boolean);
    const gap = a.gapText.split(',').map((o) => o.trim()).filter(Boolean);
    return {
      kind: 'pat', title: a.title.trim(), organisations: lines(a.organisationsText), max_decisions: whole(a.max_decisions),
      decisions: lines(a.decisionsText), hide_results: Boolean(a.hide_results), ...(gap.length ? { gap } : {}),
    };
  }
  if (a.kind === 'survey') {
    return { kind: 'survey', title: a.title.trim(), questions: a.questions.map(toQuestion), hide_results: Boolean(a.hide_results) };
  }
  if (a.kind === 'crossvote') {
    return { kind: 'crossvote', title: a.title.trim(), dots: whole(a.dots), stacking: Boolean(a.stacking), hide_results: Boolean(a.hide_results) };
  }
  return { kind: 'talk', title: a.title.trim(), speaker: a.speaker.trim(), description: a.description.trim() };
}

function toQuestion(q) {
  if (q.kind === 'choice') {
    const question = { kind: 'choice', text: q.text.trim(), options: q.optionsText.split('\n').map((o) => o.trim()).filter(Boolean), multiple: Boolean(q.multiple) };
    if (q.multiple && String(q.max_choices ?? '').trim()) question.max_choices = whole(q.max_choices);
    return question;
  }
  return { kind: 'scale', text: q.text.trim(), min: whole(q.min), max: whole(q.max), min_label: q.min_label.trim(), max_label: q.max_label.trim() };
}

/** A survey question of a running plan as the form edits it. */
function questionForm(q) {
  const form = newQuestion(q.kind, q.text);
  if (q.kind === 'choice') {
    return { ...form, optionsText: q.options.join('\n'), multiple: Boolean(q.multiple), max_choices: q.max_choices ? String(q.max_choices) : '' };
  }
  return { ...form, min: String(q.min), max: String(q.max), min_label: q.min_label || '', max_label: q.max_label || '' };
}

/** An activity of a running plan (its kind, title and settings) as the form edits it. */
function formOf(activity) {
  const form = newActivity(activity.kind, activity.title);
  for (const [key, value] of Object.entries(activity.settings || {})) {
    if (key === 'options') form.optionsText = value.join('\n');
    else if (key === 'statements') form.statementsText = value.join('\n');
    else if (key === 'columns') form.columnsText = value.join(', ');
    else if (key === 'questions') form.questions = value.map(questionForm);
    else if (key === 'organisations') form.organisationsText = value.join('\n');
    else if (key === 'decisions') form.decisionsText = value.join('\n');
    else if (key === 'gap') form.gapText = (value || []).join(', ');
    else form[key] = typeof value === 'number' ? String(value) : value;
  }
  return form;
}

// ---------------------------------------------------------------------- the builder

function initBuilder() {
  const stagesBox = $('builder-stages');
  const errorBox = $('builder-error');
  const submit = $('builder-submit');
  const titleInput = $('builder-title');
  const plan = { title: '', stages: [newStage('plenary')] };

  titleInput.addEventListener('input', () => { plan.title = titleInput.value; });

  function newStage(kind) {
    const stage = { kind, title: '', minutes: '30', description: '', activities: [], groups: [], assignment: 'choose' };
    if (kind === 'groups') stage.groups = [newGroup(1), newGroup(2)];
    return stage;
  }
  function newGroup(n) { return { name: `Group ${n}`, description: '', activities: [], cap: '' }; }

  function render(focusId) {
    fill(stagesBox, plan.stages.map((stage, s) => stageEditor(stage, s)));
    if (focusId) {
      const target = document.getElementById(focusId);
      if (target) target.focus();
    }
  }


  function removeButton(label, onClick) {
    return el('button', { type: 'button', class: 'btn btn-link btn-small btn-remove', on: { click: onClick } }, label);
  }

  function stageEditor(stage, s) {
    const prefix = `b-s${s}`;
    const box = el('fieldset', { class: 'builder-stage' },
      el('legend', {}, `Stage ${s + 1}`),
      el('div', { class: 'builder-row' },
        field(`${prefix}-kind`, 'Kind', select(stage, 'kind', [
          ['plenary', 'Plenary'], ['groups', 'Working groups'], ['report-back', 'Report-back']], (kind) => {
          if (kind === 'groups' && stage.kind !== 'groups') {
            stage.groups = [{ ...newGroup(1), activities: stage.activities }, newGroup(2)];
            stage.activities = [];
          } else if (kind !== 'groups' && stage.kind === 'groups') {
            stage.activities = stage.groups.flatMap((g) => g.activities);
            stage.groups = [];
          }
          stage.kind = kind;
          render(`${prefix}-kind`);
        })),
        field(`${prefix}-title`, 'Title', textInput(stage, 'title', { maxlength: '200' })),
        field(`${prefix}-minutes`, 'Minutes', textInput(stage, 'minutes', { type: 'number', min: '1', max: '600', inputmode: 'numeric' }))),
      field(`${prefix}-description`, 'Description', textArea(stage, 'description', { rows: '2', maxlength: '2000' }), '(optional)'));

    if (stage.kind === 'groups') {
      box.appendChild(field(`${prefix}-assignment`, 'How people get into groups', select(stage, 'assignment', ASSIGNMENT_CHOICES,
        (how) => { stage.assignment = how; }), '(balanced needs the segments above)'));
      stage.groups.forEach((group, g) => box.appendChild(groupEditor(stage, group, s, g)));
      box.appendChild(el('p', {}, el('button', {
        type: 'button', class: 'btn btn-secondary btn-small',
        on: { click: () => { stage.groups.push(newGroup(stage.groups.length + 1)); render(`${prefix}-g${stage.groups.length - 1}-name`); } },
      }, 'Add a group')));
    } else {
      box.appendChild(activitiesEditor(stage.activities, prefix, stage.kind));
    }
    box.appendChild(el('div', { class: 'builder-stage-actions' },
      s > 0 ? el('button', {
        type: 'button', class: 'btn btn-link btn-small',
        on: { click: () => { [plan.stages[s - 1], plan.stages[s]] = [plan.stages[s], plan.stages[s - 1]]; render(`b-s${s - 1}-title`); } },
      }, 'Move up') : null,
      plan.stages.length > 1 ? removeButton(`Remove stage ${s + 1}`, () => { plan.stages.splice(s, 1); render(); }) : null));
    return box;
  }

  function groupEditor(stage, group, s, g) {
    const prefix = `b-s${s}-g${g}`;
    return el('fieldset', { class: 'builder-group' },
      el('legend', {}, `Group ${g + 1}`),
      el('div', { class: 'builder-row' },
        field(`${prefix}-name`, 'Group name', textInput(group, 'name', { maxlength: '80' })),
        field(`${prefix}-cap`, 'Places', textInput(group, 'cap', { type: 'number', min: '1', max: '500', inputmode: 'numeric' }), '(1 to 500; empty: no limit)')),
      activitiesEditor(group.activities, prefix, stage.kind),
      stage.groups.length > 2 ? removeButton(`Remove group ${g + 1}`, () => { stage.groups.splice(g, 1); render(); }) : null);
  }

  function activitiesEditor(list, prefix, stageKind) {
    const wrap = el('div', { class: 'builder-activities' });
    list.forEach((activity, a) => wrap.appendChild(activityEditor(list, activity, `${prefix}-a${a}`, a, stageKind)));
    const add = (kind) => () => { list.push(newActivity(kind)); render(`${prefix}-a${list.length - 1}-title`); };
    // The kinds this stage may hold (the Power Awareness Tool only through an activity's kind).
    const kinds = activityKinds(stageKind).filter(([kind]) => kind !== 'pat');
    wrap.appendChild(el('p', { class: 'builder-add' }, 'Add: ', kinds.map(([kind, label], i) => [i ? ' ' : null,
      el('button', { type: 'button', class: 'btn btn-secondary btn-small', on: { click: add(kind) } }, label)])));
    return wrap;
  }

  function activityEditor(list, activity, prefix, a, stageKind) {
    const parts = activityFields(activity, prefix, (kind) => {
      list[a] = newActivity(kind, activity.title);
      render(`${prefix}-kind`);
    }, render, stageKind);
    parts.push(removeButton(`Remove this ${activityNoun(activity.kind)}`, () => { list.splice(a, 1); render(); }));
    return el('div', { class: `builder-activity builder-activity-${activity.kind}` }, parts);
  }


  function toPlan() {
    return {
      title: plan.title.trim(),
      language: $('builder-language').value || 'en',
      segments: $('builder-segments').value.split('\n').map((line) => line.trim()).filter(Boolean),
      hide_segments_below: whole($('builder-k').value || '3'),
      stages: plan.stages.map((s) => {
        const stage = { kind: s.kind, title: s.title.trim(), minutes: whole(s.minutes), description: s.description.trim() };
        if (s.kind === 'groups') {
          stage.assignment = s.assignment;
          stage.groups = s.groups.map((g) => ({ name: g.name.trim(), description: g.description.trim(), activities: g.activities.map(toActivity),
            ...(String(g.cap ?? '').trim() ? { cap: whole(g.cap) } : {}) }));
        } else {
          stage.activities = s.activities.map(toActivity);
        }
        return stage;
      }),
    };
  }

  /** Point at the field an error names, e.g. "plan: stages[0].activities[1].options: …". */
  function markField(text) {
    for (const old of stagesBox.querySelectorAll('[aria-invalid="true"]')) old.removeAttribute('aria-invalid');
    titleInput.removeAttribute('aria-invalid');
    for (const id of ['builder-segments', 'builder-k']) $(id).removeAttribute('aria-invalid');
    const match = /plan: ([a-z_\[\]0-9.]+):/.exec(text);
    if (!match) return;
    const path = match[1];
    if (path === 'title') { titleInput.setAttribute('aria-invalid', 'true'); titleInput.focus(); return; }
    const planField = { segments: 'builder-segments', hide_segments_below: 'builder-k' }[path.replace(/\[\d+\]$/, '')];
    if (planField) { $(planField).setAttribute('aria-invalid', 'true'); $(planField).focus(); return; }
    const names = { title: 'title', minutes: 'minutes', description: 'description', options: 'options', columns: 'columns',
      note_limit: 'limit', question_limit: 'limit', max_questions: 'questions', name: 'name', speaker: 'speaker', text: 'text', max_choices: 'max-choices', groups: null, activities: null,
      assignment: 'assignment', cap: 'cap', dots: 'dots',
      // The stage's own mistake: a cross-group vote left in a stage that is no longer a report-back.
      stages: /crossvote/.test(text) ? 'kind' : null,
      // A survey question's own mistake (two options alike, a maximum it cannot have): its field, else its text.
      questions: /max_choices/.test(text) ? 'max-choices' : /options/.test(text) ? 'options' : 'text' };
    let id = '';
    const re = /(stages|groups|activities|questions)\[(\d+)\]/g;
    let part;
    while ((part = re.exec(path))) id += { stages: 'b-s', groups: '-g', activities: '-a', questions: '-q' }[part[1]] + part[2];
    const last = path.split('.').pop().replace(/\[\d+\]$/, '');
    const suffix = names[last];
    const target = id && suffix ? document.getElementById(`${id}-${suffix}`) : null;
    if (target) {
      target.setAttribute('aria-invalid', 'true');
      target.focus();
    }
  }

  $('builder-add-stage').addEventListener('click', () => {
    plan.stages.push(newStage('plenary'));
    render(`b-s${plan.stages.length - 1}-title`);
  });

  $('builder').addEventListener('submit', async (event) => {
    event.preventDefault();
    errorBox.textContent = '';
    submit.disabled = true;
    try {
      const created = await api(token, 'POST', '/api/sessions', { plan: toPlan() });
      goToConsole(created);
    } catch (error) {
      errorBox.textContent = `The plan was not accepted: ${error.message}`;
      submit.disabled = false;
      markField(error.message);
    }
  });

  render();
}

// ====================================================================== one session

function initSession() {
  const code = data.code;
  const results = new Map();
  let state = null;
  let busy = false;

  const message = $('console-message');
  const connection = $('console-connection');
  const activitiesBox = $('activities');
  // A snapshot, a result or a count redraws the activities and the plan (their buttons and notes
  // too). One that lands between a press and its release loses the click, and one during a note's
  // drag pulls the note from under the pointer (the browser then drops the drag without a word): from
  // any press on the page until just after its release, or a note's drag until its drop or end, they wait.
  const redraws = redrawsWaitForRelease($('content'));

  function say(text, isError = true) {
    message.className = `form-status${isError ? ' error' : ''}`;
    message.textContent = text;
  }

  function setConnection(kind, text) {
    connection.className = `connection connection-${kind}`;
    connection.textContent = text;
  }

  // ------------------------------------------------------------ socket
  let socket;
  try {
    socket = connect();
  } catch (error) {
    setConnection('error', 'Live updates could not start. Reload the page.');
    throw error;
  }
  function join() {
    emitAck(socket, 'console.join', { code, token }, 10000).then((ack) => {
      if (!ack.ok) { setConnection('error', ack.error || 'Could not follow this session.'); return; }
      setConnection('ok', 'Live');
      setState(ack.state);
      loadPlan();
    }).catch(() => { if (socket.connected) window.setTimeout(join, 3000); });
  }
  socket.on('connect', () => { setConnection('wait', 'Connecting…'); join(); });
  socket.on('disconnect', () => setConnection('offline', 'Offline — reconnecting…'));
  socket.on('connect_error', () => setConnection('offline', 'Cannot reach the server — retrying…'));
  socket.on('state', (next) => { if (next && next.code === code) { setState(next); refreshPlanSoon(); } });
  socket.on('counts', (event) => {
    if (!plan || !event || event.code !== code) return;
    plan.counts = event;
    updateCounts();
  });
  socket.on('presence', (event) => { if (event && typeof event.participants === 'number') $('participants').textContent = String(event.participants); });
  socket.on('results', (event) => {
    if (!event || typeof event.activity !== 'number') return;
    results.set(event.activity, event);
    updateResults(event.activity);
    allGroups.update(results, null);
  });
  // The group host links: one set of links, shown in the Plan panel and in the all-groups view.
  const hostLinks = linkControls(code, say, 'host');
  const rapporteurLinks = linkControls(code, say, 'rapporteur');
  // The all-groups view of a groups stage (static/js/console-groups.js): it follows the counts, the
  // groups' sizes and (through them) the members' handles.
  const allGroups = allGroupsView({ code, token, post: (path, body) => call('POST', path, body),
    put: (path, body) => call('PUT', path, body), onState: (next) => setState(next), say,
    hostLink: (position, group) => hostLinks.control(position, group, 'groups'), redraws });
  socket.on('sizes', (event) => {
    if (!state || !state.stage || !event || event.stage !== state.stage.position || !event.groups) return;
    state.stage.groups = state.stage.groups.map((g) => (event.groups[g.key] ? { ...g, ...event.groups[g.key] } : g));
    allGroups.refresh();
  });
  socket.on('counts', (event) => { if (event && event.code === code) allGroups.update(null, event); });

  // ------------------------------------------------------------ actions
  function post(path, body, options = {}) { return call('POST', path, body, options); }

  async function call(method, path, body, { confirmText } = {}) {
    if (busy) return null;
    if (confirmText && !window.confirm(confirmText)) return null;
    busy = true;
    setButtonsBusy(true);
    say('', false);
    try {
      return await api(token, method, path, body);
    } catch (error) {
      say(error.message);
      return null;
    } finally {
      busy = false;
      setButtonsBusy(false);
    }
  }

  // Buttons stay enabled (and focused) while a request runs; a second press is ignored.
  function setButtonsBusy(on) {
    document.body.classList.toggle('is-busy', on);
    document.body.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  async function moveStage(action, position) {
    const body = position === undefined ? { action } : { action, position };
    const confirmText = action === 'end' ? 'End the session now? Phones will show that it has ended.' : null;
    const answer = await post(`/api/sessions/${encodeURIComponent(code)}/stage`, body, { confirmText });
    if (answer && answer.state) setState(answer.state);
  }

  async function controlActivity(activity, action) {
    const answer = await post(`/api/sessions/${encodeURIComponent(code)}/activities/${activity.id}`, { action });
    if (answer && answer.activity && state && state.stage) {
      state.stage.activities = state.stage.activities.map((a) => (a.id === answer.activity.id ? answer.activity : a));
      render();
    }
  }

  /** Mark a Q&A question answered or not, highlight it or not, approve, hide or restore it. */
  async function actOnQuestion(questionId, action) {
    await post(`/api/sessions/${encodeURIComponent(code)}/questions/${questionId}`, { action });
  }

  /** Start, pause, add to or reset the stage's timer (no activity) or an activity's. */
  async function controlTimer(action, activity = null, minutes = null) {
    const body = { action };
    if (activity) body.activity = activity.id;
    if (minutes) body.minutes = minutes;
    const answer = await post(`/api/sessions/${encodeURIComponent(code)}/timer`, body);
    if (answer && answer.state) setState(answer.state);
  }

  function stageTimer() {
    return state && state.stage && state.stage.timers ? state.stage.timers.stage : null;
  }

  $('stage-timer-toggle').addEventListener('click', () => {
    const timer = stageTimer();
    controlTimer(timer && timer.running ? 'pause' : 'start');
  });
  $('stage-timer-add').addEventListener('click', () => controlTimer('add'));
  $('stage-timer-reset').addEventListener('click', () => controlTimer('reset'));

  async function sendAnnouncement(text) {
    const answer = await post(`/api/sessions/${encodeURIComponent(code)}/announcement`, { text });
    if (!answer || !answer.state) return;
    setState(answer.state);
    if (text) $('announce-text').value = '';
    say(text ? 'Announced on every phone and the board.' : 'The announcement is down.', false);
  }

  $('announce-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('announce-text').value.trim();
    if (text) sendAnnouncement(text);
  });
  $('announce-clear').addEventListener('click', () => sendAnnouncement(''));

  function renderAnnouncement() {
    const shown = state.announcement;
    $('announce-current').textContent = shown ? `On show: “${shown.text}”` : 'No announcement on show.';
    $('announce-clear').hidden = !shown;
  }

  // ------------------------------------------------------------ key takeaways (static/js/takeaways.js)
  async function changeTakeaways(method, path, body) {
    if (busy) return null;
    busy = true;
    try {
      const answer = await api(token, method, path, body);
      setState(answer.state);
      return answer;
    } catch (error) {
      say(error.message);
      return null;
    } finally {
      busy = false;
    }
  }

  // A rapporteur link lets someone else write them (static/js/rapporteur.js), from their own laptop.
  fill($('rapporteur-links'), rapporteurLinks.control());
  rapporteurLinks.load();

  const takeawaysUi = takeawaysEditor({ code, list: $('takeaways-list'), form: $('takeaway-form'), text: $('takeaway-text'),
    change: changeTakeaways, say, redraw: () => render() });

  function renderTakeaways() {
    takeawaysUi.render(state.takeaways || []);
  }

  $('stage-previous').addEventListener('click', () => moveStage('previous'));
  $('stage-next').addEventListener('click', () => moveStage('next'));
  $('stage-end').addEventListener('click', () => moveStage('end'));

  $('export').addEventListener('click', async () => {
    const button = $('export');
    const format = $('export-format').value;
    button.disabled = true;
    try {
      const response = await fetch(`/api/sessions/${encodeURIComponent(code)}/export?format=${encodeURIComponent(format)}`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      if (!response.ok) {
        let text = `The server answered ${response.status}`;
        try { text = (await response.json()).error || text; } catch (_e) { /* keep the status */ }
        throw new Error(text);
      }
      const disposition = response.headers.get('Content-Disposition') || '';
      const match = /filename="([^"]+)"/.exec(disposition);
      const blob = await response.blob();
      const url = URL.createObjectURL(blob);
      const link = el('a', { href: url, download: match ? match[1] : `baraza-${code}`, class: 'visually-hidden' }, 'download');
      document.body.appendChild(link);
      link.click();
      link.remove();
      window.setTimeout(() => URL.revokeObjectURL(url), 10000);
      say('The export was downloaded.', false);
    } catch (error) {
      say(`Export failed: ${error.message}`);
    } finally {
      button.disabled = false;
    }
  });

  $('material-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const stage = $('material-stage').value;
    const title = $('material-title').value;
    const file = $('material-file').files[0];
    const path = `/api/sessions/${encodeURIComponent(code)}/stages/${encodeURIComponent(stage)}/materials`;
    try {
      if (file) {
        const form = new FormData();
        form.append('title', title);
        form.append('file', file);
        await upload(token, path, form);
      } else {
        await api(token, 'POST', path, { title, url: $('material-url').value });
      }
      $('material-form').reset();
      say('Attached. It travels with the report bundle.', false);
    } catch (error) {
      say(`Could not attach it: ${error.message}`);
    }
  });

  // ------------------------------------------------------------ the plan, changed while it runs
  const planPath = `/api/sessions/${encodeURIComponent(code)}/plan`;
  let plan = null;
  const planDrafts = {}; // a groups stage's assignment and places typed in the Plan panel, kept while it redraws
  let planShown = '';
  let planForm = null; // the activity form that is open: { where: 'add:<stage>:<group>' | 'edit:<id>', form }
  let planTimer = null;

  function sayPlan(text, isError = true) {
    const box = $('plan-message');
    box.className = `form-status${isError ? ' error' : ''}`;
    box.textContent = text;
  }

  // Every change of the session reads the plan again, so reads overlap each other and the edits:
  // an answer sent before one already shown is dropped, or the plan would show stages back where
  // they were, and their buttons would name them by places they have left.
  const planReads = answersInOrder();

  async function loadPlan() {
    hostLinks.load();
    const asked = planReads.ask();
    try {
      const answer = await api(token, 'GET', planPath);
      if (planReads.newest(asked)) showPlan(answer.plan);
    } catch (error) {
      sayPlan(`The plan could not be read: ${error.message}`);
    }
  }

  /** Another console (or a stage move) changed the session: read the plan again, once. */
  function refreshPlanSoon() {
    window.clearTimeout(planTimer);
    planTimer = window.setTimeout(loadPlan, 250);
  }

  function showPlan(next) {
    const shown = JSON.stringify([next.status, next.stages]);
    plan = next;
    if (shown !== planShown) {
      planShown = shown;
      renderPlan();
    } else {
      updateCounts();
    }
  }

  /** Send one change of the plan; the answer carries the plan as it now stands. */
  // One change at a time: a second press while one is on its way would name a stage by a place
  // the first change has just moved.
  let planBusy = false;
  async function editPlan(method, path, body, confirmText) {
    if (planBusy || (confirmText && !window.confirm(confirmText))) return null;
    planBusy = true;
    sayPlan('', false);
    try {
      const answer = await api(token, method, `${planPath}${path}`, body);
      planReads.acted();
      showPlan(answer.plan);
      if (answer.state) setState(answer.state);
      return answer;
    } catch (error) {
      sayPlan(error.message);
      return null;
    } finally {
      planBusy = false;
    }
  }

  function stageCountText(position) {
    const c = plan && plan.counts && plan.counts.stages ? plan.counts.stages[String(position)] : null;
    if (!c) return '';
    const part = plural(c.took_part || 0, 'took part', 'took part');
    return c.connected === null || c.connected === undefined ? part : `${c.connected} connected now · ${part}`;
  }

  function groupCountText(position, key) {
    const stage = plan && plan.counts && plan.counts.stages ? plan.counts.stages[String(position)] : null;
    const c = stage && stage.groups ? stage.groups[key] : null;
    if (!c) return '0 in the group';
    const parts = [plural(c.members || 0, 'in the group', 'in the group')];
    if (c.connected !== null && c.connected !== undefined) parts.push(`${c.connected} connected now`);
    parts.push(plural(c.took_part || 0, 'took part', 'took part'));
    return parts.join(' · ');
  }

  function activityCountText(id) {
    const n = plan && plan.counts && plan.counts.activities ? plan.counts.activities[String(id)] || 0 : 0;
    return plural(n, 'answered', 'answered');
  }

  /** Refresh the numbers alone (the live ``counts`` event): open forms and focus stay as they are. */
  function updateCounts() {
    for (const node of document.querySelectorAll('#plan-stages [data-count]')) {
      const [what, a, b] = node.dataset.count.split(':');
      const text = what === 'stage' ? stageCountText(Number(a)) : what === 'group' ? groupCountText(Number(a), b)
        : activityCountText(a);
      if (node.textContent !== text) node.textContent = text;
    }
  }

  function planButton(label, key, onClick, { disabled = false, danger = false, ariaLabel = null } = {}) {
    return el('button', { type: 'button', class: `btn btn-small ${danger ? 'btn-danger' : 'btn-secondary'}`,
      'data-key': key, disabled, 'aria-label': ariaLabel, on: { click: onClick } }, label);
  }

  function renderPlan() {
    if (redraws.wait('plan', renderPlan)) return;
    if (!plan) return;
    const focused = document.activeElement;
    const focusKey = focused && (focused.dataset.key || focused.id);
    fill($('plan-stages'), plan.stages.map(planStage));
    const at = $('plan-stage-at');
    const chosen = at.value;
    fill(at, el('option', { value: '' }, 'At the end'),
      plan.stages.filter((s) => s.position >= (plan.first_open_place || 0))
        .map((s) => el('option', { value: String(s.position) }, `Before stage ${s.position + 1}: ${s.title}`)));
    at.value = plan.stages.some((s) => String(s.position) === chosen) ? chosen : '';
    if (focusKey) {
      const target = document.querySelector(`[data-key="${CSS.escape(focusKey)}"]`) || document.getElementById(focusKey);
      if (target && !target.disabled) target.focus();
    }
  }

  function planStage(stage) {
    const n = stage.position;
    const last = plan.stages.length - 1;
    const open = plan.first_open_place || 0; // stages before this place have been on (or come before one that has)
    const status = stage.current ? 'On now' : stage.started ? 'Has been on' : 'Not started';
    const item = el('li', { class: `plan-stage${stage.current ? ' is-current' : ''}`, dataset: { planStage: String(n) } },
      el('div', { class: 'plan-stage-head' },
        el('h3', { class: 'plan-stage-title', text: `${n + 1}. ${stageKindLabel(stage.kind)}: ${stage.title}` }),
        el('span', { class: `badge ${stage.started ? 'badge-open' : 'badge-pending'}`, text: status }),
        el('span', { class: 'plan-count', dataset: { count: `stage:${n}` }, text: stageCountText(n) }),
        n < open ? null : el('div', { class: 'plan-buttons', role: 'group', 'aria-label': `Change stage ${n + 1}: ${stage.title}` },
          planButton('Move up', `plan-stage-up:${n}`, () => editPlan('POST', `/stages/${n}/move`, { to: n - 1 }), { disabled: n - 1 < open }),
          planButton('Move down', `plan-stage-down:${n}`, () => editPlan('POST', `/stages/${n}/move`, { to: n + 1 }), { disabled: n === last }),
          planButton('Remove', `plan-stage-remove:${n}`, () => editPlan('DELETE', `/stages/${n}`, undefined,
            `Remove stage ${n + 1} “${stage.title}” and its activities from the plan?`), { danger: true }))));
    if (stage.kind === 'groups') {
      // How people get in and each group's places change on any groups stage, the one on now too.
      item.appendChild(assignmentForm(stage, { key: `plan-assignment:${n}`, drafts: planDrafts,
        save: (assignment) => changeGroups(stage, { assignment }) }));
      for (const group of stage.groups) {
        item.appendChild(el('section', { class: 'plan-group', 'aria-label': `Group ${group.name}` },
          el('div', { class: 'plan-group-head' },
            el('h4', { text: group.name }),
            el('span', { class: 'plan-count', dataset: { count: `group:${n}:${group.key}` }, text: groupCountText(n, group.key) })),
          placesForm(group, { key: `plan-places:${n}:${group.key}`, drafts: planDrafts, say: sayPlan,
            save: (cap) => changeGroups(stage, { group, cap }) }),
          hostLinks.control(n, group),
          planActivities(stage, group)));
      }
    } else {
      item.appendChild(planActivities(stage, null));
    }
    return item;
  }

  /** A groups stage's assignment or one group's places, from the Plan panel; says what changed. */
  async function changeGroups(stage, { assignment, group, cap }) {
    const answer = group ? await editPlan('PUT', `/stages/${stage.position}/groups/${encodeURIComponent(group.key)}/cap`, { cap })
      : await editPlan('PUT', `/stages/${stage.position}/assignment`, { assignment });
    if (answer) sayPlan(groupsChangedText(stage, { assignment, group, cap }, { on: stage.current, started: stage.started }), false);
    return Boolean(answer);
  }

  function planActivities(stage, group) {
    const list = stage.activities.filter((a) => a.group === (group ? group.key : null));
    const where = `add:${stage.position}:${group ? group.key : ''}`;
    const target = group ? `group ${group.name} of stage ${stage.position + 1}` : `stage ${stage.position + 1}`;
    return el('div', { class: 'plan-activities-wrap' },
      list.length ? el('ol', { class: 'plan-activities' }, list.map((a, i) => planActivity(stage, a, i, list.length)))
        : el('p', { class: 'muted', text: 'No activities yet.' }),
      planForm && planForm.where === where
        ? activityForm(stage, `Add an activity to ${target}`, 'Add to the plan', (body) => editPlan('POST', `/stages/${stage.position}/activities`,
          { activity: body, group: group ? group.key : undefined }))
        : planButton('Add an activity', `plan-add:${stage.position}:${group ? group.key : ''}`, () => {
          planForm = { where, form: newActivity('poll') };
          renderPlan();
          const kind = document.getElementById(`plan-form-kind`);
          if (kind) kind.focus();
        }, { ariaLabel: `Add an activity to ${target}` }));
  }

  function planActivity(stage, activity, i, count) {
    if (planForm && planForm.where === `edit:${activity.id}`) {
      return el('li', { class: 'plan-activity' }, activityForm(stage, `Edit “${activity.title}”`, 'Save the changes',
        (body) => editPlan('PUT', `/activities/${activity.id}`, { activity: body })));
    }
    const interactive = activity.kind !== 'talk';
    return el('li', { class: 'plan-activity', dataset: { planActivity: String(activity.id) } },
      el('span', { class: 'panel-kind', text: activityKindLabel(activity.kind) }),
      el('span', { class: 'plan-activity-title', text: activity.title }),
      interactive ? el('span', { class: `badge badge-${activity.state}`, text: activityStateLabel(activity.state) }) : null,
      interactive ? el('span', { class: 'plan-count', dataset: { count: `activity:${activity.id}` }, text: activityCountText(activity.id) }) : null,
      activity.editable ? el('div', { class: 'plan-buttons', role: 'group', 'aria-label': `Change “${activity.title}”` },
        planButton('Edit', `plan-edit:${activity.id}`, () => {
          planForm = { where: `edit:${activity.id}`, form: formOf(activity) };
          renderPlan();
          const title = document.getElementById('plan-form-title');
          if (title) title.focus();
        }),
        planButton('Move up', `plan-up:${activity.id}`, () => editPlan('POST', `/activities/${activity.id}/move`, { to: i - 1 }), { disabled: i === 0 }),
        planButton('Move down', `plan-down:${activity.id}`, () => editPlan('POST', `/activities/${activity.id}/move`, { to: i + 1 }), { disabled: i === count - 1 }),
        planButton('Remove', `plan-remove:${activity.id}`, () => editPlan('DELETE', `/activities/${activity.id}`, undefined,
          `Remove the ${activityNoun(activity.kind)} “${activity.title}” from the plan?`), { danger: true })) : null);
  }

  /** The builder's fields for the one activity of ``stage`` being added or edited, with its buttons. */
  function activityForm(stage, heading, verb, send) {
    const { form } = planForm;
    const parts = activityFields(form, 'plan-form', (kind) => {
      planForm.form = { ...newActivity(kind, form.title), start: form.start };
      renderPlan();
      document.getElementById('plan-form-kind').focus();
    }, (focusId) => {
      renderPlan();
      if (focusId) document.getElementById(focusId)?.focus();
    }, stage.kind);
    return el('form', { class: 'plan-form', 'aria-label': heading, on: { submit: async (event) => {
      event.preventDefault();
      const body = toActivity(form);
      if (form.start) body.start = form.start;
      if (form.kind === 'board' && form.hide_results) body.hide_results = true;
      if (await send(body)) {
        planForm = null;
        renderPlan();
        sayPlan(verb === 'Save the changes' ? 'Saved.' : 'Added to the plan.', false);
      }
    } } },
    el('p', { class: 'plan-add-heading', text: heading }), parts,
    el('div', { class: 'plan-buttons' },
      el('button', { type: 'submit', class: 'btn btn-primary btn-small', 'data-key': 'plan-form-send' }, verb),
      el('button', { type: 'button', class: 'btn btn-link btn-small', on: { click: () => { planForm = null; renderPlan(); } } }, 'Cancel')));
  }

  $('plan-stage-kind').addEventListener('change', () => {
    const groups = $('plan-stage-kind').value === 'groups';
    for (const id of ['plan-stage-groups-field', 'plan-stage-cap-field', 'plan-stage-assignment-field']) $(id).hidden = !groups;
  });

  $('plan-add-stage').addEventListener('submit', async (event) => {
    event.preventDefault();
    const kind = $('plan-stage-kind').value;
    const stage = { kind, title: $('plan-stage-title').value.trim(), minutes: whole($('plan-stage-minutes').value) };
    if (kind === 'groups') {
      const cap = $('plan-stage-cap').value.trim(); // the same for every group; each one's changes later
      stage.groups = $('plan-stage-groups').value.split(',').map((g) => g.trim()).filter(Boolean)
        .map((name) => (cap === '' ? { name } : { name, cap: whole(cap) }));
      stage.assignment = $('plan-stage-assignment').value;
    }
    const at = $('plan-stage-at').value;
    if (await editPlan('POST', '/stages', at === '' ? { stage } : { stage, position: Number(at) })) {
      $('plan-stage-title').value = '';
      sayPlan(`Stage “${stage.title}” added to the plan.`, false);
    }
  });

  // ------------------------------------------------------------ rendering
  function setState(next) {
    state = next;
    $('participants').textContent = String(state.participants || 0);
    $('console-title').textContent = state.title;
    render();
  }

  function render() {
    if (redraws.wait('render', render)) return;
    const focus = captureFocus();
    renderControls();
    renderAgenda();
    renderAnnouncement();
    renderTakeaways();
    renderStage();
    tick();
    restoreFocus(focus);
  }

  function captureFocus() {
    const active = document.activeElement;
    return active && active.dataset && active.dataset.key ? active.dataset.key : null;
  }

  function restoreFocus(key) {
    if (!key) return;
    const target = document.querySelector(`[data-key="${CSS.escape(key)}"]`);
    if (target && !target.disabled) { target.focus(); return; }
    // The pressed button no longer applies (e.g. "Open" once open): focus its neighbour.
    const [action, activityId] = key.split(':');
    if (!['open', 'close', 'reveal', 'hide'].includes(action)) return;
    const card = activityId && document.querySelector(`[data-activity="${CSS.escape(activityId)}"]`);
    const other = card && card.querySelector('button:not([disabled])');
    if (other) other.focus();
  }

  function renderControls() {
    const s = state;
    if (!s) return;
    const ended = s.status === 'ended';
    const last = s.agenda.length - 1;
    $('stage-previous').disabled = ended || s.stage_index === null || s.stage_index === 0;
    const next = $('stage-next');
    next.disabled = ended;
    next.textContent = s.status !== 'lobby' && s.stage_index === last ? 'Next stage (ends the session)' : 'Next stage';
    $('stage-end').disabled = ended;
    for (const button of document.querySelectorAll('[data-control]')) button.disabled = button.dataset.inapplicable === '1';
    const status = $('session-status');
    if (s.status === 'lobby') status.textContent = 'Not started — press “Next stage” to open the first stage.';
    else if (ended) status.textContent = 'The session has ended.';
    else status.textContent = `Running — stage ${s.stage_index + 1} of ${s.agenda.length}.`;
  }

  function renderAgenda() {
    const list = $('agenda');
    const stageSelect = $('material-stage');
    const chosen = stageSelect.value;
    fill(stageSelect, state.agenda.map((item) => el('option', { value: String(item.position) },
      `Stage ${item.position + 1}: ${item.title}`)));
    stageSelect.value = chosen || String(state.stage_index ?? 0);
    fill(list, state.agenda.map((item) => {
      const current = state.status === 'running' && item.position === state.stage_index;
      return el('li', { class: `agenda-item${current ? ' is-current' : ''}`, 'aria-current': current ? 'step' : null },
        el('div', { class: 'agenda-text' },
          el('span', { class: 'agenda-kind', text: stageKindLabel(item.kind) }),
          el('span', { class: 'agenda-title', text: item.title }),
          el('span', { class: 'agenda-minutes', text: `${item.minutes} min planned` }),
          current ? el('span', { class: 'agenda-now', text: 'Now' }) : null),
        current ? null : el('button', {
          type: 'button', class: 'btn btn-link btn-small', 'data-key': `goto:${item.position}`,
          'aria-label': `Go to stage ${item.position + 1}: ${item.title}`,
          on: { click: () => moveStage('goto', item.position) },
        }, 'Go to'));
    }));
  }

  function renderStage() {
    const stage = state.stage;
    const heading = $('current-heading');
    const description = $('stage-description');
    if (!stage) {
      $('stage-timer').hidden = true;
      heading.textContent = state.status === 'ended' ? 'The session has ended' : 'Not started yet';
      description.textContent = state.status === 'ended'
        ? 'Export the record to keep every result.'
        : 'Phones wait in the lobby until you press “Next stage”. Phones and the board follow every move.';
      fill(activitiesBox);
      return;
    }
    heading.textContent = `${stageKindLabel(stage.kind)}: ${stage.title}`;
    const timer = stage.timers ? stage.timers.stage : null;
    $('stage-timer').hidden = state.status !== 'running';
    $('stage-timer-toggle').textContent = timer && timer.running ? 'Pause' : (timer && timer.remaining < timer.duration ? 'Resume' : 'Start');
    description.textContent = stage.description || '';
    if (stage.kind === 'groups') {
      const overview = el('section', { class: 'all-groups', id: 'all-groups', 'aria-label': 'All groups' });
      fill(activitiesBox, overview, el('div', { class: 'console-groups' }, stage.groups.map((group) => el('section', { class: 'console-group' },
        el('h3', { class: 'console-group-name', text: group.name }),
        activityList(stage.activities.filter((a) => a.group === group.key), 'h4')))));
      allGroups.render(overview, state, results, plan ? plan.counts : null);
    } else if (stage.kind === 'report-back') {
      fill(activitiesBox, reportControls(stage), activityList(stage.activities.filter((a) => !a.group), 'h3'));
    } else {
      fill(activitiesBox, activityList(stage.activities.filter((a) => !a.group), 'h3'));
    }
  }

  // ------------------------------------------------------------ promotion to the plenary, the report-back
  const promoteToggle = promoteToggles({ code, getState: () => state, call, setState, say });

  /** The report-back board's switch: all groups side by side, or one group at a time. */
  function reportControls(stage) {
    const report = stage.report || { groups: [] };
    const path = `/api/sessions/${encodeURIComponent(code)}/stages/${stage.position}/report`;
    const show = async (body) => { const answer = await post(path, body); if (answer && answer.state) setState(answer.state); };
    const count = report.groups.reduce((n, g) => n + g.items.length, 0);
    const showing = report.showing;
    const button = (label, key, body, pressed) => el('button', { type: 'button', class: `btn btn-small ${pressed ? 'btn-primary' : 'btn-secondary'}`,
      'data-key': key, 'aria-pressed': pressed ? 'true' : 'false', on: { click: () => show(body) } }, label);
    return el('section', { class: 'card report-controls', 'aria-labelledby': 'report-controls-title' },
      el('h3', { id: 'report-controls-title', text: 'On the board' }),
      el('p', { class: 'muted', text: report.stage === null
        ? 'No working-groups stage comes before this report-back: there is nothing to report.'
        : `${plural(count, 'item', 'items')} promoted in “${report.title}”.` }),
      el('div', { class: 'control-buttons', role: 'group', 'aria-label': 'What the board shows' },
        button('All groups', 'report-all', { group: null }, showing === null),
        report.groups.map((g) => button(g.name, `report-group:${g.key}`, { group: g.key }, showing === g.key)),
        button('◀ Previous group', 'report-previous', { step: 'previous' }, false),
        button('Next group ▶', 'report-next', { step: 'next' }, false)));
  }

  function crossvoteConsole(r) {
    const items = r.items || [];
    const byId = new Map(items.map((i) => [i.id, i]));
    return el('div', {},
      el('p', { class: 'responses', text: `${plural(r.dots || 0, 'dot', 'dots')} from ${plural(r.voters || 0, 'person', 'people')} (${r.budget} each${r.stacking ? ', stacking allowed' : ''})` }),
      items.length ? el('ol', { class: 'crossvote-ranking' }, (r.ranked || []).map((id) => byId.get(id)).filter(Boolean).map((i) =>
        el('li', {}, el('strong', { text: plural(i.dots, 'dot', 'dots') }), ' · ', el('span', { text: i.group_name }), ' · ',
          el('span', { dir: 'auto', text: i.label }))))
        : el('p', { class: 'muted', text: 'Nothing promoted yet: promote notes, clusters or results in the working groups.' }));
  }

  function activityList(list, heading) {
    if (!list.length) return el('p', { class: 'muted', text: 'No activities in this stage.' });
    return el('div', { class: 'console-activities' }, list.map((activity) => activityCard(activity, heading)));
  }

  function activityCard(activity, heading = 'h3') {
    const interactive = activity.kind !== 'talk';
    const card = el('article', { class: `console-activity console-activity-${activity.kind}`, dataset: { activity: String(activity.id) } },
      el('header', { class: 'console-activity-head' },
        el('p', { class: 'panel-kind' }, activityKindLabel(activity.kind),
          interactive ? el('span', { class: `badge badge-${activity.state}`, text: activityStateLabel(activity.state) }) : null,
          interactive ? el('span', { class: `badge ${activity.results_visible ? 'badge-visible' : 'badge-hidden'}`,
            text: activity.results_visible ? 'Results shown to the room' : 'Results hidden from the room' }) : null),
        el(heading, { class: 'console-activity-title', text: activity.title })));
    if (!interactive) {
      if (activity.speaker) card.appendChild(el('p', { class: 'talk-speaker', text: activity.speaker }));
      if (activity.description) card.appendChild(el('p', { class: 'muted', text: activity.description }));
      return card;
    }
    const buttons = [
      ['open', 'Open', activity.state === 'open'],
      ['close', 'Close', activity.state !== 'open'],
      ['reveal', 'Reveal results', activity.results_visible],
      ['hide', 'Hide results', !activity.results_visible],
    ];
    card.appendChild(el('div', { class: 'control-buttons', role: 'group', 'aria-label': `Controls for ${activity.title}` },
      buttons.map(([action, label, inapplicable]) => el('button', {
        type: 'button', class: `btn btn-small ${action === 'open' ? 'btn-primary' : 'btn-secondary'}`,
        'data-key': `${action}:${activity.id}`, 'data-control': action,
        'data-inapplicable': inapplicable ? '1' : '0', disabled: inapplicable,
        on: { click: () => controlActivity(activity, action) },
      }, label))));
    const options = activityOptions(activity);
    if (options) card.appendChild(options);
    if (activity.group && PROMOTABLE_RESULTS.includes(activity.kind)) {
      // Named with its group: three groups may ask the same question.
      const group = ((state.stage && state.stage.groups) || []).find((g) => g.key === activity.group);
      const what = `the results of “${activity.title}”${group ? ` in ${group.name}` : ''}`;
      card.appendChild(el('div', { class: 'promote-row' }, promoteToggle('activity', activity.id, what)));
    }
    card.appendChild(activityTimer(activity));
    if (activity.kind === 'board') card.append(...boardTools(activity));
    if (activity.kind === 'pat') card.append(...pat.tools(activity));
    card.appendChild(el('div', { class: 'console-results', dataset: { resultsFor: String(activity.id) } }, resultsBody(activity)));
    return card;
  }

  // ------------------------------------------------------------ moderation
  const OPTION_LABELS = {
    by_segment: { poll: 'Show results by segment (board and console)', scale: 'Show results by segment (board and console)', survey: 'Show results by segment (board and console)' },
    moderate: { board: 'Approval queue: new notes wait for me', wordcloud: 'Approval queue: new words wait for me', text: 'Approval queue: new answers wait for me', qna: 'Approval queue: new questions wait for me' },
    blur: { board: 'Board shows blurred notes while the results are hidden' },
  };

  /** The switches a running activity has: its approval queue, a board's blurred notes. */
  function activityOptions(activity) {
    const names = ['moderate', 'blur'].filter((name) => typeof activity[name] === 'boolean');
    // Results per segment: only in a session that has segments.
    if (typeof activity.by_segment === 'boolean' && state && (state.segments || []).length) names.push('by_segment');
    if (!names.length) return null;
    return el('div', { class: 'activity-options', role: 'group', 'aria-label': `${names.includes('by_segment') && names.length === 1 ? 'Options' : 'Moderation'} of ${activity.title}` },
      names.map((name) => {
        const id = `option-${name}-${activity.id}`;
        return el('label', { class: 'check', for: id },
          el('input', { type: 'checkbox', id, checked: activity[name], 'data-key': `${name}:${activity.id}`,
            on: { change: (event) => setOption(activity, name, event.target.checked) } }),
          ' ' + OPTION_LABELS[name][activity.kind]);
      }));
  }

  async function setOption(activity, name, value) {
    const answer = await post(`/api/sessions/${encodeURIComponent(code)}/activities/${activity.id}/options`, { [name]: value });
    if (answer && answer.activity && state && state.stage) {
      state.stage.activities = state.stage.activities.map((a) => (a.id === answer.activity.id ? answer.activity : a));
    }
    render();
  }

  async function moderate(activity, action, item) {
    const answer = await post(`/api/sessions/${encodeURIComponent(code)}/activities/${activity.id}/moderation`, { action, item });
    if (answer) say({ approve: 'Approved: it is on the board.', hide: 'Hidden from the board and phones.', restore: 'Restored: it is on the board again.' }[action], false);
  }

  function itemLabel(activity, item) {
    const columns = activity.columns || [];
    const where = activity.kind === 'board' && columns.length > 1 ? `${columns[item.column] || ''}: ` : '';
    const count = activity.kind !== 'board' && item.count > 1 ? ` (×${item.count})` : '';
    return [el('span', { class: 'moderation-where', text: where }), el('span', { class: 'moderation-text', dir: 'auto', text: item.text }),
      el('span', { class: 'muted', text: count })];
  }

  function itemButton(activity, item, action, label, primary = false) {
    const key = `${action}-item:${activity.id}:${item.id}`;
    return el('button', { type: 'button', class: `btn btn-small ${primary ? 'btn-primary' : 'btn-secondary'}`, 'data-key': key,
      'aria-label': `${label}: ${item.text}`, on: { click: () => moderate(activity, action, item.id) } }, label);
  }

  /** The queue (pending items, oldest first) and every item with its hide or restore button. */
  function moderationPanel(activity, view) {
    const byId = new Map(view.items.map((item) => [item.id, item]));
    const queued = view.queue.map((id) => byId.get(id)).filter(Boolean);
    const queue = el('section', { class: 'moderation-queue', 'aria-label': `Queue of ${activity.title}` },
      el('h5', { class: 'moderation-heading', text: queued.length ? `Waiting for you (${queued.length})` : 'Nothing waits for you' }),
      queued.length ? el('ul', { class: 'moderation-list' }, queued.map((item) => el('li', { class: 'moderation-item is-pending' },
        itemLabel(activity, item),
        el('span', { class: 'moderation-buttons' }, itemButton(activity, item, 'approve', 'Approve', true), ' ',
          itemButton(activity, item, 'hide', 'Hide'))))) : null);
    const others = view.items.filter((item) => item.status !== 'pending');
    const hiddenItems = others.filter((item) => item.status === 'hidden').length;
    const all = others.length ? el('details', { class: 'moderation-all', open: openModeration.has(activity.id),
      on: { toggle: (event) => { if (event.target.open) openModeration.add(activity.id); else openModeration.delete(activity.id); } } },
      el('summary', { text: `Hide or restore (${others.length - hiddenItems} shown${hiddenItems ? `, ${hiddenItems} hidden` : ''})` }),
      el('ul', { class: 'moderation-list' }, others.map((item) => el('li', { class: `moderation-item is-${item.status}` },
        itemLabel(activity, item), item.status === 'hidden' ? el('span', { class: 'badge badge-hidden', text: 'Hidden' }) : null,
        el('span', { class: 'moderation-buttons' }, item.status === 'hidden'
          ? itemButton(activity, item, 'restore', 'Restore') : itemButton(activity, item, 'hide', 'Hide')))))) : null;
    return el('div', { class: 'moderation-panel' }, queue, all);
  }
  const openModeration = new Set(); // activities whose "hide or restore" list is unfolded

  // ------------------------------------------------------------ the word filter
  const LANGUAGES = { en: 'English', fr: 'French', es: 'Spanish', pt: 'Portuguese', nl: 'Dutch' };
  const filterPath = `/api/sessions/${encodeURIComponent(code)}/word-filter`;

  function showWordFilter(filter) {
    $('word-filter-enabled').checked = filter.enabled;
    fill($('word-filter-lists'), Object.entries(LANGUAGES).map(([language, name]) => {
      const id = `word-filter-${language}`;
      const box = el('textarea', { id, rows: '4', 'data-language': language, spellcheck: 'false' });
      box.value = (filter.lists[language] || []).join('\n');
      return el('details', { class: 'word-filter-language' }, el('summary', { text: `${name} (${(filter.lists[language] || []).length})` }),
        el('label', { for: id, text: `${name} words and phrases, one a line` }), box);
    }));
  }

  api(token, 'GET', filterPath).then((answer) => showWordFilter(answer.word_filter)).catch((error) => say(error.message));
  $('word-filter-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const lists = {};
    for (const box of $('word-filter-lists').querySelectorAll('textarea')) lists[box.dataset.language] = box.value;
    try {
      const answer = await api(token, 'PUT', filterPath, { enabled: $('word-filter-enabled').checked, lists });
      showWordFilter(answer.word_filter);
      $('word-filter-status').textContent = answer.word_filter.enabled ? 'Saved: the word filter is on.' : 'Saved: the word filter is off.';
    } catch (error) {
      say(`The word filter was not saved: ${error.message}`);
    }
  });

  const timerMinutes = new Map(); // activity id -> the minutes typed for its next timer

  /** An activity's timer: start one of N minutes, then pause or resume it and add a minute. */
  function activityTimer(activity) {
    const timers = (state.stage && state.stage.timers && state.stage.timers.activities) || {};
    const timer = timers[String(activity.id)];
    // What the facilitator typed survives the re-renders that every state change brings.
    const minutes = el('input', { type: 'number', min: '1', max: '600', value: timerMinutes.get(activity.id) || '5',
      class: 'timer-minutes', 'aria-label': `Minutes for the timer of ${activity.title}`,
      'data-key': `timer-minutes:${activity.id}`, on: { input: () => timerMinutes.set(activity.id, minutes.value) } });
    const button = (key, label, handler) => el('button', { type: 'button', class: 'btn btn-secondary btn-small',
      'data-key': `${key}:${activity.id}`, on: { click: handler } }, label);
    return el('div', { class: 'timer-panel', role: 'group', 'aria-label': `Timer for ${activity.title}` },
      el('span', { class: 'timer-label', text: 'Timer' }),
      el('span', { class: 'timer', role: 'timer', dataset: { timerFor: String(activity.id) } }),
      timer ? button('timer', timer.running ? 'Pause' : 'Resume', () => controlTimer(timer.running ? 'pause' : 'start', activity))
        : null,
      timer ? button('timer-add', '+1 min', () => controlTimer('add', activity)) : null,
      el('label', { class: 'timer-new' }, minutes, ' min'),
      button('timer-start', timer ? 'Restart' : 'Start', () => {
        const n = Number(minutes.value);
        if (!Number.isInteger(n) || n < 1 || n > 600) {
          say(`The timer of “${activity.title}” takes a whole number of minutes from 1 to 600.`);
          minutes.focus();
          return;
        }
        controlTimer('start', activity, n);
      }));
  }

  // ------------------------------------------------------------ a board: phase, clusters, drag and drop
  const clusterDrafts = new Map(); // board id -> the new cluster's name being typed
  const dotDrafts = new Map(); // board id -> the dots typed for the voting
  function boardPath(activity, rest = '') {
    return `/api/sessions/${encodeURIComponent(code)}/activities/${activity.id}${rest}`;
  }

  // Not behind the one-at-a-time guard of the other controls: notes are moved in quick succession.
  async function boardChange(activity, method, rest, body, { confirmText } = {}) {
    if (confirmText && !window.confirm(confirmText)) return null;
    let answer = null;
    try {
      answer = await api(token, method, boardPath(activity, rest), body);
    } catch (error) {
      say(error.message);
    }
    if (answer && answer.results) {
      const event = results.get(activity.id) || { activity: activity.id, visible: activity.results_visible };
      results.set(activity.id, { ...event, results: answer.results, responses: answer.results.count });
      updateResults(activity.id);
    }
    return answer;
  }

  function placeNote(activity, noteId, clusterId) {
    return boardChange(activity, 'PUT', `/notes/${noteId}/cluster`, { cluster: clusterId });
  }

  async function setPhase(activity, phase) {
    const body = { phase };
    if (phase === 'vote') {
      const dots = Number(dotDrafts.has(activity.id) ? dotDrafts.get(activity.id) : activity.dots);
      if (!Number.isInteger(dots) || dots < 1 || dots > 20) {
        say(`Give each participant a whole number of dots from 1 to 20 for “${activity.title}”.`);
        return;
      }
      body.dots = dots;
      body.stacking = Boolean(document.querySelector(`[data-key="stacking:${activity.id}"]`)?.checked);
    }
    const answer = await post(boardPath(activity, '/phase'), body);
    if (answer && answer.activity && state && state.stage) {
      state.stage.activities = state.stage.activities.map((a) => (a.id === answer.activity.id ? answer.activity : a));
      render();
      say(phase === 'vote' ? `Dot voting has started on “${activity.title}”.` : `“${activity.title}” is back to writing.`, false);
    }
  }

  /** The phase control and the new-cluster field of a board. */
  function boardTools(activity) {
    const voting = activity.phase === 'vote';
    const dots = el('input', { type: 'number', min: '1', max: '20', inputmode: 'numeric', 'data-key': `dots:${activity.id}`,
      value: String(dotDrafts.has(activity.id) ? dotDrafts.get(activity.id) : (activity.dots || 3)), disabled: voting,
      'aria-label': `Dots per participant on ${activity.title}`, on: { input: (e) => dotDrafts.set(activity.id, e.target.value) } });
    const stacking = el('input', { type: 'checkbox', 'data-key': `stacking:${activity.id}`, checked: activity.stacking !== false, disabled: voting });
    const name = el('input', { type: 'text', maxlength: '80', 'data-key': `cluster-new:${activity.id}`,
      value: clusterDrafts.get(activity.id) || '', 'aria-label': `Name of a new cluster on ${activity.title}`,
      placeholder: 'New cluster name', on: { input: (e) => clusterDrafts.set(activity.id, e.target.value) } });
    const addCluster = async (e) => {
      e.preventDefault();
      if (!name.value.trim()) { say('Type the new cluster’s name first.'); name.focus(); return; }
      const answer = await boardChange(activity, 'POST', '/clusters', { name: name.value });
      if (answer) { clusterDrafts.delete(activity.id); say(`Cluster “${name.value.trim()}” made.`, false); }
    };
    return [
      el('div', { class: 'console-board-tools', role: 'group', 'aria-label': `Dot voting on ${activity.title}` },
        el('span', { class: 'timer-label', text: voting ? 'Phase: dot voting' : 'Phase: writing' }),
        el('label', {}, dots, ' dots each'),
        el('label', { class: 'check' }, stacking, ' several on one note'),
        el('button', { type: 'button', class: `btn btn-small ${voting ? 'btn-secondary' : 'btn-primary'}`, 'data-key': `phase:${activity.id}`,
          on: { click: () => setPhase(activity, voting ? 'write' : 'vote') } }, voting ? 'Back to writing' : 'Start dot voting')),
      el('form', { class: 'console-board-tools', 'aria-label': `Clusters of ${activity.title}`, on: { submit: addCluster } },
        name, el('button', { type: 'submit', class: 'btn btn-secondary btn-small', 'data-key': `cluster-add:${activity.id}` }, 'Add cluster')),
    ];
  }

  /** A drop zone: a cluster (id) or the unclustered notes (null). */
  function dropZone(node, activity, clusterId) {
    node.addEventListener('dragover', (e) => { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; node.classList.add('is-drop-target'); });
    node.addEventListener('dragleave', () => node.classList.remove('is-drop-target'));
    node.addEventListener('drop', (e) => {
      e.preventDefault();
      node.classList.remove('is-drop-target');
      const noteId = Number(e.dataTransfer.getData('text/plain'));
      // The drop ends the drag, whether or not the browser then sends dragend to the note it picked
      // up (it may not, if that note was redrawn meanwhile): snapshots held back during it show now.
      redraws.dragEnded();
      if (Number.isInteger(noteId) && noteId > 0) placeNote(activity, noteId, clusterId);
    });
    return node;
  }

  /** A note the facilitator can drag into a cluster, or move with its cluster list (keyboard). */
  function movableNote(activity, board) {
    return (note) => {
      const card = noteCard(note);
      card.classList.add('console-note');
      card.setAttribute('draggable', 'true');
      // From the press on snapshots wait; from here until the drop or the drag's end.
      card.addEventListener('dragstart', (e) => {
        redraws.dragStarted();
        e.dataTransfer.setData('text/plain', String(note.id));
        e.dataTransfer.effectAllowed = 'move';
      });
      card.addEventListener('dragend', () => redraws.dragEnded());
      const select = el('select', { class: 'note-cluster-select', 'data-key': `note-cluster:${note.id}`,
        'aria-label': `Cluster of the note “${note.text.slice(0, 40)}”`,
        on: { change: (e) => placeNote(activity, note.id, e.target.value ? Number(e.target.value) : null) } },
      el('option', { value: '', selected: !note.cluster }, 'No cluster'),
      (board.clusters || []).map((c) => el('option', { value: String(c.id), selected: note.cluster === c.id }, c.name)));
      card.appendChild(select);
      if (activity.group) card.appendChild(promoteToggle('note', note.id, `the note “${note.text.slice(0, 40)}”`));
      return card;
    };
  }

  function consoleBoard(activity, board) {
    const card = movableNote(activity, board);
    const view = noteColumns(board, { headingLevel: activity.group ? 'h5' : 'h4', byDots: board.dots > 0, card });
    for (const zone of view.querySelectorAll('.cluster')) {
      const cluster = (board.clusters || []).find((c) => String(c.id) === zone.dataset.cluster);
      if (!cluster) continue;
      dropZone(zone, activity, cluster.id);
      zone.querySelector('.cluster-title').after(el('div', { class: 'cluster-actions' },
        el('button', { type: 'button', class: 'btn btn-link btn-small', 'data-key': `cluster-rename:${cluster.id}`,
          'aria-label': `Rename the cluster ${cluster.name}`, on: { click: () => {
            const name = window.prompt(`New name for the cluster “${cluster.name}”`, cluster.name);
            if (name !== null && name.trim() && name.trim() !== cluster.name) boardChange(activity, 'PUT', `/clusters/${cluster.id}`, { name });
          } } }, 'Rename'),
        el('button', { type: 'button', class: 'btn btn-link btn-small', 'data-key': `cluster-remove:${cluster.id}`,
          'aria-label': `Remove the cluster ${cluster.name}`, on: { click: () => boardChange(activity, 'DELETE', `/clusters/${cluster.id}`, undefined,
            { confirmText: `Remove the cluster “${cluster.name}”? Its notes stay on the board, in no cluster.` }) } }, 'Remove'),
        activity.group ? promoteToggle('cluster', cluster.id, `the cluster “${cluster.name}”`) : null));
    }
    const rest = view.classList.contains('note-columns') ? view : view.querySelector('.note-columns');
    const unclustered = dropZone(el('div', { class: 'cluster unclustered', 'aria-label': 'Notes in no cluster' }), activity, null);
    if (rest) { rest.replaceWith(unclustered); unclustered.appendChild(rest); } else if ((board.clusters || []).length) {
      unclustered.appendChild(el('p', { class: 'muted', text: 'Drop a note here to take it out of its cluster.' }));
      view.appendChild(unclustered);
    }
    return view === rest ? unclustered : view;
  }

  function resultsBody(activity) {
    const event = results.get(activity.id);
    if (!event) return el('p', { class: 'muted', text: 'No answers yet' });
    const answered = ['person answered', 'people answered'];
    const [one, many] = { board: ['note', 'notes'], wordcloud: answered, scale: answered, survey: answered, text: answered, qna: ['question', 'questions'], pat: ['person scored', 'people scored'], ranking: ['person ranked', 'people ranked'], points: ['person gave points', 'people gave points'] }[activity.kind] || ['response', 'responses'];
    const responses = el('p', { class: 'responses' }, el('strong', { text: plural(event.responses || 0, one, many) }));
    if (!event.results) return responses;
    if (event.moderation) return [moderationPanel(activity, event.moderation), ...[].concat(shownResults(activity, event, responses))];
    return shownResults(activity, event, responses);
  }

  function shownResults(activity, event, responses) {
    const base = kindResults(activity, event, responses);
    if (!event.results.by_segment) return base;
    return [].concat(base, el('section', { class: 'console-segments', 'aria-label': `${activity.title} by segment` },
      el('h4', { text: 'By segment (as the board shows it)' }), segmentsView(event.results.by_segment, { labels: activity.kind !== 'poll' })));
  }

  function kindResults(activity, event, responses) {
    if (activity.kind === 'poll') return [responses, pollBars(event.results)];
    if (activity.kind === 'wordcloud') return [responses, ...wordList(event.results, { limit: 40 })];
    if (activity.kind === 'scale') return [responses, scaleView(event.results)];
    if (activity.kind === 'survey') return [responses, surveyView(event.results)];
    if (activity.kind === 'text') return [responses, textWall(event.results)];
    if (activity.kind === 'ranking') return [responses, rankingView(event.results)];
    if (activity.kind === 'points') return [responses, pointsView(event.results)];
    if (activity.kind === 'qna') return [responses, ...questionsConsole(activity.id, event.results)];
    if (activity.kind === 'crossvote') return [crossvoteConsole(event.results)];
    if (activity.kind === 'pat') return [responses, pat.results(activity, event.results)];
    const r = event.results;
    const dots = r.phase === 'vote' || r.dots > 0
      ? el('p', { class: 'responses', text: `${plural(r.dots || 0, 'dot', 'dots')} from ${plural(r.dot_voters || 0, 'person', 'people')} (${r.budget} each${r.stacking ? ', stacking allowed' : ''})` }) : null;
    return [responses, dots, consoleBoard(activity, r)];
  }

  /** A button that acts on one question; its data-key keeps the focus across re-renders. */
  function questionButton(q, action, label) {
    return el('button', { type: 'button', class: `btn btn-small ${action === 'approve' ? 'btn-primary' : 'btn-secondary'}`,
      'data-key': `question-${action}:${q.id}`, 'aria-label': `${label}: ${q.text.slice(0, 80)}`,
      on: { click: () => actOnQuestion(q.id, action) } }, label);
  }

  const openHidden = new Set(); // Q&As whose hidden questions the facilitator unfolded (kept across snapshots)

  /** The queue (oldest first, approve or hide), the room's questions with their actions, the hidden ones. */
  function questionsConsole(activityId, r) {
    const queue = (r.moderation && r.moderation.pending) || [];
    const hidden = (r.moderation && r.moderation.hidden) || [];
    const parts = [];
    if (queue.length) {
      parts.push(el('section', { class: 'question-queue', 'aria-label': 'Waiting for your approval' },
        el('h4', { text: `Waiting for your approval (${queue.length})` }),
        el('ol', { class: 'question-list' }, queue.map((q) => questionItem(q, { controls: (x) => el('div', { class: 'question-actions' },
          questionButton(x, 'approve', 'Approve'), questionButton(x, 'hide', 'Hide')) })))));
    }
    parts.push(questionList(r, { controls: (q) => el('div', { class: 'question-actions' },
      questionButton(q, q.answered ? 'unanswer' : 'answer', q.answered ? 'Not answered' : 'Answered'),
      questionButton(q, q.highlighted ? 'unhighlight' : 'highlight', q.highlighted ? 'Off the board' : 'Highlight'),
      questionButton(q, 'hide', 'Hide')) }));
    if (hidden.length) {
      const box = el('details', { class: 'question-hidden', open: openHidden.has(activityId) },
        el('summary', { text: `Hidden questions (${hidden.length})` }),
        el('ol', { class: 'question-list' }, hidden.map((q) => questionItem(q, { controls: (x) => el('div', { class: 'question-actions' },
          questionButton(x, 'restore', 'Restore')) }))));
      box.addEventListener('toggle', () => { if (box.open) openHidden.add(activityId); else openHidden.delete(activityId); });
      parts.push(box);
    }
    return parts;
  }

  // ------------------------------------------------------------ the Power Awareness Tool
  // The phases and decisions in the card, the scores and the agreeing form in the results
  // (static/js/pat-console.js, shared with a group host's page).
  const pat = patControls({ code, call, say, results, refresh: (id) => updateResults(id) });

  const shown = new WeakMap(); // results box -> what it shows (the 5-second resend changes nothing)

  function updateResults(activityId) {
    if (redraws.wait(`results:${activityId}`, () => updateResults(activityId))) return;
    const box = activitiesBox.querySelector(`[data-results-for="${activityId}"]`);
    if (!box || !state || !state.stage) return;
    const activity = state.stage.activities.find((a) => a.id === activityId);
    if (!activity) return;
    const key = JSON.stringify([activity, results.get(activityId)]);
    if (shown.get(box) === key) return;
    shown.set(box, key);
    const focus = captureFocus();
    fill(box, resultsBody(activity));
    if (focus && box.querySelector(`[data-key="${CSS.escape(focus)}"]`)) restoreFocus(focus);
  }

  function tick() {
    const elapsed = $('stage-elapsed');
    const stage = state && state.status === 'running' ? state.stage : null;
    const text = stage && stage.started_at ? `Elapsed ${elapsedText(stage)}` : '';
    if (elapsed.textContent !== text) elapsed.textContent = text;
    elapsed.classList.toggle('is-over', Boolean(stage && stage.started_at && serverNow() - stage.started_at > stage.minutes * 60));
    showTimers(stage);
  }
  window.setInterval(() => { if (state) tick(); }, 1000);
  syncClock().then(() => { if (state) tick(); });
}

// ====================================================================== group host links

/**
 * The host link of each working group: create one (its address and QR code are shown this once:
 * the server keeps only a digest), copy it, show its QR code, revoke it. ``control(position, group,
 * place)`` gives the controls of one group, in the Plan panel (``plan``) or in a panel of the
 * all-groups view (``groups``); every control of the page shows the same links and redraws itself
 * when they change, so a link made in one place is seen (and revoked) in the other.
 */
// The links the facilitator hands out: a group host's (one group of a working-groups stage) and a
// rapporteur's (the key takeaways). Their secrets are shown once, on the page that made them.
function linkControls(code, say, kind = 'host') {
  const { path: plural, one, noun, title } = {
    host: { path: 'hosts', one: 'host', noun: 'host link', title: 'Host link' },
    rapporteur: { path: 'rapporteurs', one: 'rapporteur', noun: 'rapporteur link', title: 'Rapporteur link' },
  }[kind];
  const path = `/api/sessions/${encodeURIComponent(code)}/${plural}`;
  let links = [];
  const made = new Map(); // link id -> { url, qr } of the links made on this page (the secret is not kept elsewhere)
  const showingQr = new Set();
  // Reads come with every change of the session: one sent before a link was made or revoked here,
  // answered after, would hide the new link (its address is shown only here) or bring back the old.
  const reads = answersInOrder();

  async function load() {
    const asked = reads.ask();
    try {
      const answer = await api(token, 'GET', path);
      if (!reads.newest(asked)) return;
      links = answer[plural];
      redraw();
    } catch (error) {
      say(`The ${noun}s could not be read: ${error.message}`);
    }
  }

  function redraw() {
    // The pressed button is drawn again: the focus goes back to it, or (a revoked link's row is
    // gone) to its group's Create button, not to the top of the page.
    const active = document.activeElement;
    const holder = active && active.closest ? active.closest(`[data-link-kind="${kind}"]`) : null;
    const focused = holder ? active.dataset.key : null;
    for (const node of document.querySelectorAll(`[data-link-kind="${kind}"]`)) {
      const [position, key] = node.dataset.linkFor.split(':');
      fill(node, parts(position === '' ? null : Number(position), key || null, node.dataset.linkName, node.dataset.linkPlace));
    }
    if (!holder || !holder.isConnected) return;
    const again = (focused && holder.querySelector(`[data-key="${CSS.escape(focused)}"]`)) || holder.querySelector(':scope > button');
    if (again) again.focus();
  }

  async function create(position, group, name) {
    try {
      const answer = await api(token, 'POST', path, kind === 'host' ? { stage: position, group } : undefined);
      reads.acted();
      made.set(answer[one].id, { url: answer.url, qr: answer.qr });
      links = [...links.filter((l) => l.id !== answer[one].id), answer[one]]; // a read may have brought it already
      redraw();
      say(`${title} for ${name} made. Copy it or show its QR code now: it is shown only on this page.`, false);
    } catch (error) {
      say(error.message);
    }
  }

  async function revoke(link, name) {
    if (!window.confirm(`Revoke this ${noun} of ${name}? Its page stops working at once.`)) return;
    try {
      const answer = await api(token, 'DELETE', `${path}/${link.id}`);
      reads.acted();
      links = links.map((l) => (l.id === link.id ? answer[one] : l));
      made.delete(link.id);
      redraw();
      say(`The ${noun} of ${name} is revoked.`, false);
    } catch (error) {
      say(error.message);
    }
  }

  async function copy(input) {
    input.select();
    try {
      await navigator.clipboard.writeText(input.value);
    } catch (_e) {
      document.execCommand('copy'); // plain http on a venue network: no Clipboard API
    }
    say(`${title} copied.`, false);
  }

  function linkRow(link, name, place) {
    const known = made.get(link.id);
    const when = new Date(link.created_at * 1000).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    const row = el('li', { class: 'host-link', dataset: { hostLink: String(link.id) } },
      el('span', { class: 'muted', text: `Link made at ${when}` }));
    if (known) {
      const input = el('input', { type: 'text', readonly: true, class: 'host-link-url', value: known.url,
        'aria-label': `${title} of ${name}`, 'data-key': `${place}:${one}-url:${link.id}` });
      row.append(input,
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-key': `${place}:${one}-copy:${link.id}`,
          on: { click: () => copy(input) } }, 'Copy'),
        el('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-key': `${place}:${one}-qr:${link.id}`,
          'aria-expanded': showingQr.has(link.id) ? 'true' : 'false', on: { click: () => {
            if (showingQr.has(link.id)) showingQr.delete(link.id); else showingQr.add(link.id);
            redraw();
          } } }, showingQr.has(link.id) ? 'Hide QR' : 'Show QR'));
      if (showingQr.has(link.id)) {
        row.append(el('img', { class: 'host-link-qr', src: known.qr, width: '200', height: '200', alt: `QR code of the ${noun} of ${name}` }));
      }
    } else {
      row.append(el('span', { class: 'muted', text: ' (its address was shown once; if it is lost, revoke it and make another)' }));
    }
    row.append(el('button', { type: 'button', class: 'btn btn-danger btn-small', 'data-key': `${place}:${one}-revoke:${link.id}`,
      on: { click: () => revoke(link, name) } }, 'Revoke'));
    return row;
  }

  // The keys name the place: the console keeps the focus by key, and a group is in both places.
  function parts(position, key, name, place) {
    const live = links.filter((l) => l.live && (kind !== 'host' || (l.stage === position && l.group === key)));
    return [
      el('span', { class: 'timer-label', text: title }),
      live.length ? el('ul', { class: 'host-links' }, live.map((link) => linkRow(link, name, place))) : null,
      el('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-key': `${place}:${one}-create:${position}:${key}`,
        'aria-label': `Create a ${noun} for ${name}`, on: { click: () => create(position, key, name) } },
      live.length ? `Another ${noun}` : 'Create'),
    ];
  }

  /** The link controls of one group of the stage at ``position`` (a host's), in the Plan panel or
   *  the all-groups view; or, for a rapporteur's, of the session (``position`` and ``group`` null). */
  function control(position = null, group = null, place = 'plan') {
    const name = group ? group.name : 'the session';
    return el('div', { class: 'host-link-control', role: 'group', 'aria-label': `${title} of ${name}`,
      dataset: { linkKind: kind, linkFor: `${position === null ? '' : position}:${group ? group.key : ''}`, linkName: name, linkPlace: place } },
    parts(position, group ? group.key : null, name, place));
  }

  return { control, load };
}
