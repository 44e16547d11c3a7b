// The simulator page: every phone's SMS thread polled from GET /simulator/threads, texts sent through
// POST /simulator/sms, and a web-chat panel on the chat endpoints (its replies arrive as
// server-sent events, read with fetch so the session token can travel in a header).
/* global document, window, fetch, sessionStorage, URLSearchParams, setTimeout, clearTimeout, AbortController, TextDecoderStream, crypto */
'use strict';

const DEFAULT_PHONES = ['+15551230101', '+15552000001', '+15552000002', '+15553000001'];
const ROLES = { resident: 'Resident', vendor: 'Vendor', contact: 'Landlord', unknown: 'Unknown number' };
const POLL_MS = 1000;
const KEY_STORAGE = 'fixline.simulator.apiKey';

const state = { key: sessionStorage.getItem(KEY_STORAGE) || '', cards: [], timer: null };
const chat = { token: null, sessionId: null, lastId: null, abort: null, seen: new Set() };
const $ = (id) => document.getElementById(id);

class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Phones from `?phones=+1555…,+1555…` (a `+` in a query string arrives as a space), else the demo's. */
function phonesFromUrl() {
  const raw = new URLSearchParams(window.location.search).get('phones');
  const phones = (raw || '')
    .split(',')
    .map((p) => p.trim().replace(/^(\d)/, '+$1'))
    .filter((p) => /^\+[1-9]\d{7,14}$/.test(p));
  return phones.length ? [...new Set(phones)].slice(0, 10) : DEFAULT_PHONES;
}

async function request(method, path, body, token) {
  const headers = { accept: 'application/json' };
  const bearer = token || state.key;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) {
    const message = json && json.error ? json.error.message : `HTTP ${res.status}`;
    const hint = res.status === 401 && !token ? ' Enter the tenant’s API key above.' : '';
    throw new HttpError(res.status, message + hint);
  }
  return json;
}

function time(iso) {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

function bubble(kind, who, body, stamp) {
  const li = document.createElement('li');
  li.className = `msg ${kind}`;
  const sr = document.createElement('span');
  sr.className = 'sr-only';
  sr.textContent = `${who}: `;
  li.append(sr, document.createTextNode(body));
  if (stamp) {
    const small = document.createElement('span');
    small.className = 'stamp';
    small.textContent = stamp;
    li.append(small);
  }
  return li;
}

function nearBottom(list) {
  return list.scrollHeight - list.scrollTop - list.clientHeight < 40;
}

function scrollDown(list, stick) {
  if (stick) list.scrollTop = list.scrollHeight;
}

/** Submits on Enter (Shift+Enter for a new line). */
function enterSubmits(textarea) {
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      textarea.form.requestSubmit();
    }
  });
}

// ---- phones ----

function makeCard(phone, index) {
  const section = $('phone-template').content.firstElementChild.cloneNode(true);
  const card = {
    phone,
    section,
    title: section.querySelector('h2'),
    meta: section.querySelector('.meta'),
    thread: section.querySelector('.thread'),
    quick: section.querySelector('.quick'),
    form: section.querySelector('form'),
    label: section.querySelector('label'),
    input: section.querySelector('textarea'),
    button: section.querySelector('button[type=submit]'),
    error: section.querySelector('.error'),
    signature: null,
    ids: null,
    items: new Map(),
  };
  card.title.id = `phone-${index}-title`;
  section.setAttribute('aria-labelledby', card.title.id);
  section.dataset.phone = phone;
  card.input.id = `phone-${index}-input`;
  card.label.htmlFor = card.input.id;
  name(card, phone, 'Phone');
  card.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void sendSms(card, card.input.value);
  });
  enterSubmits(card.input);
  return card;
}

function name(card, title, role, optedOut) {
  card.title.textContent = title;
  card.meta.textContent = `${role} · ${card.phone}${optedOut ? ' · opted out (STOP)' : ''}`;
  card.label.textContent = `Text from ${title}`;
  card.thread.setAttribute('aria-label', `Messages with ${title}`);
}

