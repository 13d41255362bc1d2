package org.nextim.router.cluster;

import io.vertx.core.buffer.Buffer;
import org.nextim.router.core.Handoff;
import org.nextim.router.core.Packet;
import org.nextim.router.core.PresenceInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The wire format between two router nodes: typed frames in numbered batches, one ordered lane at a
 * time, each batch a one-way event-bus message to the peer's lane address, each acknowledgement a
 * one-way message back to the sender's ack address ({@link ClusterNode#ackAddress}). Version
 * {@value #VERSION}; a node refuses a greeting or a batch of another version (the greeting with
 * {@value #VERSION_MISMATCH}, a batch with a REFUSED answer naming both versions), and the sender logs why
 * and stops sending to that node.
 *
 * <pre>
 * batch  = magic:int32 "NIML", version:u8, lane:u8, link:int64, seq:int64, frames:int32, from:str, flags:u8,
 *          frame*                                 (flags: {@link #ACK_NOW}, or 0: acknowledge it later)
 * frame  = PUT    domain name nick show status home:str version:int64 rooms:strs
 *        | REMOVE domain name home:str version:int64
 *        | JOIN   domain room name home:str version:int64        (LEAVE alike)
 *        | DELIVER domain kind:u8 source json:bytes names:strs|-1 exceptUser:str? exceptTicket:str?
 *        | SNAPSHOT_END | READY | LEAVING | MOVED ticket:str node:str
 *        | HANDOFF domain name nick show status buddies:strs rooms:strs version:int64 graceLeftMs:int64
 *                  graceBuffer:packets pages:int32 (ticket seq:int64 lastReplied:int64 queue:packets)*
 *                  recent:int32 outcome*
 *        | OUTCOME domain name outcome             (learnt by a user's old home after its handoff)
 * outcome = idHash:int64 count:int32 ageMs:int64  (count -1: not known yet; -2: refused, forget it)
 * packets = n:int32 (kind:u8 source:str json:bytes)*
 * answer = magic:int32, version:u8, kind:u8, lane:u8, link:int64, from:str, then
 *          ACK:     k:int32, (seq:int64, n:int32, count:int32 * n) * k   (batches in order; one count per
 *                                                                         DELIVER of the batch, in order)
 *          REFUSED: reason:str
 * str    = length:int32 utf8 (length -1: null)
 * </pre>
 *
 * Everything that comes from one user travels in one lane, {@link #lane(String, String)}, so a packet
 * of that user never overtakes the presence change it follows; lanes run in parallel, on different
 * event loops of the receiving node.
 */
final class LinkProtocol {

  /**
   * 4: a handoff carries the outcomes of the user's latest messages, and OUTCOME frames follow it (3: a
   * batch says whether it is waited for; the others are acknowledged together, a little later; 2: every
   * batch acknowledged at once and alone; 1: a request/reply per batch).
   */
  static final int VERSION = 4;
  static final int MAGIC = 0x4E494D4C;
  static final int LANES = 4;
  /** The failure code of a batch in a version this node does not speak. */
  static final int VERSION_MISMATCH = 426;
  /** The header a greeting carries: the link protocol version the greeting node speaks. */
  static final String VERSION_HEADER = "link-version";

  /** Kinds of answer to a batch. */
  static final byte ACK = 1;
  static final byte REFUSED = 2;

  static final byte PUT = 1;
  static final byte REMOVE = 2;
  static final byte JOIN = 3;
  static final byte LEAVE = 4;
  static final byte DELIVER = 5;
  static final byte SNAPSHOT_END = 6;
  static final byte READY = 7;
  static final byte MOVED = 8;
  static final byte HANDOFF = 9;
  static final byte LEAVING = 10;
  static final byte OUTCOME = 11;

  /** Offsets in the batch header, filled when the batch is sealed. */
  static final int SEQ_OFFSET = 14;
  static final int FRAMES_OFFSET = 22;
  private static final int FROM_OFFSET = 26;
  /** Where an answer's sender name starts (after magic, version, kind, lane and link). */
  private static final int ANSWER_FROM_OFFSET = 15;

  /** A batch's flag: somebody waits for it (an {@code ack=1} call, a login's news): acknowledge it at once. */
  static final byte ACK_NOW = 1;

  private LinkProtocol() {
  }

  /**
   * The lane of everything that comes from {@code user} of {@code domain}, when a node sends on the
   * first {@code lanes} of its {@value #LANES} lanes (a power of two; see {@link Links#lane}).
   */
  static int lane(String domain, String user, int lanes) {
    int h = domain.hashCode() * 31 + user.hashCode();
    h ^= h >>> 16;
    h *= 0x45d9f3b;
    h ^= h >>> 16;
    return h & (lanes - 1);
  }

  /** A new batch with its header; seq, frame count and flags are set by {@link #seal}. */
  static Buffer newBatch(int lane, long link, String from) {
    Buffer b = Buffer.buffer(256);
    b.appendInt(MAGIC).appendByte((byte) VERSION).appendByte((byte) lane).appendLong(link)
        .appendLong(0).appendInt(0);
    str(b, from);
    b.appendByte((byte) 0);
    return b;
  }

  static void seal(Buffer batch, long seq, int frames, byte flags) {
    batch.setLong(SEQ_OFFSET, seq).setInt(FRAMES_OFFSET, frames)
        .setByte(FROM_OFFSET + 4 + batch.getInt(FROM_OFFSET), flags);
  }

  /** An acknowledgement of no batch yet, to which {@link #appendAck} adds them; {@link #sealAcks} counts them. */
  static Buffer acks(int lane, long link, String from) {
    Buffer b = answer(ACK, lane, link, from, 4 + 16 * 4);
    b.appendInt(0);
    return b;
  }

  /** Batch {@code seq} was applied: the counts of its DELIVER frames, in order. */
  static void appendAck(Buffer acks, long seq, int[] counts) {
    acks.appendLong(seq).appendInt(counts.length);
    for (int count : counts) {
      acks.appendInt(count);
    }
  }

  /** Writes how many batches {@code acks} acknowledges (its count follows the sender's name). */
  static void sealAcks(Buffer acks, int batches) {
    acks.setInt(ANSWER_FROM_OFFSET + 4 + acks.getInt(ANSWER_FROM_OFFSET), batches);
  }

  /** A batch this node does not apply, and why: the sender stops sending. */
  static Buffer refused(int lane, long link, String from, String reason) {
    Buffer b = answer(REFUSED, lane, link, from, 64);
    str(b, reason);
    return b;
  }

  private static Buffer answer(byte kind, int lane, long link, String from, int more) {
    Buffer b = Buffer.buffer(32 + from.length() + more);
    b.appendInt(MAGIC).appendByte((byte) VERSION).appendByte(kind).appendByte((byte) lane).appendLong(link);
    str(b, from);
    return b;
  }

  // ---- frames ----

  static Buffer put(String domain, PresenceInfo info, String home, long version, Collection<String> rooms) {
    Buffer b = Buffer.buffer(96 + 16 * rooms.size());
    b.appendByte(PUT);
    str(b, domain);
    str(b, info.name());
    str(b, info.nick());
    str(b, info.show());
    str(b, info.status());
    str(b, home);
    b.appendLong(version);
    strs(b, rooms);
    return b;
  }

  static Buffer remove(String domain, String name, String home, long version) {
    Buffer b = Buffer.buffer(48);
    b.appendByte(REMOVE);
    str(b, domain);
    str(b, name);
    str(b, home);
    b.appendLong(version);
    return b;
  }

  static Buffer room(byte joinOrLeave, String domain, String room, String name, String home, long version) {
    Buffer b = Buffer.buffer(48);
    b.appendByte(joinOrLeave);
    str(b, domain);
    str(b, room);
    str(b, name);
    str(b, home);
    b.appendLong(version);
    return b;
  }

  /** A frame that writes itself into the open batch of a lane, so that it needs no buffer of its own. */
  @FunctionalInterface
  interface Frame {
    void appendTo(Buffer batch);
  }

  /** A frame already encoded (sent on several lanes, or built off the hot path). */
  static Frame encoded(Buffer frame) {
    return batch -> batch.appendBuffer(frame);
  }

  /**
   * A packet for some users of the domain ({@code names}), written into the batch it goes in: the frame
   * of a message for users homed on one other node, the common case, is encoded once and copied never.
   */
  static Frame deliverTo(String domain, Packet packet, Collection<String> names, String exceptTicket) {
    return batch -> appendDeliver(batch, domain, packet, names, null, exceptTicket);
  }

  /** A packet for some users of the domain ({@code names}), or all of them but {@code exceptUser}. */
  static Buffer deliver(String domain, Packet packet, Collection<String> names, String exceptUser,
                        String exceptTicket) {
    Buffer b = Buffer.buffer(32 + packet.json().length + (names == null ? 0 : 16 * names.size()));
    appendDeliver(b, domain, packet, names, exceptUser, exceptTicket);
    return b;
  }

  private static void appendDeliver(Buffer b, String domain, Packet packet, Collection<String> names,
                                    String exceptUser, String exceptTicket) {
    b.appendByte(DELIVER);
    str(b, domain);
    packet(b, packet);
    if (names == null) {
      b.appendInt(-1);
    } else {
      strs(b, names);
    }
    str(b, exceptUser);
    str(b, exceptTicket);
  }

  static Buffer marker(byte type) {
    return Buffer.buffer(1).appendByte(type);
  }

  /** The page of {@code ticket} lives at {@code node} now (a handoff). */
  static Buffer moved(String ticket, String node) {
    Buffer b = Buffer.buffer(96);
    b.appendByte(MOVED);
    str(b, ticket);
    str(b, node);
    return b;
  }

  static Buffer handoff(Handoff h) {
    Buffer b = Buffer.buffer(256);
    b.appendByte(HANDOFF);
    str(b, h.domain());
    str(b, h.name());
    str(b, h.nick());
    str(b, h.show());
    str(b, h.status());
    strs(b, h.buddies());
    strs(b, h.rooms());
    b.appendLong(h.version()).appendLong(h.graceLeftMs());
    packets(b, h.graceBuffer());
    b.appendInt(h.pages().size());
    for (Handoff.PageState p : h.pages()) {
      str(b, p.ticket());
      b.appendLong(p.seq()).appendLong(p.lastReplied());
      packets(b, p.queue());
    }
    b.appendInt(h.recent().size());
    for (Handoff.Outcome o : h.recent()) {
      outcome(b, o);
    }
    return b;
  }

  /** An outcome of a message of {@code name}, handed over before, that its old home learnt after. */
  static Buffer outcome(String domain, String name, Handoff.Outcome o) {
    Buffer b = Buffer.buffer(64);
    b.appendByte(OUTCOME);
    str(b, domain);
    str(b, name);
    outcome(b, o);
    return b;
  }

  private static void outcome(Buffer b, Handoff.Outcome o) {
    b.appendLong(o.idHash()).appendInt(o.count()).appendLong(o.ageMs());
  }

  static Handoff readHandoff(Reader r) {
    String domain = r.str();
    String name = r.str();
    String nick = r.str();
    String show = r.str();
    String status = r.str();
    List<String> buddies = List.copyOf(r.strs());
    List<String> rooms = List.copyOf(r.strs());
    long version = r.int64();
    long graceLeft = r.int64();
    List<Packet> grace = r.packets();
    int n = r.int32();
    List<Handoff.PageState> pages = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String ticket = r.str();
      long seq = r.int64();
      long lastReplied = r.int64();
      pages.add(new Handoff.PageState(ticket, seq, r.packets(), lastReplied));
    }
    int k = r.int32();
    List<Handoff.Outcome> recent = new ArrayList<>(Math.max(0, Math.min(k, 1024)));
    for (int i = 0; i < k; i++) {
      recent.add(r.outcome());
    }
    return new Handoff(domain, name, nick, show, status, buddies, rooms, version, graceLeft, grace, pages, recent);
  }

  private static void packets(Buffer b, List<Packet> packets) {
    b.appendInt(packets.size());
    for (Packet p : packets) {
      packet(b, p);
    }
  }

  /** packet = kind:u8 source:str json:bytes (read by {@link Reader#packet}). */
  private static void packet(Buffer b, Packet p) {
    b.appendByte((byte) p.kind().ordinal());
    str(b, p.source());
    b.appendInt(p.json().length).appendBytes(p.json());
  }

  // ---- encoding ----

  static void str(Buffer b, String s) {
    if (s == null) {
      b.appendInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    b.appendInt(bytes.length).appendBytes(bytes);
  }

  static void strs(Buffer b, Collection<String> list) {
    b.appendInt(list.size());
    for (String s : list) {
      str(b, s);
    }
  }

  /** Reads a batch or a frame from its start. */
  static final class Reader {
    private final Buffer b;
    private int pos;

    Reader(Buffer b) {
      this.b = b;
    }

    boolean more() {
      return pos < b.length();
    }

    byte u8() {
      return b.getByte(pos++);
    }

    int int32() {
      int v = b.getInt(pos);
      pos += 4;
      return v;
    }

    long int64() {
      long v = b.getLong(pos);
      pos += 8;
      return v;
    }

    String str() {
      int n = int32();
      if (n < 0) {
        return null;
      }
      String s = b.getString(pos, pos + n, "UTF-8");
      pos += n;
      return s;
    }

    void skip(int n) {
      pos += n;
    }

    byte[] bytes() {
      int n = int32();
      byte[] out = b.getBytes(pos, pos + n);
      pos += n;
      return out;
    }

    List<Packet> packets() {
      int n = int32();
      List<Packet> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(packet());
      }
      return out;
    }

    /** A packet as {@code kind:u8 source:str json:bytes}. */
    Packet packet() {
      Packet.Kind kind = Packet.kind(u8());
      String source = str();
      return Packet.of(kind, source, bytes());
    }

    /** An outcome as {@code idHash:int64 count:int32 ageMs:int64}. */
    Handoff.Outcome outcome() {
      long hash = int64();
      int count = int32();
      return new Handoff.Outcome(hash, count, int64());
    }

    /** A list of strings, or null when written as -1. */
    List<String> strs() {
      int n = int32();
      if (n < 0) {
        return null;
      }
      List<String> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(str());
      }
      return out;
    }
  }
}
