package org.hypergrid.friends.handlers;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code friend_N} entries of a request (form or XML-RPC struct), ordered by N. Unlike
 * OpenSim, keys may come in any order and with gaps.
 */
public final class FriendKeys {

  private static final String PREFIX = "friend_";
  private static final int MAX_DIGITS = 9;

  private FriendKeys() {
  }

  /** Every friend_N value in index order, duplicates included (callers limit the raw count). */
  public static List<String> inIndexOrder(Map<String, String> fields) {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    fields.forEach((key, value) -> {
      int index = index(key);
      if (index >= 0) {
        byIndex.put(index, value);
      }
    });
    return List.copyOf(byIndex.values());
  }

  /** N of a key "friend_N" (1 to 9 ASCII digits), or -1; by hand, as it runs for every key of every request. */
  static int index(String key) {
    int digits = key.length() - PREFIX.length();
    if (digits < 1 || digits > MAX_DIGITS || !key.startsWith(PREFIX)) {
      return -1;
    }
    int index = 0;
    for (int i = PREFIX.length(); i < key.length(); i++) {
      char c = key.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      index = index * 10 + (c - '0');
    }
    return index;
  }
}
