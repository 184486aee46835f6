// The key takeaways' editor: the list with Edit and Delete, and the form that adds one. The
// facilitator's console and a rapporteur's page (static/js/rapporteur.js) both use it.
import { el, fill } from './common.js';

/**
 * ``list`` (an ol) and ``form`` (with the textarea ``text``) are the page's own. ``change(method,
 * path, body)`` sends a change and answers the server's answer, or null once it said the error;
 * ``redraw()`` has the page draw again (it calls ``render``); ``say(text, isError)`` reports.
 */
export function takeawaysEditor({ code, list, form, text, change, say, redraw }) {
  const path = `/api/sessions/${encodeURIComponent(code)}/takeaways`;
  let editing = null; // the id of the takeaway being rewritten

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const written = text.value.trim();
    if (!written) return;
    if (await change('POST', path, { text: written })) {
      text.value = '';
      say('Takeaway added.', false);
    }
  });

  function editor(item, n, typed) {
    const box = el('textarea', { rows: '3', maxlength: '500', dir: 'auto', 'data-key': `takeaway-text:${item.id}`,
      'aria-label': `Takeaway ${n + 1}` });
    box.value = typed === null ? item.text : typed;
    return el('li', { class: 'takeaway-item' }, box, el('div', { class: 'takeaway-buttons' },
      el('button', { type: 'button', class: 'btn btn-secondary btn-small', 'data-key': `takeaway-save:${item.id}`,
        on: { click: async () => {
          if (await change('PUT', `${path}/${item.id}`, { text: box.value })) {
            editing = null;
            redraw();
          }
        } } }, 'Save'),
      el('button', { type: 'button', class: 'btn btn-link btn-small',
        on: { click: () => { editing = null; redraw(); } } }, 'Cancel')));
  }

  /** Draw the takeaways (``[{id, text}]``), the one being rewritten as a text box. */
  function render(takeaways) {
    // A change from elsewhere (the facilitator, a rapporteur) keeps what is being typed in the open box.
    const open = editing === null ? null : list.querySelector(`[data-key="takeaway-text:${editing}"]`);
    const typed = open ? open.value : null;
    fill(list, takeaways.map((item, n) => (item.id === editing ? editor(item, n, typed) : el('li', { class: 'takeaway-item' },
      el('span', { class: 'takeaway-text', dir: 'auto', text: item.text }),
      el('div', { class: 'takeaway-buttons' },
        el('button', { type: 'button', class: 'btn btn-link btn-small', 'data-key': `takeaway-edit:${item.id}`,
          'aria-label': `Edit takeaway ${n + 1}`, on: { click: () => { editing = item.id; redraw(); } } }, 'Edit'),
        el('button', { type: 'button', class: 'btn btn-link btn-small', 'data-key': `takeaway-delete:${item.id}`,
          'aria-label': `Delete takeaway ${n + 1}`,
          on: { click: () => change('DELETE', `${path}/${item.id}`) } }, 'Delete'))))));
  }

  return { render };
}
