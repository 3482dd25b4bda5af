// Preloaded (node --require) into each Azurite service that keeps its data in a folder. Azurite keeps its metadata
// (tables, queue messages, blob properties) in LokiJS databases that it saves every 5 seconds, so a kill -9 of the
// process loses the last seconds of writes it had already acknowledged. This makes every HTTP response wait until the
// databases changed by then are saved (written to the operating system, which keeps them whatever happens to the
// process). All changes pending at that moment are saved at once, so concurrent requests share a save.
'use strict';
const http = require('http');
const lokiPath = require.resolve('lokijs', { paths: [process.argv[1]] });
const Loki = require(lokiPath);

const databases = new Set();
const enableAutosave = Loki.prototype.autosaveEnable;
Loki.prototype.autosaveEnable = function (...args) {
  databases.add(this);
  return enableAutosave.apply(this, args);
};

const isDirty = () => { for (const db of databases) { if (db.autosaveDirty()) return true; } return false; };
const saveAll = () => Promise.all([...databases].filter((db) => db.autosaveDirty()).map((db) =>
  new Promise((resolve, reject) => db.saveDatabase((error) => (error ? reject(error) : resolve())))));

let running = null;
let next = null;
function flush() {
  if (running === null) {
    running = saveAll().finally(() => { running = null; });
    return running;
  }
  // A save is under way, but it may have started before this response's changes: they need the one after it.
  if (next === null) {
    next = running.catch(() => {}).then(() => { next = null; return flush(); });
  }
  return next;
}

const end = http.ServerResponse.prototype.end;
http.ServerResponse.prototype.end = function (...args) {
  if (!isDirty()) {
    return end.apply(this, args);
  }
  const answer = () => end.apply(this, args);
  flush().then(answer, (error) => { console.error('azurite: saving before answering failed:', error); answer(); });
  return this;
};
