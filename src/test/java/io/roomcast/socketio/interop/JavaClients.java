package io.roomcast.socketio.interop;

import okhttp3.OkHttpClient;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Opens official Java clients for one test class against one server, all on one OkHttp client, and
 * closes them: {@link #closeAll} after each test, {@link #shutdown} (OkHttp's threads) after the class.
 */
final class JavaClients {

  private final InteropServer server;
  private final OkHttpClient http = new OkHttpClient();
  private final List<JavaClient> opened = new CopyOnWriteArrayList<>();
  private int tags;

  JavaClients(InteropServer server) {
    this.server = server;
  }

  /** A socket to namespace {@code nsp} on a connection of its own; not connected yet. */
  JavaClient open(String nsp, ClientTransport transport) {
    return open(nsp, transport, null);
  }

  /** The same, with a CONNECT {@code auth} object. */
  JavaClient open(String nsp, ClientTransport transport, Map<String, String> auth) {
    return track(JavaClient.create(server, nsp, transport, "java-" + (tags++), auth, http));
  }

  /** Another namespace over {@code client}'s connection; not connected yet. */
  JavaClient namespace(JavaClient client, String nsp, Map<String, String> auth) {
    return track(client.namespace(nsp, auth));
  }

  private JavaClient track(JavaClient client) {
    opened.add(client);
    return client;
  }

  /** Disconnects every socket opened so far. */
  void closeAll() {
    for (JavaClient client : opened) {
      client.close();
    }
    opened.clear();
  }

  void shutdown() {
    closeAll();
    http.dispatcher().executorService().shutdown();
    http.connectionPool().evictAll();
  }
}
