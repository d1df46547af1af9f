package io.roomcast.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RoomHistoryTest {

  private static ChatMessage message(String id, long time) {
    return new ChatMessage(id, "ann", "text " + id, time);
  }

  @Test
  void keepsTheLastMessagesOfEachRoomInDeliveryOrder() {
    RoomHistory history = new RoomHistory(3);
    for (int i = 1; i <= 5; i++) {
      history.add("r", message("m" + i, 10 - i));
    }
    history.add("s", message("s1", 1));
    assertEquals(List.of(message("m3", 7), message("m4", 6), message("m5", 5)), history.of("r"), "as delivered, not by time");
    assertEquals(List.of(message("s1", 1)), history.of("s"));
    history.forget("r");
    assertEquals(List.of(), history.of("r"));
    assertEquals(List.of(), history.of("never"));
  }

  @Test
  void takesInAnotherServersHistoryWithoutDuplicatesInTimeOrder() {
    RoomHistory mine = new RoomHistory(4);
    mine.add("r", message("b", 2));
    mine.add("r", message("d", 4));
    JsonObject theirs = new JsonObject()
      .put("r", new JsonArray().add(message("a", 1).toJson()).add(message("b", 2).toJson()).add(message("c", 3).toJson()))
      .put("other", new JsonArray().add(message("x", 9).toJson()));
    mine.merge(theirs);
    assertEquals(List.of(message("a", 1), message("b", 2), message("c", 3), message("d", 4)), mine.of("r"));
    assertEquals(List.of(message("x", 9)), mine.of("other"));

    mine.merge(new JsonObject().put("r", new JsonArray().add(message("e", 5).toJson())));
    assertEquals(List.of(message("b", 2), message("c", 3), message("d", 4), message("e", 5)), mine.of("r"), "the last 4 stay");
    assertEquals(mine.toJson().getJsonArray("r").getJsonObject(0), message("b", 2).toJson());
  }
}
