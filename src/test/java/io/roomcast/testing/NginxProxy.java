package io.roomcast.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Debian's nginx ({@code /usr/sbin/nginx}, {@code apt-get install nginx}) as a child process: a
 * plain round-robin reverse proxy on a free loopback port in front of Roomcast instances, with
 * nothing sticky (no {@code ip_hash}, no {@code hash}, no cookie), the WebSocket upgrade passed
 * through, and everything it writes (configuration, pid, logs, temp files) in a temp directory of
 * its own. The access log has one JSON line per request naming the upstream that served it.
 *
 * <pre>{@code
 * try (NginxProxy nginx = NginxProxy.start(8080, 8081)) {
 *   // clients use http://127.0.0.1:nginx.port()
 *   nginx.accessLog();   // [{method, uri, status, upstream, sid, transport}, ...]
 * }
 * }</pre>
 */
public final class NginxProxy implements AutoCloseable {

  /** Where Debian's package puts the binary; CI installs it (.ci/run). */
  public static final Path NGINX = Path.of("/usr/sbin/nginx");

  private static final Duration START = Duration.ofSeconds(20);
  /**
   * HTTP/1.1 only: Java's default asks for an {@code h2c} upgrade, which the WebSocket pass-through
   * below would forward to Roomcast as an upgrade, and the request would hang.
   */
  private static final HttpClient HTTP = HttpClient.newBuilder()
    .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();

  private final Process process;
  private final Path dir;
  private final int port;

  private NginxProxy(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Fails, naming the package, unless Debian's nginx is installed. */
  public static void requireInstalled() {
    if (!Files.isExecutable(NGINX)) {
      throw new AssertionError(NGINX + " is missing: install Debian's nginx (`apt-get install nginx`; .ci/run does)");
    }
  }

  /** Starts nginx in front of the Roomcast instances on {@code upstreamPorts}; returns once it answers HTTP (whatever the upstreams say). */
  public static NginxProxy start(int... upstreamPorts) {
    requireInstalled();
    Path dir;
    try {
      dir = Files.createTempDirectory("roomcast-nginx-");
      for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
        Files.createDirectory(dir.resolve(temp));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int port = Ports.free();
    NginxProxy nginx;
    try {
      Files.writeString(dir.resolve("nginx.conf"), config(dir, port, upstreamPorts));
      Process process = new ProcessBuilder(NGINX.toString(), "-p", dir + "/", "-c", dir.resolve("nginx.conf").toString(),
        "-e", dir.resolve("error.log").toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("nginx.out").toFile())
        .start();
      nginx = new NginxProxy(process, dir, port);
    } catch (IOException e) {
      deleteTree(dir);
      throw new UncheckedIOException("could not start " + NGINX, e);
    }
    try {
      Poll.until(START, "nginx to answer HTTP on port " + port, () -> {
        if (!nginx.process.isAlive()) {
          throw new AssertionError("nginx exited with " + nginx.process.exitValue());
        }
        return nginx.get("/health");
      });
      return nginx;
    } catch (AssertionError e) {
      String diagnostics = nginx.diagnostics();
      nginx.close();
      throw new AssertionError(e.getMessage() + "\n" + diagnostics, e);
    }
  }

  /** A single process (no master, no workers to switch users), in the foreground, writing only under {@code dir}. */
  private static String config(Path dir, int port, int... upstreamPorts) {
    String servers = Arrays.stream(upstreamPorts)
      .mapToObj(upstream -> "    server 127.0.0.1:" + upstream + ";")
      .collect(Collectors.joining("\n"));
    return """
      daemon off;
      master_process off;
      worker_processes 1;
      pid %1$s/nginx.pid;
      error_log %1$s/error.log notice;

      events {
        worker_connections 256;
      }

      http {
        log_format upstreams escape=json '{"method":"$request_method","uri":"$uri","status":"$status",'
          '"upstream":"$upstream_addr","sid":"$arg_sid","transport":"$arg_transport"}';
        access_log %1$s/access.log upstreams;

        client_body_temp_path %1$s/client_body;
        proxy_temp_path %1$s/proxy;
        fastcgi_temp_path %1$s/fastcgi;
        uwsgi_temp_path %1$s/uwsgi;
        scgi_temp_path %1$s/scgi;

        map $http_upgrade $connection_upgrade {
          default upgrade;
          ''      close;
        }

        # Plain round-robin: each request goes to the next instance, whoever owns the session.
        upstream roomcast {
      %2$s
        }

        server {
          listen 127.0.0.1:%3$d;

          location / {
            proxy_pass http://roomcast;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            # Above the Engine.IO ping interval (25 s), so neither a held poll nor a quiet WebSocket is cut.
            proxy_read_timeout 120s;
          }
        }
      }
      """.formatted(dir, servers, port);
  }

  /** The loopback port nginx listens on. */
  public int port() {
    return port;
  }

  /** GETs {@code path} through nginx; returns the status and body, or null while nginx does not answer. */
  public HttpResponse<String> get(String path) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(5)).GET().build();
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * The requests nginx finished so far, in order: {@code {method, uri, status, upstream, sid, transport}}.
   * {@code upstream} is {@code 127.0.0.1:PORT}, or several separated by {@code ", "} when nginx
   * retried; a WebSocket is logged when it closes.
   */
  public List<JsonObject> accessLog() {
    Path log = dir.resolve("access.log");
    try {
      if (!Files.exists(log)) {
        return List.of();
      }
      List<JsonObject> entries = new ArrayList<>();
      for (String line : Files.readAllLines(log)) {
        if (!line.isBlank()) {
          entries.add(new JsonObject(line));
        }
      }
      return entries;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** nginx's configuration, output and error log, for assertion messages. */
  public String diagnostics() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("nginx.conf", "nginx.out", "error.log")) {
      Path file = dir.resolve(name);
      text.append("--- ").append(file).append('\n');
      try {
        text.append(Files.exists(file) ? Files.readString(file) : "(none)\n");
      } catch (IOException e) {
        text.append("(unreadable: ").append(e).append(")\n");
      }
    }
    return text.toString();
  }

  /** SIGTERM (nginx's fast shutdown), {@code kill -9} if it is still there after 10 s; then removes the temp directory. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      deleteTree(dir);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
