// The dashboard page: hash routes (#/ the list, #/rollouts/NS/NAME a rollout), one Server-Sent
// Events stream per view, and DOM built with createElement (no HTML strings from data).
const app = document.getElementById('app');
const live = document.getElementById('live');
const SVG = 'http://www.w3.org/2000/svg';
let config = { readOnly: false, auth: false };
let source;
let current = '';

/** h('td', { class: 'x', 'aria-label': 'y' }, child, 'text') */
function setAttr(el, k, v) {
  if (v === undefined || v === false) return;
  if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
  else el.setAttribute(k, v === true ? '' : String(v));
}

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) setAttr(el, k, v);
  for (const c of children.flat()) if (c !== undefined && c !== null) el.append(c instanceof Node ? c : String(c));
  return el;
}

function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) el.append(c);
  return el;
}

function age(ts) {
  if (!ts) return '';
  const secs = Math.max(0, Math.round((Date.now() - Date.parse(ts)) / 1000));
  if (secs < 120) return `${secs}s`;
  if (secs < 7200) return `${Math.floor(secs / 60)}m`;
  if (secs < 172800) return `${Math.floor(secs / 3600)}h`;
  return `${Math.floor(secs / 86400)}d`;
}

function badge(status) {
  return h('span', { class: `badge ${status}` }, status || 'Unknown');
}

function toast(text) {
  const el = document.getElementById('toast');
  el.textContent = text;
  el.classList.add('show');
  setTimeout(() => el.classList.remove('show'), 3000);
}

function route() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, query] = hash.split('?');
  const m = /^\/rollouts\/([^/]+)\/([^/]+)$/.exec(path);
  if (m) return { view: 'rollout', namespace: decodeURIComponent(m[1]), name: decodeURIComponent(m[2]) };
  return { view: 'list', namespace: new URLSearchParams(query || '').get('namespace') || '' };
}

function subscribe(r, render) {
  if (source) source.close();
  const params = new URLSearchParams({ namespace: r.namespace });
  if (r.view === 'rollout') params.set('rollout', r.name);
  source = new EventSource(`/api/stream?${params}`);
  source.addEventListener('view', (e) => {
    render(JSON.parse(e.data));
    document.body.dataset.updated = String(Date.now());
  });
  source.addEventListener('open', () => { live.textContent = 'live'; live.classList.add('on'); });
  source.addEventListener('error', () => { live.textContent = 'reconnecting…'; live.classList.remove('on'); });
}

// ---------- the list ----------

function renderList(data, r) {
  const select = h('select', { id: 'ns', 'aria-label': 'Filter by namespace', onchange: (e) => { location.hash = e.target.value ? `#/?namespace=${encodeURIComponent(e.target.value)}` : '#/'; } },
    h('option', { value: '' }, 'All namespaces'),
    data.namespaces.map((ns) => h('option', { value: ns, selected: ns === r.namespace }, ns)));
  const rows = data.rollouts.map((ro) => h('tr', { 'data-rollout': `${ro.namespace}/${ro.name}` },
    h('td', { 'data-label': 'Name' }, h('a', { href: `#/rollouts/${encodeURIComponent(ro.namespace)}/${encodeURIComponent(ro.name)}` }, ro.name)),
    h('td', { 'data-label': 'Namespace' }, ro.namespace),
    h('td', { 'data-label': 'Strategy' }, ro.strategy || '—'),
    h('td', { 'data-label': 'Phase' }, badge(ro.status)),
    h('td', { 'data-label': 'Step' }, ro.step || '—'),
    h('td', { 'data-label': 'Weight' }, ro.strategy === 'Canary' ? `${ro.actualWeight}%` : '—'),
    h('td', { 'data-label': 'Images', class: 'mono' }, ro.images.map((i) => h('div', {}, i.image, i.tags.map((t) => h('span', { class: 'tag' }, t))))),
    h('td', { 'data-label': 'Age', title: ro.creationTimestamp || '' }, age(ro.creationTimestamp))));
  const table = rows.length
    ? h('table', { class: 'rollouts', 'aria-label': 'Rollouts' },
      h('thead', {}, h('tr', {}, ['Name', 'Namespace', 'Strategy', 'Phase', 'Step', 'Weight', 'Images', 'Age'].map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', {}, rows))
    : h('p', { class: 'muted' }, 'No rollouts.');
  const focused = document.activeElement && document.activeElement.id;
  app.replaceChildren(h('h1', {}, 'Rollouts'), h('div', { class: 'toolbar' }, h('label', { for: 'ns' }, 'Namespace'), select), h('div', { class: 'panel' }, table));
  if (focused === 'ns') document.getElementById('ns').focus();
}

// ---------- a rollout ----------

const ACTIONS = [
  { action: 'promote', label: 'Promote', cls: 'primary', text: 'Promote this rollout: leave the current pause or step.' },
  { action: 'promote-full', label: 'Promote full', cls: '', text: 'Fully promote: skip every remaining step, pause and analysis.' },
  { action: 'abort', label: 'Abort', cls: 'danger', text: 'Abort: send all traffic back to the stable version.' },
  { action: 'retry', label: 'Retry', cls: '', text: 'Retry the aborted rollout from its first step.' },
  { action: 'restart', label: 'Restart', cls: '', text: 'Restart the pods of this rollout.' },
];

function confirmAction(text) {
  const dialog = document.getElementById('confirm');
  document.getElementById('confirm-text').textContent = text;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
    dialog.showModal();
    document.getElementById('confirm-ok').focus();
  });
}

async function runAction(r, a) {
  if (!(await confirmAction(`${a.text} (${r.namespace}/${r.name})`))) return;
  const res = await fetch(`/api/rollouts/${encodeURIComponent(r.namespace)}/${encodeURIComponent(r.name)}/actions/${a.action}`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}', credentials: 'same-origin',
  });
  const body = await res.json().catch(() => ({}));
  toast(res.ok ? body.message : `${a.label} failed: ${body.error || res.status}`);
}

