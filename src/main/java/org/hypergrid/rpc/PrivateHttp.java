package org.hypergrid.rpc;

/** The project's own private HTTP protocol between its nodes ({@code /services/<name>/<method>}). */
public final class PrivateHttp {

  /** The request header that carries the grid's shared access token. */
  public static final String ACCESS_TOKEN_HEADER = "X-HG-Access-Token";

  private PrivateHttp() {
  }
}
