package io.roomcast.engineio;

import io.vertx.core.buffer.Buffer;

/**
 * A long-polling request that reached a node which does not own its session, carried to the
 * owner: the request's id (to abort it), the session id, {@code GET} or {@code POST}, its
 * {@code EIO} and {@code transport} parameters, and for a POST its content type and body.
 */
public record ForwardedPoll(String requestId, String sid, String method, String eio, String transport,
                            String contentType, Buffer body) {
}
