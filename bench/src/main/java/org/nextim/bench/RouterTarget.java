package org.nextim.bench;

/**
 * Where the router listens, which tenant the generated users belong to, and which loopback source
 * address this generator process binds its sockets to (each source address has its own ~28,000
 * ephemeral ports towards the router).
 */
public record RouterTarget(String host, int port, String domain, String apikey, String localAddress) {

  public RouterTarget {
    if (!host.startsWith("127.")) {
      // The bench floods its target; it must never be pointed at anything but this machine.
      throw new IllegalArgumentException("--host must be a 127.x.x.x address, got " + host);
    }
    if (localAddress != null && !localAddress.isEmpty() && !localAddress.startsWith("127.")) {
      throw new IllegalArgumentException("--local-address must be a 127.x.x.x address, got " + localAddress);
    }
  }

  public static RouterTarget from(BenchArgs args) {
    return new RouterTarget(
        args.string("host", "127.0.0.1"),
        args.integer("port", 8000, 1, 65535),
        args.string("domain", "localhost"),
        args.string("apikey", "public"),
        args.string("local-address", ""));
  }

  public boolean bindsLocalAddress() {
    return localAddress != null && !localAddress.isEmpty();
  }
}
