package org.hypergrid.spi;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import org.hypergrid.runtime.ClusterView;
import org.hypergrid.runtime.OutboundHttp;

import java.util.function.Supplier;

/** One node as its modules see it: config, resolved services, store, HTTP clients, metrics, lifecycle. */
public interface ModuleContext {

  Vertx vertx();

  /** The node's whole, validated config. */
  JsonObject config();

  /** The sections every feature uses, typed and validated. */
  NodeSettings settings();

  /** The cluster's members as this node sees them (this node alone when not clustered). */
  ClusterView cluster();

  /** This node's id in the cluster (stable for the life of the process). */
  default String nodeId() {
    return cluster().nodeId();
  }

  /** A service this node configures, as its config says to reach it; fails if it is not configured. */
  <T> T service(String name, Class<T> type);

  /** The store, when some service here is local and has a schema; else null. */
  Pool pool();

  /**
   * Two connections of their own to the same store (null with no store), for the membership
   * lease: a node whose confirmations waited behind its own load would stop acting because it
   * is busy, not because it is cut off.
   */
  Pool leasePool();

  /** For other grids and simulators, named by callers: policy, deadlines, capped replies. */
  OutboundHttp outbound();

  /** As {@link #outbound()}, but each exchange on a connection of its own, closed after it: for strangers. */
  OutboundHttp outboundOnce();

  /** For our own nodes, named by our config. */
  WebClient web();

  /** The node's Prometheus registry (Vert.x's meters and the modules'). */
  PrometheusMeterRegistry registry();

  /** The node's one instance of {@code type}, created on first use. */
  <T> T shared(Class<T> type, Supplier<T> create);

  /** Runs at the node's stop, in the reverse order of registration (last started, first stopped). */
  void onStop(Supplier<Future<Void>> stop);

  /** Adds a check to {@code /health} and, when {@code readiness}, to {@code /health/ready}. */
  void healthCheck(String name, boolean readiness, Handler<Promise<Status>> check);

  /**
   * The cluster fenced this node (or it was away too long to trust what it holds): the node
   * stops everything it runs, keeps its store, and starts again as a new member of the cluster.
   */
  void rejoinCluster(String why);

  /** The default HTTP OUT connector of a module: the project's private JSON protocol. */
  Future<?> privateHttpClient(ServiceModule module, String url);
}
