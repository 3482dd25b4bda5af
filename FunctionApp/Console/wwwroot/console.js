// The operator console: a page over the Durable management API (/runtime/webhooks/durabletask), with the admin key the
// operator types in, kept in this tab's session storage and sent as the x-functions-key header, never in a URL.
'use strict';

const KEY = 'acme-console-admin-key';
const MANAGEMENT = '/runtime/webhooks/durabletask/instances';
const STATUSES = ['Running', 'Pending', 'Completed', 'Failed', 'Terminated', 'Suspended', 'ContinuedAsNew'];
const view = document.getElementById('view');
const banner = document.getElementById('banner');
let refreshTimer = null;
let settings = null;

class ApiError extends Error {
  constructor(message, status) { super(message); this.status = status; }
}

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function showBanner(message, kind = 'error') {
  banner.textContent = message;
  banner.className = kind === 'info' ? 'info' : '';
  banner.hidden = !message;
}

function askForKey(reason) {
  const dialog = document.getElementById('key-dialog');
  document.getElementById('key-reason').textContent = reason
    || 'The console shows and changes every run, so it needs the app\u2019s admin key. It is kept in this tab only.';
  document.getElementById('key-input').value = '';
  if (!dialog.open) dialog.showModal();
}

document.getElementById('key-form').addEventListener('submit', () => {
  sessionStorage.setItem(KEY, document.getElementById('key-input').value.trim());
  settings = null;
  showBanner('');
  route();
});

document.getElementById('forget-key').addEventListener('click', () => {
  sessionStorage.removeItem(KEY);
  askForKey();
});

// Problem details (RFC 9457) become one readable sentence; nothing raw reaches the page.
async function readError(response) {
  let text = '';
  try {
    const body = await response.json();
    text = [body.title, body.detail].filter(Boolean).join(': ');
    if (body.errors) text += ' ' + Object.values(body.errors).flat().join(' ');
  } catch { /* not JSON */ }
  return text || `The app answered ${response.status} ${response.statusText}.`;
}

async function api(path, options = {}) {
  const key = sessionStorage.getItem(KEY);
  if (!key) {
    askForKey();
    throw new ApiError('An admin key is needed.', 401);
  }
  let response;
  try {
    response = await fetch(path, { ...options, headers: { 'x-functions-key': key, ...(options.headers || {}) } });
  } catch {
    throw new ApiError('The app did not answer. Is it running?', 0);
  }
  if (response.status === 401 || response.status === 403) {
    sessionStorage.removeItem(KEY);
    askForKey('That admin key was not accepted. Enter the app\u2019s admin key (not a function key).');
    throw new ApiError('The admin key was not accepted.', response.status);
  }
  if (!response.ok) throw new ApiError(await readError(response), response.status);
  return response;
}

function when(value) {
  if (!value) return '';
  const date = new Date(value);
  return isNaN(date) || date.getUTCFullYear() < 1970 ? '' : date.toLocaleString();
}

function duration(from, to) {
  const start = Date.parse(from);
  const end = to ? Date.parse(to) : Date.now();
  if (isNaN(start) || isNaN(end) || end < start) return '';
  const ms = end - start;
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60000) return `${(ms / 1000).toFixed(1)} s`;
  if (ms < 3600000) return `${Math.floor(ms / 60000)} min ${Math.round((ms % 60000) / 1000)} s`;
  return `${(ms / 3600000).toFixed(1)} h`;
}

function finished(status) { return ['Completed', 'Failed', 'Terminated'].includes(status); }

function stageOf(instance) {
  const custom = instance.customStatus;
  if (custom && typeof custom === 'object') return custom.stage || custom.status || '';
  return typeof custom === 'string' ? custom : '';
}

function pretty(value) {
  if (value === null || value === undefined || value === '') return el('span', { class: 'muted', text: 'none' });
  return el('pre', { text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) });
}

// A back-ordered order waits for the warehouse's Restocked event.
function waitsForRestock(stage) { return stage === 'AwaitingRestock' || stage === 'BackOrdered'; }

