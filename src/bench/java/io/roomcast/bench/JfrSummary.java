package io.roomcast.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The hot spots of a JFR recording, from its {@code jdk.ExecutionSample} events: the top frames
 * (where the CPU is spent) and, per sample, the {@code io.roomcast} frame nearest the top (which
 * Roomcast code that time is spent under).
 */
final class JfrSummary {

  private JfrSummary() {
  }

  static String summarize(Path recording, int top) {
    Map<String, Integer> self = new HashMap<>();
    Map<String, Integer> roomcastOnStack = new HashMap<>();
    Map<String, Integer> threads = new HashMap<>();
    int samples = 0;
    try {
      for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
        if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        RecordedStackTrace stack = event.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(name(frames.get(0)), 1, Integer::sum);
        for (RecordedFrame frame : frames) {
          String name = name(frame);
          if (name.startsWith("io.roomcast.")) {
            roomcastOnStack.merge(name, 1, Integer::sum);
            break;
          }
        }
        String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
        threads.merge(thread.replaceAll("-\\d+$", "-N"), 1, Integer::sum);
      }
    } catch (IOException e) {
      return "cannot read " + recording + ": " + e.getMessage() + "\n";
    }
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%d execution samples in %s%n%n", samples, recording.getFileName()));
    table(out, "top frames (self)", self, samples, top);
    table(out, "nearest io.roomcast frame (the Roomcast code the sample's time is spent under)", roomcastOnStack, samples, top);
    table(out, "threads", threads, samples, top);
    return out.toString();
  }

  private static void table(StringBuilder out, String title, Map<String, Integer> counts, int samples, int top) {
    out.append("| ").append(title).append(" | samples | share |\n|---|---:|---:|\n");
    counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
      .forEach(e -> out.append(String.format(Locale.ROOT, "| `%s` | %d | %.1f%% |%n", e.getKey(), e.getValue(),
        100.0 * e.getValue() / Math.max(1, samples))));
    out.append('\n');
  }

  private static String name(RecordedFrame frame) {
    // Lambdas' generated class names differ per run; keep their defining class.
    String type = frame.getMethod().getType().getName().replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda");
    return type + "." + frame.getMethod().getName();
  }
}
