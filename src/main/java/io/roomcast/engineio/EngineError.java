package io.roomcast.engineio;

import io.vertx.core.json.JsonObject;

/** The errors an Engine.IO server answers a request with, as the reference server words them. */
public enum EngineError {
  TRANSPORT_UNKNOWN(0, "Transport unknown", 400),
  UNKNOWN_SID(1, "Session ID unknown", 400),
  BAD_HANDSHAKE_METHOD(2, "Bad handshake method", 400),
  BAD_REQUEST(3, "Bad request", 400),
  FORBIDDEN(4, "Forbidden", 403),
  UNSUPPORTED_PROTOCOL_VERSION(5, "Unsupported protocol version", 400);

  private final int code;
  private final String message;
  private final int status;
  private final String body;

  EngineError(int code, String message, int status) {
    this.code = code;
    this.message = message;
    this.status = status;
    this.body = new JsonObject().put("code", code).put("message", message).encode();
  }

  public int code() {
    return code;
  }

  public String message() {
    return message;
  }

  /** The HTTP status: 403 for {@link #FORBIDDEN}, 400 otherwise. */
  public int status() {
    return status;
  }

  /** {@code {"code":N,"message":"..."}} */
  public String body() {
    return body;
  }
}