function statusBadge(status) { return el('span', { class: `status ${status}`, text: status }); }

// A table's head; a column given as [name, 'number'] is aligned for figures.
function tableHead(columns) {
  return el('thead', {}, el('tr', {}, columns.map(c => Array.isArray(c) ? el('th', { class: c[1], text: c[0] }) : el('th', { text: c }))));
}

// Shows a view again after a while; one timer for the page, so a new view stops the last one's.
function refreshLater(show, ms, wanted = true) {
  clearTimeout(refreshTimer);
  if (wanted) refreshTimer = setTimeout(() => show().catch(fail), ms);
}

// The app's console settings (where traces can be seen), read once per key.
async function consoleSettings() {
  if (!settings) settings = await (await api('/api/operations/console-settings')).json();
  return settings;
}

// The trace a run belongs to: the one of the request that started it (W3C traceparent: version-traceid-spanid-flags).
function traceIdOf(history) {
  const started = (history || []).find(e => e.EventType === 'ExecutionStarted');
  const parts = (started?.ParentTraceContext?.TraceParent || '').split('-');
  return parts.length === 4 && /^[0-9a-f]{32}$/.test(parts[1]) ? parts[1] : null;
}

function traceCard(traceId, traceUrl) {
  if (!traceId) return null;
  const link = traceUrl
    ? el('a', { id: 'trace-link', href: traceUrl.replaceAll('{traceId}', traceId), target: '_blank', rel: 'noopener', text: 'Open its trace' })
    : el('span', { class: 'muted', text: 'Set Console:TraceUrl to link traces to your trace viewer.' });
  return el('div', { class: 'card', id: 'trace' }, el('h3', { text: 'Trace' }), el('div', {}, link),
    el('div', { class: 'muted', text: `Trace id ${traceId}` }));
}

// ---- Instances ---------------------------------------------------------------------------------------------------

async function showInstances(params) {
  const filters = {
    status: params.get('status') || '',
    name: params.get('name') || '',
    from: params.get('from') || '',
    to: params.get('to') || '',
    prefix: params.get('prefix') || '',
  };
  const form = el('form', { class: 'filters', id: 'filters' },
    el('label', {}, 'Status', el('select', { name: 'status', id: 'filter-status' },
      el('option', { value: '', text: 'Any' }), STATUSES.map(s => el('option', { value: s, text: s, selected: s === filters.status })))),
    el('label', {}, 'Orchestration', el('input', { name: 'name', id: 'filter-name', value: filters.name, placeholder: 'e.g. PlaceOrderOrchestrator' })),
    el('label', {}, 'Created from', el('input', { name: 'from', id: 'filter-from', type: 'datetime-local', value: filters.from })),
    el('label', {}, 'Created to', el('input', { name: 'to', id: 'filter-to', type: 'datetime-local', value: filters.to })),
    el('label', {}, 'Instance id starts with', el('input', { name: 'prefix', id: 'filter-prefix', value: filters.prefix })),
    el('button', { type: 'submit', id: 'filter-apply', text: 'Show' }));
  form.addEventListener('submit', event => {
    event.preventDefault();
    const query = new URLSearchParams([...new FormData(form)].filter(([, v]) => v));
    location.hash = '#/instances?' + query;
  });
  const table = el('table', { id: 'instances' });
  const pager = el('div', { class: 'pager' });
  view.replaceChildren(el('h2', { text: 'Orders and runs' }), form, table, pager);

  const pages = [null];
  let page = 0;
  // The API cannot filter by name: with a name filter, further pages are read until a page's worth matches.
  async function fetchPage(token) {
    const query = new URLSearchParams({ top: '50' });
    if (filters.status) query.set('runtimeStatus', filters.status);
    if (filters.from) query.set('createdTimeFrom', new Date(filters.from).toISOString());
    if (filters.to) query.set('createdTimeTo', new Date(filters.to).toISOString());
    if (filters.prefix) query.set('instanceIdPrefix', filters.prefix);
    const response = await api(`${MANAGEMENT}?${query}`, { headers: token ? { 'x-ms-continuation-token': token } : {} });
    return { instances: await response.json(), next: response.headers.get('x-ms-continuation-token') };
  }
  const matches = i => !filters.name || (i.name || '').toLowerCase().includes(filters.name.toLowerCase());
  async function load() {
    let instances = [];
    let next = pages[page];
    for (let read = 0; read === 0 || (filters.name && instances.length < 50 && next && read < 20); read++) {
      const fetched = await fetchPage(next);
      instances = instances.concat(fetched.instances.filter(matches));
      next = fetched.next;
    }
    if (next && pages.length === page + 1) pages.push(next);
    renderInstances(table, instances);
    pager.replaceChildren(
      el('button', { type: 'button', class: 'quiet', disabled: page === 0, onclick: () => { page--; load().catch(fail); }, text: '\u2190 Previous' }),
      el('span', { text: `Page ${page + 1}` }),
      el('button', { type: 'button', class: 'quiet', id: 'next-page', disabled: !next, onclick: () => { page++; load().catch(fail); }, text: 'Next \u2192' }));
    refreshLater(load, 3000, instances.some(i => !finished(i.runtimeStatus)));
  }
  await load();
}

