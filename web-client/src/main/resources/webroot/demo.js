// The demo community: a few pages of a small site, a demo login (the gateway's POST /demo/login signs
// a token for the picked user, as a real site would) and the widget on every page.
import { start, stop, current } from '/webim/webim.js';

const config = window.NEXTIM_CONFIG || { gateway: 'http://127.0.0.1:8080', lang: 'en' };
const SESSION = 'demo.session';
const LANG = 'demo.lang';

const USERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi', 'ivan', 'judy', 'mallory', 'niaj',
  'olivia', 'peggy', 'rupert', 'sybil', 'trent', 'victor'];
const PICKER = USERS.slice(0, 6);
const GROUPS = {
  lobby: { name: 'Lobby', blurb: 'Everyone on the site hangs out here.', members: USERS },
  dev: { name: 'Developers', blurb: 'Firmware, web apps and the occasional yak shave.', members: ['alice', 'bob', 'carol', 'dave', 'grace', 'ivan', 'mallory'] },
  music: { name: 'Music', blurb: 'Synth builds, jam nights and playlists.', members: ['alice', 'carol', 'erin', 'frank', 'heidi', 'olivia'] },
};
const ROLES = { alice: 'Organizer', bob: 'Firmware tinkerer', carol: 'Synth builder', dave: '3D printing', erin: 'Woodworker', frank: 'Drummer', grace: 'Web developer', heidi: 'Sound engineer', ivan: 'Robotics', judy: 'Textiles', mallory: 'Security', niaj: 'Electronics', olivia: 'Guitarist', peggy: 'Photography', rupert: 'CNC', sybil: 'Ceramics', trent: 'Laser cutting', victor: 'Bikes' };
const POSTS = [
  { id: 1, author: 'alice', title: 'Open workshop this Saturday', text: 'The big room is free from 10:00. Bring your half-finished projects; coffee is on us.', group: 'lobby' },
  { id: 2, author: 'bob', title: 'Flashing the ESP32 boards', text: 'I wrote down how I got OTA updates working on the ESP32 boards. Questions welcome in the Developers room.', group: 'dev' },
  { id: 3, author: 'carol', title: 'Synth night recap', text: 'Six analog synths, one broken MIDI cable, zero regrets. Recordings are up.', group: 'music' },
];

const nick = (id) => id.charAt(0).toUpperCase() + id.slice(1);
const $ = (sel) => document.querySelector(sel);

function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(e.dataset, v);
    else e.setAttribute(k, v);
  }
  for (const c of children.flat()) if (c != null) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function avatar(id, size = 40) {
  let h = 0;
  for (const ch of id) h = (h * 31 + ch.codePointAt(0)) % 360;
  const a = el('span', { class: 'avatar' }, nick(id).charAt(0));
  a.style.background = `hsl(${h} 55% 52%)`;
  a.style.width = a.style.height = size + 'px';
  a.style.fontSize = Math.round(size * 0.42) + 'px';
  return a;
}

function session() {
  try {
    return JSON.parse(localStorage.getItem(SESSION) || 'null');
  } catch {
    return null;
  }
}

function lang() {
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'en' || q === 'zh-CN') localStorage.setItem(LANG, q);
  return localStorage.getItem(LANG) || config.lang || 'en';
}

async function login(id) {
  const res = await fetch(config.gateway + '/demo/login', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id }), credentials: 'include',
  });
  if (!res.ok) throw new Error(`demo login failed: HTTP ${res.status}`);
  const { token } = await res.json();
  localStorage.setItem(SESSION, JSON.stringify({ id, token }));
  renderAccount();
  startWidget();
}

function logout() {
  stop();
  localStorage.removeItem(SESSION);
  renderAccount();
}

function startWidget() {
  const s = session();
  if (!s) return;
  start({ gateway: config.gateway, token: s.token, lang: lang(), pollTimeout: config.pollTimeout, debug: !!config.debug });
}

function chatWith(id) {
  const w = current();
  if (!w) {
    $('#account .pick')?.focus();
    flash('Pick a demo user first (top right).');
    return;
  }
  if (id === session().id) return;
  w.openChat(id);
}

function openRoom(id) {
  const w = current();
  if (!w) {
    flash('Pick a demo user first (top right).');
    return;
  }
  w.openRoom(id);
}

function flash(text) {
  const n = el('div', { class: 'site-flash', role: 'status' }, text);
  // Below the header (whose height depends on the width), never over the sign-in picker it points to.
  const header = document.querySelector('.site-header');
  if (header) n.style.top = Math.round(header.getBoundingClientRect().bottom + 10) + 'px';
  document.body.append(n);
  setTimeout(() => n.remove(), 3000);
}

