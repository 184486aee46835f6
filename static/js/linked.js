// What a page opened with a link the facilitator handed out shares — a group host's page
// (static/js/host.js) and a rapporteur's (static/js/rapporteur.js): its status line and connection
// badge, its requests (one at a time, in the order made; a 401 means the link was revoked) and
// following the session live until the link is revoked.
import { api, connect, emitAck } from './common.js';

/**
 * ``token`` is the link's secret; ``message`` and ``connection`` the ids of the page's status line
 * and connection badge; ``revokedText`` what the page says once revoked; ``onRevoked()`` empties
 * the page's own parts.
 */
export function linkedPage({ token, message, connection, revokedText, onRevoked }) {
  let revoked = false;
  let socket = null;

  function say(text, isError = true) {
    const box = document.getElementById(message);
    box.className = `form-status${isError ? ' error' : ''}`;
    box.textContent = text;
  }

  function setConnection(kind, text) {
    const box = document.getElementById(connection);
    box.className = `connection connection-${kind}`;
    box.textContent = text;
  }

  /** The link was revoked (told by the server, or a request refused): the page stops offering anything. */
  function showRevoked() {
    revoked = true;
    setConnection('error', 'Link revoked');
    onRevoked();
    say(revokedText);
    if (socket) socket.disconnect();
  }

  // Two quick presses ("+1 min" twice) both count, and an older request's answer never redraws
  // the page over a newer one's.
  let requests = Promise.resolve();

  /** Send a request after the ones before it; its answer, or null once the error was said. */
  function call(method, path, body) {
    const answer = requests.then(() => send(method, path, body));
    requests = answer;
    return answer;
  }

  async function send(method, path, body) {
    if (revoked) return null;
    say('', false);
    try {
      return await api(token, method, path, body);
    } catch (error) {
      if (error.status === 401) showRevoked();
      else say(error.message);
      return null;
    }
  }

  /** Follow the session: join with ``event`` ({code, token}), hand the ack to ``onJoined``, and
   *  listen to ``events`` ({name: handler}) until ``revokedEvent`` arrives. */
  function follow({ code, event, revokedEvent, onJoined, events = {} }) {
    try {
      socket = connect();
    } catch (error) {
      setConnection('error', 'Live updates could not start. Reload the page.');
      throw error;
    }
    const join = () => {
      emitAck(socket, event, { code, token }, 10000).then((ack) => {
        if (!ack.ok) { showRevoked(); return; }
        setConnection('ok', 'Live');
        onJoined(ack);
      }).catch(() => { if (socket.connected) window.setTimeout(join, 3000); });
    };
    socket.on('connect', () => { if (!revoked) { setConnection('wait', 'Connecting…'); join(); } });
    socket.on('disconnect', () => { if (!revoked) setConnection('offline', 'Offline — reconnecting…'); });
    socket.on(revokedEvent, showRevoked);
    for (const [name, handler] of Object.entries(events)) socket.on(name, handler);
  }

  return { say, call, follow, isRevoked: () => revoked };
}
