// Drives two embedded Meshboard frames with postMessage and lists the events they send back.
// MESHBOARD is where Meshboard is served; pass it as ?meshboard=<url> (default: same host).
const MESHBOARD = new URL(new URLSearchParams(location.search).get('meshboard') || '/ops/meshboard/', location.href);
const frames = {
  panel: document.getElementById('panel'),
  dashboard: document.getElementById('dashboard'),
};
frames.panel.src = new URL('d-solo/meshboard-operations?panelId=7&from=now-6h&to=now', MESHBOARD).href;
frames.dashboard.src = new URL('d/meshboard-operations?from=now-6h&to=now&kiosk', MESHBOARD).href;

function send(message) {
  for (const frame of Object.values(frames)) frame.contentWindow.postMessage(message, MESHBOARD.origin);
}
document.getElementById('last-hour').onclick = () => send({ type: 'setTimeRange', from: 'now-1h', to: 'now' });
document.getElementById('job-fedzk').onclick = () => send({ type: 'setVariables', variables: { job: ['fedzk'] } });
document.getElementById('light').onclick = () => send({ type: 'setTheme', theme: 'light' });
document.getElementById('refresh').onclick = () => send({ type: 'refresh' });
document.getElementById('transparent').onclick = () => send({ type: 'setTransparent', transparent: true });

window.events = [];
addEventListener('message', (event) => {
  if (event.origin !== MESHBOARD.origin || event.data?.source !== 'meshboard') return;
  window.events.push(event.data);
  document.getElementById('events').textContent += `${JSON.stringify(event.data)}\n`;
});
