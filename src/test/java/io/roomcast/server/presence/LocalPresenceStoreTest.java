package io.roomcast.server.presence;

import org.junit.jupiter.api.BeforeEach;

/** The contract on the memory store of a node that is not clustered. */
class LocalPresenceStoreTest extends PresenceStoreContract {

  @BeforeEach
  void open() {
    store = new LocalPresenceStore(heard);
  }
}
