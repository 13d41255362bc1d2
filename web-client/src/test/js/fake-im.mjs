// A fake gateway + router in one HTTP server on port 0: enough of protocol sections 2.5 and 3 to drive
// the widget's logic from Node, with knobs to lose replies, kill pages and overflow buffers.
import http from 'node:http';

export async function startFakeIm({ pollTimeout = 300 } = {}) {
  const im = {
    calls: [], // every /webim call: {action, params, headers}
    sent: new Map(), // messages taken, by "sender/client_id"
    messageSeq: 0,
    pages: new Map(), // ticket -> {user, packets: [{seq, packet}], seq, held, dead}
    users: new Map([['alice', { id: 'alice', nick: 'Alice' }], ['bob', { id: 'bob', nick: 'Bob' }]]),
    onlineReply: null, // (user, params) => extra fields merged into the online reply
    replies: new Map(), // action -> (params) => [status, body, headers?], or null: answer as usual
    dropNextPolls: 0, // polls answered by destroying the socket
    holdForever: 0, // polls never answered
    unavailablePolls: 0, // polls of a live page answered "unavailable" (a slow node): JSONP 200, else 503
    pollRetryAfter: null, // the Retry-After of those 503s
    pollCount: 0,
    polls: [], // {ticket, cursor}
    ticketSeq: 0,
  };

  function pageOf(ticket) {
    const p = im.pages.get(ticket);
    return p && !p.dead ? p : null;
  }

  im.push = (ticket, kind, packet) => {
    const page = im.pages.get(ticket);
    page.seq++;
    page.packets.push({ seq: page.seq, kind, packet });
    if (page.bufferLimit && page.packets.length > page.bufferLimit) {
      page.packets.shift();
      page.overflowFrom = page.packets[0].seq;
    }
    if (page.held) {
      const held = page.held;
      page.held = null;
      clearTimeout(held.timer);
      answer(page, held);
    }
  };
  im.pushAll = (user, kind, packet) => {
    for (const [t, p] of im.pages) if (p.user === user && !p.dead) im.push(t, kind, packet);
  };
  im.kill = (ticket) => {
    const page = im.pages.get(ticket);
    page.dead = true;
    if (page.held) {
      const held = page.held;
      page.held = null;
      clearTimeout(held.timer);
      held.res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"invalid_ticket"}');
    }
  };
  im.liveTickets = (user) => [...im.pages].filter(([, p]) => p.user === user && !p.dead).map(([t]) => t);

  function answer(page, held) {
    const after = page.packets.filter((x) => x.seq > held.cursor);
    const reply = { status: 'ok', cursor: after.length ? after[after.length - 1].seq : Math.max(held.cursor, page.seq), messages: [], presences: [], statuses: [] };
    if (page.overflowFrom && held.cursor < page.overflowFrom - 1) reply.overflow = true;
    for (const x of after) reply[x.kind].push(x.packet);
    held.res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply));
  }

  function body(req) {
    return new Promise((resolve) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => resolve(data));
    });
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const params = Object.fromEntries(url.searchParams);
    if (req.method === 'POST') Object.assign(params, Object.fromEntries(new URLSearchParams(await body(req))));
    if (url.pathname === '/packets') {
      im.pollCount++;
      im.polls.push({ ticket: params.ticket, cursor: params.cursor, at: Date.now() });
      if (im.dropNextPolls > 0) {
        im.dropNextPolls--;
        req.socket.destroy();
        return;
      }
      if (im.holdForever > 0) {
        im.holdForever--;
        im.polls[im.polls.length - 1].lost = true;
        return;
      }
      const page = pageOf(params.ticket);
      if (!page) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"invalid_ticket"}');
        return;
      }
      if (im.unavailablePolls > 0) {
        // What the router answers when the node holding the page is slow or paused (protocol 2.1).
        im.unavailablePolls--;
        im.polls[im.polls.length - 1].unavailable = true;
        const err = { error: 'unavailable', message: 'the node holding this page is paused', retryable: true };
        if (params.callback) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'unavailable', ...err }));
        } else {
          res.writeHead(503, { 'content-type': 'application/json', ...(im.pollRetryAfter !== null ? { 'retry-after': im.pollRetryAfter } : {}) })
            .end(JSON.stringify(err));
        }
        return;
      }
      const cursor = params.cursor === undefined ? page.acked || 0 : Number(params.cursor);
      if (page.held) {
        const old = page.held;
        page.held = null;
        clearTimeout(old.timer);
        old.res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', cursor: old.cursor, messages: [], presences: [], statuses: [] }));
      }
      const held = { res, cursor };
      if (page.packets.some((x) => x.seq > cursor)) return answer(page, held);
      held.timer = setTimeout(() => {
        page.held = null;
        answer(page, held);
      }, pollTimeout);
      page.held = held;
      return;
    }
    if (!url.pathname.startsWith('/webim/')) {
      res.writeHead(404).end();
      return;
    }
    const action = url.pathname.slice('/webim/'.length);
    im.calls.push({ action, params, headers: req.headers });
    const auth = req.headers.authorization || '';
    const user = auth.startsWith('Bearer ') ? auth.slice(7) : null;
    if (!user || !im.users.has(user)) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"unauthorized","message":"bad token"}');
      return;
    }
    const scripted = im.replies.has(action) ? im.replies.get(action)(params, user) : null;
    if (scripted) {
      const [status, reply, headers = {}] = scripted;
      res.writeHead(status, { 'content-type': typeof reply === 'string' ? 'text/plain' : 'application/json', ...headers })
        .end(typeof reply === 'string' ? reply : JSON.stringify(reply));
      return;
    }
    const json = (obj) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(obj));
    const ok = () => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    switch (action) {
      case 'online': {
        const ticket = 't' + ++im.ticketSeq;
        im.pages.set(ticket, { user, packets: [], seq: 0, held: null });
        const port = server.address().port;
        json({
          success: true, server_time: Date.now(),
          connection: { ticket, domain: 'localhost', server: `http://127.0.0.1:${port}/packets` },
          user: { ...im.users.get(user), show: params.show || 'available', status: params.status || '' },
          setting: {}, buddy_online_ids: '', buddies: [], rooms: [], histories: {}, new_messages: [],
          ...(im.onlineReply ? im.onlineReply(user, params) : {}),
        });
        return;
      }
      case 'offline':
        for (const t of im.liveTickets(user)) im.kill(t);
        return ok();
      case 'refresh':
        if (im.pages.has(params.ticket)) im.kill(params.ticket);
        return ok();
      case 'buddies':
        return json([...im.users.values()].filter((u) => u.id !== user).map((u) => ({ ...u, presence: 'offline', group: 'friend' })));
      case 'notifications':
        return json([{ id: 1, text: 'hello', link: '/', time: 1, read: false }]);
      case 'message': {
        // As the gateway: one stored message per (sender, client id), the stored one answered again.
        if (!params.client_id) return ok();
        const k = user + '/' + params.client_id;
        const repeated = im.sent.has(k);
        if (!repeated) im.sent.set(k, { id: 'g' + ++im.messageSeq, timestamp: Date.now(), ...params, from: user });
        const m = im.sent.get(k);
        return json({ status: 'ok', id: m.id, client_id: params.client_id, timestamp: m.timestamp, delivered: true, repeated });
      }
      case 'history':
      case 'histories':
        return json(action === 'history' ? [] : {});
      default:
        return ok();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  im.url = `http://127.0.0.1:${server.address().port}`;
  im.close = () => new Promise((r) => {
    server.closeAllConnections();
    server.close(r);
  });
  return im;
}

