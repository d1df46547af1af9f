package io.roomcast.engineio.impl;

import io.roomcast.engineio.EngineError;
import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EnginePacket;
import io.roomcast.engineio.EngineParser;

import java.util.List;

/** HTTP long-polling: packets wait for the client's next GET, which takes them all at once. */
final class PollingTransport extends Transport {

  static final String CONTENT_TYPE = "text/plain; charset=UTF-8";

  private PollReply pendingGet;

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
  void hold(PollReply response) {
    pendingGet = response;
  }

  /** Forgets a GET whose connection went away. True if it was the one held. */
  boolean abandon(PollReply response) {
    if (pendingGet == response) {
      pendingGet = null;
      return true;
    }
    return false;
  }

  @Override
  void write(List<EnginePacket> packets) {
    PollReply response = pendingGet;
    pendingGet = null;
    response.answer(200, CONTENT_TYPE, EngineParser.encodePayload(packets));
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
      PollReply response = pendingGet;
      pendingGet = null;
      Responses.error(response, error);
    }
  }

  @Override
  void close() {
    release(EnginePacket.CLOSE);
  }
}
