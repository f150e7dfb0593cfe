// The local stack's developer console: plain ES module, no framework, no CDN. Everything it shows is
// read the way clients read it: the REST API through /console/api/rest (with the console's admin
// token), cognito-local's admin API, and the local bus's event log (live over server-sent events).
const view = document.getElementById('view');
const api = (path, options = {}) => fetch('/console/api' + path, options).then(async (response) => {
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : await response.text();
  if (!response.ok) {
    const detail = body && (body.detail || body.message || body.title) || response.statusText;
    throw new Error(`${response.status}: ${detail}`);
  }
  return body;
});
const rest = (path, options) => api('/rest' + path, options);

/** A DOM element: el('td', {class: 'x'}, 'text', child, ...). */
function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
const json = (value) => el('pre', {}, JSON.stringify(value, null, 2));
const badge = (text, kind) => el('span', {class: 'badge' + (kind ? ' ' + kind : '')}, text);
const when = (iso) => iso ? new Date(iso).toLocaleString() : '';
function failure(error) {
  return el('p', {class: 'error', role: 'alert'}, String(error.message || error));
}
function show(...nodes) {
  view.replaceChildren(...nodes);
}

// ------------------------------------------------------------------ events (shared by two views)

const events = [];            // {event, schemaErrors}, oldest first
const listeners = new Set();
let source;
function connectEvents() {
  if (source) return;
  source = new EventSource('/console/api/events/stream');
  source.addEventListener('bus', (message) => {
    const entry = JSON.parse(message.data);
    if (!events.some((e) => e.event.id === entry.event.id)) {
      events.push(entry);
      listeners.forEach((listener) => listener(entry));
    }
  });
}
async function loadEvents() {
  connectEvents();
  const all = await api('/events');
  for (const entry of all) {
    if (!events.some((e) => e.event.id === entry.event.id)) events.push(entry);
  }
  events.sort((a, b) => String(a.event.time).localeCompare(String(b.event.time)));
}
const detailType = (entry) => entry.event['detail-type'];
const userOf = (entry) => entry.event.detail && entry.event.detail.userId;

function eventRow(entry) {
  const ok = entry.schemaErrors.length === 0;
  return el('details', {class: 'event', 'data-type': detailType(entry)},
    el('summary', {},
      el('strong', {}, detailType(entry)), ' ',
      badge(ok ? 'schema ✓' : 'schema ✗', ok ? 'ok' : 'bad'), ' ',
      el('span', {class: 'muted'}, when(entry.event.time), ' · user ', userOf(entry) || '-')),
    ok ? null : el('ul', {class: 'error'}, entry.schemaErrors.map((e) => el('li', {}, e))),
    json(entry.event));
}

/** Events per minute over the last 30 minutes, as bars. */
function chart(list) {
  const minutes = 30;
  const now = Math.floor(Date.now() / 60000);
  const counts = new Array(minutes).fill(0);
  for (const entry of list) {
    const minute = Math.floor(new Date(entry.event.time).getTime() / 60000);
    const index = minutes - 1 - (now - minute);
    if (index >= 0 && index < minutes) counts[index]++;
  }
  const max = Math.max(1, ...counts);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'chart');
  svg.setAttribute('viewBox', `0 0 ${minutes * 20} 120`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `Events per minute, last ${minutes} minutes: ${counts.reduce((a, b) => a + b, 0)} in all, at most ${max} in a minute`);
  counts.forEach((count, i) => {
    const height = Math.round((count / max) * 80);
    const bar = document.createElementNS(ns, 'rect');
    bar.setAttribute('x', i * 20 + 3);
    bar.setAttribute('y', 100 - height);
    bar.setAttribute('width', 14);
    bar.setAttribute('height', height);
    const title = document.createElementNS(ns, 'title');
    title.textContent = `${count} event(s), ${minutes - 1 - i} min ago`;
    bar.append(title);
    svg.append(bar);
    if (count > 0) {
      const label = document.createElementNS(ns, 'text');
      label.setAttribute('x', i * 20 + 10);
      label.setAttribute('y', 96 - height);
      label.setAttribute('text-anchor', 'middle');
      label.textContent = count;
      svg.append(label);
    }
  });
  const axis = document.createElementNS(ns, 'text');
  axis.setAttribute('x', 2);
  axis.setAttribute('y', 115);
  axis.textContent = `${minutes} min ago → now`;
  svg.append(axis);
  return svg;
}

