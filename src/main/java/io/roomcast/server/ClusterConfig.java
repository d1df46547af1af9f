package io.roomcast.server;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.XmlConfigBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds and reads the Hazelcast configuration of a Roomcast cluster member.
 *
 * <p>The stock Vert.x Hazelcast manager quietly falls back to a multicast configuration when it
 * cannot find {@code cluster.xml}; on a laptop or in CI that silently forms no cluster, or the
 * wrong one. This loader never falls back to anything but our own file, and fails with a message
 * that names what it looked for. Order:
 * <ol>
 *   <li>{@code ROOMCAST_CLUSTER_CONFIG} (environment) or {@code vertx.hazelcast.config} (system
 *       property): that file, which must exist;</li>
 *   <li>{@code conf/cluster.xml} under the working directory;</li>
 *   <li>{@code cluster.xml} on the class path (the jar carries a copy of {@code conf/cluster.xml}).</li>
 * </ol>
 * {@code ROOMCAST_CLUSTER_NAME} (or the system property {@code roomcast.cluster.name}) replaces
 * the cluster name, so tests and side-by-side deployments never join each other, and moves the
 * cluster to a range of 20 Hazelcast ports of its own, derived from the name ({@link #basePort}),
 * unless {@code ROOMCAST_CLUSTER_PORT} sets the first port outright. Members look for each other
 * on only the first three ports of their range (conf/cluster.xml: a long search makes merges
 * after a split slow), so two clusters on one machine must not share a range, or the second one's
 * members could miss each other behind the first one's.
 */
public final class ClusterConfig {

  static final String CONFIG_ENV = "ROOMCAST_CLUSTER_CONFIG";
  static final String CONFIG_PROPERTY = "vertx.hazelcast.config";
  static final String NAME_ENV = "ROOMCAST_CLUSTER_NAME";
  static final String NAME_PROPERTY = "roomcast.cluster.name";
  static final String PORT_ENV = "ROOMCAST_CLUSTER_PORT";
  /** Derived port ranges: {@value #RANGES} ranges of {@value #RANGE_SIZE} ports from {@value #FIRST_DERIVED_PORT}, below the ephemeral ports. */
  static final int FIRST_DERIVED_PORT = 15701;
  static final int RANGE_SIZE = 20;
  static final int RANGES = 800;
  static final Path WORKING_DIR_FILE = Path.of("conf", "cluster.xml");
  static final String CLASSPATH_FILE = "cluster.xml";

  private ClusterConfig() {
  }

  /** Loads the configuration as described above, from this process's environment. */
  public static Config load() {
    return load(System.getenv(), System.getProperties()::getProperty);
  }

  static Config load(Map<String, String> env, java.util.function.Function<String, String> properties) {
    Config config = read(env, properties);
    String name = firstNonBlank(env.get(NAME_ENV), properties.apply(NAME_PROPERTY));
    if (name != null) {
      config.setClusterName(name);
    }
    String port = env.get(PORT_ENV);
    if (port != null && !port.isBlank()) {
      try {
        config.getNetworkConfig().setPort(Integer.parseInt(port.trim())).setPortAutoIncrement(true);
      } catch (NumberFormatException e) {
        throw new IllegalStateException(PORT_ENV + " must be a port number, not '" + port + "'");
      }
    } else if (name != null) {
      config.getNetworkConfig().setPort(basePort(name)).setPortCount(RANGE_SIZE).setPortAutoIncrement(true);
    }
    return config;
  }

  /**
   * The first Hazelcast port of a cluster named {@code clusterName} by {@code ROOMCAST_CLUSTER_NAME}:
   * one of {@value #RANGES} ranges of {@value #RANGE_SIZE} ports from {@value #FIRST_DERIVED_PORT}
   * (15701-31700, away from the usual service ports and below Linux's ephemeral ports). Every member
   * of the cluster computes the same one.
   */
  public static int basePort(String clusterName) {
    return FIRST_DERIVED_PORT + Math.floorMod(clusterName.hashCode(), RANGES) * RANGE_SIZE;
  }

  private static Config read(Map<String, String> env, java.util.function.Function<String, String> properties) {
    String named = firstNonBlank(env.get(CONFIG_ENV), properties.apply(CONFIG_PROPERTY));
    if (named != null) {
      Path file = Path.of(named);
      if (!Files.isRegularFile(file)) {
        throw new IllegalStateException("Cluster config file '" + file.toAbsolutePath()
          + "' (from " + CONFIG_ENV + " or -D" + CONFIG_PROPERTY + ") does not exist");
      }
      return parse(file);
    }
    if (Files.isRegularFile(WORKING_DIR_FILE)) {
      return parse(WORKING_DIR_FILE);
    }
    InputStream packed = ClusterConfig.class.getClassLoader().getResourceAsStream(CLASSPATH_FILE);
    if (packed == null) {
      throw new IllegalStateException("No cluster config: neither " + WORKING_DIR_FILE.toAbsolutePath()
        + " nor " + CLASSPATH_FILE + " on the class path exists; set " + CONFIG_ENV + " to a Hazelcast XML file");
    }
    try (InputStream in = packed) {
      return new XmlConfigBuilder(in).build();
    } catch (IOException | InvalidConfigurationException e) {
      throw new IllegalStateException("Cannot read the packed " + CLASSPATH_FILE + ": " + e.getMessage(), e);
    }
  }

  private static Config parse(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return new XmlConfigBuilder(in).build();
    } catch (IOException | InvalidConfigurationException e) {
      throw new IllegalStateException("Cannot read cluster config file '" + file.toAbsolutePath() + "': " + e.getMessage(), e);
    }
  }

  private static String firstNonBlank(String a, String b) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : null;
  }
}