function renderInstances(table, instances) {
  const rows = instances.map(i => el('tr', { 'data-instance': i.instanceId },
    el('td', {}, el('a', { href: `#/instance/${encodeURIComponent(i.instanceId)}`, text: i.instanceId })),
    el('td', { text: i.name }),
    el('td', {}, statusBadge(i.runtimeStatus)),
    el('td', { text: stageOf(i) }),
    el('td', { text: when(i.createdTime) }),
    el('td', { text: when(i.lastUpdatedTime) }),
    el('td', { text: duration(i.createdTime, finished(i.runtimeStatus) ? i.lastUpdatedTime : null) })));
  const empty = instances.length === 0 ? [el('tr', {}, el('td', { colspan: 7, class: 'muted', text: 'No runs match these filters.' }))] : [];
  table.replaceChildren(tableHead(['Instance', 'Orchestration', 'Status', 'Stage', 'Created', 'Last updated', 'Duration']), el('tbody', {}, rows, empty));
}

// ---- One instance -----------------------------------------------------------------------------------------------

// The history as steps: each activity with its start, end, duration and attempts; timers; events; sub-orchestrations.
function timelineOf(history) {
  const steps = [];
  const attempts = {};
  for (const e of history || []) {
    const type = e.EventType;
    if (type === 'TaskCompleted' || type === 'TaskFailed' || type === 'TaskScheduled') {
      const name = e.FunctionName || '(activity)';
      // The same task (its id in the history) run again, after a failure and a rewind, is its next attempt.
      const task = e.TaskScheduledId ?? e.EventId ?? name;
      const attempt = (attempts[task] = (attempts[task] || 0) + 1);
      steps.push({ kind: 'Activity', name, start: e.ScheduledTime || e.Timestamp, end: type === 'TaskScheduled' ? null : e.Timestamp,
        status: type === 'TaskCompleted' ? 'completed' : type === 'TaskFailed' ? 'failed' : 'running', attempt, detail: e.Reason || '' });
    } else if (type.startsWith('SubOrchestrationInstance')) {
      steps.push({ kind: 'Sub-orchestration', name: e.FunctionName || '', start: e.ScheduledTime || e.Timestamp,
        end: type === 'SubOrchestrationInstanceCreated' ? null : e.Timestamp,
        status: type.endsWith('Completed') ? 'completed' : type.endsWith('Failed') ? 'failed' : 'running', child: e.InstanceId, detail: e.Reason || '' });
    } else if (type === 'TimerCreated') {
      steps.push({ kind: 'Timer', name: `until ${when(e.FireAt)}`, start: e.Timestamp, end: null, status: 'waiting', timerId: e.TimerId });
    } else if (type === 'TimerFired') {
      const timer = steps.find(s => s.kind === 'Timer' && s.timerId === e.TimerId && !s.end);
      if (timer) { timer.end = e.Timestamp; timer.status = 'completed'; }
    } else if (type === 'EventRaised') {
      steps.push({ kind: 'Event received', name: e.Name, start: e.Timestamp, end: e.Timestamp, status: 'completed' });
    } else if (type === 'EventSent') {
      steps.push({ kind: 'Event sent', name: e.Name, start: e.Timestamp, end: e.Timestamp, status: 'completed', child: e.InstanceId });
    } else if (type === 'ExecutionStarted') {
      steps.push({ kind: 'Started', name: e.FunctionName || '', start: e.Timestamp, end: e.Timestamp, status: 'completed' });
    } else if (type === 'ExecutionCompleted') {
      steps.push({ kind: 'Finished', name: e.OrchestrationStatus || '', start: e.Timestamp, end: e.Timestamp,
        status: e.OrchestrationStatus === 'Failed' ? 'failed' : 'completed', detail: e.FailureDetails?.ErrorMessage || '' });
    } else if (type === 'ExecutionTerminated' || type === 'ExecutionSuspended' || type === 'ExecutionResumed') {
      steps.push({ kind: type.replace('Execution', ''), name: '', start: e.Timestamp, end: e.Timestamp, status: 'completed', detail: e.Reason || '' });
    }
  }
  return steps;
}