async function eventsView() {
  show(el('h2', {}, 'Event bus'), el('p', {class: 'muted'}, 'Loading…'));
  await loadEvents();
  const filter = el('select', {id: 'type-filter'}, el('option', {value: ''}, 'all detail types'));
  const types = () => [...new Set(events.map(detailType))].sort();
  const list = el('div', {id: 'event-list', 'aria-live': 'polite'});
  const picture = el('div', {});
  const count = el('p', {class: 'muted', id: 'event-count'});
  const render = () => {
    const chosen = filter.value;
    for (const type of types()) {
      if (![...filter.options].some((o) => o.value === type)) filter.append(el('option', {value: type}, type));
    }
    const shown = events.filter((e) => !chosen || detailType(e) === chosen);
    count.textContent = `${shown.length} event(s)${chosen ? ' of type ' + chosen : ''}; newest first; live.`;
    picture.replaceChildren(chart(shown));
    list.replaceChildren(...shown.slice().reverse().slice(0, 300).map(eventRow));
  };
  filter.addEventListener('change', render);
  listeners.clear();
  listeners.add(render);
  show(el('h2', {}, 'Event bus'),
    el('form', {class: 'filters', onsubmit: (e) => e.preventDefault()},
      el('div', {}, el('label', {for: 'type-filter'}, 'Detail type'), filter)),
    el('h3', {}, 'Events per minute'), picture, count, list);
  render();
}

// ------------------------------------------------------------------ users

async function usersView(params) {
  const q = params.get('q') || '';
  const status = params.get('status') || 'ACTIVE';
  const cursor = params.get('cursor') || '';
  const search = el('input', {id: 'q', name: 'q', type: 'search', value: q, placeholder: 'name prefix or email'});
  const statusSelect = el('select', {id: 'status', name: 'status'},
    ['ACTIVE', 'SUSPENDED', 'DELETED'].map((s) => el('option', {value: s, selected: s === status}, s)));
  const form = el('form', {class: 'filters', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    location.hash = '#/users?' + new URLSearchParams({q: search.value.trim(), status: statusSelect.value});
  }},
  el('div', {}, el('label', {for: 'q'}, 'Search by name or email'), search),
  el('div', {}, el('label', {for: 'status'}, 'Status'), statusSelect),
  el('button', {type: 'submit'}, 'Show'));
  show(el('h2', {}, 'Users'), form, el('p', {class: 'muted'}, 'Loading…'));
  const parts = [el('h2', {}, 'Users'), form];
  try {
    let page;
    if (q.includes('@')) {
      // email: the pool knows it (the API searches display names); then each profile through the API
      const matches = await api('/cognito/users?' + new URLSearchParams({email: q}));
      const items = [];
      for (const user of matches) {
        try {
          items.push(await rest('/users/' + encodeURIComponent(user.sub)));
        } catch (e) {
          items.push({userId: user.sub, email: user.email, displayName: '(no profile yet)', status: user.status});
        }
      }
      page = {items};
    } else if (q) {
      page = await rest('/users/search?' + new URLSearchParams({q, limit: '25', ...(cursor ? {cursor} : {})}));
    } else {
      page = await rest('/users?' + new URLSearchParams({status, limit: '25', ...(cursor ? {cursor} : {})}));
    }
    parts.push(el('table', {id: 'users'},
      el('caption', {class: 'muted'}, q ? `Matches for “${q}”` : `${status} users, newest first`),
      el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'Name'), el('th', {scope: 'col'}, 'Email'),
        el('th', {scope: 'col'}, 'Status'), el('th', {scope: 'col'}, 'Created'))),
      el('tbody', {}, page.items.map((u) => el('tr', {},
        el('td', {}, el('a', {href: '#/users/' + encodeURIComponent(u.userId)}, u.displayName || u.userId)),
        el('td', {}, u.email || ''), el('td', {}, badge(u.status || '')), el('td', {}, when(u.createdAt)))))));
    if (page.items.length === 0) parts.push(el('p', {}, 'No users.'));
    if (page.nextCursor) {
      parts.push(el('p', {}, el('a', {href: '#/users?' + new URLSearchParams({q, status, cursor: page.nextCursor})}, 'Next page →')));
    }
    const waiting = (await api('/cognito/users')).filter((u) => u.status === 'UNCONFIRMED');
    parts.push(el('h3', {}, 'Awaiting confirmation'),
      waiting.length === 0 ? el('p', {class: 'muted'}, 'Nobody: every sign-up is confirmed.') :
        el('table', {}, el('tbody', {}, waiting.map((u) => el('tr', {},
          el('td', {}, u.email), el('td', {}, badge(u.status)),
          el('td', {}, el('button', {type: 'button', onclick: async () => {
            await api('/cognito/users/' + encodeURIComponent(u.sub) + '/confirm', {method: 'POST'});
            route();
          }}, 'Confirm')))))));
  } catch (error) {
    parts.push(failure(error));
  }
  show(...parts);
}

