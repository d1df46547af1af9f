package io.roomcast.engineio.impl;

import io.roomcast.engineio.EngineError;
import io.roomcast.engineio.EngineOptions;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.List;

/**
 * The origin policy of an endpoint: which browser origins may open sessions, and the CORS headers
 * that let them read polling responses.
 */
final class Cors {

  private final List<String> origins;
  private final boolean credentials;

  Cors(EngineOptions options) {
    this.origins = options.getCorsOrigins();
    this.credentials = options.isCorsCredentials();
  }

  /** No Origin (not a browser), a listed origin, {@code *}, or the page's own origin. */
  boolean allows(HttpServerRequest request) {
    String origin = request.getHeader("Origin");
    return origin == null || origins.contains("*") || origins.contains(origin) || sameOrigin(request, origin);
  }

  private static boolean sameOrigin(HttpServerRequest request, String origin) {
    String host = request.getHeader("Host");
    if (host == null) {
      return false;
    }
    int schemeEnd = origin.indexOf("://");
    return schemeEnd > 0 && origin.substring(schemeEnd + 3).equalsIgnoreCase(host);
  }

  /** Adds the response headers for an allowed cross-origin request. */
  void apply(HttpServerRequest request, HttpServerResponse response) {
    String origin = request.getHeader("Origin");
    if (origin == null || !allows(request)) {
      return;
    }
    response.putHeader("Access-Control-Allow-Origin", origin);
    response.putHeader("Vary", "Origin");
    if (credentials) {
      response.putHeader("Access-Control-Allow-Credentials", "true");
    }
  }

  /** Answers a preflight (OPTIONS) request. */
  void preflight(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    if (!allows(request)) {
      response.setStatusCode(EngineError.FORBIDDEN.status()).putHeader("Content-Type", "application/json")
        .end(EngineError.FORBIDDEN.body());
      return;
    }
    apply(request, response);
    response.putHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
    String requested = request.getHeader("Access-Control-Request-Headers");
    if (requested != null) {
      response.putHeader("Access-Control-Allow-Headers", requested);
    }
    response.setStatusCode(204).end();
  }
}
