package io.roomcast.chat;

/** The chat's limits. Defaults match {@code conf/config.json}. */
public record ChatOptions(int nicknameMaxLength, int roomNameMaxLength, int messageMaxLength, int roomsPerSocket,
                          int historySize, int eventsPerSecond) {

  public static final ChatOptions DEFAULTS = new ChatOptions(32, 64, 2000, 10, 50, 20);
}
