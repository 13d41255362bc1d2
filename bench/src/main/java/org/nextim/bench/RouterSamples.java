package org.nextim.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Once-a-second samples of the router process taken by {@code bench/run.sh} from {@code /proc}: lines of
 * {@code epoch_ms cpu_ticks rss_kb open_files [machine_busy_ticks]}, where cpu_ticks is the router's
 * utime + stime and machine_busy_ticks the whole machine's non-idle time (all cores), both in clock
 * ticks. The machine figure shows how much CPU other processes took while the bench ran.
 */
public final class RouterSamples {

  /** One line of the sample file. */
  public record Sample(long atMs, long cpuTicks, long rssKb, long openFiles, long machineBusyTicks) {
    public static final long UNKNOWN = -1;
  }

  private final List<Sample> samples;
  private final int ticksPerSecond;

  public RouterSamples(List<Sample> samples, int ticksPerSecond) {
    this.samples = List.copyOf(samples);
    this.ticksPerSecond = ticksPerSecond;
  }

  /** Parses the sample file; lines that are not 4 or 5 numbers (a sample cut short at exit) are skipped. */
  public static RouterSamples parse(List<String> lines, int ticksPerSecond) {
    List<Sample> out = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.trim().split("\\s+");
      if (f.length != 4 && f.length != 5) {
        continue;
      }
      try {
        out.add(new Sample(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]),
            Long.parseLong(f[3]), f.length == 5 ? Long.parseLong(f[4]) : Sample.UNKNOWN));
      } catch (NumberFormatException e) {
        // a partial line written while the router was exiting
      }
    }
    return new RouterSamples(out, ticksPerSecond);
  }

  public boolean isEmpty() {
    return samples.isEmpty();
  }

  /**
   * Router CPU over [fromMs, toMs] as a percentage of one core, from the first and last samples inside
   * the window; -1 when fewer than two samples fall inside it.
   */
  public double cpuPercent(long fromMs, long toMs) {
    List<Sample> in = within(fromMs, toMs);
    if (in.size() < 2) {
      return -1;
    }
    Sample a = in.get(0);
    Sample b = in.get(in.size() - 1);
    double cpuMs = (b.cpuTicks - a.cpuTicks) * 1000.0 / ticksPerSecond;
    return Math.round(cpuMs * 1000.0 / (b.atMs - a.atMs)) / 10.0;
  }

  /**
   * CPU of the whole machine (every process, all cores) over [fromMs, toMs] as a percentage of one core;
   * -1 when not sampled.
   */
  public double machinePercent(long fromMs, long toMs) {
    List<Sample> in = within(fromMs, toMs);
    if (in.size() < 2 || in.get(0).machineBusyTicks == Sample.UNKNOWN) {
      return -1;
    }
    Sample a = in.get(0);
    Sample b = in.get(in.size() - 1);
    double cpuMs = (b.machineBusyTicks - a.machineBusyTicks) * 1000.0 / ticksPerSecond;
    return Math.round(cpuMs * 1000.0 / (b.atMs - a.atMs)) / 10.0;
  }

  /** CPU milliseconds between the first and last samples inside the window; -1 without two samples. */
  public long cpuMs(long fromMs, long toMs) {
    List<Sample> in = within(fromMs, toMs);
    if (in.size() < 2) {
      return -1;
    }
    return (in.get(in.size() - 1).cpuTicks - in.get(0).cpuTicks) * 1000L / ticksPerSecond;
  }

  public long maxRssKb(long fromMs, long toMs) {
    return within(fromMs, toMs).stream().mapToLong(Sample::rssKb).max().orElse(-1);
  }

  public long maxOpenFiles(long fromMs, long toMs) {
    return within(fromMs, toMs).stream().mapToLong(Sample::openFiles).max().orElse(-1);
  }

  private List<Sample> within(long fromMs, long toMs) {
    return samples.stream().filter(s -> s.atMs >= fromMs && s.atMs <= toMs).toList();
  }
}