async function sendSms(card, text, button = card.button) {
  const body = text.trim();
  if (!body) return;
  card.error.textContent = '';
  button.disabled = true;
  try {
    const result = await request('POST', '/simulator/sms', { from: card.phone, body });
    if (result.status === 'unknown_number') card.error.textContent = 'This tenant has no line number.';
    if (button === card.button) card.input.value = '';
    await refresh();
  } catch (err) {
    card.error.textContent = `Not sent: ${err.message}`;
  } finally {
    button.disabled = false;
  }
}

function renderThread(card, thread) {
  const title = thread.participant.name || thread.phone;
  name(card, title, ROLES[thread.participant.type] || 'Phone', thread.opted_out);
  const ids = thread.messages.map((m) => m.id);
  const signature = thread.messages.map((m) => `${m.id}:${m.status}`).join();
  if (signature === card.signature) return;
  card.signature = signature;
  const stick = nearBottom(card.thread);
  // New messages are appended (so screen readers announce only them) and statuses updated in place;
  // anything else redraws the thread.
  if (!card.ids || !card.ids.every((id, i) => ids[i] === id)) {
    card.thread.replaceChildren();
    card.items = new Map();
  }
  for (const m of thread.messages) {
    const stamp = m.direction === 'inbound' ? time(m.created_at) : `${time(m.created_at)} · ${m.status}`;
    const item = card.items.get(m.id);
    if (item) {
      item.querySelector('.stamp').textContent = stamp;
      continue;
    }
    const li =
      m.direction === 'inbound'
        ? bubble('mine', title, m.body, stamp)
        : bubble('theirs', 'Fixline', m.body, stamp);
    card.items.set(m.id, li);
    card.thread.append(li);
  }
  card.ids = ids;
  scrollDown(card.thread, stick);
  renderQuickReplies(card, thread.messages);
}

/** YES/NO buttons for the latest job offer this phone has not answered yet. */
function renderQuickReplies(card, messages) {
  card.quick.replaceChildren();
  const last = messages.length - 1 - [...messages].reverse().findIndex((m) => /Reply YES \w+/.test(m.body));
  if (last >= messages.length || messages.slice(last + 1).some((m) => m.direction === 'inbound')) return;
  const code = /Reply YES (\w+)/.exec(messages[last].body)[1];
  for (const answer of ['YES', 'NO']) {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = `${answer} ${code}`;
    button.addEventListener('click', () => void sendSms(card, `${answer} ${code}`, button));
    card.quick.append(button);
  }
}

function setConnection(text, bad) {
  const el = $('connection');
  el.textContent = text;
  el.classList.toggle('bad', bad);
}

async function refresh() {
  try {
    const phones = encodeURIComponent(state.cards.map((c) => c.phone).join(','));
    const data = await request('GET', `/simulator/threads?phones=${phones}`);
    const { tenant } = data;
    setConnection(`Connected: ${tenant.name} (${tenant.id}), line ${tenant.sms_number || 'not set'}.`, false);
    for (const thread of data.threads) {
      const card = state.cards.find((c) => c.phone === thread.phone);
      if (card) renderThread(card, thread);
    }
  } catch (err) {
    setConnection(`Cannot read the threads: ${err.message}`, true);
  }
}

function poll() {
  clearTimeout(state.timer);
  void refresh().finally(() => {
    state.timer = setTimeout(poll, POLL_MS);
  });
}

// ---- web chat ----

function chatError(text) {
  $('chat-error').textContent = text;
}

function addChatMessage(m) {
  if (chat.seen.has(m.id)) return;
  chat.seen.add(m.id);
  const list = $('chat-thread');
  const stick = nearBottom(list);
  const mine = m.direction === 'inbound';
  list.append(bubble(mine ? 'mine' : 'theirs', mine ? 'You' : 'Fixline', m.body, time(m.created_at)));
  scrollDown(list, stick);
}

