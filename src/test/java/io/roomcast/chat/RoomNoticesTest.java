package io.roomcast.chat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoomNoticesTest {

  @Test
  void aNoticeOlderThanOneShownAboutTheSamePersonInTheSameRoomIsStale() {
    RoomNotices notices = new RoomNotices();
    assertTrue(notices.fresh("r", "Xan", 6), "Xan back on another server: welcome, version 6");
    assertFalse(notices.fresh("r", "Xan", 5), "the purge's bye for Xan's dead connection, version 5, came after it");
    assertFalse(notices.fresh("r", "Xan", 6), "and the same notice twice");
    assertTrue(notices.fresh("r", "Yul", 4), "another person's older notice is not stale");
    assertTrue(notices.fresh("s", "Xan", 1), "nor Xan's in another room");
    assertTrue(notices.fresh("r", "Xan", 7), "Xan leaves for real");
  }

  @Test
  void remembersBoundedly() {
    RoomNotices notices = new RoomNotices();
    for (int i = 0; i < RoomNotices.REMEMBERED + 1; i++) {
      assertTrue(notices.fresh("r", "p" + i, 10));
    }
    assertTrue(notices.fresh("r", "p0", 1), "the oldest pair was forgotten");
    assertFalse(notices.fresh("r", "p" + RoomNotices.REMEMBERED, 9));
  }
}
