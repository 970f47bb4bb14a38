package org.hypergrid.support;

import org.hypergrid.friends.api.UserAccount;
import org.hypergrid.friends.api.Uui;

import static org.hypergrid.support.TestGrid.await;

/** Seeding helpers for tests with several grids. */
public final class Hypergrid {

  private Hypergrid() {
  }

  public static void account(TestGrid grid, String id, String first, String last) {
    await(grid.users().storeAccount(new UserAccount().setUserId(id).setFirstName(first).setLastName(last)));
  }

  /** Both rows, on one grid, of a confirmed friendship between a local user and a foreign one. */
  public static void foreignFriend(TestGrid grid, String localId, String foreignUui) {
    await(grid.friends().storeFriend(localId, foreignUui, 1));
    await(grid.friends().storeFriend(foreignUui, localId, 1));
  }

  /**
   * The vectors' grid B: Alice and Bob are Fred's friends with the vectors' secrets and are
   * online, both logged into the given region of the grid.
   */
  public static void alicesAndBobsFriendshipsWithFred(TestGrid grid, String regionId) {
    foreignFriend(grid, Vectors.ALICE, Vectors.fredUui(Vectors.ALICE_SECRET));
    foreignFriend(grid, Vectors.BOB, Vectors.fredUui(Vectors.BOB_SECRET));
    grid.login(regionId, Vectors.ALICE);
    grid.login(regionId, Vectors.BOB);
  }

  /** A confirmed friendship granting CanSeeOnline both ways, stored on both grids as OpenSim does. */
  public static void befriend(TestGrid gridA, String userA, String nameA, TestGrid gridB, String userB, String nameB,
                              String secret) {
    String uuiA = Uui.format(userA, gridA.config.getJsonObject("grid").getString("homeUri"), nameA, secret);
    String uuiB = Uui.format(userB, gridB.config.getJsonObject("grid").getString("homeUri"), nameB, secret);
    foreignFriend(gridA, userA, uuiB);
    foreignFriend(gridB, userB, uuiA);
  }
}