function renderAccount() {
  const box = $('#account');
  box.replaceChildren();
  const s = session();
  const l = lang();
  const langSwitch = el('div', { class: 'lang-switch', role: 'group', 'aria-label': 'Language' },
    ['en', 'zh-CN'].map((code) => el('button', {
      type: 'button', class: code === l ? 'on' : '', 'aria-pressed': String(code === l), dataset: { lang: code },
      onclick: () => {
        localStorage.setItem(LANG, code);
        renderAccount();
        if (current()) startWidget();
      },
    }, code === 'en' ? 'EN' : '中文')));
  if (s) {
    box.append(langSwitch, el('span', { class: 'me' }, avatar(s.id, 28), el('span', {}, 'Signed in as ', el('strong', { id: 'me-name' }, nick(s.id)))),
      el('button', { type: 'button', class: 'btn ghost', id: 'logout', onclick: logout }, 'Sign out'));
  } else {
    box.append(langSwitch, el('span', { class: 'pick-label' }, 'Demo sign-in:'),
      el('div', { class: 'pick', role: 'group', 'aria-label': 'Pick a demo user' }, PICKER.map((id) => el('button', {
        type: 'button', class: 'pick-user', dataset: { user: id }, title: 'Sign in as ' + nick(id),
        onclick: () => login(id).catch((e) => flash(e.message)),
      }, avatar(id, 26), nick(id)))),
      el('select', {
        class: 'pick-more', 'aria-label': 'More demo users',
        onchange: (e) => e.target.value && login(e.target.value).catch((err) => flash(err.message)),
      }, el('option', { value: '' }, 'more…'), USERS.slice(6).map((id) => el('option', { value: id }, nick(id)))));
  }
}

function chatButton(id, label = 'Message') {
  return el('button', { type: 'button', class: 'btn small', dataset: { chat: id }, onclick: () => chatWith(id) }, label);
}

function renderHome(main) {
  main.append(
    el('section', { class: 'hero' },
      el('h1', {}, 'Welcome to Riverside Makers'),
      el('p', {}, 'A small community of people who build things. Say hi to whoever is around — the chat bar at the bottom follows you from page to page.'),
      el('div', { class: 'hero-actions' },
        el('button', { type: 'button', class: 'btn', onclick: () => openRoom('lobby') }, 'Join the Lobby chat'),
        el('a', { class: 'btn ghost', href: '/members' }, 'Browse members'))),
    el('h2', { class: 'section-title' }, 'Latest posts'),
    el('div', { class: 'posts' }, POSTS.map((p) => el('article', { class: 'card post', id: 'post-' + p.id },
      el('header', { class: 'post-head' }, avatar(p.author, 36),
        el('div', {}, el('strong', {}, nick(p.author)), el('div', { class: 'muted' }, ROLES[p.author] + ' · in ', el('a', { href: '/groups/' + p.group }, GROUPS[p.group].name)))),
      el('h3', {}, p.title), el('p', {}, p.text),
      el('footer', {}, chatButton(p.author, 'Chat with ' + nick(p.author)))))),
  );
}

function renderMembers(main) {
  main.append(el('h1', {}, 'Members'), el('p', { class: 'muted' }, `${USERS.length} makers. Click “Message” to start a chat.`),
    el('div', { class: 'members' }, USERS.map((id) => el('div', { class: 'card member', dataset: { member: id } },
      avatar(id, 52), el('strong', {}, nick(id)), el('span', { class: 'muted' }, ROLES[id]), chatButton(id)))));
}

function renderGroup(main) {
  const id = location.pathname.split('/').filter(Boolean)[1] || 'lobby';
  const g = GROUPS[id];
  if (!g) {
    main.append(el('h1', {}, 'No such group'), el('p', {}, el('a', { href: '/' }, 'Back home')));
    return;
  }
  document.title = `${g.name} · Riverside Makers`;
  const nav = document.querySelector(`[data-nav="group-${id}"]`);
  if (nav) nav.classList.add('on');
  main.append(
    el('section', { class: 'hero group-hero' }, el('h1', {}, '# ' + g.name), el('p', {}, g.blurb),
      el('div', { class: 'hero-actions' }, el('button', { type: 'button', class: 'btn', id: 'open-room', onclick: () => openRoom(id) }, 'Open the group chat'))),
    el('h2', { class: 'section-title' }, `Members (${g.members.length})`),
    el('div', { class: 'members' }, g.members.map((m) => el('div', { class: 'card member', dataset: { member: m } },
      avatar(m, 44), el('strong', {}, nick(m)), el('span', { class: 'muted' }, ROLES[m]), chatButton(m)))),
  );
}

function render() {
  const page = document.body.dataset.page;
  const nav = document.querySelector(`[data-nav="${page}"]`);
  if (nav) nav.classList.add('on');
  const main = $('#page');
  if (page === 'members') renderMembers(main);
  else if (page === 'group') renderGroup(main);
  else renderHome(main);
  renderAccount();
}

// A token the gateway no longer accepts (restarted demo gateway, expired): back to the picker.
document.addEventListener('webim:unauthorized', () => {
  flash('Your demo sign-in expired; pick a user again.');
  logout();
});

render();
startWidget();
