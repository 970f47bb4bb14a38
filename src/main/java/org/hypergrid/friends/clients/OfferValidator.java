package org.hypergrid.friends.clients;

import io.vertx.core.Future;
import org.hypergrid.runtime.OutboundHttp;
import org.hypergrid.runtime.ServiceErrors;

/**
 * Asks a stranger's home grid whether their friendship offer is real, as OpenSim does: its user
 * agent's {@code get_server_urls} for the offerer's FriendsServerURI, then that grid's
 * {@code validate_friendship_offered}. The offerer names the grid, so these calls go out on
 * connections of their own, closed after each reply (we may never call that grid again), through
 * no circuit breaker (a stranger gets no entry in our registry) and with nothing cached.
 */
public class OfferValidator {

  private final OutboundHttp once;
  private final UserAgentConnector userAgents;
  private final long foreignGridMs;

  /** {@code once}: an outbound client that keeps no connection alive. */
  public OfferValidator(OutboundHttp once, long userAgentMs, long foreignGridMs) {
    this.once = once;
    this.userAgents = new UserAgentConnector(once, userAgentMs);
    this.foreignGridMs = foreignGridMs;
  }

  /** True when {@code homeUri}'s grid confirms that {@code fromId} offered friendship to {@code toId}. */
  public Future<Boolean> confirms(String homeUri, String fromId, String toId) {
    return userAgents.getServerUrls(homeUri, fromId).compose(urls -> {
      String friendsUri = urls.getOrDefault("FriendsServerURI", "");
      if (friendsUri.isBlank()) {
        return ServiceErrors.notFound("home grid " + homeUri + " has no FriendsServerURI");
      }
      return new HGFriendsHttpConnector(once, friendsUri, foreignGridMs, null, true)
        .validateFriendshipOffered(fromId, toId);
    });
  }
}
