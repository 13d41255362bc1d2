package org.nextim.gateway.store;

import org.nextim.gateway.testing.TestDb;

/** The store contract on an embedded H2 database (the default). */
class H2StoreTest extends StoreContract {

  @Override
  TestDb database() {
    return TestDb.h2();
  }
}
