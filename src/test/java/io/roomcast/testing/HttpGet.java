package io.roomcast.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/** Plain HTTP GETs against a server under test, with the Vert.x HTTP client. */
public final class HttpGet {

  /** A response's status and body. */
  public record Response(int status, String contentType, String body) {
    public JsonObject json() {
      return new JsonObject(body);
    }
  }

  private HttpGet() {
  }

  public static Future<Response> get(Vertx vertx, int port, String uri) {
    HttpClient client = vertx.createHttpClient();
    return client.request(HttpMethod.GET, port, "127.0.0.1", uri)
      .compose(request -> request.send())
      .compose(response -> response.body()
        .map(body -> new Response(response.statusCode(), response.getHeader("content-type"), body.toString())))
      .eventually(client::close);
  }
}
