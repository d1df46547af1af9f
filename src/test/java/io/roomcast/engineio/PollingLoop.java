package io.roomcast.engineio;

import io.roomcast.engineio.RawEngineClient.Reply;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a polling session going as an Engine.IO client does: one GET at a time, a pong POST for
 * every ping, each message handed to the test. {@link #pause()} stops it the way a client pauses
 * polling before it sends the upgrade packet. Run it on one context.
 */
final class PollingLoop {

  private final RawEngineClient client;
  private final String sid;
  private final Handler<String> messages;
  private final Promise<Void> failed = Promise.promise();
  private final List<Future<Reply>> pongs = new ArrayList<>();
  private boolean pausing;
  private Promise<Void> paused;
  private int polls;

  private PollingLoop(RawEngineClient client, String sid, Handler<String> messages) {
    this.client = client;
    this.sid = sid;
    this.messages = messages;
  }

  /** Starts polling {@code sid}; {@code messages} gets the text of each message packet, in order. */
  static PollingLoop start(RawEngineClient client, String sid, Handler<String> messages) {
    PollingLoop loop = new PollingLoop(client, sid, messages);
    loop.poll();
    return loop;
  }

  /** Fails if a poll or pong is refused or the server sends close; never completes otherwise. */
  Future<Void> failure() {
    return failed.future();
  }

  /** How many GETs were answered so far. */
  int polls() {
    return polls;
  }

  /** Stops issuing GETs; completes once the GET in flight and every pong POST have been answered. */
  Future<Void> pause() {
    if (paused == null) {
      pausing = true;
      paused = Promise.promise();
    }
    return paused.future();
  }

  private void poll() {
    client.poll(sid).onComplete(result -> {
      if (result.failed()) {
        failed.tryFail(result.cause());
        return;
      }
      Reply reply = result.result();
      polls++;
      if (reply.status() != 200) {
        failed.tryFail("poll answered " + reply.status() + " " + reply.body());
        return;
      }
      for (String packet : reply.packets()) {
        onPacket(packet);
      }
      if (!pausing) {
        poll();
      } else {
        Future.all(pongs).onComplete(done -> paused.tryComplete());
      }
    });
  }

  private void onPacket(String packet) {
    switch (packet.charAt(0)) {
      case '2' -> pongs.add(client.post(sid, "3").onComplete(pong -> {
        if (pong.failed() || pong.result().status() != 200) {
          failed.tryFail("pong refused: " + (pong.failed() ? pong.cause() : pong.result()));
        }
      }));
      case '4' -> messages.handle(packet.substring(1));
      case '6' -> { }
      default -> failed.tryFail("unexpected packet over polling: " + packet);
    }
  }
}
