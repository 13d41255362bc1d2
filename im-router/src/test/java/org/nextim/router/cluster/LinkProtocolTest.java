package org.nextim.router.cluster;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.nextim.router.core.Handoff;
import org.nextim.router.core.Packet;
import org.nextim.router.core.PresenceInfo;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The wire format between nodes reads back what was written. */
class LinkProtocolTest {

  @Test
  void aBatchHeaderCarriesVersionLaneLinkSequenceSenderAndFlags() {
    Buffer b = LinkProtocol.newBatch(3, 42L, "node-a");
    b.appendBuffer(LinkProtocol.marker(LinkProtocol.READY));
    LinkProtocol.seal(b, 7, 1, LinkProtocol.ACK_NOW);
    LinkProtocol.Reader r = new LinkProtocol.Reader(b);
    assertEquals(LinkProtocol.MAGIC, r.int32());
    assertEquals(LinkProtocol.VERSION, r.u8());
    assertEquals(3, r.u8());
    assertEquals(42L, r.int64());
    assertEquals(7L, r.int64());
    assertEquals(1, r.int32());
    assertEquals("node-a", r.str());
    assertEquals(LinkProtocol.ACK_NOW, r.u8(), "flags");
    assertEquals(LinkProtocol.READY, r.u8());
    assertTrue(!r.more());
  }

  @Test
  void presenceAndDeliveryFramesReadBack() {
    Buffer put = LinkProtocol.put("d.com", new PresenceInfo("alice", "Alice ✓", "away", "lunch"), "n1", 5,
        List.of("r1"));
    LinkProtocol.Reader r = new LinkProtocol.Reader(put);
    assertEquals(LinkProtocol.PUT, r.u8());
    assertEquals(List.of("d.com", "alice", "Alice ✓", "away", "lunch", "n1"),
        List.of(r.str(), r.str(), r.str(), r.str(), r.str(), r.str()));
    assertEquals(5L, r.int64());
    assertEquals(List.of("r1"), r.strs());

    Packet packet = Packet.message("m1", "alice", "Alice", "bob", 1L, "unicast", "hi 你好", "");
    LinkProtocol.Reader d = new LinkProtocol.Reader(LinkProtocol.deliver("d.com", packet, null, "alice", null));
    assertEquals(LinkProtocol.DELIVER, d.u8());
    assertEquals("d.com", d.str());
    assertEquals(Packet.Kind.MESSAGE.ordinal(), d.u8());
    assertEquals("alice", d.str());
    assertArrayEquals(packet.json(), d.bytes());
    assertNull(d.strs(), "a broadcast names no recipients");
    assertEquals("alice", d.str());
    assertNull(d.str());
  }

  @Test
  void aDeliverFrameWrittenIntoTheOpenBatchIsTheSameFrameAndReadsBack() {
    Packet packet = Packet.message("m2", "alice", "Alice", "bob", 2L, "unicast", "hé 你好", "");
    Buffer batch = LinkProtocol.newBatch(1, 7L, "node-a");
    batch.appendBuffer(LinkProtocol.marker(LinkProtocol.READY));
    int start = batch.length();
    LinkProtocol.deliverTo("d.com", packet, List.of("bob", "carol"), "n1.t9").appendTo(batch);

    assertArrayEquals(LinkProtocol.deliver("d.com", packet, List.of("bob", "carol"), null, "n1.t9").getBytes(),
        batch.getBytes(start, batch.length()));
    LinkProtocol.Reader d = new LinkProtocol.Reader(batch.getBuffer(start, batch.length()));
    assertEquals(LinkProtocol.DELIVER, d.u8());
    assertEquals("d.com", d.str());
    assertEquals(Packet.Kind.MESSAGE.ordinal(), d.u8());
    assertEquals("alice", d.str());
    assertArrayEquals(packet.json(), d.bytes());
    assertEquals(List.of("bob", "carol"), d.strs());
    assertNull(d.str(), "a unicast excepts no user");
    assertEquals("n1.t9", d.str());
  }

  @Test
  void aHandoffCarriesPagesQueuesCursorsTheGraceAndTheLatestOutcomes() {
    Packet p = Packet.presence("bob", "Bob", "online", "available", "");
    List<Handoff.Outcome> recent = List.of(new Handoff.Outcome(-7L, 2, 1500), new Handoff.Outcome(42L,
        Handoff.Outcome.PENDING, 3));
    Handoff h = new Handoff("d.com", "alice", "Alice", "dnd", "busy", List.of("bob"), List.of("r1", "r2"), 9, 1234,
        List.of(p), List.of(new Handoff.PageState("n1.t1", 17, List.of(p, p), 15)), recent);
    LinkProtocol.Reader r = new LinkProtocol.Reader(LinkProtocol.handoff(h));
    assertEquals(LinkProtocol.HANDOFF, r.u8());
    Handoff back = LinkProtocol.readHandoff(r);
    assertEquals(List.of(h.domain(), h.name(), h.nick(), h.show(), h.status()),
        List.of(back.domain(), back.name(), back.nick(), back.show(), back.status()));
    assertEquals(h.buddies(), back.buddies());
    assertEquals(h.rooms(), back.rooms());
    assertEquals(9L, back.version());
    assertEquals(1234L, back.graceLeftMs());
    assertEquals(1, back.graceBuffer().size());
    Handoff.PageState page = back.pages().get(0);
    assertEquals("n1.t1", page.ticket());
    assertEquals(17L, page.seq());
    assertEquals(15L, page.lastReplied());
    assertEquals(2, page.queue().size());
    assertArrayEquals(p.json(), page.queue().get(1).json());
    assertEquals("bob", page.queue().get(1).source());
    assertEquals(recent, back.recent());
  }

  @Test
  void anOutcomeLearntAfterTheHandoffTravelsWithItsUser() {
    Handoff.Outcome o = new Handoff.Outcome(Long.MIN_VALUE, 3, 0);
    LinkProtocol.Reader r = new LinkProtocol.Reader(LinkProtocol.outcome("d.com", "alice", o));
    assertEquals(LinkProtocol.OUTCOME, r.u8());
    assertEquals("d.com", r.str());
    assertEquals("alice", r.str());
    assertEquals(o, r.outcome());
  }

  @Test
  void everythingFromOneUserGoesInOneLaneAndUsersSpreadOverTheLanes() {
    for (int lanes : new int[] {1, 2, LinkProtocol.LANES}) {
      int[] used = new int[lanes];
      for (int i = 0; i < 1000; i++) {
        int lane = LinkProtocol.lane("d.com", "user" + i, lanes);
        assertTrue(lane >= 0 && lane < lanes);
        assertEquals(lane, LinkProtocol.lane("d.com", "user" + i, lanes));
        used[lane]++;
      }
      for (int n : used) {
        assertTrue(n > 1000 / lanes / 2, "lanes share the users: " + java.util.Arrays.toString(used));
      }
    }
  }
}
