package org.nextim.router.chaos;

import org.nextim.router.chaos.ChaosHttp.Resp;

import java.util.concurrent.CompletableFuture;

/**
 * The harness's HTTP: every request completes with a {@link Resp}, never exceptionally, and
 * {@code timeoutMs} bounds the wait for the answer. The browsers' polls use {@link ChaosHttp} (the JDK's
 * client); the site's calls use it too, or {@link SiteHttp} ({@code -Dchaos.site.client=vertx}).
 */
interface ChaosClient extends AutoCloseable {

  CompletableFuture<Resp> get(String url, long timeoutMs);

  /** GET with {@code Authorization: Bearer token}. */
  CompletableFuture<Resp> get(String url, long timeoutMs, String bearer);

  /** POST with a form body of the given key/value pairs. */
  CompletableFuture<Resp> post(String url, long timeoutMs, String... keyValues);

  @Override
  void close();
}
