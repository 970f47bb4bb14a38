package org.hypergrid.assets.api;

import io.vertx.codegen.annotations.GenIgnore;

/** OpenSim's {@code AssetFlags}: a bit set, written in XML as space-separated names. */
@GenIgnore
public final class AssetFlags {

  public static final int NORMAL = 0;
  public static final int MAPTILE = 1;
  public static final int REWRITABLE = 2;
  public static final int COLLECTABLE = 4;

  private AssetFlags() {
  }

  public static boolean has(int flags, int flag) {
    return (flags & flag) != 0;
  }
}
