package org.nextim.gateway;

import org.nextim.gateway.testing.TestDb;

/**
 * Statements per call on a real PostgreSQL ({@code GATEWAY_TEST_PG_URL}, else an embedded one).
 */
class PostgresQueryCountTest extends QueryCountContract {

  @Override
  TestDb database() {
    return TestDb.postgres();
  }
}
