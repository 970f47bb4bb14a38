package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.GenIgnore;

/** Friendship rights flags as OpenSim viewers know them (libomv FriendRights). */
@GenIgnore
public final class FriendRights {

  public static final int NONE = 0;
  public static final int CAN_SEE_ONLINE = 1;
  public static final int CAN_SEE_ON_MAP = 2;
  public static final int CAN_MODIFY_OBJECTS = 4;

  /** theirFlags of a friendship whose converse row is missing: an offer not yet accepted. */
  public static final int PENDING = -1;

  private FriendRights() {
  }

  public static boolean canSeeOnline(int flags) {
    return flags != PENDING && (flags & CAN_SEE_ONLINE) != 0;
  }
}
