// Starts the files the first page needs (config.json, the dashboard list and, on a dashboard
// route, the dashboard's file) at page start, while the wasm downloads and compiles, instead of
// after it (issue 17: first chart). The app reads the answers from window.__meshboardEarly
// (src/api/early.rs: config and list shared by every reader, the dashboard's file taken once)
// and asks the server itself when one is missing or failed. A classic script from a file in <head>, before the stylesheets (a script waits for
// the stylesheets above it): the strict CSP allows no inline script.
(function () {
  'use strict';
  var early = {};
  window.__meshboardEarly = early;
  if (typeof fetch !== 'function' || typeof URL !== 'function') return;
  var base = document.baseURI;

  // The same request the app makes (GET, same-origin credentials), read as text with its
  // status so the app can name a missing file as it does for its own requests.
  function start(path) {
    var answer = fetch(new URL(path, base).href, { credentials: 'same-origin' }).then(function (response) {
      return response.text().then(function (body) {
        return { status: response.status, contentType: response.headers.get('content-type'), body: body };
      });
    });
    // A failure is the app's to report, through its own request: no unhandled rejection here.
    answer.catch(function () {});
    early[path] = answer;
    return answer;
  }

  // `d/<uid>[/slug]` or `d-solo/<uid>[/slug]` under the base path (sub-path deployments).
  function dashboardUid() {
    var basePath = new URL(base).pathname;
    var path = location.pathname;
    if (path.indexOf(basePath) !== 0) return null;
    var match = /^d(?:-solo)?\/([^/]+)/.exec(path.slice(basePath.length));
    if (!match) return null;
    try {
      return decodeURIComponent(match[1]);
    } catch (e) {
      return null;
    }
  }

  start('config.json');
  var index = start('dashboards/index.json');
  var uid = dashboardUid();
  if (uid === null) return;
  // This reaction is registered before the app's (which awaits the same answer later), so the
  // dashboard's file is started and registered before the app looks for it.
  index.then(function (answer) {
    if (answer.status !== 200) return;
    var list;
    try {
      list = JSON.parse(answer.body);
    } catch (e) {
      return;
    }
    if (list && !Array.isArray(list)) list = list.dashboards;
    if (!Array.isArray(list)) return;
    for (var i = 0; i < list.length; i++) {
      var entry = list[i];
      // A plain file name only: anything else is left to the app, which reports it.
      if (entry && entry.uid === uid && /^[A-Za-z0-9._-]+$/.test(String(entry.file))) {
        start('dashboards/' + entry.file);
        return;
      }
    }
  }, function () {});
})();
