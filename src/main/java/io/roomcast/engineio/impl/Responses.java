package io.roomcast.engineio.impl;

import io.roomcast.engineio.EngineError;
import io.vertx.core.http.HttpServerResponse;

/** The fixed HTTP answers of the Engine.IO endpoint. */
final class Responses {

  private Responses() {
  }

  static void error(HttpServerResponse response, EngineError error) {
    if (response.ended() || response.closed()) {
      return;
    }
    response.setStatusCode(error.status())
      .putHeader("Content-Type", "application/json")
      .end(error.body());
  }

  /** The answer to a POST whose packets were taken: {@code ok}. */
  static void ok(HttpServerResponse response) {
    if (!response.ended() && !response.closed()) {
      response.putHeader("Content-Type", "text/html").end("ok");
    }
  }

  /** A POST body over {@code maxPayload}: 413, and the connection is dropped rather than drained. */
  static void payloadTooLarge(HttpServerResponse response) {
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(413).putHeader("Connection", "close").end();
    }
  }
}
