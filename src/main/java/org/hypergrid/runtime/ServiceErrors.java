package org.hypergrid.runtime;

import io.vertx.codegen.annotations.GenIgnore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.serviceproxy.ServiceException;

/** Typed failures that cross the event bus and HTTP alike. */
@GenIgnore
public final class ServiceErrors {

  public static final int BAD_INPUT = 400;
  public static final int FORBIDDEN = 403;
  public static final int NOT_FOUND = 404;
  /** A request the service refuses for a reason it tells the caller (a region that overlaps another). */
  public static final int CONFLICT = 409;
  public static final int TOO_LARGE = 413;
  public static final int TOO_MANY = 429;
  public static final int UNAVAILABLE = 503;

  private ServiceErrors() {
  }

  public static <T> Future<T> badInput(String message) {
    return ServiceException.fail(BAD_INPUT, message);
  }

  public static <T> Future<T> unavailable(String message) {
    return ServiceException.fail(UNAVAILABLE, message);
  }

  public static <T> Future<T> tooLarge(String message) {
    return ServiceException.fail(TOO_LARGE, message);
  }

  public static <T> Future<T> notFound(String message) {
    return ServiceException.fail(NOT_FOUND, message);
  }

  public static boolean isNotFound(Throwable failure) {
    return is(failure, NOT_FOUND);
  }

  /** True when the failure carries this code. */
  public static boolean is(Throwable failure, int code) {
    return failure instanceof ReplyException e && e.failureCode() == code;
  }

  /** True when nobody serves the address a call went to (a region not running, a node still starting). */
  public static boolean isNobodyThere(Throwable failure) {
    return failure instanceof ReplyException e && e.failureType() == ReplyFailure.NO_HANDLERS;
  }

  /** True for a refusal of what the caller sent (a 4xx), as opposed to a failure of ours. */
  public static boolean isCallersFault(Throwable failure) {
    return failure instanceof ReplyException e && e.failureCode() >= 400 && e.failureCode() < 500;
  }
}
