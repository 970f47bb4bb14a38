package org.hypergrid.testmodule;

import io.vertx.codegen.annotations.ProxyGen;
import io.vertx.codegen.annotations.VertxGen;
import io.vertx.core.Future;

import java.util.List;

/** Visitors sign a region's guest book; anyone may read it. */
@VertxGen
@ProxyGen
public interface GuestBookService {

  String ADDRESS = "hg.service.guestbook";

  /** Adds the signature; answers how many the book now holds. */
  Future<Integer> sign(String regionName, String visitor);

  Future<List<String>> visitors(String regionName);
}
