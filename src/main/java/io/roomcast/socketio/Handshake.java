package io.roomcast.socketio;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;

/**
 * What the client presented when it connected to a namespace: the HTTP request's headers and
 * query, its address, the time, and the CONNECT packet's {@code auth} object.
 */
public record Handshake(MultiMap headers, MultiMap query, String address, long time, JsonObject auth) {

  /** A JSON view, as {@code fetchSockets()} reports it across nodes. */
  public JsonObject toJson() {
    JsonObject headerJson = new JsonObject();
    headers.forEach(entry -> headerJson.put(entry.getKey().toLowerCase(java.util.Locale.ROOT), entry.getValue()));
    JsonObject queryJson = new JsonObject();
    query.forEach(entry -> queryJson.put(entry.getKey(), entry.getValue()));
    return new JsonObject()
      .put("headers", headerJson)
      .put("query", queryJson)
      .put("address", address)
      .put("time", time)
      .put("auth", auth);
  }
}
