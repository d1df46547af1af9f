package io.roomcast.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine a run happened on: CPUs, CPU model, memory, JDK, Node. */
final class Machine {

  private Machine() {
  }

  static String describe() {
    return "Machine: " + nproc() + " CPUs online (`nproc`), " + cpuModel() + ", " + memory() + "; JDK "
      + System.getProperty("java.vm.version") + " (" + System.getProperty("java.vm.name") + "); Node " + command("node", "--version")
      + "; " + command("uname", "-sr") + ".\n";
  }

  /** The first three fields of {@code /proc/loadavg}. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static String nproc() {
    return command("nproc", "--all");
  }

  private static String cpuModel() {
    return grep("/proc/cpuinfo", "model name");
  }

  private static String memory() {
    return grep("/proc/meminfo", "MemTotal");
  }

  private static String grep(String file, String key) {
    try {
      return Files.readAllLines(Path.of(file)).stream().filter(line -> line.startsWith(key))
        .map(line -> line.substring(line.indexOf(':') + 1).trim()).findFirst().orElse("?");
    } catch (IOException e) {
      return "?";
    }
  }

  private static String command(String... line) {
    try {
      Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      process.waitFor();
      return output;
    } catch (IOException e) {
      return "?";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "?";
    }
  }
}
