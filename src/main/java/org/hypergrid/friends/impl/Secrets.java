package org.hypergrid.friends.impl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Friendship secrets: generated as OpenSim does (8 lowercase hex), compared in constant time. */
final class Secrets {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {
  }

  /** An empty secret never matches anything. */
  static boolean matches(String stored, String claimed) {
    if (stored == null || claimed == null || stored.isEmpty() || claimed.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(stored.getBytes(StandardCharsets.UTF_8), claimed.getBytes(StandardCharsets.UTF_8));
  }

  static String newSecret() {
    byte[] bytes = new byte[4];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
