package io.roomcast.engineio;

import io.roomcast.testing.RawWebSocket;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * Speaks Engine.IO v4 to one endpoint as raw HTTP requests and WebSocket frames, with the Vert.x
 * clients and no Engine.IO client in between: the test writes every packet itself. Call it from
 * one context; its futures complete there.
 *
 * <pre>{@code
 * client.handshake().compose(open -> client.post(open.sid(), "4hello").compose(ok -> client.poll(open.sid())));
 * }</pre>
 */
final class RawEngineClient {

  static final String POLLING = "EIO=4&transport=polling";
  static final String WEBSOCKET = "EIO=4&transport=websocket";

  /** An HTTP answer: status, headers and the body as text. */
  record Reply(int status, MultiMap headers, String body) {

    String contentType() {
      return headers.get("Content-Type");
    }

    JsonObject json() {
      return new JsonObject(body);
    }

    /** The packets of a long-polling payload, split on the record separator. */
    List<String> packets() {
      return Arrays.asList(body.split(String.valueOf(EngineParser.SEPARATOR), -1));
    }
  }

  /** A session opened over polling: its id and the open packet's JSON. */
  record Handshake(String sid, JsonObject open) {
  }

  private final int port;
  private final String path;
  private final HttpClientAgent http;
  private final WebSocketClient webSockets;

  RawEngineClient(Vertx vertx, int port, String path) {
    this.port = port;
    this.path = path;
    // A held GET keeps its connection busy; let the other requests of a test open more.
    this.http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port),
      new PoolOptions().setHttp1MaxSize(32));
    this.webSockets = vertx.createWebSocketClient();
  }

  RawEngineClient(Vertx vertx, EchoEngineServer server) {
    this(vertx, server.port(), server.path());
  }

  String uri(String query) {
    return path + "?" + query;
  }

  /** The query of a long-polling request for session {@code sid}. */
  static String pollingQuery(String sid) {
    return POLLING + "&sid=" + sid;
  }

  /** Sends a request and reads the whole answer. {@code body} may be null. */
  Future<Reply> request(HttpMethod method, String query, MultiMap headers, String body) {
    return send(method, query, headers, body)
      .compose(HttpClientRequest::response)
      .compose(RawEngineClient::read);
  }

  private static Future<Reply> read(HttpClientResponse response) {
    return response.body().map(data -> new Reply(response.statusCode(), response.headers(), data.toString()));
  }

  Future<Reply> get(String query) {
    return request(HttpMethod.GET, query, MultiMap.caseInsensitiveMultiMap(), null);
  }

  Future<Reply> get(String query, MultiMap headers) {
    return request(HttpMethod.GET, query, headers, null);
  }

  /** A long-polling GET for session {@code sid}. */
  Future<Reply> poll(String sid) {
    return get(pollingQuery(sid));
  }

  /** A long-polling POST of {@code payload} for session {@code sid}, as text like a browser sends it. */
  Future<Reply> post(String sid, String payload) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain;charset=UTF-8");
    return request(HttpMethod.POST, pollingQuery(sid), headers, payload);
  }

  /** A POST like {@link #post} but with {@code Transfer-Encoding: chunked} and no Content-Length. */
  Future<Reply> postChunked(String sid, String payload) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain;charset=UTF-8");
    return begin(HttpMethod.POST, pollingQuery(sid), headers)
      .compose(request -> {
        request.setChunked(true).end(Buffer.buffer(payload));
        return request.response();
      })
      .compose(RawEngineClient::read);
  }

  /** Sends a request and hands it back without waiting for the answer, e.g. to drop its connection. */
  Future<HttpClientRequest> send(HttpMethod method, String query, MultiMap headers, String body) {
    return begin(method, query, headers).map(request -> {
      if (body == null) {
        request.end();
      } else {
        request.end(Buffer.buffer(body));
      }
      return request;
    });
  }

  /** A request whose headers may be sent, but not ended: the test writes the body, or never ends it. */
  Future<HttpClientRequest> begin(HttpMethod method, String query, MultiMap headers) {
    RequestOptions options = new RequestOptions().setMethod(method).setPort(port).setHost("127.0.0.1")
      .setURI(uri(query)).setHeaders(headers);
    return http.request(options);
  }

  /** Opens a polling session and fails unless the server answers with an open packet. */
  Future<Handshake> handshake() {
    return get(POLLING).compose(reply -> {
      if (reply.status() != 200 || !reply.body().startsWith("0")) {
        return Future.failedFuture("handshake refused: " + reply);
      }
      JsonObject open = new JsonObject(reply.body().substring(1));
      return Future.succeededFuture(new Handshake(open.getString("sid"), open));
    });
  }

  /** Opens a WebSocket on {@code query}; the frames wait in the returned socket. */
  Future<RawWebSocket> webSocket(String query) {
    return webSocket(query, MultiMap.caseInsensitiveMultiMap());
  }

  Future<RawWebSocket> webSocket(String query, MultiMap headers) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI(uri(query)).setHeaders(headers)
      // Like a non-browser client, no Origin unless the test gives one (the Vert.x client would invent it).
      .setAllowOriginHeader(headers.contains("Origin"));
    return RawWebSocket.connect(webSockets.webSocket(), options);
  }

  /** A WebSocket that upgrades polling session {@code sid}. */
  Future<RawWebSocket> upgrade(String sid) {
    return webSocket(WEBSOCKET + "&sid=" + sid);
  }

  Future<Void> close() {
    return Future.all(http.close(), webSockets.close()).mapEmpty();
  }
}
