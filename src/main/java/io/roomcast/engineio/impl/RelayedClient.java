package io.roomcast.engineio.impl;

import io.roomcast.engineio.FrameChannel;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * On the node that relays a WebSocket: the client's socket, as the owner's session writes to it.
 * The owner may answer before the socket is accepted (a probe it refuses is closed at once), so
 * what comes before {@link #attach} waits for it. Writes run on the socket's own event loop.
 */
final class RelayedClient implements FrameChannel {

  private final Context context;
  private final Thread owner;
  private ServerWebSocket socket;
  private Queue<Consumer<ServerWebSocket>> waiting = new ArrayDeque<>();

  /** Made on the thread of the request that asked for the WebSocket. */
  RelayedClient(Context context) {
    this.context = context;
    this.owner = Thread.currentThread();
  }

  /** The client's WebSocket, accepted: what waited for it goes out now. */
  void attach(ServerWebSocket accepted) {
    run(() -> {
      socket = accepted;
      Queue<Consumer<ServerWebSocket>> before = waiting;
      waiting = null;
      before.forEach(write -> write.accept(accepted));
    });
  }

  /**
   * The client's frames on their way to the owner's session. A message over maxPayload (1009) or
   * a failure of the socket also closes it here at once, as a local session would: the owner's
   * own close could not come back, the link being over.
   */
  FrameChannel toOwner(FrameChannel owner) {
    return new FrameChannel() {
      @Override
      public void text(String frame) {
        owner.text(frame);
      }

      @Override
      public void binary(Buffer frame) {
        owner.binary(frame);
      }

      @Override
      public void close(short code, String reason) {
        if (code == MESSAGE_TOO_BIG) {
          RelayedClient.this.close(code, "message too big");
        } else if (code == ABNORMAL_CLOSURE) {
          RelayedClient.this.close(NORMAL_CLOSURE, null);
        }
        owner.close(code, reason);
      }
    };
  }

  @Override
  public void text(String frame) {
    write(ws -> ws.writeTextMessage(frame));
  }

  @Override
  public void binary(Buffer frame) {
    write(ws -> ws.writeBinaryMessage(frame));
  }

  @Override
  public void close(short code, String reason) {
    write(ws -> ws.close(code, reason));
  }

  private void write(Consumer<ServerWebSocket> write) {
    run(() -> {
      if (socket != null) {
        write.accept(socket);
      } else {
        waiting.add(write);
      }
    });
  }

  private void run(Runnable task) {
    if (Thread.currentThread() == owner) {
      task.run();
    } else {
      context.runOnContext(v -> task.run());
    }
  }
}
