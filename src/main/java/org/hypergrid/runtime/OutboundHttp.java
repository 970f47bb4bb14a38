package org.hypergrid.runtime;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.PromiseInternal;
import io.vertx.serviceproxy.ServiceException;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Every request our server sends to other grids and simulators: a POST whose whole exchange,
 * from connecting to the last byte of the reply, has one deadline (a peer that trickles bytes is
 * cut off, not waited for); a reply body capped in size; no redirects followed; a bounded queue
 * of waiting requests; and, for URLs that came from a caller, the {@link OutboundPolicy} first.
 */
public final class OutboundHttp {

  /** The status and body of a complete reply. */
  public record Reply(int status, Buffer body) {

    public String text() {
      return body.toString();
    }
  }

  /** A socket that does not connect within this is given up (each exchange's deadline is usually shorter). */
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  /**
   * A pooled connection unused this long is closed by us, well before the other side's idle limit
   * (ours is 60 s by default): at the same limit, a request sent as the server closes the
   * connection is lost ("Connection was closed"), and with it a friend's status.
   */
  private static final int KEEP_ALIVE_SECONDS = 20;

  private final Vertx vertx;
  private final HttpClientAgent client;
  /**
   * The contexts every exchange starts on: those of verticles with an empty config. Vert.x 5's
   * client builds a context from the caller's for every request, and that copies the caller's
   * deployment config: from a region shard (its thousand regions in its config) the copy cost
   * more than the rest of a login. Empty until they are deployed and once they are undeployed
   * (with the verticle that made this, or by {@link #close}): exchanges then start where they are
   * called, so the goodbyes of a stopping node still go out.
   */
  private volatile List<Context> exchangeContexts = List.of();
  private final Future<String> started;
  private final AtomicInteger nextContext = new AtomicInteger();
  private final OutboundPolicy policy;
  private final int maxReplyBytes;

  /**
   * {@code keepAlive} false: every exchange opens its own connection and closes it after the reply,
   * for hosts we may never call again (a stranger's home grid), so none is left open for them.
   */
  public OutboundHttp(Vertx vertx, OutboundPolicy policy, int maxReplyBytes, int maxConnections, int maxWaitQueue,
                      boolean keepAlive) {
    this.vertx = vertx;
    this.policy = policy;
    this.maxReplyBytes = maxReplyBytes;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(keepAlive)
        .setKeepAliveTimeout(KEEP_ALIVE_SECONDS).setMaxRedirects(0).setVerifyHost(true)
        .setConnectTimeout(CONNECT_TIMEOUT_MS),
      new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(maxWaitQueue));
    // One per event loop (each instance takes the next loop): exchanges stay spread over all of them.
    List<Context> deployed = new CopyOnWriteArrayList<>();
    started = vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        deployed.add(context);
        return Future.succeededFuture();
      }

      @Override
      public Future<?> stop() {
        exchangeContexts = List.of();
        return Future.succeededFuture();
      }
    }, new DeploymentOptions().setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE))
      .onSuccess(id -> exchangeContexts = List.copyOf(deployed));
  }

  /** Completes once exchanges start on contexts of their own (before, they start where they are called). */
  public Future<Void> started() {
    return started.mapEmpty();
  }

  /** A URL a caller gave us: checked by the policy, then posted. */
  public Future<Reply> postChecked(String url, String contentType, Buffer body, long deadlineMs) {
    return policy.check(url).compose(v -> post(url, contentType, body, deadlineMs));
  }

  /** A URL from our own configuration: posted as it is. */
  public Future<Reply> post(String url, String contentType, Buffer body, long deadlineMs) {
    return exchange(HttpMethod.POST, url, contentType, body, deadlineMs);
  }

  /** A GET of a URL from our own configuration (a simulator's {@code simstatus}), under the same rules. */
  public Future<Reply> get(String url, long deadlineMs) {
    return exchange(HttpMethod.GET, url, null, null, deadlineMs);
  }

  private Future<Reply> exchange(HttpMethod method, String url, String contentType, Buffer body, long deadlineMs) {
    // The reply is handed back on the caller's context, whichever context ran the exchange.
    PromiseInternal<Reply> reply = ((ContextInternal) vertx.getOrCreateContext()).promise();
    // Set on the exchange's context, read by the deadline's timer on the caller's.
    AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
    long deadline = vertx.setTimer(deadlineMs, t -> {
      if (reply.tryFail(new ServiceException(ServiceErrors.UNAVAILABLE,
        url + " gave no complete reply within " + deadlineMs + " ms")) && sent.get() != null) {
        sent.get().reset();
      }
    });
    // No per-request connect timeout: the deadline above covers waiting for a connection too.
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("User-Agent", "HypergridServices/0.1");
    if (contentType != null) {
      headers.add("Content-Type", contentType);
    }
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url).setFollowRedirects(false)
      .setHeaders(headers);
    List<Context> contexts = exchangeContexts;
    if (contexts.isEmpty()) {
      send(url, options, body, reply, sent, true);
    } else {
      contexts.get(Math.floorMod(nextContext.getAndIncrement(), contexts.size()))
        .runOnContext(v -> send(url, options, body, reply, sent, true));
    }
    return reply.future().onComplete(done -> vertx.cancelTimer(deadline));
  }

  /**
   * Sends once, and once more ({@code mayRetry}) if the connection closed before any reply: a
   * pooled connection the other side closed as the request left it (its idle limit). Every call we
   * make is safe to repeat (notifications, look-ups, upserts).
   */
  private void send(String url, RequestOptions options, Buffer body, Promise<Reply> reply,
                    AtomicReference<HttpClientRequest> sent, boolean mayRetry) {
    client.request(options)
      .compose(request -> {
        sent.set(request);
        if (reply.future().isComplete()) {
          request.reset(); // the deadline passed while it waited for a connection
          return Future.failedFuture("deadline passed while waiting for a connection");
        }
        return body == null ? request.send() : request.send(body);
      })
      .onFailure(e -> {
        if (mayRetry && e instanceof HttpClosedException && !reply.future().isComplete()) {
          send(url, options, body, reply, sent, false);
        } else {
          reply.tryFail(e);
        }
      })
      .onSuccess(response -> {
        Buffer received = Buffer.buffer();
        response.exceptionHandler(reply::tryFail);
        response.handler(chunk -> {
          if (received.length() + chunk.length() > maxReplyBytes) {
            if (reply.tryFail(new ServiceException(ServiceErrors.UNAVAILABLE,
              url + " replied with more than " + maxReplyBytes + " bytes"))) {
              sent.get().reset();
            }
          } else {
            received.appendBuffer(chunk);
          }
        });
        response.endHandler(v -> reply.tryComplete(new Reply(response.statusCode(), received)));
      });
  }

  /** Closes the client and undeploys the exchanges' verticles (already gone with their parent: nothing to do). */
  public Future<Void> close() {
    exchangeContexts = List.of();
    Future<Void> undeployed = started.transform(deployment -> deployment.succeeded()
      && vertx.deploymentIDs().contains(deployment.result()) ? vertx.undeploy(deployment.result())
      : Future.succeededFuture());
    return undeployed.otherwiseEmpty().compose(v -> client.close());
  }
}
