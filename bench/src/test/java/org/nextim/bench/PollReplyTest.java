package org.nextim.bench;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PollReplyTest {

  private static final String BODY = "{\"status\":\"ok\",\"cursor\":42,"
      + "\"messages\":[{\"id\":\"17\",\"from\":\"u1\",\"nick\":\"User 1\",\"to\":\"u2\",\"timestamp\":1,"
      + "\"type\":\"unicast\",\"body\":\"hi (there);\",\"style\":\"\"},"
      + "{\"from\":\"u3\",\"to\":\"u2\",\"body\":\"no id\"},"
      + "{\"id\":18,\"from\":\"u4\",\"to\":\"u2\",\"body\":\"numeric id\"},"
      + "{\"id\":\"client-x\",\"from\":\"u4\",\"to\":\"u2\",\"body\":\"foreign id\"}],"
      + "\"presences\":[{\"from\":\"u9\",\"type\":\"online\"}],\"statuses\":[]}";

  @Test
  void readsCursorAndMessageIdsFromJsonp() {
    PollReply r = PollReply.parse("cb(" + BODY + ");", "cb");
    assertTrue(r.isOk());
    assertEquals(42, r.cursor());
    assertEquals(4, r.messages().size());
    assertEquals(17, r.messages().get(0).id());
    assertEquals("u2", r.messages().get(0).to());
    assertEquals(PollReply.MessagePacket.NO_ID, r.messages().get(1).id());
    assertEquals(18, r.messages().get(2).id());
    assertEquals(PollReply.MessagePacket.NO_ID, r.messages().get(3).id());
    assertEquals(1, r.presences());
    assertEquals(0, r.statuses());
    assertFalse(r.overflow());
    assertFalse(r.isEmpty());
  }

  @Test
  void acceptsTheAllowedWrappingVariants() {
    assertEquals(42, PollReply.parse("cb(" + BODY + ")", "cb").cursor());
    assertEquals(42, PollReply.parse("  cb( " + BODY + " ) ;\n", "cb").cursor());
    assertEquals(42, PollReply.parse(BODY, null).cursor());
    assertEquals(42, PollReply.parse("a.b$_1(" + BODY + ");", "a.b$_1").cursor());
  }

  @Test
  void readsAnEmptyReplyAndOverflow() {
    PollReply empty = PollReply.parse(
        "cb({\"status\":\"ok\",\"cursor\":\"7\",\"messages\":[],\"presences\":[],\"statuses\":[]});", "cb");
    assertTrue(empty.isEmpty());
    assertEquals(7, empty.cursor());
    PollReply overflow = PollReply.parse(
        "cb({\"status\":\"ok\",\"cursor\":9,\"overflow\":true,\"messages\":[]});", "cb");
    assertTrue(overflow.overflow());
    assertTrue(overflow.isEmpty());
  }

  @Test
  void rejectsWhatTheProtocolDoesNotAllow() {
    assertThrows(IllegalArgumentException.class, () -> PollReply.parse("other(" + BODY + ");", "cb"));
    assertThrows(IllegalArgumentException.class, () -> PollReply.parse("cb(" + BODY, "cb"));
    assertThrows(IllegalArgumentException.class, () -> PollReply.parse("cb([1,2]);", "cb"));
    assertThrows(IllegalArgumentException.class, () -> PollReply.parse("cb({\"status\":\"ok\"});", "cb"));
    assertThrows(IllegalArgumentException.class, () -> PollReply.parse("cb({\"cursor\":1,);", "cb"));
    assertThrows(IllegalArgumentException.class,
        () -> PollReply.parse("cb({\"status\":\"ok\",\"cursor\":\"x\"});", "cb"));
    assertThrows(IllegalArgumentException.class, () -> PollReply.parse("cb(" + BODY + ");", null));
  }
}
