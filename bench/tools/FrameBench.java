package org.nextim.router.cluster;

import io.vertx.core.buffer.Buffer;
import org.nextim.router.core.Packet;
import java.util.List;

/**
 * The link's frame code alone: one DELIVER frame encoded, appended to a batch, sealed and decoded as the
 * receiving node does, on one thread, 2,000,000 times a round. In the router's package to reach the
 * package-private protocol; compiled against the router's jar by bench/tools/run.sh.
 */
public class FrameBench {
  public static void main(String[] a) {
    Packet p = Packet.message("m-123456", "u17", "User 17", "u18", 1733100000000L, "unicast", "message 123456 from u17 to u18, some text", "");
    long sink = 0;
    for (int round = 0; round < 5; round++) {
      int n = 2_000_000;
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        Buffer batch = LinkProtocol.newBatch(0, 1L, "node-a-1234");
        Buffer f = LinkProtocol.deliver("localhost", p, List.of("u18"), "u17", null);
        batch.appendBuffer(f);
        LinkProtocol.seal(batch, i, 1, (byte) 0);
        LinkProtocol.Reader r = new LinkProtocol.Reader(batch);
        r.int32(); r.u8(); r.u8(); r.int64(); r.int64(); r.int32(); r.str();
        r.u8(); // flags
        r.u8(); // frame type
        String domain = r.str();
        Packet q = r.packet();
        List<String> names = r.strs();
        String ex = r.str(); String et = r.str();
        sink += domain.length() + q.json().length + names.size() + (ex == null ? 0 : 1) + (et == null ? 0 : 1);
      }
      System.out.printf("round %d: %.2f us per frame (encode, batch, decode)%n", round, (System.nanoTime() - t0) / 1000.0 / n);
    }
    System.out.println(sink);
  }
}
