package org.nextim.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@code jcmd PID GC.class_histogram} (live objects after a full GC) and the difference of two, per
 * held poll: which classes each poll costs and how many bytes.
 */
public final class HeapHistogram {

  /** Instances and shallow bytes of one class. */
  public record Entry(String className, long instances, long bytes) {
  }

  private final Map<String, Entry> byClass;

  private HeapHistogram(Map<String, Entry> byClass) {
    this.byClass = byClass;
  }

  /** Parses lines like {@code    1:   12345   1234567  java.lang.String (java.base@17.0.15)}; sums several histograms. */
  public static HeapHistogram parse(List<String> lines) {
    Map<String, Entry> out = new HashMap<>();
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 4 || !f[0].endsWith(":")) {
        continue;
      }
      try {
        long instances = Long.parseLong(f[1]);
        long bytes = Long.parseLong(f[2]);
        String name = f[3];
        out.merge(name, new Entry(name, instances, bytes),
            (a, b) -> new Entry(name, a.instances + b.instances, a.bytes + b.bytes));
      } catch (NumberFormatException e) {
        // the header or the Total line
      }
    }
    return new HeapHistogram(out);
  }

  public HeapHistogram plus(HeapHistogram o) {
    Map<String, Entry> m = new HashMap<>(byClass);
    o.byClass.forEach((k, v) -> m.merge(k, v, (a, b) -> new Entry(k, a.instances + b.instances, a.bytes + b.bytes)));
    return new HeapHistogram(m);
  }

  public long totalBytes() {
    return byClass.values().stream().mapToLong(Entry::bytes).sum();
  }

  /** Classes by growth from {@code before} to this, largest first. */
  public List<Entry> growthSince(HeapHistogram before) {
    List<Entry> out = new ArrayList<>();
    byClass.forEach((k, v) -> {
      Entry b = before.byClass.getOrDefault(k, new Entry(k, 0, 0));
      out.add(new Entry(k, v.instances - b.instances, v.bytes - b.bytes));
    });
    before.byClass.forEach((k, v) -> {
      if (!byClass.containsKey(k)) {
        out.add(new Entry(k, -v.instances, -v.bytes));
      }
    });
    out.sort((a, b) -> Long.compare(b.bytes, a.bytes));
    return out;
  }

  /** The {@code top} largest growths per poll, and the total growth per poll. */
  public static JsonObject perPoll(HeapHistogram idle, HeapHistogram loaded, long polls, int top) {
    List<Entry> growth = loaded.growthSince(idle);
    JsonArray rows = new JsonArray();
    long shown = 0;
    for (int i = 0; i < Math.min(top, growth.size()); i++) {
      Entry e = growth.get(i);
      shown += e.bytes;
      rows.add(new JsonObject().put("class", e.className)
          .put("instances", e.instances).put("bytes", e.bytes)
          .put("instances_per_poll", Math.round(e.instances * 100.0 / polls) / 100.0)
          .put("bytes_per_poll", Math.round(e.bytes * 10.0 / polls) / 10.0));
    }
    long total = loaded.totalBytes() - idle.totalBytes();
    return new JsonObject().put("polls", polls).put("total_bytes", total)
        .put("total_bytes_per_poll", Math.round(total * 10.0 / polls) / 10.0)
        .put("other_bytes_per_poll", Math.round((total - shown) * 10.0 / polls) / 10.0)
        .put("classes", rows);
  }
}
