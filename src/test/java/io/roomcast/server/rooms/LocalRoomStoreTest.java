package io.roomcast.server.rooms;

import org.junit.jupiter.api.BeforeEach;

/** The contract on the memory store. */
class LocalRoomStoreTest extends RoomStoreContract {

  @BeforeEach
  void store() {
    store = new LocalRoomStore();
  }
}