function actionsBar(r) {
  if (config.readOnly) return h('span', { class: 'muted' }, 'read-only');
  return h('div', { class: 'actions', role: 'group', 'aria-label': 'Rollout actions' },
    ACTIONS.map((a) => h('button', { type: 'button', class: `btn ${a.cls}`, 'data-action': a.action, 'aria-label': `${a.label} ${r.name}`, onclick: () => runAction(r, a) }, a.label)));
}

function stepsPanel(d) {
  if (!d.stepViews.length) return h('div', { class: 'panel' }, h('h2', {}, 'Steps'), h('p', { class: 'muted' }, d.strategy === 'BlueGreen' ? 'Blue-green: no steps.' : 'No steps.'));
  return h('div', { class: 'panel' }, h('h2', {}, `Steps ${d.step ? `(${d.step})` : ''}`),
    h('ol', { class: 'steps', 'aria-label': 'Steps' }, d.stepViews.map((st) => h('li', { class: st.state, 'data-state': st.state, 'aria-current': st.state === 'current' ? 'step' : false },
      h('span', { class: 'dot', 'aria-hidden': 'true' }), h('span', {}, st.text), h('span', { class: 'muted visually' }, st.state === 'done' ? '✓' : '')))));
}

function weightsPanel(d) {
  const w = d.weights;
  if (!w) return h('div', { class: 'panel' }, h('h2', {}, 'Traffic'), h('p', { class: 'muted' }, `${d.strategy || 'No'} strategy`));
  const canary = h('div', { class: 'canary' });
  const stable = h('div', { class: 'stable' });
  canary.style.width = `${w.canary}%`;
  stable.style.width = `${w.stable}%`;
  return h('div', { class: 'panel', id: 'weights' }, h('h2', {}, 'Traffic'),
    h('div', { class: 'bar', role: 'img', 'aria-label': `canary ${w.canary}%, stable ${w.stable}%` }, canary, stable),
    h('div', { class: 'legend' },
      h('span', { 'data-weight': 'canary' }, `Canary ${w.canary}%`), h('span', { 'data-weight': 'stable' }, `Stable ${w.stable}%`),
      h('span', { class: 'muted' }, `set weight ${w.setWeight}% · ${w.source === 'router' ? 'reported by the router' : 'computed'}`)));
}

