package org.hypergrid.wire;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code friend_N} entries of a request (form or XML-RPC struct), ordered by N. Unlike
 * OpenSim, keys may come in any order and with gaps.
 */
public final class FriendKeys {

  private static final Pattern FRIEND_KEY = Pattern.compile("friend_(\\d{1,9})");

  private FriendKeys() {
  }

  /** Every friend_N value in index order, duplicates included (callers limit the raw count). */
  public static List<String> inIndexOrder(Map<String, String> fields) {
    TreeMap<Integer, String> byIndex = new TreeMap<>();
    fields.forEach((key, value) -> {
      Matcher m = FRIEND_KEY.matcher(key);
      if (m.matches()) {
        byIndex.put(Integer.parseInt(m.group(1)), value);
      }
    });
    return List.copyOf(byIndex.values());
  }
}
