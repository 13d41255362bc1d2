package org.nextim.router.core;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The tenants on disk ({@code ROUTER_TENANTS_FILE}): one JSON document {@code {"tenants": [...]}} with
 * each tenant's key digests, never a key. Written whole, atomically (a temporary file beside it, synced,
 * then renamed over it: a reader or a crash sees the old file or the new one, never half of one), on a
 * worker thread, one write at a time; changes made meanwhile go in the next write.
 */
public final class TenantsFile {

  private static final Logger log = LoggerFactory.getLogger(TenantsFile.class);

  private final Vertx vertx;
  private final Path path;
  private boolean writing;
  private boolean again;
  private Future<Void> lastWrite = Future.succeededFuture();

  public TenantsFile(Vertx vertx, Path path) {
    this.vertx = vertx;
    this.path = path;
  }

  public Path path() {
    return path;
  }

  /** The tenants in the file, tombstones included; none when there is no file yet. Blocks: a worker's job. */
  public List<Tenant> read() {
    if (!Files.exists(path)) {
      return List.of();
    }
    try {
      JsonArray list = new JsonObject(Files.readString(path, StandardCharsets.UTF_8)).getJsonArray("tenants", new JsonArray());
      List<Tenant> out = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        out.add(Tenant.fromJson(list.getJsonObject(i)));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + path, e);
    } catch (RuntimeException e) {
      throw new IllegalStateException(path + " is not a tenants file: " + e.getMessage(), e);
    }
  }

  /** Reads on a worker thread. */
  public Future<List<Tenant>> load() {
    return vertx.executeBlocking(this::read, false);
  }

  /**
   * Writes {@code tenants()} soon, on a worker thread; a call while a write runs makes one more write
   * after it (of the state then). The future completes when a write that includes this state is done.
   */
  public synchronized Future<Void> save(Supplier<Collection<Tenant>> tenants) {
    if (writing) {
      again = true;
      return lastWrite;
    }
    writing = true;
    lastWrite = vertx.executeBlocking(() -> {
      write(tenants.get());
      return null;
    }, false).<Void>mapEmpty().onComplete(ar -> {
      if (ar.failed()) {
        log.error("writing the tenants to {} failed: {}", path, ar.cause().toString());
      }
      boolean more;
      synchronized (this) {
        writing = false;
        more = again;
        again = false;
      }
      if (more) {
        save(tenants);
      }
    });
    return lastWrite;
  }

  /** Writes now, atomically. Blocks. */
  void write(Collection<Tenant> tenants) {
    JsonArray list = new JsonArray();
    tenants.forEach(t -> list.add(t.toJson()));
    byte[] bytes = new JsonObject().put("tenants", list).encodePrettily().getBytes(StandardCharsets.UTF_8);
    try {
      Path dir = path.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, path.getFileName().toString(), ".tmp");
      try {
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
          ch.write(java.nio.ByteBuffer.wrap(bytes));
          ch.force(true);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing " + path, e);
    }
  }
}
