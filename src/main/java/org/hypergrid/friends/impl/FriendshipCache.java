package org.hypergrid.friends.impl;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import org.hypergrid.friends.api.FriendInfo;
import org.hypergrid.friends.api.FriendsService;
import org.hypergrid.friends.api.Uui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The friendship rows that verify claims of a foreign user, per (our user, foreign user),
 * remembered so a notification needs no query. Correct first: every write of a friendship, on any
 * node, drops the rows of the users it touches on every node before the write is acknowledged
 * ({@link FriendshipInvalidation}); a lookup that raced with such a drop is not remembered.
 * Bounded in size, and entries expire anyway.
 */
public final class FriendshipCache {

  private final boolean enabled;
  private final Cache<Key, List<Row>> rows;
  /** Bumped by every invalidation: a lookup that started before one must not fill the cache. */
  private final AtomicLong generation = new AtomicLong();

  /** {@code maxEntries} 0: remember nothing (the friends service is where no invalidation reaches). */
  public FriendshipCache(long maxEntries, Duration ttl) {
    this.enabled = maxEntries > 0;
    this.rows = Caffeine.newBuilder().maximumSize(maxEntries).expireAfterWrite(ttl).build();
  }

  /** A friendship row and the identifier it names, parsed once when fetched (null: not one). */
  public record Row(FriendInfo info, Uui friend) {
    static Row of(FriendInfo info) {
      return new Row(info, Uui.parse(info.getFriend()).orElse(null));
    }
  }

  private record Key(String localId, String foreignId) {
  }

  /** Rows of these users naming the foreign user: remembered ones, the rest in one call. */
  public Future<List<Row>> find(FriendsService friends, List<String> localIds, String foreignId) {
    if (!enabled) {
      return friends.findFriendships(localIds, foreignId).map(fetched -> fetched.stream().map(Row::of).toList());
    }
    List<Row> found = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String id : localIds) {
      List<Row> known = rows.getIfPresent(key(id, foreignId));
      if (known == null) {
        missing.add(id);
      } else {
        found.addAll(known);
      }
    }
    if (missing.isEmpty()) {
      return Future.succeededFuture(found);
    }
    long before = generation.get();
    return friends.findFriendships(missing, foreignId).map(fetched -> {
      Map<String, List<Row>> byUser = new HashMap<>();
      missing.forEach(id -> byUser.put(id.toLowerCase(Locale.ROOT), new ArrayList<>()));
      for (FriendInfo info : fetched) {
        Row row = Row.of(info);
        byUser.computeIfAbsent(info.getPrincipalId().toLowerCase(Locale.ROOT), id -> new ArrayList<>()).add(row);
        found.add(row);
      }
      if (generation.get() == before) {
        byUser.forEach((id, userRows) -> rows.put(key(id, foreignId), List.copyOf(userRows)));
      }
      return found;
    });
  }

  /** Forgets everything remembered about these users of ours. */
  public void invalidate(Collection<String> localIds) {
    generation.incrementAndGet();
    Set<String> users = Set.copyOf(localIds.stream().map(id -> id.toLowerCase(Locale.ROOT)).toList());
    rows.asMap().keySet().removeIf(key -> users.contains(key.localId()));
  }

  public long size() {
    return rows.estimatedSize();
  }

  private static Key key(String localId, String foreignId) {
    return new Key(localId.toLowerCase(Locale.ROOT), foreignId);
  }
}
