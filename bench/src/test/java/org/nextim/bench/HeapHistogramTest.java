package org.nextim.bench;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class HeapHistogramTest {

  private static final List<String> IDLE = List.of(
      "12345:",
      " num     #instances         #bytes  class name (module)",
      "-------------------------------------------------------",
      "   1:         10000         800000  [B (java.base@17.0.15)",
      "   2:          5000         120000  java.lang.String (java.base@17.0.15)",
      "   3:            10            880  org.nextim.router.core.Page",
      "Total         15010         920880");

  private static final List<String> LOADED = List.of(
      "   1:         30000        2800000  [B (java.base@17.0.15)",
      "   2:         25000         600000  java.lang.String (java.base@17.0.15)",
      "   3:          1010          88880  org.nextim.router.core.Page",
      "   4:          1000          64000  io.netty.channel.socket.nio.NioSocketChannel",
      "Total         57010        3552880");

  @Test
  void growthPerPollByClassLargestFirst() {
    JsonObject per = HeapHistogram.perPoll(HeapHistogram.parse(IDLE), HeapHistogram.parse(LOADED), 1000, 3);
    assertEquals(1000, per.getLong("polls"));
    assertEquals(3552880 - 920880, per.getLong("total_bytes"));
    assertEquals(2632.0, per.getDouble("total_bytes_per_poll"));
    JsonObject first = per.getJsonArray("classes").getJsonObject(0);
    assertEquals("[B", first.getString("class"));
    assertEquals(2000.0, first.getDouble("bytes_per_poll"));
    assertEquals(20.0, first.getDouble("instances_per_poll"));
    assertEquals("java.lang.String", per.getJsonArray("classes").getJsonObject(1).getString("class"));
    assertEquals("org.nextim.router.core.Page", per.getJsonArray("classes").getJsonObject(2).getString("class"));
    assertEquals(3, per.getJsonArray("classes").size());
    assertEquals(64.0, per.getDouble("other_bytes_per_poll")); // the socket channels, not listed
  }

  @Test
  void histogramsOfSeveralNodesAddUp() {
    HeapHistogram two = HeapHistogram.parse(IDLE).plus(HeapHistogram.parse(IDLE));
    assertEquals(2 * 920880, two.totalBytes());
  }
}
