package io.roomcast.engineio.impl;

import io.roomcast.engineio.EngineError;
import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EnginePacket;
import io.roomcast.engineio.EngineParser;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/** HTTP long-polling: packets wait for the client's next GET, which takes them all at once. */
final class PollingTransport extends Transport {

  static final String CONTENT_TYPE = "text/plain; charset=UTF-8";

  private HttpServerResponse pendingGet;

  @Override
  String name() {
    return EngineOptions.POLLING;
  }

  @Override
  boolean writable() {
    return pendingGet != null;
  }

  boolean hasPendingGet() {
    return pendingGet != null;
  }

  /** Holds the GET until there is something to send. */
  void hold(HttpServerResponse response) {
    pendingGet = response;
  }

  /** Forgets a GET whose connection went away. True if it was the one held. */
  boolean abandon(HttpServerResponse response) {
    if (pendingGet == response) {
      pendingGet = null;
      return true;
    }
    return false;
  }

  @Override
  void write(List<EnginePacket> packets) {
    HttpServerResponse response = pendingGet;
    pendingGet = null;
    response.putHeader("Content-Type", CONTENT_TYPE).end(EngineParser.encodePayload(packets));
  }

  /** Ends a waiting GET with one packet (close or noop), if one waits. */
  void release(EnginePacket packet) {
    if (pendingGet != null) {
      write(List.of(packet));
    }
  }

  /** Answers a waiting GET with an error, if one waits. */
  void refuse(EngineError error) {
    if (pendingGet != null) {
      HttpServerResponse response = pendingGet;
      pendingGet = null;
      Responses.error(response, error);
    }
  }

  @Override
  void close() {
    release(EnginePacket.CLOSE);
  }
}
