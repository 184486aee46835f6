// "Promote to plenary": the toggle on a working group's note, cluster or results, shared by the
// facilitator's console and a group host's page (which the server limits to its own group).
import { el } from './common.js';

/** What a working group's results can be promoted as (a board goes as its notes or clusters). */
export const PROMOTABLE_RESULTS = ['poll', 'scale', 'ranking', 'points', 'wordcloud', 'pat'];

/**
 * ``getState()`` is the page's current session state, ``call(method, path, body)`` sends a request and
 * resolves to the answer (or null), ``setState(state)`` and ``say(text, isError)`` show the outcome.
 * Returns ``toggle(kind, ref, what)``: a toggle button (aria-pressed and a star once the item is
 * promoted; its name stays the same, as a toggle's should).
 */
export function promoteToggles({ code, getState, call, setState, say }) {
  const path = `/api/sessions/${encodeURIComponent(code)}/promotions`;
  const promotionOf = (kind, ref) => {
    const state = getState();
    return ((state && state.stage && state.stage.promoted) || []).find((p) => p.kind === kind && p.ref === ref) || null;
  };
  return function toggle(kind, ref, what) {
    const promoted = promotionOf(kind, ref);
    return el('button', { type: 'button', class: `btn btn-small promote-toggle ${promoted ? 'btn-primary' : 'btn-secondary'}`,
      'data-key': `promote:${kind}:${ref}`, 'aria-pressed': promoted ? 'true' : 'false',
      'aria-label': `Promote to plenary: ${what}`,
      on: { click: async (e) => {
        e.stopPropagation(); // a note card in the console is also a drag source
        const now = promotionOf(kind, ref);
        const answer = now ? await call('DELETE', `${path}/${now.id}`) : await call('POST', path, { kind, id: ref });
        if (answer && answer.state) {
          setState(answer.state);
          say(now ? 'Taken back from the plenary.' : 'Promoted to the plenary.', false);
        }
      } } }, promoted ? '★ Promote to plenary' : 'Promote to plenary'); // a toggle keeps its name; aria-pressed says it is on
  };
}
