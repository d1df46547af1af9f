package io.roomcast.engineio;

/** The HTTP answer to one long-polling request: status, content type, body. */
public record PollAnswer(int status, String contentType, String body) {

  public static PollAnswer of(EngineError error) {
    return new PollAnswer(error.status(), "application/json", error.body());
  }
}
