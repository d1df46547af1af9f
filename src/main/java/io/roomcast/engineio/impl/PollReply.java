package io.roomcast.engineio.impl;

import io.roomcast.engineio.PollAnswer;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;

/** Where the answer to one long-polling request goes: its HTTP response, or the node that forwarded it. */
abstract class PollReply {

  /** Answers, once; later calls do nothing. */
  abstract void answer(int status, String contentType, String body);

  /**
   * A request received here: the answer is its HTTP response, written on the request's own event
   * loop (the server runs in strict thread mode; the session may live on another loop).
   */
  static PollReply of(HttpServerResponse response) {
    Context context = Vertx.currentContext();
    Thread thread = Thread.currentThread();
    return new PollReply() {
      @Override
      void answer(int status, String contentType, String body) {
        if (context == null || Thread.currentThread() == thread) {
          write(response, status, contentType, body);
        } else {
          context.runOnContext(v -> write(response, status, contentType, body));
        }
      }
    };
  }

  private static void write(HttpServerResponse response, int status, String contentType, String body) {
    if (!response.ended() && !response.closed()) {
      response.setStatusCode(status).putHeader("Content-Type", contentType).end(body);
    }
  }

  /** A request another node forwarded: the answer goes back to it. */
  static PollReply of(Promise<PollAnswer> promise) {
    return new PollReply() {
      @Override
      void answer(int status, String contentType, String body) {
        promise.tryComplete(new PollAnswer(status, contentType, body));
      }
    };
  }
}
