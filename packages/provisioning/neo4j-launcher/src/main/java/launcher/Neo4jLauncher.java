package launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts Neo4j Community embedded, with only the Bolt connector, on a loopback port.
 *
 * <p>Usage: {@code Neo4jLauncher <data-dir> <bolt-port> [page-cache-mb]}. Prints
 * {@code NEO4J_READY bolt://127.0.0.1:<port>} once the default database accepts
 * transactions, and shuts the DBMS down cleanly on SIGTERM/SIGINT. Authentication and
 * encryption are off: this server is for tests on loopback only.
 *
 * <p>The container image (docker/images/neo4j) sets two system properties: {@code
 * launcher.listenHost} (e.g. 0.0.0.0) and {@code launcher.password}, which turns
 * authentication on with that password for the user {@code neo4j}, as the official image
 * does for {@code NEO4J_AUTH=neo4j/<password>}. It also logs {@code Started.}, the line the
 * Testcontainers Neo4j module waits for.
 */
public final class Neo4jLauncher {
  private Neo4jLauncher() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: Neo4jLauncher <data-dir> <bolt-port> [page-cache-mb]");
      System.exit(2);
    }
    Path home = Path.of(args[0]).toAbsolutePath();
    int port = Integer.parseInt(args[1]);
    long pageCacheMb = args.length > 2 ? Long.parseLong(args[2]) : 32;
    String listenHost = System.getProperty("launcher.listenHost", "127.0.0.1");
    String password = System.getProperty("launcher.password");

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress(listenHost, port))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(HttpConnector.enabled, false)
            .setConfig(HttpsConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
            // Tests never read the query log or need a big transaction log on disk.
            .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
            .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
            // The default waits 10 s for open transactions on shutdown; tests want a quick stop.
            .setConfig(GraphDatabaseSettings.shutdown_transaction_end_timeout, Duration.ofMillis(500))
            // Bolt otherwise waits up to 10 s for connections and its thread pool on shutdown.
            .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ZERO)
            .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ZERO)
            .build();

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  dbms.shutdown();
                  stopped.countDown();
                }));

    // Touch the default database so "ready" means "accepts transactions", not "JVM is up".
    try (var tx = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).beginTx()) {
      tx.execute("RETURN 1").close();
      tx.commit();
    }
    if (password != null) {
      dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
          .executeTransactionally("ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", java.util.Map.of("password", password));
    }
    System.out.println("NEO4J_READY bolt://" + listenHost + ":" + port);
    System.out.println("Started.");
    System.out.flush();

    if (args.length > 3 && "--exit-on-stdin-eof".equals(args[3])) {
      exitWhenParentGoes(System.in);
    }
    stopped.await();
  }

  /** The parent holds our stdin open; EOF means it is gone (even after SIGKILL). */
  private static void exitWhenParentGoes(InputStream in) throws IOException {
    while (in.read() != -1) {
      // discard
    }
    System.exit(0);
  }
}
