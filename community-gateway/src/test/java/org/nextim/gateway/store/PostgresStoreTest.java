package org.nextim.gateway.store;

import org.nextim.gateway.testing.TestDb;

/**
 * The store contract on a real PostgreSQL ({@code GATEWAY_TEST_PG_URL}); fails without one under
 * {@code CI=true}, is skipped without one elsewhere.
 */
class PostgresStoreTest extends StoreContract {

  @Override
  TestDb database() {
    return TestDb.postgres();
  }
}