function section(title, ...content) {
  return el('section', {class: 'card', 'aria-label': title}, el('h3', {}, title), ...content);
}

async function userView(id) {
  show(el('h2', {}, 'User'), el('p', {class: 'muted'}, 'Loading…'));
  const settle = (promise) => promise.then((value) => ({value}), (error) => ({error}));
  const [profile, cognito, followers, following, audit] = await Promise.all([
    settle(rest('/users/' + encodeURIComponent(id))),
    settle(api('/cognito/users/' + encodeURIComponent(id))),
    settle(rest('/users/' + encodeURIComponent(id) + '/followers?limit=50')),
    settle(rest('/users/' + encodeURIComponent(id) + '/following?limit=50')),
    settle(rest('/users/' + encodeURIComponent(id) + '/audit?limit=50')),
    loadEvents().catch(() => {})]);
  const message = el('p', {role: 'status', id: 'action-status'});
  const act = (label, work, kind) => el('button', {type: 'button', class: kind, onclick: async () => {
    message.textContent = label + '…';
    try {
      await work();
      message.textContent = label + ': done.';
      setTimeout(() => userView(id), 300);
    } catch (error) {
      message.textContent = label + ' failed: ' + error.message;
    }
  }}, label);
  const p = profile.value;
  const c = cognito.value;
  const body = (r) => ({method: 'PUT', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(r)});
  const actions = el('div', {class: 'actions'},
    c && c.status === 'UNCONFIRMED' ? act('Confirm', () => api('/cognito/users/' + encodeURIComponent(id) + '/confirm', {method: 'POST'})) : null,
    c && !(c.groups || []).includes('admin') ? act('Make admin', async () => {
      await api('/cognito/users/' + encodeURIComponent(id) + '/groups/admin', {method: 'PUT'});
      if (p) await rest('/users/' + encodeURIComponent(id) + '/roles/admin', {method: 'PUT'});
    }) : null,
    p && p.status === 'ACTIVE' ? act('Suspend', () => rest('/users/' + encodeURIComponent(id) + '/status',
      body({status: 'SUSPENDED', reason: 'Suspended from the local console'})), 'danger') : null,
    p && p.status === 'SUSPENDED' ? act('Reactivate', () => rest('/users/' + encodeURIComponent(id) + '/status',
      body({status: 'ACTIVE', reason: 'Reactivated from the local console'}))) : null);
  const people = (r) => r.error ? failure(r.error) : r.value.items.length === 0 ? el('p', {class: 'muted'}, 'None.') :
    el('ul', {}, r.value.items.map((u) => el('li', {}, el('a', {href: '#/users/' + encodeURIComponent(u.userId)}, u.displayName || u.userId))));
  const theirs = events.filter((e) => userOf(e) === id).slice().reverse();
  show(
    el('h2', {}, p ? (p.displayName || p.email) : id),
    el('p', {}, el('a', {href: '#/users'}, '← all users')),
    actions, message,
    el('div', {class: 'grid'},
      section('Profile', profile.error ? failure(profile.error) : el('dl', {},
        ['userId', 'email', 'displayName', 'givenName', 'familyName', 'status', 'roles', 'followerCount', 'followingCount',
          'version', 'createdAt', 'updatedAt'].flatMap((k) => [el('dt', {}, k), el('dd', {}, Array.isArray(p[k]) ? p[k].join(', ') : p[k] ?? '')]))),
      section('Cognito', cognito.error ? failure(cognito.error) : el('dl', {},
        el('dt', {}, 'status'), el('dd', {id: 'cognito-status'}, badge(c.status)),
        el('dt', {}, 'enabled'), el('dd', {}, String(c.enabled)),
        el('dt', {}, 'groups'), el('dd', {id: 'cognito-groups'}, (c.groups || []).join(', ') || 'none'),
        el('dt', {}, 'username'), el('dd', {}, c.username))),
      section('Preferences', p ? json(p.preferences || {}) : el('p', {class: 'muted'}, 'No profile.')),
      section('Followers', people(followers)),
      section('Following', people(following))),
    section('Audit trail', audit.error ? failure(audit.error) : audit.value.items.length === 0 ? el('p', {class: 'muted'}, 'Nothing yet.') :
      el('table', {}, el('tbody', {}, audit.value.items.map((a) => el('tr', {},
        el('td', {}, when(a.at || a.occurredAt)), el('td', {}, a.action || a.type || ''), el('td', {}, json(a))))))),
    section('Events about this user', theirs.length === 0 ? el('p', {class: 'muted'}, 'None yet.') : theirs.map(eventRow)));
}

