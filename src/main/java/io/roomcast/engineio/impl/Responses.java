package io.roomcast.engineio.impl;

import io.roomcast.engineio.EngineError;
import io.roomcast.engineio.PollAnswer;
import io.vertx.core.http.HttpServerResponse;

/** The fixed answers of the Engine.IO endpoint. */
final class Responses {

  private Responses() {
  }

  static void error(PollReply reply, EngineError error) {
    reply.answer(error.status(), "application/json", error.body());
  }

  static void error(HttpServerResponse response, EngineError error) {
    send(response, PollAnswer.of(error));
  }

  /** The answer to a POST whose packets were taken: {@code ok}. */
  static void ok(PollReply reply) {
    reply.answer(200, "text/html", "ok");
  }

  static void send(HttpServerResponse response, PollAnswer answer) {
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(answer.status()).putHeader("Content-Type", answer.contentType()).end(answer.body());
    }
  }

  /** The server is not serving for now (suspended): 503, try again shortly. */
  static void unavailable(HttpServerResponse response) {
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(503).putHeader("Content-Type", "application/json").putHeader("Retry-After", "1")
        .end(UNAVAILABLE);
    }
  }

  private static final String UNAVAILABLE = "{\"message\":\"Service unavailable, retry shortly\"}";

  /** A POST body over {@code maxPayload}: 413, and the connection is dropped rather than drained. */
  static void payloadTooLarge(HttpServerResponse response) {
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(413).putHeader("Connection", "close").end();
    }
  }
}
