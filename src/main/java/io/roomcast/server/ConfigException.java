package io.roomcast.server;

/** A configuration that Roomcast refuses to start with; the message says which file and which setting. */
public class ConfigException extends RuntimeException {

  public ConfigException(String message) {
    super(message, null, false, false);
  }
}
