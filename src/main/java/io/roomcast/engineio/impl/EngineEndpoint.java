package io.roomcast.engineio.impl;

import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.roomcast.engineio.EngineError;
import io.roomcast.engineio.EngineOptions;
import io.roomcast.engineio.EngineServer;
import io.roomcast.engineio.EngineSocket;
import io.roomcast.engineio.ForwardedPoll;
import io.roomcast.engineio.FrameChannel;
import io.roomcast.engineio.PollAnswer;
import io.roomcast.engineio.PollForwarder;
import io.roomcast.engineio.RelayedWebSocket;
import io.roomcast.engineio.WebSocketRelay;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.ServerWebSocket;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Checks each request the way the reference server does, then either opens a session or hands
 * the request to the session that owns it, on that session's thread; a request for another
 * node's session is forwarded there (polls) or relayed (WebSockets).
 */
public final class EngineEndpoint implements EngineServer {

  private final Vertx vertx;
  private final EngineOptions options;
  private final SessionTable table;
  private final Cors cors;
  /** Sessions accepted here; touched only on this endpoint's event loop, where they live. */
  private final Set<EngineSocketImpl> accepted = new HashSet<>();
  private Handler<EngineSocket> connectionHandler = socket -> { };
  /** Set while suspended: every request gets 503. Read by the request handler, on this endpoint's event loop. */
  private volatile boolean suspended;

  public EngineEndpoint(Vertx vertx, EngineOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.table = SessionTable.shared(vertx, options.getPath(), options.getSessionIdPrefix());
    this.cors = new Cors(options);
  }

  @Override
  public EngineServer connectionHandler(Handler<EngineSocket> handler) {
    this.connectionHandler = handler;
    return this;
  }

  @Override
  public int clientsCount() {
    return table.size();
  }

  @Override
  public int webSocketClientsCount() {
    return table.webSockets();
  }

  @Override
  public Future<Void> close() {
    for (EngineSocketImpl session : List.copyOf(accepted)) {
      session.execute(session::close);
    }
    return Future.succeededFuture();
  }

  @Override
  public void suspend() {
    suspended = true;
    for (EngineSocketImpl session : List.copyOf(accepted)) {
      session.execute(() -> session.terminate("forced close"));
    }
  }

  @Override
  public void resume() {
    suspended = false;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (request.method() == HttpMethod.OPTIONS) {
      cors.preflight(request);
      return;
    }
    HttpServerResponse response = request.response();
    cors.apply(request, response);
    if (suspended) {
      Responses.unavailable(response);
      return;
    }
    String transport = request.getParam("transport");
    if (transport == null || !options.getTransports().contains(transport)) {
      Responses.error(response, EngineError.TRANSPORT_UNKNOWN);
      return;
    }
    boolean upgrade = isWebSocketUpgrade(request);
    String sid = request.getParam("sid");
    if (sid != null) {
      if (!"4".equals(request.getParam("EIO"))) {
        Responses.error(response, EngineError.BAD_REQUEST);
      } else {
        continueSession(request, sid, transport, upgrade);
      }
      return;
    }
    if (request.method() != HttpMethod.GET) {
      Responses.error(response, EngineError.BAD_HANDSHAKE_METHOD);
    } else if (EngineOptions.WEBSOCKET.equals(transport) != upgrade) {
      Responses.error(response, EngineError.BAD_REQUEST);
    } else if (!"4".equals(request.getParam("EIO"))) {
      Responses.error(response, EngineError.UNSUPPORTED_PROTOCOL_VERSION);
    } else if (!cors.allows(request) || (options.getAllowRequest() != null && !options.getAllowRequest().allow(request))) {
      Responses.error(response, EngineError.FORBIDDEN);
    } else if (upgrade) {
      request.toWebSocket().onSuccess(socket -> open(request, new WebSocketTransport(socket, wantsBase64(request)), socket));
    } else {
      EngineSocketImpl session = open(request, new PollingTransport(), null);
      session.onPollGet(PollReply.of(response));
    }
  }

  private EngineSocketImpl open(HttpServerRequest request, Transport transport, ServerWebSocket socket) {
    Context context = vertx.getOrCreateContext();
    // The request's own header and query maps, not copies: nothing changes them once it is read,
    // and a WebSocket keeps its request anyway (a copy would be a second kilobyte per connection).
    EngineSocketImpl session = new EngineSocketImpl(table.newId(), vertx, context, options, table,
      request.headers(), request.params(), String.valueOf(request.remoteAddress()));
    table.add(session);
    accepted.add(session);
    session.onRemoved(() -> accepted.remove(session));
    if (socket != null) {
      wire(socket, new SessionFrames(session, (WebSocketTransport) transport));
    }
    session.open(transport);
    connectionHandler.handle(session);
    return session;
  }

