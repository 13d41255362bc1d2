package org.nextim.gateway.store;

import org.nextim.gateway.testing.TestDb;

/**
 * The store contract on a real PostgreSQL ({@code GATEWAY_TEST_PG_URL}, else an embedded one).
 */
class PostgresStoreTest extends StoreContract {

  @Override
  TestDb database() {
    return TestDb.postgres();
  }
}
