package io.roomcast.server;

import io.socket.client.Ack;
import io.socket.client.IO;
import io.socket.client.Socket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import okhttp3.OkHttpClient;
import org.json.JSONArray;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One chat user on the official Java client ({@code io.socket:socket.io-client}), over WebSocket
 * only (one frame per event, in order) and without reconnection (a client whose node is gone stays
 * gone). The client's callbacks run on its own threads; the test thread waits with a timeout.
 */
final class JavaChatClient {

  final String label;
  final ChatEvents events;
  private final Socket socket;
  String nickname;

  private JavaChatClient(String label, Socket socket) {
    this.label = label;
    this.socket = socket;
    this.events = new ChatEvents(label);
    socket.onAnyIncoming(args -> events.add(new ChatEvents.Event(String.valueOf(args[0]), toVertx(args, 1))));
  }

  /** Connects {@code label} to the node on {@code port}; returns once connected and the first {@code room_change} arrived. */
  static JavaChatClient connect(String label, int port, OkHttpClient http) {
    IO.Options options = IO.Options.builder()
      .setForceNew(true)
      .setTransports(new String[] {"websocket"})
      .setReconnection(false)
      .build();
    options.callFactory = http;
    options.webSocketFactory = http;
    JavaChatClient client = new JavaChatClient(label, IO.socket(URI.create("http://127.0.0.1:" + port), options));
    CompletableFuture<Void> connected = new CompletableFuture<>();
    client.socket.once(Socket.EVENT_CONNECT, args -> connected.complete(null));
    client.socket.once(Socket.EVENT_CONNECT_ERROR, args -> connected.completeExceptionally(
      new AssertionError(label + ": connect_error " + toVertx(args, 0).encode())));
    client.socket.connect();
    await(connected, label + " to connect to port " + port);
    client.events.await("room_change right after connecting", 0, e -> e.name().equals("room_change"));
    return client;
  }

  /** The socket's id, as the server knows it. */
  String id() {
    return socket.id();
  }

  /** Emits with an ack callback; returns the ack's single argument. */
  JsonObject request(String event, Object... args) {
    return send(event, args).get();
  }

  /** Emits with an ack callback without waiting; {@code get()} on the result waits for the ack's single argument. */
  Reply send(String event, Object... args) {
    CompletableFuture<Object[]> ack = new CompletableFuture<>();
    socket.emit(event, args, (Ack) ack::complete);
    return () -> {
      JsonArray reply = toVertx(await(ack, label + ": the ack for " + event), 0);
      if (reply.size() != 1) {
        throw new AssertionError(label + ": the ack for " + event + " has " + reply.size() + " arguments: " + reply.encode());
      }
      return reply.getJsonObject(0);
    };
  }

  /** An ack on its way. */
  interface Reply {
    JsonObject get();
  }

  /** Sets the nickname; fails unless acknowledged. */
  JavaChatClient nickname(String name) {
    JsonObject reply = request("nickname", name);
    if (!reply.equals(new JsonObject().put("ok", true).put("nickname", name))) {
      throw new AssertionError(label + ": nickname refused: " + reply.encode());
    }
    nickname = name;
    return this;
  }

  /** Leaves by disconnecting (the server sees "client namespace disconnect"). */
  void close() {
    socket.close();
  }

  private static <T> T await(CompletableFuture<T> future, String what) {
    try {
      return future.get(ChatEvents.STEP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("timed out after " + ChatEvents.STEP + " waiting for " + what);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof AssertionError error ? error : new AssertionError(what, e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The client's org.json values (from {@code from} on) as a Vert.x array; the chat sends no binary. */
  private static JsonArray toVertx(Object[] args, int from) {
    JSONArray array = new JSONArray();
    for (int i = from; i < args.length; i++) {
      array.put(args[i]);
    }
    try {
      return new JsonArray(array.toString());
    } catch (RuntimeException e) {
      throw new IllegalStateException("not JSON: " + array, e);
    }
  }
}
