package org.nextim.gateway.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes on a socket, for requests no HTTP client would send: one request per connection over a Vert.x
 * {@link NetClient}, and the first response read back by hand (Content-Length, chunked, or up to the
 * close). A {@link Response} says whether the server closed the connection; a server that neither
 * answers nor closes within the bound gives {@link Response#hung()}.
 */
public final class RawHttp implements AutoCloseable {

  /**
   * What came back: {@code status} -1 when the connection closed before a full response head;
   * {@code closed}: the server closed the connection (within the bound) after its response.
   */
  public record Response(int status, Map<String, String> headers, String body, boolean closed, boolean hung) {

    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
      return hung ? "no answer (hung)" : status == -1 ? "closed without a reply"
          : status + " " + headers + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body)
          + (closed ? " [closed]" : "");
    }
  }

  private final Vertx vertx;
  private final NetClient client;
  private final int port;

  public RawHttp(Vertx vertx, int port) {
    this.vertx = vertx;
    this.port = port;
    this.client = vertx.createNetClient(new NetClientOptions().setConnectTimeout(5_000).setTcpNoDelay(true));
  }

  /** Sends {@code request} as is (ISO-8859-1 text); see {@link #send(Buffer, long, boolean)}. */
  public Future<Response> send(String request, long boundMs, boolean awaitClose) {
    return send(Buffer.buffer(request.getBytes(StandardCharsets.ISO_8859_1)), boundMs, awaitClose);
  }

  /**
   * Sends {@code request} on a new connection and reads one response. {@code awaitClose}: after the
   * response, wait (within {@code boundMs} of the start) for the server to close the connection, and
   * report whether it did; otherwise the client closes it once the response is complete.
   */
  public Future<Response> send(Buffer request, long boundMs, boolean awaitClose) {
    return client.connect(port, "127.0.0.1").compose(socket -> exchange(socket, request, boundMs, awaitClose));
  }

  private Future<Response> exchange(NetSocket socket, Buffer request, long boundMs, boolean awaitClose) {
    Promise<Response> done = Promise.promise();
    Parser parser = new Parser(request.toString(StandardCharsets.ISO_8859_1).startsWith("HEAD "));
    long timer = vertx.setTimer(boundMs, id -> {
      Response r = parser.response;
      done.tryComplete(r == null ? new Response(-1, Map.of(), "", false, true)
          : new Response(r.status(), r.headers(), r.body(), false, false));
      socket.close();
    });
    socket.handler(chunk -> {
      parser.feed(chunk);
      if (parser.response != null && !awaitClose && done.tryComplete(parser.response)) {
        vertx.cancelTimer(timer);
        socket.close();
      }
    });
    socket.closeHandler(v -> {
      vertx.cancelTimer(timer);
      Response r = parser.response != null ? parser.response : parser.untilClose();
      done.tryComplete(r == null ? new Response(-1, Map.of(), "", true, false)
          : new Response(r.status(), r.headers(), r.body(), true, false));
    });
    socket.exceptionHandler(e -> socket.close());
    socket.write(request).onFailure(e -> socket.close());
    return done.future();
  }

  @Override
  public void close() {
    client.close();
  }

  /** Reads one HTTP/1.x response out of the bytes as they come. */
  private static final class Parser {
    private final boolean head;
    private Buffer bytes = Buffer.buffer();
    private int status = -1;
    private Map<String, String> headers;
    private int bodyStart = -1;
    Response response;

    Parser(boolean head) {
      this.head = head;
    }

    void feed(Buffer chunk) {
      if (response != null) {
        return;
      }
      bytes.appendBuffer(chunk);
      if (bodyStart < 0 && !parseHead()) {
        return;
      }
      String len = headers.get("content-length");
      String te = headers.get("transfer-encoding");
      if (status >= 100 && status < 200 && status != 101) {
        // An interim reply (100 Continue): the final one follows.
        bytes = bytes.getBuffer(bodyStart, bytes.length());
        bodyStart = -1;
        status = -1;
        feed(Buffer.buffer());
        return;
      }
      if (head || status == 204 || status == 304 || status == 101) {
        response = new Response(status, headers, "", false, false);
      } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
        String body = dechunk();
        if (body != null) {
          response = new Response(status, headers, body, false, false);
        }
      } else if (len != null) {
        int n;
        try {
          n = Integer.parseInt(len.trim());
        } catch (NumberFormatException e) {
          n = 0;
        }
        if (bytes.length() - bodyStart >= n) {
          response = new Response(status, headers, bytes.getString(bodyStart, bodyStart + n, "UTF-8"), false, false);
        }
      }
    }

    /** A response delimited by the close. */
    Response untilClose() {
      if (bodyStart < 0) {
        return null;
      }
      return new Response(status, headers, bytes.getString(bodyStart, bytes.length(), "UTF-8"), true, false);
    }

    private boolean parseHead() {
      String text = bytes.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end < 0) {
        return false;
      }
      String[] lines = text.substring(0, end).split("\r\n");
      String[] statusLine = lines[0].split(" ", 3);
      try {
        status = Integer.parseInt(statusLine[1]);
      } catch (RuntimeException e) {
        status = 0; // not HTTP: reported as status 0
      }
      headers = new LinkedHashMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        if (colon > 0) {
          headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
      }
      bodyStart = end + 4;
      return true;
    }

    /** The body of a complete chunked message, null while incomplete. */
    private String dechunk() {
      String text = bytes.getString(bodyStart, bytes.length(), "ISO-8859-1");
      StringBuilder body = new StringBuilder();
      int at = 0;
      while (true) {
        int eol = text.indexOf("\r\n", at);
        if (eol < 0) {
          return null;
        }
        int size;
        try {
          size = Integer.parseInt(text.substring(at, eol).split(";")[0].trim(), 16);
        } catch (NumberFormatException e) {
          return body.toString();
        }
        if (size == 0) {
          return new String(body.toString().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
        }
        if (text.length() < eol + 2 + size + 2) {
          return null;
        }
        body.append(text, eol + 2, eol + 2 + size);
        at = eol + 2 + size + 2;
      }
    }
  }
}
