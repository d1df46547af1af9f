package io.roomcast.chat;

import java.util.regex.Pattern;

/** The chat's input rules; each check returns an error text for the client, or null when valid. */
final class Validation {

  /** Socket ids are 20 URL-safe base64 characters; a room with such a name could be someone's private room. */
  private static final Pattern SOCKET_ID_SHAPE = Pattern.compile("[A-Za-z0-9_-]{20}");

  private final ChatOptions options;

  Validation(ChatOptions options) {
    this.options = options;
  }

  String nickname(Object value) {
    if (!(value instanceof String text)) {
      return "nickname must be a string";
    }
    String trimmed = text.strip();
    if (trimmed.isEmpty()) {
      return "nickname must not be empty";
    }
    if (trimmed.codePointCount(0, trimmed.length()) > options.nicknameMaxLength()) {
      return "nickname must be at most " + options.nicknameMaxLength() + " characters";
    }
    if (hasControlCharacters(trimmed)) {
      return "nickname must not contain control characters";
    }
    return null;
  }

  String room(Object value) {
    if (!(value instanceof String text)) {
      return "room name must be a string";
    }
    if (text.strip().isEmpty()) {
      return "room name must not be empty";
    }
    if (text.strip().length() != text.length()) {
      // Not trimmed silently: " lobby" and "lobby" would be one room the client knows by two names.
      return "room name must not start or end with white space";
    }
    if (text.codePointCount(0, text.length()) > options.roomNameMaxLength()) {
      return "room name must be at most " + options.roomNameMaxLength() + " characters";
    }
    if (hasControlCharacters(text)) {
      return "room name must not contain control characters";
    }
    if (SOCKET_ID_SHAPE.matcher(text).matches()) {
      return "room name is reserved (it has the shape of a socket id)";
    }
    return null;
  }

  String message(Object value) {
    if (!(value instanceof String text)) {
      return "message must be a string";
    }
    if (text.isBlank()) {
      return "message must not be empty";
    }
    if (text.codePointCount(0, text.length()) > options.messageMaxLength()) {
      return "message must be at most " + options.messageMaxLength() + " characters";
    }
    return null;
  }

  private static boolean hasControlCharacters(String text) {
    return text.codePoints().anyMatch(c -> Character.getType(c) == Character.CONTROL || Character.getType(c) == Character.FORMAT
      && c != 0x200D);
  }
}