function addChatNote(text) {
  const list = $('chat-thread');
  const stick = nearBottom(list);
  list.append(bubble('note', 'Update', text));
  scrollDown(list, stick);
}

function handleEvent(block) {
  let event = 'message';
  let data = '';
  let id = null;
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data += (data ? '\n' : '') + value;
    else if (field === 'id') id = value;
  }
  if (!data) return;
  if (id) chat.lastId = id;
  const payload = JSON.parse(data);
  if (event === 'ready') $('chat-meta').textContent = 'Live';
  else if (event === 'message') addChatMessage(payload);
  else if (event === 'ticket') {
    const from = payload.previous_status ? `${payload.previous_status} → ` : '';
    addChatNote(`Ticket ${payload.code}: ${from}${payload.status}`);
  }
}

async function openStream() {
  const abort = new AbortController();
  chat.abort = abort;
  const headers = { authorization: `Bearer ${chat.token}`, accept: 'text/event-stream' };
  if (chat.lastId) headers['last-event-id'] = chat.lastId;
  try {
    const res = await fetch(`/chat/sessions/${chat.sessionId}/events`, { headers, signal: abort.signal });
    if (!res.ok || !res.body) throw new Error(`event stream answered HTTP ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        handleEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
      }
    }
  } catch (err) {
    if (!abort.signal.aborted) chatError(`Chat stream interrupted: ${err.message}`);
  }
  if (chat.abort === abort && !abort.signal.aborted) {
    $('chat-meta').textContent = 'Reconnecting…';
    setTimeout(() => chat.abort === abort && void openStream(), 2000);
  }
}

async function startChat(event) {
  event.preventDefault();
  chatError('');
  if (chat.abort) chat.abort.abort();
  chat.abort = null;
  const residentId = $('chat-as').value;
  try {
    const session = await request('POST', '/chat/sessions', residentId ? { resident_id: residentId } : {});
    Object.assign(chat, {
      token: session.token,
      sessionId: session.session_id,
      lastId: null,
      seen: new Set(),
    });
    $('chat-thread').replaceChildren();
    $('chat-meta').textContent = session.participant.id ? `As ${session.participant.id}` : 'As a visitor';
    $('chat-input').disabled = false;
    $('chat-form').querySelector('button').disabled = false;
    $('chat-start').querySelector('button').textContent = 'New chat';
    void openStream();
  } catch (err) {
    chatError(`Could not start a chat: ${err.message}`);
  }
}

function clientId() {
  return crypto.randomUUID
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
}

async function sendChat(event) {
  event.preventDefault();
  const input = $('chat-input');
  const body = input.value.trim();
  if (!body || !chat.token) return;
  const button = $('chat-form').querySelector('button');
  button.disabled = true;
  chatError('');
  try {
    const sent = await request('POST', '/chat/messages', { body, client_message_id: clientId() }, chat.token);
    input.value = '';
    addChatMessage({ id: sent.message_id, direction: 'inbound', body, created_at: new Date().toISOString() });
  } catch (err) {
    chatError(`Not sent: ${err.message}`);
  } finally {
    button.disabled = false;
  }
}

// ---- start ----

function init() {
  const phones = $('phones');
  state.cards = phonesFromUrl().map((phone, i) => makeCard(phone, i));
  phones.prepend(...state.cards.map((c) => c.section));
  $('api-key').value = state.key;
  $('key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.key = $('api-key').value.trim();
    if (state.key) sessionStorage.setItem(KEY_STORAGE, state.key);
    else sessionStorage.removeItem(KEY_STORAGE);
    for (const card of state.cards) Object.assign(card, { signature: null, ids: null });
    poll();
  });
  $('chat-start').addEventListener('submit', (event) => void startChat(event));
  $('chat-form').addEventListener('submit', (event) => void sendChat(event));
  enterSubmits($('chat-input'));
  poll();
}

init();