  private void continueSession(HttpServerRequest request, String sid, String transport, boolean upgrade) {
    HttpServerResponse response = request.response();
    EngineSocketImpl session = table.get(sid);
    if (session == null) {
      PollForwarder forwarder = options.getForwarder();
      WebSocketRelay relay = options.getWebSocketRelay();
      if (forwarder == null || !forwarder.isElsewhere(sid)) {
        Responses.error(response, EngineError.UNKNOWN_SID);
      } else if (!upgrade) {
        forward(request, forwarder, sid, transport);
      } else if (!EngineOptions.WEBSOCKET.equals(transport)) {
        Responses.error(response, EngineError.BAD_REQUEST);
      } else if (relay != null) {
        relay(request, relay, sid);
      } else {
        // Without a relay the client keeps polling.
        Responses.error(response, EngineError.UNKNOWN_SID);
      }
      return;
    }
    if (upgrade) {
      if (!EngineOptions.WEBSOCKET.equals(transport)) {
        Responses.error(response, EngineError.BAD_REQUEST);
        return;
      }
      // Like the reference server, a WebSocket for a session that already upgraded is accepted
      // and closed at once (clients expect a close, not a failed handshake).
      request.toWebSocket().onSuccess(socket -> {
        WebSocketTransport probe = new WebSocketTransport(socket, wantsBase64(request));
        wire(socket, new SessionFrames(session, probe));
        session.execute(() -> session.onProbeOpened(probe));
      });
      return;
    }
    if (!EngineOptions.POLLING.equals(transport)) {
      Responses.error(response, EngineError.BAD_REQUEST);
    } else if (request.method() == HttpMethod.GET) {
      PollReply reply = PollReply.of(response);
      response.closeHandler(v -> session.execute(() -> session.onPollAborted(reply)));
      session.execute(() -> session.onPollGet(reply));
    } else if (request.method() == HttpMethod.POST) {
      receivePost(request, session);
    } else {
      Responses.error(response, EngineError.BAD_REQUEST);
    }
  }

  /** Reads a POST body, at most maxPayload bytes, then gives it to the session. */
  private void receivePost(HttpServerRequest request, EngineSocketImpl session) {
    HttpServerResponse response = request.response();
    if (!session.beginPost()) {
      Responses.error(response, EngineError.BAD_REQUEST);
      session.execute(session::onTransportError);
      return;
    }
    if (isBinaryBody(request.getHeader(HttpHeaders.CONTENT_TYPE))) {
      Responses.error(response, EngineError.BAD_REQUEST);
      session.execute(session::onTransportError);
      return;
    }
    PollReply reply = PollReply.of(response);
    readBody(request,
      body -> session.execute(() -> session.onPollPost(body, reply)),
      () -> session.execute(session::onPostRefused),
      () -> session.execute(session::onTransportError));
  }

  /** v4 polling carries binary as base64 text; a binary body is a v3 client or garbage. */
  private static boolean isBinaryBody(String contentType) {
    return "application/octet-stream".equalsIgnoreCase(contentType);
  }