/**
 * A document whose <script> elements load like a browser's: fetch src, then run the JSONP call (by
 * looking the callback path up, not by evaluating the text), or fire `error` on a failed load (a
 * non-2xx status, as a browser does).
 */
export function fakeDocument(win, { delay = 0 } = {}) {
  const head = {
    children: [],
    appendChild(script) {
      this.children.push(script);
      script.parentNode = this;
      setTimeout(async () => {
        try {
          const res = await fetch(script.src);
          const text = await res.text();
          if (!res.ok) return script.onerror && script.onerror(new Error('load failed'));
          const cb = new URL(script.src).searchParams.get('callback');
          const fn = cb.split('.').reduce((o, k) => o && o[k], win);
          if (fn) fn(JSON.parse(text));
          if (script.onload) script.onload();
        } catch {
          if (script.onerror) script.onerror(new Error('network'));
        }
      }, delay);
      return script;
    },
    removeChild(script) {
      this.children = this.children.filter((s) => s !== script);
      script.parentNode = null;
    },
  };
  return { head, createElement: () => ({}) };
}

/** Resolves with the first emitted value that satisfies `pred` (rejects after `ms`). */
export function waitFor(emitter, event, pred = () => true, ms = 3000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out waiting for ${event}`));
    }, ms);
    const off = emitter.on(event, (v) => {
      if (pred(v)) {
        clearTimeout(timer);
        off();
        resolve(v);
      }
    });
  });
}

/** Polls `fn` until it returns truthy. */
export async function until(fn, ms = 3000, what = 'condition') {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, 10));
  }
}
