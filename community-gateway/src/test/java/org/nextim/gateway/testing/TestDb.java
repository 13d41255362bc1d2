package org.nextim.gateway.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A fresh database for one test class: a private H2 in-memory one, or an emptied PostgreSQL — the
 * server {@code .ci/run} starts, else one embedded in the test JVM.
 */
public record TestDb(String name, String url, String user, String password) {

  public static TestDb h2() {
    return new TestDb("H2", "jdbc:h2:mem:gw-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
  }

  /**
   * A PostgreSQL with its public schema dropped and recreated: the server given by
   * {@code GATEWAY_TEST_PG_URL} ({@code _USER}, {@code _PASSWORD}; {@code .ci/run} starts Debian's), or
   * without it the embedded one ({@link EmbeddedServer}), so no machine skips these tests.
   */
  public static TestDb postgres() {
    String url = System.getenv("GATEWAY_TEST_PG_URL");
    TestDb db = url == null || url.isBlank()
        ? EmbeddedServer.INSTANCE.database()
        : new TestDb("PostgreSQL", url, System.getenv().getOrDefault("GATEWAY_TEST_PG_USER", ""),
            System.getenv().getOrDefault("GATEWAY_TEST_PG_PASSWORD", ""));
    try (Connection c = DriverManager.getConnection(db.url, db.user, db.password);
         Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      fail("cannot reset the test PostgreSQL at " + db.url + ": " + e.getMessage());
    }
    return db;
  }

  /**
   * One embedded PostgreSQL (zonky's binaries from Maven Central, unpacked under the temp directory) per
   * test JVM, started by the first test that asks and stopped when the JVM exits; as root it runs the
   * server in a user namespace ({@code unshare}), since PostgreSQL refuses to run as root.
   */
  private enum EmbeddedServer {
    INSTANCE;

    private final EmbeddedPostgres server;

    EmbeddedServer() {
      try {
        server = EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      }
    }

    TestDb database() {
      return new TestDb("PostgreSQL (embedded)", server.getJdbcUrl("postgres", "postgres"), "postgres", "");
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
