package io.roomcast.engineio;

import io.vertx.core.http.HttpServerRequest;

/**
 * Decides whether a handshake (a request without {@code sid}) may open a session. A refused
 * request gets HTTP 403 with {@code {"code":4,"message":"Forbidden"}}.
 *
 * <pre>{@code
 * options.setAllowRequest(request -> request.getHeader("x-api-key") != null);
 * }</pre>
 */
@FunctionalInterface
public interface AllowRequest {

  boolean allow(HttpServerRequest request);
}
