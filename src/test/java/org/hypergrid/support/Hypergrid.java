package org.hypergrid.support;

import org.hypergrid.api.UserAccount;
import org.hypergrid.api.Uui;

import static org.hypergrid.support.TestGrid.await;

/** Seeding helpers for tests with several grids. */
public final class Hypergrid {

  private Hypergrid() {
  }

  public static void account(TestGrid grid, String id, String first, String last) {
    await(grid.users().storeAccount(new UserAccount().setUserId(id).setFirstName(first).setLastName(last)));
  }

  /** A confirmed friendship granting CanSeeOnline both ways, stored on both grids as OpenSim does. */
  public static void befriend(TestGrid gridA, String userA, String nameA, TestGrid gridB, String userB, String nameB,
                              String secret) {
    String uuiA = Uui.format(userA, gridA.config.getJsonObject("grid").getString("homeUri"), nameA, secret);
    String uuiB = Uui.format(userB, gridB.config.getJsonObject("grid").getString("homeUri"), nameB, secret);
    await(gridA.friends().storeFriend(userA, uuiB, 1));
    await(gridA.friends().storeFriend(uuiB, userA, 1));
    await(gridB.friends().storeFriend(userB, uuiA, 1));
    await(gridB.friends().storeFriend(uuiA, userB, 1));
  }
}
