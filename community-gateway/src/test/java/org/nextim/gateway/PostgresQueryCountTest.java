package org.nextim.gateway;

import org.nextim.gateway.testing.TestDb;

/**
 * Statements per call on a real PostgreSQL ({@code GATEWAY_TEST_PG_URL}); fails without one under
 * {@code CI=true}, is skipped without one elsewhere.
 */
class PostgresQueryCountTest extends QueryCountContract {

  @Override
  TestDb database() {
    return TestDb.postgres();
  }
}
