package org.hypergrid.friends.api;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;
import org.hypergrid.runtime.ServiceProxies;

/**
 * Local user accounts, and the service URLs of any user: ours from configuration, a foreign
 * user's learned from their home grid ({@code get_server_urls}) and cached with an expiry.
 */
@VertxGen
@ProxyGen
public interface UserManagementService {

  String ADDRESS = "hg.service.usermanagement";

  static UserManagementService createProxy(Vertx vertx, String address) {
    return ServiceProxies.create(vertx, address, UserManagementService.class, ServiceProxies.DEFAULT_TIMEOUT_MS);
  }

  Future<Void> storeAccount(UserAccount account);

  /** The local account, or a failure with code 404. */
  Future<UserAccount> getAccount(String userId);

  /** The local accounts among these users (at most 500; ids that are not UUIDs, and unknown ones, skipped). */
  Future<List<UserAccount>> getAccounts(List<String> userIds);

  /**
   * Service URLs of a user ({@code FriendsServerURI}, {@code HomeURI}, ...) keyed without the
   * {@code SRV_} prefix. {@code homeUri} is where to ask when the user is foreign and not cached.
   */
  Future<JsonObject> getServerUrls(String userId, String homeUri);
}
