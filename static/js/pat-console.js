// The Power Awareness Tool's controls (docs/power-awareness.md), shared by the facilitator's console
// (static/js/console.js) and a group host's page (static/js/host.js): the same buttons, forms and
// labels on both, and the same POST …/activities/<id>/pat, which the server scopes to the caller.
import { el, patLegend, patLevel, patScores, patTable, plural } from './common.js';

export const PAT_PHASES = [['decisions', '1 Decisions'], ['scoring', '2 Private scoring'], ['agreeing', '3 Agree, desired level, actions'], ['result', '4 Result']];

/**
 * The PAT's controls for one page.
 * - ``code``: the session's code;
 * - ``call(method, path, body)``: the page's request function (answers the JSON, or null after it said the error);
 * - ``say(text, isError = true)``: the page's message line;
 * - ``results``: the page's Map of activity id -> latest results event (updated with each answer);
 * - ``refresh(activityId)``: redraws that activity's results box.
 * Answers ``{ tools(activity), results(activity, r) }``: the phase buttons and decisions for the card,
 * and the scores and the agreeing form for the results box. What is typed and not yet saved survives
 * redraws (keyed by each control's data-key).
 */
export function patControls({ code, call, say, results, refresh }) {
  const patDrafts = new Map(); // data-key -> what is typed or chosen and not saved yet

  /** One change to the PAT (POST …/activities/<id>/pat); its answer's results become the activity's. */
  async function patAction(activity, body, done, saved = []) {
    const answer = await call('POST', `/api/sessions/${encodeURIComponent(code)}/activities/${activity.id}/pat`, body);
    if (!answer || !answer.results) return null;
    for (const key of saved) patDrafts.delete(key); // saved: the redrawn controls show what the server holds
    const event = results.get(activity.id) || { activity: activity.id, visible: activity.results_visible };
    results.set(activity.id, { ...event, results: answer.results, responses: answer.results.people });
    refresh(activity.id);
    if (done) say(done, false);
    return answer;
  }

  function patDraft(key, fallback) { return patDrafts.has(key) ? patDrafts.get(key) : fallback; }

  function patSelect(key, current, options, label) {
    return el('select', { 'data-key': key, 'aria-label': label, on: { change: (e) => patDrafts.set(key, e.target.value) } },
      options.map(([value, text]) => el('option', { value, selected: String(patDraft(key, current)) === value }, text)));
  }

  /** The phase buttons and, in the decisions phase, the decisions: typed, or the board's top notes. */
  function patTools(activity) {
    const phase = activity.phase || 'decisions';
    const phases = el('div', { class: 'console-board-tools', role: 'group', 'aria-label': `Phase of ${activity.title}` },
      el('span', { class: 'timer-label', text: 'Phase:' }),
      PAT_PHASES.map(([name, label]) => el('button', { type: 'button', class: `btn btn-small ${name === phase ? 'btn-primary' : 'btn-secondary'}`,
        'aria-pressed': name === phase ? 'true' : 'false', 'data-key': `pat-phase:${activity.id}:${name}`,
        on: { click: () => patAction(activity, { action: 'phase', phase: name }, `“${activity.title}” is now in: ${label.slice(2)}.`) } }, label)));
    if (phase !== 'decisions') return [phases];
    const key = `pat-decisions:${activity.id}`;
    const box = el('textarea', { rows: '4', 'data-key': key, 'aria-label': `Decisions of ${activity.title}, one a line`,
      placeholder: 'One decision a line, e.g. Setting advocacy priorities',
      value: patDraft(key, (activity.decisions || []).join('\n')), on: { input: (e) => patDrafts.set(key, e.target.value) } });
    const save = async (e) => {
      e.preventDefault();
      const decisions = box.value.split('\n').map((x) => x.trim()).filter(Boolean);
      await patAction(activity, { action: 'decisions', decisions }, `${plural(decisions.length, 'decision', 'decisions')} set.`, [key]);
    };
    const fromBoard = async () => {
      await patAction(activity, { action: 'from_board' }, 'The decisions are the board’s top notes (by dots); edit them if needed.', [key]);
    };
    return [phases,
      el('form', { class: 'console-pat-decisions', 'aria-label': `Decisions of ${activity.title}`, on: { submit: save } },
        el('label', { class: 'muted', text: `Decisions (at most ${activity.max_decisions || 5}), one a line` }), box,
        el('div', { class: 'control-buttons' },
          el('button', { type: 'submit', class: 'btn btn-primary btn-small', 'data-key': `pat-save:${activity.id}` }, 'Save decisions'),
          el('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-key': `pat-board:${activity.id}`, on: { click: fromBoard } },
            `Take the top ${activity.max_decisions || 5} from the board`)))];
  }

  /** Each decision: the private scores (distributions and gaps only), then per organisation the
   *  agreed level, agree yes/no, the desired level and the actions, recorded as the group agrees. */
  function patConsole(activity, r) {
    if (!(r.decisions || []).length) return el('p', { class: 'muted', text: 'No decisions yet: type them above or take them from the board.' });
    const levels = [['', '–'], ...[0, 1, 2, 3, 4].map((n) => [String(n), `${n} ${r.ladder[n]}`])];
    const agreeing = r.phase === 'agreeing' || r.phase === 'result';
    const parts = [patLegend()];
    r.decisions.forEach((decision, d) => {
      const section = el('section', { class: 'console-pat-decision' }, patScores(r, d, { heading: 'h4' }));
      if (agreeing) {
        const rows = r.organisations.map((organisation, o) => {
          const cell = r.table.rows[d].cells[o];
          const k = `${activity.id}:${d}:${o}`;
          const actual = patSelect(`pat-actual:${k}`, cell.actual === null ? '' : cell.actual, levels, `Agreed level: ${decision} — ${organisation}`);
          const agree = patSelect(`pat-agree:${k}`, cell.agree === null ? '' : (cell.agree ? 'yes' : 'no'),
            [['', '–'], ['yes', 'yes'], ['no', 'no']], `Does the group agree: ${decision} — ${organisation}`);
          const desired = patSelect(`pat-desired:${k}`, cell.agree === false && cell.desired !== null ? cell.desired : '', levels, `Desired level: ${decision} — ${organisation}`);
          const saveCell = () => {
            if (actual.value === '') { say(`Choose the agreed level for ${organisation} first.`); actual.focus(); return; }
            const body = { action: 'assess', decision: d, organisation: o, actual: Number(actual.value),
              agree: agree.value === '' ? null : agree.value === 'yes',
              desired: agree.value === 'no' && desired.value !== '' ? Number(desired.value) : null };
            patAction(activity, body, `Recorded: ${decision} — ${organisation}.`, ['actual', 'agree', 'desired'].map((name) => `pat-${name}:${k}`));
          };
          const actions = (cell.actions || []).map((a, i) => el('li', {}, el('bdi', { text: a.text }), ` — ${a.owner}${a.by ? `, by ${a.by}` : ''} `,
            el('button', { type: 'button', class: 'btn btn-small btn-secondary', 'data-key': `pat-remove:${k}:${i}`,
              'aria-label': `Remove the action “${a.text.slice(0, 60)}”`,
              on: { click: () => patAction(activity, { action: 'remove_action', decision: d, organisation: o, index: i }, 'Action removed.') } }, 'Remove')));
          let addForm = null;
          if (cell.agree === false) {
            const textKey = `pat-action:${k}`;
            const byKey = `pat-by:${k}`;
            const text = el('input', { type: 'text', maxlength: '280', 'data-key': textKey, placeholder: 'Action',
              'aria-label': `New action: ${decision} — ${organisation}`, value: patDraft(textKey, ''), on: { input: (e) => patDrafts.set(textKey, e.target.value) } });
            const owner = patSelect(`pat-owner:${k}`, organisation, r.organisations.map((x) => [x, x]), `Who owns the action: ${decision} — ${organisation}`);
            const by = el('input', { type: 'text', maxlength: '10', 'data-key': byKey, placeholder: 'by 2027-03', size: '9',
              'aria-label': `By when (2027-03 or 2027-03-31): ${decision} — ${organisation}`, value: patDraft(byKey, ''), on: { input: (e) => patDrafts.set(byKey, e.target.value) } });
            addForm = el('form', { class: 'console-pat-action', on: { submit: (e) => {
              e.preventDefault();
              if (!text.value.trim()) { say('Type the action first.'); text.focus(); return; }
              patAction(activity, { action: 'add_action', decision: d, organisation: o, text: text.value, owner: owner.value, by: by.value.trim() },
                'Action added.', [textKey, byKey]);
            } } }, text, owner, by, el('button', { type: 'submit', class: 'btn btn-small btn-secondary', 'data-key': `pat-add:${k}` }, 'Add action'));
          }
          return [el('tr', {}, el('th', { scope: 'row', dir: 'auto', text: organisation }),
            el('td', {}, actual), el('td', {}, agree), el('td', {}, desired),
            el('td', {}, el('button', { type: 'button', class: 'btn btn-small btn-primary', 'data-key': `pat-save:${k}`, on: { click: saveCell } }, 'Record')),
            el('td', {}, patLevel(cell.actual), cell.agree === false && cell.desired !== null ? [' → ', patLevel(cell.desired)] : null,
              actions.length ? el('ul', { class: 'pat-actions' }, actions) : null)),
          addForm ? el('tr', { class: 'console-pat-action-row' }, el('td', {}), el('td', { colspan: '5' }, addForm)) : null];
        });
        section.appendChild(el('table', { class: 'console-pat-form' },
          el('thead', {}, el('tr', {}, ['Organisation', 'Agreed level', 'Group agrees?', 'Desired (if not)', '', 'Recorded'].map((h) => el('th', { scope: 'col', text: h })))),
          el('tbody', {}, rows)));
      }
      parts.push(section);
    });
    if (agreeing) parts.push(el('h4', { text: 'The table as the room sees it' }), patTable(r));
    return el('div', { class: 'console-pat' }, parts);
  }

  return { tools: patTools, results: patConsole };
}
