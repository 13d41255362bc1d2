package org.nextim.router.core;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The answer to one poll: the packets after the poll's cursor, split into the three lists of the
 * protocol, written straight into one buffer of the right size.
 */
public final class PollReply {

  private static final byte[] STATUS = bytes("{\"status\":\"ok\",\"cursor\":");
  private static final byte[] OVERFLOW = bytes(",\"overflow\":true");
  private static final byte[] MESSAGES = bytes(",\"messages\":[");
  private static final byte[] PRESENCES = bytes("],\"presences\":[");
  private static final byte[] STATUSES = bytes("],\"statuses\":[");
  private static final byte[] END = bytes("]}");
  private static final byte[] JSONP_END = bytes(");");

  private final long cursor;
  private final boolean overflow;
  private final List<Packet> packets;

  public PollReply(long cursor, boolean overflow, List<Packet> packets) {
    this.cursor = cursor;
    this.overflow = overflow;
    this.packets = packets;
  }

  public long cursor() {
    return cursor;
  }

  public boolean overflow() {
    return overflow;
  }

  public List<Packet> packets() {
    return packets;
  }

  /** The reply body: bare JSON, or {@code callback(json);} when a callback is given. */
  public Buffer encode(String callback) {
    int size = STATUS.length + 20 + OVERFLOW.length + MESSAGES.length + PRESENCES.length
        + STATUSES.length + END.length;
    for (Packet p : packets) {
      size += p.json().length + 1;
    }
    if (callback != null) {
      size += callback.length() + 1 + JSONP_END.length;
    }
    Buffer out = Buffer.buffer(size);
    if (callback != null) {
      out.appendString(callback).appendByte((byte) '(');
    }
    out.appendBytes(STATUS).appendString(Long.toString(cursor));
    if (overflow) {
      out.appendBytes(OVERFLOW);
    }
    out.appendBytes(MESSAGES);
    appendKind(out, Packet.Kind.MESSAGE);
    out.appendBytes(PRESENCES);
    appendKind(out, Packet.Kind.PRESENCE);
    out.appendBytes(STATUSES);
    appendKind(out, Packet.Kind.STATUS);
    out.appendBytes(END);
    if (callback != null) {
      out.appendBytes(JSONP_END);
    }
    return out;
  }

  private void appendKind(Buffer out, Packet.Kind kind) {
    boolean first = true;
    for (Packet p : packets) {
      if (p.kind() == kind) {
        if (!first) {
          out.appendByte((byte) ',');
        }
        out.appendBytes(p.json());
        first = false;
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
