package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.hypergrid.runtime.ServiceProxies;

import java.util.List;

/**
 * OpenSim's grid user service: per user, the last region and position, home, online, and login
 * and logout times, kept in the store across sessions. The login service reads it to place a
 * user and to refuse a second login; simulators write it as agents move and leave. A user is a
 * UUID (ours) or a universal user identifier (a visitor).
 */
@VertxGen
@ProxyGen
public interface GridUserService {

  String ADDRESS = "hg.service.griduser";

  static GridUserService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, GridUserService.class, ServiceProxies.DEFAULT_TIMEOUT_MS);
  }

  /** The user logged in: online, login time now (created if new); their record after it. */
  Future<GridUserInfo> loggedIn(String userId);

  /** The user left from {@code regionId} at {@code position} looking at {@code lookAt}: offline, logout time now. */
  Future<Void> loggedOut(String userId, String regionId, String position, String lookAt);

  /** The user's home. */
  Future<Void> setHome(String userId, String regionId, String position, String lookAt);

  /** Where the user is now (as a simulator reports it). */
  Future<Void> setLastPosition(String userId, String regionId, String position, String lookAt);

  /** The user's record; fails "not found" for a user the grid has never seen. */
  Future<GridUserInfo> getGridUserInfo(String userId);

  /** The records of those of {@code userIds} the grid knows, in the order asked. */
  Future<List<GridUserInfo>> getGridUserInfos(List<String> userIds);
}
