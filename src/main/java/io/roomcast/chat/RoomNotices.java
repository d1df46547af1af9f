package io.roomcast.chat;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts {@code welcome} and {@code bye} about one person in one room in order on this server. They
 * come from different servers (the one the person joined through, the one that purged a dead
 * server's members), so they can cross on the way: after a {@code kill -9}, the purge's
 * {@code bye} for the dead connection could arrive after the {@code welcome} of the same person back
 * on another server, and the room would read "X entered", "X left" while X is there. Each notice
 * carries the room's version after its change; one older than a notice already shown about the same
 * person in the same room is stale and is dropped. Remembers the last {@value #REMEMBERED} pairs
 * (notices cross by milliseconds, not minutes). Lives on one context.
 */
final class RoomNotices {

  static final int REMEMBERED = 10_000;

  private final Map<String, Long> shown = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > REMEMBERED;
    }
  };

  /** Whether a notice about {@code nickname} in {@code room} at {@code version} is the newest so far (then it counts as shown). */
  boolean fresh(String room, String nickname, long version) {
    // Room names hold no control characters, so the line feed cannot be part of one.
    String key = room + '\n' + nickname;
    Long last = shown.get(key);
    if (last != null && last >= version) {
      return false;
    }
    shown.put(key, version);
    return true;
  }
}
