package org.nextim.bench;

import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;

/** CPU time this JVM has used, to show how much of the machine the generator itself took. */
public record ProcessCpu(long cpuNanos, long wallNanos) {

  public static ProcessCpu now() {
    long cpu = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      cpu = os.getProcessCpuTime();
    }
    if (cpu < 0) {
      cpu = ProcessHandle.current().info().totalCpuDuration().map(d -> d.toNanos()).orElse(-1L);
    }
    return new ProcessCpu(cpu, System.nanoTime());
  }

  /** CPU and wall time from {@code earlier} to this snapshot; 100 % is one core busy. */
  public JsonObject since(ProcessCpu earlier) {
    long cpu = cpuNanos - earlier.cpuNanos;
    long wall = Math.max(1, wallNanos - earlier.wallNanos);
    return new JsonObject()
        .put("cpu_ms", cpu / 1_000_000)
        .put("wall_ms", wall / 1_000_000)
        .put("cpu_percent_of_one_core", Math.round(cpu * 1000.0 / wall) / 10.0);
  }
}