// ------------------------------------------------------------------ dead letters, outbox

async function deadLettersView() {
  try {
    const entries = await api('/dead-letters');
    show(el('h2', {}, 'Dead letters'),
      el('p', {class: 'muted'}, 'Stream batches and events that failed every retry (the on-failure destination, dlq.jsonl).'),
      entries.length === 0 ? el('p', {}, 'None: nothing failed.') : entries.slice().reverse().map((entry, i) =>
        el('details', {}, el('summary', {}, `#${entries.length - i} `, entry.requestContext ? entry.requestContext.condition || '' : '',
          ' ', entry.timestamp || ''), json(entry))));
  } catch (error) {
    show(el('h2', {}, 'Dead letters'), failure(error));
  }
}

async function outboxView() {
  try {
    const outbox = await api('/outbox');
    show(el('h2', {}, 'Outbox'),
      el('h3', {}, 'Confirmation codes'), el('p', {class: 'muted'}, 'What cognito-local "sent" (it prints codes instead of emailing them): the latest per address.'),
      outbox.confirmationCodes.length === 0 ? el('p', {}, 'None yet.') :
        el('table', {id: 'codes'}, el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'To'), el('th', {scope: 'col'}, 'Code'), el('th', {scope: 'col'}, 'At'))),
          el('tbody', {}, outbox.confirmationCodes.map((c) => el('tr', {}, el('td', {}, c.destination), el('td', {}, el('code', {}, c.code)), el('td', {}, when(c.at)))))),
      el('h3', {}, 'Email-change messages'), el('p', {class: 'muted'}, 'What the API would have emailed (the outbox folder).'),
      outbox.emailChanges.length === 0 ? el('p', {}, 'None yet.') :
        el('table', {}, el('thead', {}, el('tr', {}, el('th', {scope: 'col'}, 'To'), el('th', {scope: 'col'}, 'User'), el('th', {scope: 'col'}, 'Token'), el('th', {scope: 'col'}, 'Expires'))),
          el('tbody', {}, outbox.emailChanges.map((m) => el('tr', {}, el('td', {}, m.to), el('td', {}, el('a', {href: '#/users/' + encodeURIComponent(m.userId)}, m.userId)),
            el('td', {}, el('code', {}, m.token)), el('td', {}, when(m.expiresAt)))))));
  } catch (error) {
    show(el('h2', {}, 'Outbox'), failure(error));
  }
}

// ------------------------------------------------------------------ routing

async function route() {
  const hash = location.hash || '#/users';
  const [path, query] = hash.slice(1).split('?');
  const params = new URLSearchParams(query || '');
  for (const link of document.querySelectorAll('nav a')) {
    const current = path === link.getAttribute('href').slice(1) || path.startsWith(link.getAttribute('href').slice(1) + '/');
    if (current) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  listeners.clear();
  try {
    if (path.startsWith('/users/')) await userView(decodeURIComponent(path.slice('/users/'.length)));
    else if (path === '/events') await eventsView();
    else if (path === '/dead-letters') await deadLettersView();
    else if (path === '/outbox') await outboxView();
    else await usersView(params);
  } catch (error) {
    show(failure(error));
  }
}

window.addEventListener('hashchange', route);
api('/info').then((info) => {
  document.getElementById('stack-info').textContent =
    `REST API ${info.apiUrl} · sign-in ${info.loginUrl} · user pool ${info.userPoolId} · app client ${info.clientId}`;
}).catch(() => {});
route();
