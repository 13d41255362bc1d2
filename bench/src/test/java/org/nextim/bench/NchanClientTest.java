package org.nextim.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class NchanClientTest {

  private static List<Long> ids(String body) {
    return NchanClient.messageIds(body).stream().map(PollReply.MessagePacket::id).toList();
  }

  @Test
  void aSingleMessageIsTheWholeBody() {
    assertEquals(List.of(42L), ids("m42 xxxxxxxx"));
  }

  @Test
  void multipartAnswersCarrySeveralMessages() {
    String body = "--B\r\nContent-Type: text/plain\r\n\r\nm5 hello\r\n--B\r\nContent-Type: text/plain\r\n\r\n"
        + "m6 hello\r\n--B\r\n\r\nm1000000000007 x\r\n--B--";
    assertEquals(List.of(5L, 6L, 1_000_000_000_007L), ids(body));
  }

  @Test
  void aBodyThatIsNoBenchMessageCountsAsForeign() {
    assertEquals(List.of(PollReply.MessagePacket.NO_ID), ids("hello m5 not at a line start"));
    assertEquals(List.of(), ids(""));
  }
}
