package org.nextim.gateway.testing;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generated malformed requests for the gateway, all from one seeded {@link Random}: requests that are
 * HTTP but odd (methods, paths, bad percent-escapes, garbage parameters for every {@code /webim/*}
 * action and the site API, bad tokens, odd content types, broken, huge or chunked bodies, bad JSON) and
 * requests that are not quite HTTP at all. Every request is complete as sent (its head ends, its body
 * is all there or is refused on sight), so a server that does not answer it is at fault.
 */
public final class FuzzRequests {

  /** One request: what it is (for the report) and its bytes; {@code raw}: not well-formed HTTP. */
  public record Case(int index, String kind, Buffer bytes, boolean raw) {

    /** The request, printable and cut short. */
    public String show() {
      String s = bytes.toString(StandardCharsets.ISO_8859_1);
      StringBuilder b = new StringBuilder();
      for (char c : (s.length() > 400 ? s.substring(0, 400) : s).toCharArray()) {
        if (c == '\r') {
          b.append("\\r");
        } else if (c == '\n') {
          b.append("\\n");
        } else if (c < 0x20 || c > 0x7e) {
          b.append(String.format("\\x%02x", (int) c));
        } else {
          b.append(c);
        }
      }
      return b + (s.length() > 400 ? "… (" + s.length() + " bytes)" : "");
    }
  }

  static final List<String> ACTIONS = List.of("online", "offline", "refresh", "message", "status", "presence",
      "setting", "buddies", "rooms", "join", "leave", "members", "histories", "history", "clear_history",
      "download_history", "notifications", "notification", "notifications/read", "read_notifications", "receipts");
  static final List<String> PARAMS = List.of("ticket", "id", "ids", "to", "body", "type", "show", "status", "callback",
      "data", "buddy_ids", "room_ids", "stranger_ids", "offline", "style", "webim_action", "nick", "play_sound",
      "blocked_rooms", "domain", "csrf_token", "_", "version", "cursor", "all", "client_id", "before", "limit");
  static final List<String> METHODS = List.of("GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS");
  static final List<String> ODD_METHODS = List.of("TRACE", "FOO", "CONNECT", "PROPFIND", "get", "M-SEARCH", "P0ST");
  static final List<String> CONTENT_TYPES = List.of("application/x-www-form-urlencoded",
      "application/x-www-form-urlencoded; charset=ISO-8859-1", "application/json", "application/json; charset=utf-16",
      "APPLICATION/JSON", "multipart/form-data; boundary=XyZ", "multipart/form-data", "multipart/mixed; boundary=q",
      "text/plain", "application/xml", "", ";;;", "application/x-www-form-urlencoded, application/json",
      "application/json;;charset=", "application/jsonp", "form-data");
  static final List<String> USERS = List.of("alice", "bob", "carol", "dave", "erin", "frank", "grace");
  static final List<String> ROOMS = List.of("lobby", "dev", "music", "nosuchroom");

  private final Random rnd;
  private final String secret;
  private final String siteKey;
  private final List<String> tokens;
  private final List<String> tickets;
  private int index;

  /**
   * {@code tokens}: valid tokens (sent as Bearer or cookie); {@code tickets}: live tickets of some of
   * those users' pages (sent with the right user and with others).
   */
  public FuzzRequests(long seed, String jwtSecret, String siteKey, List<String> tokens, List<String> tickets) {
    this.rnd = new Random(seed);
    this.secret = jwtSecret;
    this.siteKey = siteKey;
    this.tokens = tokens;
    this.tickets = tickets;
  }

  public List<Case> take(int n) {
    List<Case> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(next());
    }
    return out;
  }

  public Case next() {
    int i = index++;
    int dice = rnd.nextInt(100);
    if (dice < 12) {
      return rawCase(i);
    }
    if (dice < 40) {
      return deepCase(i);
    }
    return httpCase(i);
  }

  // ---- well-formed but odd HTTP ----

  private Case httpCase(int i) {
    int m = rnd.nextInt(100);
    String method = m < 40 ? "GET" : m < 80 ? "POST" : m < 92 ? pick(METHODS) : pick(ODD_METHODS);
    String version = rnd.nextInt(10) == 0 ? "HTTP/1.0" : "HTTP/1.1";
    StringBuilder query = new StringBuilder();
    String path;
    String kind;
    int where = rnd.nextInt(100);
    if (where < 55) {
      String action = pick(ACTIONS);
      path = "/webim/" + action;
      kind = "webim/" + action;
    } else if (where < 70) {
      String action = rnd.nextInt(8) == 0 ? value() : pick(ACTIONS);
      path = "/webim/im.php";
      addParam(query, "webim_action", action);
      kind = "im.php";
    } else if (where < 88) {
      path = sitePath();
      kind = "site";
    } else {
      path = pick(List.of("/webim", "/webim/", "/webim//online", "/webim/online/extra", "/webim/../site/users/x",
          "/webim/%2e%2e/online", "/WEBIM/online", "/demo/login", "/health", "/health/live", "/health/ready", "/", "/nosuch", "/packets",
          "/webim/%00", "/webim/" + "x".repeat(rnd.nextInt(3000)), "/%", "/webim/on%line", "/webim/im.php/x"));
      kind = "path";
    }
    int params = rnd.nextInt(6);
    for (int p = 0; p < params; p++) {
      addParam(query, paramName(), value());
    }
    if (rnd.nextInt(12) == 0) {
      query.append(query.length() == 0 ? "?" : "&").append(pick(List.of("%", "%z", "a=%", "%%", "b=%E0%A4", "=", "&&",
          "a=1&a=2", "%C0%AF", "x=%u0041", "ids=a%2")));
    }
    List<String> headers = new ArrayList<>();
    if (!(version.equals("HTTP/1.0") && rnd.nextBoolean())) {
      headers.add("Host: " + pick(List.of("localhost", "127.0.0.1:1", "evil.example", "")));
    }
    auth(headers, kind.equals("site"));
    if (rnd.nextInt(6) == 0) {
      headers.add("Origin: " + pick(List.of("http://site.example", "http://evil.example", "null", "HTTP://SITE.EXAMPLE",
          "http://site.example/x")));
    }
    Buffer body = null;
    boolean chunked = false;
    int b = rnd.nextInt(100);
    if (b < 30 || method.equals("GET") && b < 60) {
      body = null;
    } else {
      String type = pick(CONTENT_TYPES);
      if (!type.isEmpty() || rnd.nextBoolean()) {
        headers.add("Content-Type: " + type);
      }
      body = body(type);
      chunked = rnd.nextInt(5) == 0;
    }
    StringBuilder head = new StringBuilder();
    head.append(method).append(' ').append(path).append(query).append(' ').append(version).append("\r\n");
    Buffer out = Buffer.buffer();
    if (body == null) {
      if (rnd.nextInt(10) == 0) {
        headers.add("Content-Length: 0");
      }
      headers.forEach(h -> head.append(h).append("\r\n"));
      head.append("\r\n");
      out.appendString(head.toString(), "ISO-8859-1");
      return new Case(i, kind + " " + method, out, false);
    }
    if (chunked) {
      headers.add("Transfer-Encoding: chunked");
      headers.forEach(h -> head.append(h).append("\r\n"));
      head.append("\r\n");
      out.appendString(head.toString(), "ISO-8859-1").appendBuffer(chunks(body));
      return new Case(i, kind + " " + method + " chunked", out, false);
    }
    int length = body.length();
    boolean shorter = rnd.nextInt(15) == 0 && length > 0;
    headers.add("Content-Length: " + (shorter ? rnd.nextInt(length) : length));
    headers.forEach(h -> head.append(h).append("\r\n"));
    head.append("\r\n");
    out.appendString(head.toString(), "ISO-8859-1").appendBuffer(body);
    return new Case(i, kind + " " + method + (shorter ? " short-length" : ""), out, false);
  }

  // ---- well-formed calls of a logged-in page, with garbage values: these get past identity and tickets ----

  private Case deepCase(int i) {
    int u = rnd.nextInt(tokens.size());
    String ticket = rnd.nextInt(6) == 0 ? pick(tickets) : tickets.get(Math.min(u, tickets.size() - 1));
    // Not offline or refresh: they end the pages whose tickets the other deep calls use.
    String action = pick(ACTIONS.subList(3, ACTIONS.size()));
    boolean post = rnd.nextInt(10) < 7;
    boolean json = post && rnd.nextInt(3) == 0;
    boolean imPhp = rnd.nextInt(4) == 0;
    JsonObject values = new JsonObject();
    if (imPhp) {
      values.put("webim_action", action);
    }
    if (rnd.nextInt(8) > 0) {
      values.put("ticket", ticket);
    }
    int n = 1 + rnd.nextInt(5);
    for (int p = 0; p < n; p++) {
      values.put(pick(List.of("id", "ids", "to", "body", "type", "show", "status", "data", "buddy_ids", "room_ids",
          "stranger_ids", "offline", "style", "callback", "play_sound", "blocked_rooms")), json ? jsonValue(1) : value());
    }
    StringBuilder form = new StringBuilder();
    values.forEach(e -> {
      String v = e.getValue() == null ? "" : String.valueOf(e.getValue());
      form.append(form.length() == 0 ? "" : "&").append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
    });
    String path = imPhp ? "/webim/im.php" : "/webim/" + action;
    String auth = rnd.nextInt(4) == 0 ? "Cookie: webim_token=" + tokens.get(u) : "Authorization: Bearer " + tokens.get(u);
    String head;
    Buffer body = Buffer.buffer();
    if (!post) {
      head = "GET " + path + "?" + form + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\n\r\n";
    } else {
      body = json ? Buffer.buffer(values.encode(), "UTF-8") : Buffer.buffer(form.toString(), "UTF-8");
      head = "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n" + auth + "\r\nContent-Type: "
          + (json ? "application/json" : "application/x-www-form-urlencoded") + "\r\nContent-Length: " + body.length()
          + "\r\n\r\n";
    }
    Buffer out = Buffer.buffer(head, "ISO-8859-1").appendBuffer(body);
    return new Case(i, "deep " + action + (post ? json ? " json" : " form" : " get"), out, false);
  }

  private String sitePath() {
    String id = pick(List.of("f1", "f2", "f3", "fuzz-room", "a b", "%20", "x".repeat(70), "日本", "..", "%2F", "", "f.4"));
    return pick(List.of("/site/users/" + id, "/site/users/" + id + "/buddies", "/site/rooms/" + id,
        "/site/users/" + id + "/notifications", "/site/users", "/site/", "/site/users/" + id + "/nothing"));
  }

  private void auth(List<String> headers, boolean site) {
    int a = rnd.nextInt(100);
    if (site) {
      if (a < 70) {
        headers.add("X-Api-Key: " + siteKey);
      } else if (a < 85) {
        headers.add("X-Api-Key: " + pick(List.of("wrong", "", siteKey + "x", siteKey.toUpperCase())));
      }
      return;
    }
    if (a < 15) {
      return;
    }
    if (a < 50) {
      headers.add("Authorization: Bearer " + pick(tokens));
    } else if (a < 62) {
      headers.add("Cookie: webim_token=" + pick(tokens));
    } else if (a < 90) {
      String bad = badToken();
      headers.add(rnd.nextBoolean() ? "Authorization: Bearer " + bad : "Cookie: webim_token=" + bad);
    } else {
      headers.add(pick(List.of("Authorization: Basic YWxpY2U6eA==", "Authorization: Bearer", "Authorization: bearer  "
          + pick(tokens), "Authorization: " + pick(tokens), "Cookie: webim_token=", "Cookie: ;;;=;webim_token",
          "Authorization: Bearer " + pick(tokens) + "\r\nCookie: webim_token=" + badToken())));
    }
  }

  /** A token that must be refused (401): unsigned, mis-signed, odd claims, not a JWT at all. */
  private String badToken() {
    JsonObject claims = new JsonObject().put("sub", pick(USERS));
    Object odd = pick(List.of("soon", new JsonArray().add(1), new JsonObject().put("a", 1), true, "", -1.5e300));
    switch (rnd.nextInt(14)) {
      case 0:
        return Jwt.none(claims);
      case 1:
        return Jwt.hs256("another-secret-of-32-bytes-long!!", claims);
      case 2:
        return Jwt.signed(secret, new JsonObject().put("alg", "HS512"), claims);
      case 3:
        return Jwt.hs256(secret, claims.put(pick(List.of("exp", "iat", "nbf")), odd));
      case 4:
        return Jwt.hs256(secret, claims.putNull(pick(List.of("exp", "iat", "nbf"))));
      case 5:
        return Jwt.hs256(secret, new JsonObject().put("sub", pick(List.of("", "a b", "x".repeat(65)))));
      case 6:
        return Jwt.hs256(secret, new JsonObject().put("sub", odd));
      case 7:
        return Jwt.hs256(secret, claims.put("exp", 1)); // long expired
      case 8:
        return pick(List.of("a.b.c", "..", "x", "a.b", "a.b.c.d", "eyJhbGciOiJIUzI1NiJ9.W10.", "%%%.%%%.%%%",
            "eyJ" + "A".repeat(9000)));
      case 9:
        return Jwt.signed(secret, new JsonObject().put("alg", "HS256").put("crit", new JsonArray().add("x")), claims);
      case 10: {
        String t = Jwt.hs256(secret, claims);
        return t.substring(0, t.length() - 1) + (t.endsWith("A") ? "B" : "A");
      }
      case 11:
        return Jwt.hs256(secret, claims.put("nbf", Jwt.nowSeconds() + 3600));
      case 12:
        return Jwt.hs256(secret, claims.put("exp", new java.math.BigInteger("9".repeat(40))));
      default:
        return Jwt.signed(secret, new JsonObject().put("alg", new JsonArray().add("HS256")), claims);
    }
  }

  private Buffer body(String type) {
    int k = rnd.nextInt(100);
    if (k < 8) {
      return Buffer.buffer(bytes(rnd.nextInt(70_000) + 66_000)); // over the body limit
    }
    if (k < 18) {
      return Buffer.buffer(bytes(rnd.nextInt(2000)));
    }
    String t = type.toLowerCase();
    if (t.contains("json") && k < 80 || k >= 90) {
      return Buffer.buffer(json(), "UTF-8");
    }
    if (t.contains("multipart") && k < 80) {
      return Buffer.buffer(multipart(), "UTF-8");
    }
    StringBuilder form = new StringBuilder();
    int n = rnd.nextInt(8);
    for (int p = 0; p < n; p++) {
      addParam(form, paramName(), value());
    }
    String f = form.length() > 0 ? form.substring(1) : "";
    if (rnd.nextInt(8) == 0) {
      f += pick(List.of("&%", "&a=%zz", "&=", "&&&", "&" + "k".repeat(300) + "=v", "&x=%E0%A4%A"));
    }
    return Buffer.buffer(f, "UTF-8");
  }

  private String json() {
    switch (rnd.nextInt(10)) {
      case 0:
        return pick(List.of("{", "[1,2", "{\"a\":}", "nul", "{\"a\":1,}", "'x'", "{\"a\" 1}", "\u0000", ""));
      case 1:
        return "[".repeat(rnd.nextInt(5000) + 1) + "]".repeat(rnd.nextInt(3));
      case 2:
        return pick(List.of("[]", "[1,2]", "null", "true", "1e999", "\"str\"", "-0"));
      case 3:
        return "{\"a\":" + "{\"a\":".repeat(3000) + "1" + "}".repeat(3001);
      default: {
        JsonObject o = new JsonObject();
        int n = rnd.nextInt(7);
        for (int p = 0; p < n; p++) {
          o.put(paramName(), jsonValue(2));
        }
        return o.encode();
      }
    }
  }

  private Object jsonValue(int depth) {
    switch (rnd.nextInt(depth > 0 ? 8 : 5)) {
      case 0:
        return value();
      case 1:
        return rnd.nextInt();
      case 2:
        return rnd.nextBoolean();
      case 3:
        return null;
      case 4:
        return rnd.nextDouble() * 1e300;
      case 5: {
        JsonArray a = new JsonArray();
        int n = rnd.nextInt(5);
        for (int i = 0; i < n; i++) {
          a.add(jsonValue(depth - 1));
        }
        return a;
      }
      default: {
        JsonObject o = new JsonObject();
        int n = rnd.nextInt(4);
        for (int i = 0; i < n; i++) {
          o.put(paramName(), jsonValue(depth - 1));
        }
        return o;
      }
    }
  }

  private String multipart() {
    return pick(List.of(
        "--XyZ\r\nContent-Disposition: form-data; name=\"ids\"\r\n\r\nbob\r\n--XyZ--\r\n",
        "--XyZ\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhello\r\n--XyZ--\r\n",
        "--XyZ\r\n\r\n\r\n", "garbage", "--q\r\nContent-Disposition: form-data\r\n\r\nx\r\n--q--", "--XyZ--"));
  }

  private Buffer chunks(Buffer body) {
    Buffer out = Buffer.buffer();
    int at = 0;
    boolean broken = rnd.nextInt(3) == 0;
    while (at < body.length()) {
      int n = Math.min(body.length() - at, 1 + rnd.nextInt(4096));
      out.appendString(Integer.toHexString(n) + (rnd.nextInt(10) == 0 ? ";ext=1" : "") + "\r\n");
      out.appendBuffer(body.getBuffer(at, at + n)).appendString("\r\n");
      at += n;
      if (broken && rnd.nextInt(3) == 0) {
        break;
      }
    }
    if (broken) {
      // A chunk size that cannot be one (then the end, so the request is complete as far as it goes).
      out.appendString(pick(List.of("zz", "-1", "fffffffffffffffffff", "", " ", "0x10", "1 2")) + "\r\nab\r\n0\r\n\r\n");
    } else {
      out.appendString("0\r\n" + (rnd.nextInt(8) == 0 ? "X-Trailer: 1\r\n" : "") + "\r\n");
    }
    return out;
  }

  // ---- not quite HTTP ----

  private Case rawCase(int i) {
    String token = pick(tokens);
    String s = pick(List.of(
        "\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/9.9\r\nHost: x\r\n\r\n",
        "GET / FOO/1.1\r\nHost: x\r\n\r\n",
        "GET  /webim/online  HTTP/1.1\r\nHost: x\r\n\r\n",
        "G\u0000ET / HTTP/1.1\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost : x\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\nX-Folded: a\r\n b\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n",
        "GET /webim/buddies?ids=" + "a,".repeat(3000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\n" + "X-H: 1\r\n".repeat(300) + "\r\n",
        "POST /webim/message HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        "POST /webim/message HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
        "POST /webim/message HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        "POST /webim/message HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        "POST /webim/message HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        "POST /webim/message HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
        "POST /webim/message HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n\r\n",
        "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n",
        "GET http://evil.example/webim/buddies HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET webim/buddies HTTP/1.1\r\nHost: x\r\n\r\n",
        "CONNECT 127.0.0.1:1 HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\nExpect: tea\r\nContent-Length: 1\r\n\r\nx",
        "POST /webim/message HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 3\r\n\r\na=b",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\nUpgrade: h2c\r\nHTTP2-Settings: %%%\r\nConnection: Upgrade, HTTP2-Settings\r\n\r\n",
        "GET /health HTTP/1.1\r\nHost: x\r\n\r\nGET /webim/% HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nAuthorization: Bearer x\r\n\r\n",
        "GET /webim/buddies HTTP/1.1\r\nHost: x\r\nCookie: " + "c=1; ".repeat(1000) + "\r\n\r\n",
        "GET /webim/\u00e9\u00ff HTTP/1.1\r\nHost: x\r\n\r\n",
        "GET /webim/buddies?ids=\u00e9 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n\r\n",
        "POST /webim/online HTTP/1.0\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\nAuthorization: Bearer "
            + token + "\r\n\r\nshow=%%",
        // Starts with a letter: HTTP skips blank lines and control bytes before a request line, and a
        // connection that sent none yet is waiting for its request, not refused.
        "X" + new String(bytes(rnd.nextInt(300)), StandardCharsets.ISO_8859_1) + "\r\n\r\n"));
    return new Case(i, "raw", Buffer.buffer(s.getBytes(StandardCharsets.ISO_8859_1)), true);
  }

  // ---- values ----

  private String paramName() {
    if (rnd.nextInt(6) == 0) {
      return pick(List.of("", "a[b]", "x".repeat(100), "日本", "%", "__proto__", "constructor", "sound", "theme"));
    }
    return pick(PARAMS);
  }

  private String value() {
    switch (rnd.nextInt(16)) {
      case 0:
        return pick(USERS);
      case 1:
        return pick(ROOMS);
      case 2: {
        StringBuilder b = new StringBuilder();
        int n = rnd.nextInt(rnd.nextBoolean() ? 10 : 700);
        for (int i = 0; i < n; i++) {
          b.append(i == 0 ? "" : ",").append(rnd.nextBoolean() ? pick(USERS) : "u" + rnd.nextInt(5000));
        }
        return b.toString();
      }
      case 3:
        return "";
      case 4:
        return "x".repeat(rnd.nextInt(rnd.nextInt(8) > 0 ? 100 : 25_000));
      case 5:
        return pick(List.of("日本語", "\u2028\u2029", "😀", "\u0000", "a\r\nb", "\ufeff", "é"));
      case 6:
        return pick(List.of("{", "[1,2]", "{\"a\":1}", "null", "true", "1e999", "{\"blocked_rooms\":\"x\"}",
            "{\"blocked_rooms\":[1,{},null]}", "[".repeat(3000)));
      case 7:
        return pick(List.of("-1", "99999999999999999999", "0x10", "NaN", "1.5", "0"));
      case 8:
        return pick(List.of("<script>alert(1)</script>", "');alert(1)//", "\"><img src=x>", "../../etc/passwd"));
      case 9:
        return tickets.isEmpty() ? "T" : pick(tickets);
      case 10:
        return pick(List.of("available", "away", "chat", "dnd", "busy", "invisible", "unavailable", "typing", "clear", "AWAY"));
      case 11:
        return pick(List.of("unicast", "multicast", "broadcast", "UNICAST", "shout"));
      case 12:
        return pick(List.of("cb", "jQuery.cb_12$", "alert(1)", "a".repeat(300), "a..b", "1cb", "$.x"));
      case 13:
        return pick(List.of("1", "true", "0", "1,2,3", "abc,1"));
      default:
        return "u" + rnd.nextInt(100) + (rnd.nextBoolean() ? "" : "@x.y");
    }
  }

  /** Appends {@code &name=value}: encoded, mostly; sometimes as is (raw spaces and percent signs). */
  private void addParam(StringBuilder q, String name, String value) {
    q.append(q.length() == 0 ? "?" : "&");
    if (rnd.nextInt(10) == 0) {
      q.append(name.replace(' ', '+').replace("\r", "").replace("\n", "")).append('=')
          .append(value.replace(' ', '+').replace("\r", "").replace("\n", "").replace("\u0000", "").replace("&", ""));
    } else {
      q.append(URLEncoder.encode(name, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
  }

  private byte[] bytes(int n) {
    byte[] b = new byte[n];
    rnd.nextBytes(b);
    return b;
  }

  private <T> T pick(List<T> list) {
    return list.get(rnd.nextInt(list.size()));
  }
}
