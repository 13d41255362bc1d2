package org.nextim.router.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An HTTP/1.0 client the way the deployed PHP library is one: a socket, a request written by hand,
 * then read until the server closes the connection. No chunked decoding.
 */
public final class RawHttp {

  /** What came back: the status line, headers as sent, and the raw body bytes up to EOF. */
  public record Response(String statusLine, int status, List<String[]> headers, byte[] body) {
    public Optional<String> header(String name) {
      return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }

    public String bodyText() {
      return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(statusLine).append('\n');
      headers.forEach(h -> sb.append(h[0]).append(": ").append(h[1]).append('\n'));
      return sb.append('\n').append(bodyText()).toString();
    }
  }

  private RawHttp() {
  }

  public static Response get(int port, String pathAndQuery, long readTimeoutMs) throws IOException {
    String req = "GET " + pathAndQuery + " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    return exchange(port, req.getBytes(StandardCharsets.US_ASCII), readTimeoutMs);
  }

  public static Response postForm(int port, String path, String form, long readTimeoutMs) throws IOException {
    byte[] body = form.getBytes(StandardCharsets.UTF_8);
    String head = "POST " + path + " HTTP/1.0\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Content-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + body.length + "\r\n"
        + "\r\n";
    ByteArrayOutputStream req = new ByteArrayOutputStream();
    req.write(head.getBytes(StandardCharsets.US_ASCII));
    req.write(body);
    return exchange(port, req.toByteArray(), readTimeoutMs);
  }

  /** Writes the request and reads until EOF; a server that does not close fails the read. */
  public static Response exchange(int port, byte[] request, long readTimeoutMs) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout((int) readTimeoutMs);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        int n;
        while ((n = in.read(buf)) != -1) {
          all.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("the server did not close the HTTP/1.0 connection within " + readTimeoutMs
            + " ms; read so far: " + all.toString(StandardCharsets.UTF_8));
      }
      return parse(all.toByteArray());
    }
  }

  static Response parse(byte[] raw) {
    int split = -1;
    for (int i = 0; i + 3 < raw.length; i++) {
      if (raw[i] == '\r' && raw[i + 1] == '\n' && raw[i + 2] == '\r' && raw[i + 3] == '\n') {
        split = i;
        break;
      }
    }
    if (split < 0) {
      throw new AssertionError("no end of headers in: " + new String(raw, StandardCharsets.ISO_8859_1));
    }
    String[] lines = new String(raw, 0, split, StandardCharsets.ISO_8859_1).split("\r\n");
    String statusLine = lines[0];
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
      throw new AssertionError("bad status line: " + statusLine);
    }
    int status = Integer.parseInt(parts[1]);
    List<String[]> headers = new ArrayList<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.add(new String[] {lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim()});
      }
    }
    byte[] body = new byte[raw.length - split - 4];
    System.arraycopy(raw, split + 4, body, 0, body.length);
    return new Response(statusLine.toUpperCase(Locale.ROOT).startsWith("HTTP/") ? statusLine : statusLine,
        status, headers, body);
  }
}