function chart(c) {
  const W = 520, H = 160, L = 44, R = 10, T = 10, B = 24;
  const pts = c.points.filter((p) => p.value !== null && p.time);
  const values = pts.map((p) => p.value).concat(c.threshold ? [c.threshold.value] : []);
  // The data and the threshold with a little room around them (values 0.93–0.99 against 0.9 fill the height).
  const lo = values.length ? Math.min(...values) : 0, hi = values.length ? Math.max(...values) : 1;
  const pad = (hi - lo) * 0.15 || Math.abs(hi) * 0.1 || 1;
  const min = lo - pad, max = hi + pad;
  const span = max - min;
  const times = pts.map((p) => Date.parse(p.time));
  const t0 = Math.min(...times), t1 = Math.max(...times);
  const x = (t) => L + (t1 > t0 ? ((t - t0) / (t1 - t0)) * (W - L - R) : (W - L - R) / 2);
  const y = (v) => T + (1 - (v - min) / span) * (H - T - B);
  const svg = s('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${c.metric}: ${pts.length} measurements${c.threshold ? `, success when ${c.threshold.op} ${c.threshold.value}` : ''}` });
  svg.append(s('line', { class: 'axis', x1: L, y1: H - B, x2: W - R, y2: H - B }), s('line', { class: 'axis', x1: L, y1: T, x2: L, y2: H - B }));
  svg.append(s('text', { x: L - 6, y: y(max) + 4, 'text-anchor': 'end' }, String(+max.toPrecision(3))), s('text', { x: L - 6, y: y(min) + 4, 'text-anchor': 'end' }, String(+min.toPrecision(3))));
  if (c.threshold) {
    svg.append(s('line', { class: 'threshold', x1: L, y1: y(c.threshold.value), x2: W - R, y2: y(c.threshold.value) }));
    svg.append(s('text', { x: L + 4, y: y(c.threshold.value) - 4, class: 'threshold-label' }, `success ${c.threshold.op} ${c.threshold.value}`));
  }
  if (pts.length > 1) svg.append(s('polyline', { class: 'line', points: pts.map((p, i) => `${x(times[i])},${y(p.value)}`).join(' ') }));
  pts.forEach((p, i) => {
    const dot = s('circle', { class: `pt-${p.phase}`, cx: x(times[i]), cy: y(p.value), r: 4, 'data-point': '' });
    dot.append(s('title', {}, `${p.time}: ${p.value} (${p.phase})`));
    svg.append(dot);
  });
  return svg;
}

function runPanel(run) {
  return h('div', { class: 'analysis', 'data-run': run.name },
    h('h3', {}, `Analysis ${run.name} `, badge(run.status)),
    run.message ? h('p', { class: 'muted' }, run.message) : null,
    run.charts.map((c) => h('figure', { 'data-metric': c.metric },
      chart(c),
      h('figcaption', { class: 'muted' }, `${c.metric} · ${c.points.length} measurement(s) · ${c.successCondition ? `success: ${c.successCondition}` : 'no success condition'}`))));
}

function revisionsPanel(d) {
  return h('div', { class: 'panel' }, h('h2', {}, 'Revisions'), d.revisions.map((rev) => h('div', { class: 'revision', 'data-revision': rev.revision },
    h('h3', {}, `Revision ${rev.revision}`),
    rev.replicaSets.map((rs) => h('div', { class: 'rs' },
      h('div', {}, h('span', { class: 'mono' }, rs.name), rs.tags.map((t) => h('span', { class: 'tag' }, t)), ' ', badge(rs.status), h('span', { class: 'muted' }, ` ${rs.available}/${rs.replicas} available`)),
      h('div', { class: 'pods', 'aria-label': `pods of ${rs.name}` }, rs.pods.map((p) => h('span', { class: `pod ${p.status === 'Running' ? 'Running' : /Err|Crash|Fail/.test(p.status) ? 'bad' : ''}`, title: `${p.name} ${p.status} ${p.ready}` }, `${p.name.slice(-5)} ${p.status}`))))),
    rev.analysisRuns.map(runPanel))));
}

function renderRollout(d, r) {
  if (!d) {
    app.replaceChildren(h('p', {}, h('a', { href: '#/' }, '← Rollouts')), h('p', {}, `Rollout ${r.namespace}/${r.name} not found.`));
    return;
  }
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.action : undefined;
  app.replaceChildren(
    h('p', {}, h('a', { href: r.namespace ? `#/?namespace=${encodeURIComponent(r.namespace)}` : '#/' }, '← Rollouts')),
    h('div', { class: 'header' },
      h('div', {}, h('h1', {}, d.name, ' ', badge(d.status)), h('div', { class: 'muted' }, `${d.namespace} · ${d.strategy || 'no strategy'} · ${d.replicas.available}/${d.replicas.desired} available · age ${age(d.creationTimestamp)}`), d.message ? h('div', { class: 'muted', id: 'message' }, d.message) : null),
      actionsBar(r)),
    h('div', { class: 'grid' }, stepsPanel(d), weightsPanel(d)),
    h('div', { class: 'panel' }, h('h2', {}, 'Images'), d.images.map((i) => h('div', { class: 'mono' }, i.image, i.tags.map((t) => h('span', { class: 'tag' }, t))))),
    revisionsPanel(d));
  document.body.dataset.phase = d.status;
  if (focused) document.querySelector(`[data-action="${focused}"]`)?.focus();
}

function show() {
  const r = route();
  const key = JSON.stringify(r);
  if (key === current) return;
  current = key;
  app.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  document.title = r.view === 'rollout' ? `${r.name} · Rollouts` : 'Rollouts';
  subscribe(r, (data) => (r.view === 'rollout' ? renderRollout(data, r) : renderList(data, r)));
}

async function main() {
  const res = await fetch('/api/config', { credentials: 'same-origin' });
  if (res.status === 401) { location.href = '/login'; return; }
  config = await res.json();
  window.addEventListener('hashchange', show);
  show();
}

main();