async function showInstance(id) {
  const response = await api(`${MANAGEMENT}/${encodeURIComponent(id)}?showHistory=true&showHistoryOutput=true&showInput=true`);
  const instance = await response.json();
  const { traceUrl } = await consoleSettings();
  const steps = timelineOf(instance.historyEvents);
  if (instance.runtimeStatus === 'Running' && waitsForRestock(stageOf(instance))) {
    steps.push({ kind: 'Waiting', name: 'for the event Restocked (the warehouse)', start: instance.lastUpdatedTime, end: null, status: 'waiting' });
  }
  const failedStep = steps.filter(s => s.status === 'failed' && s.kind === 'Activity').pop();
  const stage = stageOf(instance);

  const cards = el('div', { class: 'cards' },
    el('div', { class: 'card' }, el('h3', { text: 'Status' }), statusBadge(instance.runtimeStatus),
      el('div', { class: 'muted', text: `${instance.name} \u00b7 created ${when(instance.createdTime)} \u00b7 updated ${when(instance.lastUpdatedTime)}` })),
    el('div', { class: 'card' }, el('h3', { text: 'Custom status' }), pretty(instance.customStatus)),
    el('div', { class: 'card' }, el('h3', { text: 'Input' }), pretty(instance.input)),
    instance.runtimeStatus === 'Failed'
      ? el('div', { class: 'card failure', id: 'failure' }, el('h3', { text: 'Failure' }),
        el('div', { text: failedStep ? `The step \u201c${failedStep.name}\u201d failed: ${failedStep.detail}` : 'The run failed.' }),
        el('details', {}, el('summary', { text: 'Technical detail' }), pretty(instance.output)))
      : el('div', { class: 'card' }, el('h3', { text: 'Output' }), pretty(instance.output)),
    traceCard(traceIdOf(instance.historyEvents), traceUrl));

  const actions = el('div', { class: 'actions', id: 'actions' },
    el('button', { type: 'button', id: 'action-raise', onclick: () => raiseEvent(id, stage) , text: 'Raise event\u2026' }),
    el('button', { type: 'button', id: 'action-rewind', disabled: instance.runtimeStatus !== 'Failed', onclick: () => act(id, 'rewind', 'Rewind', `Run the failed step of ${id} again?`), text: 'Rewind' }),
    el('button', { type: 'button', id: 'action-restart', class: 'quiet', onclick: () => act(id, 'restart?restartWithNewInstanceId=true', 'Restart', `Start ${instance.name} again with the same input, as a new instance?`), text: 'Restart' }),
    el('button', { type: 'button', id: 'action-suspend', class: 'quiet', disabled: instance.runtimeStatus !== 'Running', onclick: () => act(id, 'suspend', 'Suspend', `Suspend ${id}?`), text: 'Suspend' }),
    el('button', { type: 'button', id: 'action-resume', class: 'quiet', disabled: instance.runtimeStatus !== 'Suspended', onclick: () => act(id, 'resume', 'Resume', `Resume ${id}?`), text: 'Resume' }),
    el('button', { type: 'button', id: 'action-terminate', class: 'danger', disabled: finished(instance.runtimeStatus), onclick: () => act(id, 'terminate', 'Terminate', `Terminate ${id}? It stops where it is.`), text: 'Terminate' }),
    el('button', { type: 'button', id: 'action-purge', class: 'danger', disabled: !finished(instance.runtimeStatus), onclick: () => purge(id), text: 'Purge' }));

  const timeline = el('table', { id: 'timeline' },
    tableHead(['Step', 'What', 'Status', 'Started', 'Ended', 'Duration', 'Attempt', 'Detail']),
    el('tbody', {}, steps.map(s => el('tr', { 'data-kind': s.kind, 'data-name': s.name },
      el('td', { text: s.kind }),
      el('td', {}, s.child ? el('a', { href: `#/instance/${encodeURIComponent(s.child)}`, text: s.name || s.child }) : s.name),
      el('td', {}, statusBadge(s.status)),
      el('td', { text: when(s.start) }),
      el('td', { text: when(s.end) }),
      el('td', { text: s.end ? duration(s.start, s.end) : '' }),
      el('td', { text: s.attempt || '' }),
      el('td', { class: s.status === 'failed' ? 'failure' : '', text: s.detail || '' })))));

  view.replaceChildren(
    el('p', {}, el('a', { href: '#/instances', text: '\u2190 All runs' })),
    el('h2', { id: 'instance-title', text: id }), cards, actions, el('h3', { text: 'Timeline' }), timeline);
  refreshLater(() => showInstance(id), 3000, !finished(instance.runtimeStatus));
}