  /**
   * Reads a request body of at most maxPayload bytes into {@code onBody}; a larger one gets 413,
   * its connection is dropped rather than drained, and {@code onTooLarge} runs.
   */
  private void readBody(HttpServerRequest request, Handler<Buffer> onBody, Runnable onTooLarge, Runnable onError) {
    int max = options.getMaxPayload();
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && parseLength(length) > max) {
      tooLarge(request, onTooLarge);
      return;
    }
    Buffer body = Buffer.buffer();
    boolean[] refused = {false};
    request.handler(chunk -> {
      if (refused[0]) {
        return;
      }
      if (body.length() + chunk.length() > max) {
        refused[0] = true;
        tooLarge(request, onTooLarge);
        return;
      }
      body.appendBuffer(chunk);
    });
    request.endHandler(v -> {
      if (!refused[0]) {
        onBody.handle(body);
      }
    });
    request.exceptionHandler(e -> onError.run());
  }

  // ---- polls for sessions of other nodes ------------------------------------------------------

  /** Carries a poll for another node's session there, and its answer back to the client. */
  private void forward(HttpServerRequest request, PollForwarder forwarder, String sid, String transport) {
    HttpServerResponse response = request.response();
    String requestId = UUID.randomUUID().toString();
    String eio = request.getParam("EIO");
    if (request.method() == HttpMethod.GET) {
      ForwardedPoll poll = new ForwardedPoll(requestId, sid, "GET", eio, transport, null, null);
      response.closeHandler(v -> forwarder.abort(poll));
      relay(forwarder, poll, response);
    } else if (request.method() == HttpMethod.POST) {
      String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
      readBody(request,
        body -> relay(forwarder, new ForwardedPoll(requestId, sid, "POST", eio, transport, contentType, body), response),
        () -> { }, () -> { });
    } else {
      Responses.error(response, EngineError.BAD_REQUEST);
    }
  }

  private static void relay(PollForwarder forwarder, ForwardedPoll poll, HttpServerResponse response) {
    forwarder.forward(poll).onComplete(answer -> Responses.send(response,
      answer.succeeded() ? answer.result() : PollAnswer.of(EngineError.UNKNOWN_SID)));
  }

  @Override
  public Future<PollAnswer> handleForwarded(ForwardedPoll poll) {
    EngineSocketImpl session = table.get(poll.sid());
    if (session == null) {
      return Future.succeededFuture(PollAnswer.of(EngineError.UNKNOWN_SID));
    }
    if (!EngineOptions.POLLING.equals(poll.transport()) || !"4".equals(poll.eio())) {
      return Future.succeededFuture(PollAnswer.of(EngineError.BAD_REQUEST));
    }
    Promise<PollAnswer> answer = Promise.promise();
    PollReply reply = PollReply.of(answer);
    if ("GET".equals(poll.method())) {
      table.holdForwarded(poll.requestId(), reply);
      session.execute(() -> session.onPollGet(reply));
      return answer.future().onComplete(done -> table.releaseForwarded(poll.requestId()));
    }
    if (!session.beginPost()) {
      session.execute(session::onTransportError);
      return Future.succeededFuture(PollAnswer.of(EngineError.BAD_REQUEST));
    }
    if (isBinaryBody(poll.contentType())) {
      session.execute(session::onTransportError);
      return Future.succeededFuture(PollAnswer.of(EngineError.BAD_REQUEST));
    }
    session.execute(() -> session.onPollPost(poll.body(), reply));
    return answer.future();
  }

  @Override
  public void abortForwarded(ForwardedPoll poll) {
    PollReply reply = table.releaseForwarded(poll.requestId());
    EngineSocketImpl session = table.get(poll.sid());
    if (reply != null && session != null) {
      session.execute(() -> session.onPollAborted(reply));
    }
  }

  // ---- WebSockets for sessions of other nodes ---------------------------------------------------

  /**
   * Asks the owner to take the WebSocket, and only then accepts it: a session the owner does not
   * know is refused as a local one would be. The request waits, paused, for the answer.
   */
  private void relay(HttpServerRequest request, WebSocketRelay relay, String sid) {
    request.pause();
    RelayedClient toClient = new RelayedClient(vertx.getOrCreateContext());
    relay.open(new RelayedWebSocket(sid, wantsBase64(request)), toClient).onComplete(opened -> {
      if (opened.failed()) {
        request.resume();
        Responses.error(request.response(), EngineError.UNKNOWN_SID);
        return;
      }
      FrameChannel toOwner = opened.result();
      request.toWebSocket().onComplete(accepted -> {
        if (accepted.failed()) {
          toOwner.close(FrameChannel.ABNORMAL_CLOSURE, "transport error");
          return;
        }
        toClient.attach(accepted.result());
        wire(accepted.result(), toClient.toOwner(toOwner));
      });
    });
  }

  @Override
  public FrameChannel acceptRelayed(RelayedWebSocket socket, FrameChannel toClient) {
    EngineSocketImpl session = table.get(socket.sid());
    if (session == null) {
      return null;
    }
    RelayedTransport probe = new RelayedTransport(toClient, socket.base64());
    session.execute(() -> session.onProbeOpened(probe));
    return new SessionFrames(session, probe);
  }

  private static long parseLength(String value) {
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void tooLarge(HttpServerRequest request, Runnable onTooLarge) {
    Responses.payloadTooLarge(request.response());
    request.connection().close();
    onTooLarge.run();
  }

  /**
   * Passes a client WebSocket's messages on, in order: to its session here, or to the owner's
   * session through the relay. A message over maxPayload ends it with 1009, as in the reference.
   */
  private void wire(ServerWebSocket socket, FrameChannel frames) {
    int max = options.getMaxPayload();
    socket.textMessageHandler(text -> {
      if (utf8Length(text, max) > max) {
        frames.close(FrameChannel.MESSAGE_TOO_BIG, "transport error");
      } else {
        frames.text(text);
      }
    });
    socket.binaryMessageHandler(data -> {
      if (data.length() > max) {
        frames.close(FrameChannel.MESSAGE_TOO_BIG, "transport error");
      } else {
        frames.binary(data);
      }
    });
    // A frame over the HTTP server's limit (set to maxPayload by the gateway) is refused by Netty before the handlers above.
    socket.exceptionHandler(e -> frames.close(isFrameTooBig(e) ? FrameChannel.MESSAGE_TOO_BIG : FrameChannel.ABNORMAL_CLOSURE,
      "transport error"));
    socket.closeHandler(v -> frames.close(FrameChannel.NORMAL_CLOSURE, "transport close"));
  }

  private static boolean isFrameTooBig(Throwable failure) {
    return failure instanceof CorruptedWebSocketFrameException corrupted
      && corrupted.closeStatus().code() == FrameChannel.MESSAGE_TOO_BIG;
  }

  /** The UTF-8 size of {@code text}, computed only when it could exceed {@code max}. */
  private static long utf8Length(String text, int max) {
    if ((long) text.length() * 3 <= max) {
      return text.length();
    }
    long bytes = 0;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  private static boolean wantsBase64(HttpServerRequest request) {
    String b64 = request.getParam("b64");
    return b64 != null && !b64.isEmpty() && !"0".equals(b64) && !"false".equals(b64);
  }

  private static boolean isWebSocketUpgrade(HttpServerRequest request) {
    String upgrade = request.getHeader(HttpHeaders.UPGRADE);
    return upgrade != null && upgrade.equalsIgnoreCase("websocket");
  }
}
