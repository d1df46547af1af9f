package io.roomcast.testing;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketFrame;

import java.util.ArrayDeque;
import java.util.Queue;

/**
 * A client WebSocket whose incoming messages wait in a queue until the test takes them, so no
 * frame is missed between two steps. Messages are whole (fragments joined), text or binary.
 */
public final class RawWebSocket {

  /** One incoming message: {@code text} for a text frame, {@code binary} for a binary one. */
  public record Frame(String text, Buffer binary) {

    public boolean isText() {
      return text != null;
    }

    @Override
    public String toString() {
      return isText() ? "text " + text : "binary " + binary.length() + " bytes";
    }
  }

  private final ClientWebSocket socket;
  private final Queue<Frame> frames = new ArrayDeque<>();
  private final Queue<Promise<Frame>> readers = new ArrayDeque<>();
  private final Promise<Short> closed = Promise.promise();

  private RawWebSocket(ClientWebSocket socket) {
    this.socket = socket;
  }

  public static Future<RawWebSocket> connect(ClientWebSocket socket, WebSocketConnectOptions options) {
    RawWebSocket raw = new RawWebSocket(socket);
    socket.textMessageHandler(text -> raw.arrived(new Frame(text, null)));
    socket.binaryMessageHandler(data -> raw.arrived(new Frame(null, data)));
    socket.closeHandler(v -> raw.onClose());
    // Errors end in a failed connect or a close, which the test sees through connect() and closed().
    socket.exceptionHandler(e -> { });
    return socket.connect(options).map(ws -> raw);
  }

  /** The next message, at once if one is waiting; fails if the socket closes first. */
  public synchronized Future<Frame> next() {
    Frame frame = frames.poll();
    if (frame != null) {
      return Future.succeededFuture(frame);
    }
    if (closed.future().isComplete()) {
      return Future.failedFuture("WebSocket closed (" + closed.future().result() + ") with no message waiting");
    }
    Promise<Frame> reader = Promise.promise();
    readers.add(reader);
    return reader.future();
  }

  /** The next message, which must be a text frame. */
  public Future<String> nextText() {
    return next().compose(frame -> frame.isText()
      ? Future.succeededFuture(frame.text())
      : Future.failedFuture("expected a text frame, got " + frame));
  }

  /** The next message, which must be a binary frame. */
  public Future<Buffer> nextBinary() {
    return next().compose(frame -> !frame.isText()
      ? Future.succeededFuture(frame.binary())
      : Future.failedFuture("expected a binary frame, got " + frame));
  }

  /** Completes with the close status code (null when the peer sent none) once the socket is closed. */
  public Future<Short> closed() {
    return closed.future();
  }

  public RawWebSocket send(String text) {
    socket.writeTextMessage(text);
    return this;
  }

  public RawWebSocket send(Buffer binary) {
    socket.writeBinaryMessage(binary);
    return this;
  }

  /** Sends one frame as it is, e.g. a fragment of a message. */
  public RawWebSocket sendFrame(WebSocketFrame frame) {
    socket.writeFrame(frame);
    return this;
  }

  public Future<Void> close() {
    return socket.close();
  }

  private void arrived(Frame frame) {
    Promise<Frame> reader;
    synchronized (this) {
      reader = readers.poll();
      if (reader == null) {
        frames.add(frame);
        return;
      }
    }
    reader.complete(frame);
  }

  private void onClose() {
    Queue<Promise<Frame>> waiting;
    synchronized (this) {
      closed.tryComplete(socket.closeStatusCode());
      waiting = new ArrayDeque<>(readers);
      readers.clear();
    }
    waiting.forEach(reader -> reader.tryFail("WebSocket closed (" + socket.closeStatusCode() + ") before a message arrived"));
  }
}
