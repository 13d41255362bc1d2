package org.nextim.gateway.testing;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.fail;

/** A fresh database for one test class: a private H2 in-memory one, or the CI PostgreSQL emptied. */
public record TestDb(String name, String url, String user, String password) {

  public static TestDb h2() {
    return new TestDb("H2", "jdbc:h2:mem:gw-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "", "");
  }

  /**
   * The PostgreSQL that {@code .ci/run} starts ({@code GATEWAY_TEST_PG_URL}, {@code _USER}, {@code _PASSWORD}),
   * with its public schema dropped and recreated. Without it: a failure under {@code CI=true}, else the
   * test is skipped (aborted) with a message saying so.
   */
  public static TestDb postgres() {
    String url = System.getenv("GATEWAY_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      String why = "GATEWAY_TEST_PG_URL is not set: no PostgreSQL to test against (.ci/run starts one)";
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(why + " and CI=true, so the PostgreSQL tests fail instead of skipping");
      }
      Assumptions.abort("PostgreSQL tests skipped outside CI: " + why);
    }
    TestDb db = new TestDb("PostgreSQL", url, System.getenv().getOrDefault("GATEWAY_TEST_PG_USER", ""),
        System.getenv().getOrDefault("GATEWAY_TEST_PG_PASSWORD", ""));
    try (Connection c = DriverManager.getConnection(url, db.user, db.password);
         Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA public CASCADE");
      s.execute("CREATE SCHEMA public");
    } catch (SQLException e) {
      fail("cannot reset the test PostgreSQL at " + url + ": " + e.getMessage());
    }
    return db;
  }

  @Override
  public String toString() {
    return name;
  }
}
