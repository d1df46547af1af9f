package io.roomcast.server;

import io.roomcast.engineio.EngineServer;
import io.roomcast.engineio.ForwardedPoll;
import io.roomcast.engineio.PollAnswer;
import io.roomcast.engineio.PollForwarder;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * No sticky sessions: every session id starts with its node's route (6 characters), and a poll
 * that lands on another node is carried over the event bus to {@code roomcast.engine.polls.<route>}
 * on the owner, which answers it. A load balancer may send each request anywhere.
 */
final class PollForwarding implements PollForwarder {

  /** Prefix of each node's forwarding address. Sender: a gateway with a poll for another node's session. Consumers: the owner node's gateways. */
  static final String ADDRESS_PREFIX = "roomcast.engine.polls.";
  static final int ROUTE_LENGTH = 6;
  private static final String LOCAL_MAP = "roomcast.node";
  private static final String ROUTE_KEY = "route";

  private final Vertx vertx;
  private final String route;
  private final DeliveryOptions delivery;

  PollForwarding(Vertx vertx, long timeoutMs) {
    this.vertx = vertx;
    this.route = route(vertx);
    this.delivery = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  /** This process's route: made once, shared by its gateways. */
  static String route(Vertx vertx) {
    byte[] bytes = new byte[ROUTE_LENGTH * 3 / 4];
    new SecureRandom().nextBytes(bytes);
    String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    String existing = vertx.sharedData().<String, String>getLocalMap(LOCAL_MAP).putIfAbsent(ROUTE_KEY, fresh);
    return existing != null ? existing : fresh;
  }

  String route() {
    return route;
  }

  /** Answers polls other nodes forward for this node's sessions. */
  MessageConsumer<JsonObject> serve(EngineServer engine) {
    return vertx.eventBus().consumer(ADDRESS_PREFIX + route, message -> {
      ForwardedPoll poll = fromJson(message.body());
      if (message.body().getBoolean("abort", false)) {
        engine.abortForwarded(poll);
        return;
      }
      engine.handleForwarded(poll).onSuccess(answer -> message.reply(new JsonObject()
        .put("status", answer.status()).put("contentType", answer.contentType()).put("body", answer.body())));
    });
  }

  @Override
  public boolean isElsewhere(String sid) {
    return sid.length() > ROUTE_LENGTH && !sid.startsWith(route);
  }

  @Override
  public Future<PollAnswer> forward(ForwardedPoll poll) {
    return vertx.eventBus().<JsonObject>request(address(poll), toJson(poll), delivery).map(reply -> {
      JsonObject answer = reply.body();
      return new PollAnswer(answer.getInteger("status"), answer.getString("contentType"), answer.getString("body"));
    });
  }

  @Override
  public void abort(ForwardedPoll poll) {
    vertx.eventBus().send(address(poll), toJson(poll).put("abort", true));
  }

  private static String address(ForwardedPoll poll) {
    return ADDRESS_PREFIX + poll.sid().substring(0, ROUTE_LENGTH);
  }

  private static JsonObject toJson(ForwardedPoll poll) {
    return new JsonObject().put("requestId", poll.requestId()).put("sid", poll.sid()).put("method", poll.method())
      .put("eio", poll.eio()).put("transport", poll.transport()).put("contentType", poll.contentType())
      .put("body", poll.body());
  }

  private static ForwardedPoll fromJson(JsonObject json) {
    return new ForwardedPoll(json.getString("requestId"), json.getString("sid"), json.getString("method"),
      json.getString("eio"), json.getString("transport"), json.getString("contentType"), json.getBuffer("body"));
  }
}