function confirmAction(text, extra) {
  const dialog = document.getElementById('confirm-dialog');
  document.getElementById('confirm-text').textContent = text;
  document.getElementById('confirm-extra').replaceChildren(...(extra ? [extra] : []));
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise(resolve => dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true }));
}

async function act(id, path, label, question) {
  if (!(await confirmAction(question))) return;
  try {
    await api(`${MANAGEMENT}/${encodeURIComponent(id)}/${path}`, { method: 'POST' });
    showBanner(`${label}: accepted for ${id}.`, 'info');
    await showInstance(id);
  } catch (e) { fail(e); }
}

async function raiseEvent(id, stage) {
  const name = el('input', { id: 'event-name', value: waitsForRestock(stage) ? 'Restocked' : '', required: true });
  const body = el('textarea', { id: 'event-body', rows: 3, text: '{}' });
  const extra = el('div', {}, el('label', {}, 'Event name', name), el('label', {}, 'Data (JSON)', body),
    waitsForRestock(stage) ? el('p', { class: 'muted', text: 'This order waits for the warehouse: Restocked lets it go on.' }) : null);
  if (!(await confirmAction(`Raise an event on ${id}?`, extra))) return;
  let data;
  try { data = JSON.parse(body.value || 'null'); } catch { showBanner('The event data is not valid JSON; nothing was sent.'); return; }
  try {
    await api(`${MANAGEMENT}/${encodeURIComponent(id)}/raiseEvent/${encodeURIComponent(name.value.trim())}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(data) });
    showBanner(`Event ${name.value.trim()} raised on ${id}.`, 'info');
    await showInstance(id);
  } catch (e) { fail(e); }
}

async function purge(id) {
  if (!(await confirmAction(`Purge ${id}? Its history is deleted for good.`))) return;
  try {
    await api(`${MANAGEMENT}/${encodeURIComponent(id)}`, { method: 'DELETE' });
    showBanner(`${id} purged.`, 'info');
    location.hash = '#/instances';
  } catch (e) { fail(e); }
}

// ---- Integrations health ------------------------------------------------------------------------------------------

function ms(value) { return value === null || value === undefined ? '\u2013' : `${value} ms`; }

function circuitText(system) {
  if (system.circuit === 'open') return `open until ${when(system.circuitOpenUntil)}: calls fail at once`;
  if (system.circuit === 'half-open') return 'half-open: the next call is a trial';
  return 'closed';
}

async function showIntegrations() {
  const health = await (await api('/api/operations/integrations')).json();
  const table = el('table', { id: 'integrations' },
    tableHead(['System', ['Calls', 'number'], ['Failed', 'number'], ['Client errors', 'number'], ['p50', 'number'], ['p99', 'number'], 'Circuit breaker', 'Last failure']),
    el('tbody', {}, health.systems.map(s => el('tr', { 'data-system': s.system },
      el('td', { text: s.system }),
      el('td', { class: 'number', text: s.calls }),
      el('td', { class: 'number' + (s.failures ? ' failure' : ''), text: s.failures }),
      el('td', { class: 'number', text: s.clientErrors }),
      el('td', { class: 'number', text: ms(s.p50Ms) }),
      el('td', { class: 'number', text: ms(s.p99Ms) }),
      el('td', { 'data-circuit': s.circuit }, statusBadge(s.circuit), ' ', el('span', { class: 'muted', text: s.circuit === 'closed' ? '' : circuitText(s) })),
      el('td', { text: s.lastFailure ? `${failureText(s.lastFailure.result)} at ${when(s.lastFailure.at)}` : '' })))));
  view.replaceChildren(el('h2', { text: 'Integrations' }),
    el('p', { class: 'note', text: `Calls to each third-party system over the last ${health.windowMinutes} minutes, as this instance of the app made them (retries included in the latency). Failed: no answer, a timeout, 408, 429 or 5xx \u2013 what the circuit breaker counts. Client errors: other 4xx answers.` }),
    table);
  refreshLater(showIntegrations, 5000);
}

function failureText(result) {
  return { timeout: 'timed out', unreachable: 'could not connect', circuit_open: 'refused by the open circuit', canceled: 'canceled', exception: 'failed' }[result]
    || `answered ${result}`;
}

// ---- Inventory changes ------------------------------------------------------------------------------------------

function age(seconds) {
  if (!seconds) return 'none waiting';
  return seconds < 60 ? `${seconds.toFixed(0)} s` : seconds < 3600 ? `${Math.floor(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

function changeText(change) {
  if (!change || typeof change !== 'object') return '';
  const fields = ['id', 'sku', 'delta', 'quantity', 'warehouse', 'occurredAt'].filter(f => change[f] !== undefined).map(f => `${f} ${change[f]}`);
  return fields.length ? fields.join(' \u00b7 ') : JSON.stringify(change);
}

// A reason that quotes a system's JSON answer: the sentence, with the answer folded away beneath it.
function reasonOf(reason) {
  const at = reason.indexOf('{');
  if (at <= 0) return [reason];
  return [reason.slice(0, at).replace(/[:\s]+$/, ''),
    el('details', {}, el('summary', { text: 'the system\u2019s answer' }), el('pre', { text: reason.slice(at) }))];
}

async function showInventoryChanges() {
  const queues = await (await api('/api/inventory-changes/queues')).json();
  const replay = el('button', { type: 'button', id: 'replay', disabled: queues.poisoned === 0, onclick: () => replayPoison(queues.poisoned), text: 'Replay poisoned changes\u2026' });
  const cards = el('div', { class: 'cards' },
    el('div', { class: 'card', id: 'waiting' }, el('h3', { text: 'Waiting to be applied' }), el('div', { class: 'figure', text: queues.waiting }),
      el('div', { class: 'muted', text: `oldest: ${age(queues.oldestAgeSeconds)} \u00b7 queue ${queues.queue}` })),
    el('div', { class: 'card', id: 'poisoned' }, el('h3', { text: 'Given up on (poison queue)' }), el('div', { class: 'figure' + (queues.poisoned ? ' failure' : ''), text: queues.poisoned }),
      el('div', { class: 'muted', text: `queue ${queues.poisonQueue}` })));
  const entries = queues.poisonEntries.map(e => el('tr', { 'data-entry': e.id },
    el('td', { text: when(e.failedAt || e.insertedOn) }),
    el('td', { text: e.change ? changeText(e.change) : (e.message || '') }),
    el('td', { class: 'failure' }, ...reasonOf(e.reason)),
    el('td', { class: 'number', text: e.attempts ?? '' }),
    el('td', { text: e.replayable ? 'yes' : 'no: it holds no valid change' })));
  const table = el('table', { id: 'poison' },
    tableHead(['Failed', 'Change', 'Why', 'Deliveries', 'Replayable']),
    el('tbody', {}, entries.length ? entries : el('tr', {}, el('td', { colspan: 5, class: 'muted', text: 'The poison queue is empty.' }))));
  view.replaceChildren(el('h2', { text: 'Inventory changes' }),
    el('p', { class: 'note', text: 'The warehouse\u2019s stock changes wait on a queue until they are applied in the ERP. A change that keeps failing is set aside on the poison queue; once its cause is fixed, replay puts it back (each change is applied once: its id is the ERP\u2019s key).' }),
    cards, el('div', { class: 'actions' }, replay),
    el('h3', { text: `Poison queue${queues.poisoned > entries.length ? ` (the first ${entries.length})` : ''}` }), table);
  refreshLater(showInventoryChanges, 5000);
}

async function replayPoison(count) {
  const max = Math.min(Math.max(count, 1), 1000);
  if (!(await confirmAction(`Put up to ${max} poisoned change${max === 1 ? '' : 's'} back on the queue, to be applied again?`))) return;
  try {
    const result = await (await api(`/api/inventory-changes/poison/replay?max=${max}`, { method: 'POST' })).json();
    showBanner(`Replayed ${result.replayed}; ${result.skipped} left aside (no valid change in them); about ${result.remaining} left in the poison queue.`, 'info');
    await showInventoryChanges();
  } catch (e) { fail(e); }
}

// ---- Order batches ----------------------------------------------------------------------------------------------

async function showBatches() {
  const batches = await (await api('/api/order-batches?top=50')).json();
  const rows = batches.map(b => {
    const o = b.outcome;
    const status = b.skipped ? 'Skipped' : b.status || 'Waiting';
    return el('tr', { 'data-file': b.file, 'data-batch': b.batchId },
      el('td', {}, b.batchId && b.status === 'Completed' ? el('a', { href: `#/batch/${encodeURIComponent(b.batchId)}`, text: b.file }) : b.file),
      el('td', {}, statusBadge(status)),
      el('td', { text: b.skipped ? `skipped: ${b.skipped}` : !b.batchId ? 'waits for the next scan' : b.stage || '' }),
      el('td', { text: when(b.arrivedAt) }),
      el('td', { class: 'number', text: o ? o.orders : '' }),
      el('td', { class: 'number', text: o ? o.confirmed : '' }),
      el('td', { class: 'number', text: o ? o.backOrdered : '' }),
      el('td', { class: 'number' + (o?.failed ? ' failure' : ''), text: o ? o.failed : '' }),
      el('td', { class: 'number' + (o?.invalidLines || o?.rejectedLines ? ' failure' : ''), text: o ? o.invalidLines + o.rejectedLines : '' }),
      el('td', { text: o ? `${o.durationSeconds.toFixed(1)} s` : duration(b.startedAt, finished(b.status) ? b.lastUpdatedAt : null) }),
      el('td', {}, b.batchId ? el('a', { href: `#/instance/${encodeURIComponent(b.batchId)}`, text: 'run' }) : ''));
  });
  const table = el('table', { id: 'batches' },
    tableHead(['File', 'Status', 'Stage', 'Arrived', ['Orders', 'number'], ['Confirmed', 'number'], ['Back-ordered', 'number'], ['Failed', 'number'], ['Bad lines', 'number'], 'Took', '']),
    el('tbody', {}, rows.length ? rows : el('tr', {}, el('td', { colspan: 11, class: 'muted', text: 'No order files yet.' }))));
  view.replaceChildren(el('h2', { text: 'Order batches' }),
    el('p', { class: 'note', text: 'Each order file dropped in the incoming container or uploaded, newest first. A finished file\u2019s name opens its report: every line and what became of it.' }),
    table);
  refreshLater(showBatches, 3000, batches.some(b => b.batchId && !finished(b.status)));
}

async function showBatch(id) {
  const report = await (await api(`/api/order-batches/${encodeURIComponent(id)}/report`)).json();
  const c = report.counts;
  const cards = el('div', { class: 'cards' },
    el('div', { class: 'card' }, el('h3', { text: 'File' }), el('div', { text: report.file }),
      el('div', { class: 'muted', text: `${report.format} \u00b7 ${when(report.startedAt)} \u2013 ${when(report.finishedAt)} \u00b7 ${report.durationSeconds.toFixed(1)} s` })),
    el('div', { class: 'card', id: 'report-counts' }, el('h3', { text: 'Outcome' }),
      el('div', { text: `${c.lines} lines, ${c.orders} orders: ${c.confirmed} confirmed, ${c.backOrdered} back-ordered, ${c.failed} failed` }),
      el('div', { class: c.invalidLines || c.rejectedLines ? 'failure' : 'muted', text: `${c.invalidLines} invalid lines, ${c.rejectedLines} lines rejected with their order` })),
    report.fileError ? el('div', { class: 'card failure' }, el('h3', { text: 'The file could not be processed' }), el('div', { text: report.fileError })) : null);
  const table = el('table', { id: 'report-lines' },
    tableHead(['Line', 'Order', 'Outcome', 'Detail', 'Run']),
    el('tbody', {}, report.lines.map(l => el('tr', { 'data-line': l.line },
      el('td', { class: 'number', text: l.line }),
      el('td', { text: l.orderRef || '' }),
      el('td', {}, statusBadge(l.outcome)),
      el('td', { class: ['Invalid', 'Rejected', 'Failed'].includes(l.outcome) ? 'failure' : '', text: l.detail || '' }),
      el('td', {}, l.instanceId ? el('a', { href: `#/instance/${encodeURIComponent(l.instanceId)}`, text: 'order run' }) : '')))));
  view.replaceChildren(el('p', {}, el('a', { href: '#/batches', text: '\u2190 All order batches' })),
    el('h2', { id: 'batch-title', text: `Report of ${report.file}` }), cards, el('h3', { text: 'Lines' }), table);
}

// ---- Routing ----------------------------------------------------------------------------------------------------

function fail(error) {
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return; // the key prompt says it
  showBanner(error instanceof ApiError ? error.message : 'Something went wrong in the page; reload it.');
}

const VIEWS = {
  instances: (rest, query) => showInstances(new URLSearchParams(query || '')),
  instance: rest => showInstance(rest),
  integrations: () => showIntegrations(),
  'inventory-changes': () => showInventoryChanges(),
  batches: () => showBatches(),
  batch: rest => showBatch(rest),
};

const SECTION = { instance: 'instances', batch: 'batches' };

function route() {
  clearTimeout(refreshTimer);
  const hash = location.hash || '#/instances';
  const [path, query] = hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean);
  const name = VIEWS[parts[0]] && (parts[1] || !['instance', 'batch'].includes(parts[0])) ? parts[0] : 'instances';
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('current', link.dataset.nav === (SECTION[name] || name));
  if (!sessionStorage.getItem(KEY)) { askForKey(); return; }
  VIEWS[name](decodeURIComponent(parts.slice(1).join('/')), query).catch(fail);
}

window.addEventListener('hashchange', () => { showBanner(''); route(); });
route();
