package org.nextim.gateway;

import org.nextim.gateway.testing.TestDb;

/** Statements per call on H2. */
class QueryCountTest extends QueryCountContract {

  @Override
  TestDb database() {
    return TestDb.h2();
  }
}
