package io.roomcast.socketio.interop;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The event arguments of every JSON type that both clients send (the Node script's {@code MIXED} is
 * the same list), and how the server must have decoded them.
 */
final class MixedArguments {

  /** Unicode (astral plane too), numbers of each kind, null, nesting, the empty string, 2^53 - 1. */
  static final String JSON = """
    ["héllo wörld ☃ 🚀 ✓", 42, 3.5, true, null,
     {"nested": {"list": [1, "two", false, null], "emoji": "🎉"}, "n": -7},
     [1, [2, [3]], {"k": "v"}],
     "", 0, -1.25, 9007199254740991]""";

  private MixedArguments() {
  }

  static JsonArray expected() {
    return new JsonArray(JSON);
  }

  /** Checks each argument's Java type and value as the server's handler received it. */
  static void assertDecoded(JsonArray args) {
    assertEquals(11, args.size(), args::encode);
    assertEquals("héllo wörld ☃ 🚀 ✓", args.getValue(0));
    assertEquals(42, assertInstanceOf(Integer.class, args.getValue(1)));
    assertEquals(3.5, assertInstanceOf(Double.class, args.getValue(2)));
    assertEquals(Boolean.TRUE, args.getValue(3));
    assertTrue(args.hasNull(4));
    assertNull(args.getValue(4));
    assertEquals(new JsonObject("{\"nested\": {\"list\": [1, \"two\", false, null], \"emoji\": \"🎉\"}, \"n\": -7}"),
      args.getJsonObject(5));
    assertEquals(new JsonArray("[1, [2, [3]], {\"k\": \"v\"}]"), args.getJsonArray(6));
    assertEquals("", args.getValue(7));
    assertEquals(0, args.getValue(8));
    assertEquals(-1.25, args.getValue(9));
    assertEquals(9007199254740991L, assertInstanceOf(Long.class, args.getValue(10)));
  }
}
