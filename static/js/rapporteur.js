// A rapporteur's page: the session's key takeaways to write, and nothing else. The rapporteur
// link's secret is this page's API token; the server refuses it for anything but the takeaways
// (and once revoked).
import { appData, fill } from './common.js';
import { linkedPage } from './linked.js';
import { takeawaysEditor } from './takeaways.js';

const { data } = appData();
const code = data.code;
const $ = (id) => document.getElementById(id);

let takeaways = [];

const page = linkedPage({
  token: data.apiToken, message: 'rapporteur-message', connection: 'rapporteur-connection',
  revokedText: 'The facilitator has revoked this rapporteur link: it no longer writes the takeaways. Ask the facilitator for a new one.',
  onRevoked: () => {
    fill($('takeaways-list'));
    $('takeaway-form').hidden = true;
  },
});

function show(list) {
  if (page.isRevoked() || !Array.isArray(list)) return;
  takeaways = list;
  editor.render(takeaways);
}

/** A change of the takeaways; the answer carries them all, drawn at once. */
async function change(method, path, body) {
  const answer = await page.call(method, path, body);
  if (answer) show(answer.takeaways);
  return answer;
}

const editor = takeawaysEditor({ code, list: $('takeaways-list'), form: $('takeaway-form'), text: $('takeaway-text'),
  change, say: page.say, redraw: () => editor.render(takeaways) });

page.follow({
  code, event: 'rapporteur.join', revokedEvent: 'rapporteur.revoked', onJoined: (ack) => show(ack.state.takeaways),
  events: { takeaways: (event) => show(event && event.takeaways) },
});
