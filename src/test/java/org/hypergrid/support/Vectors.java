package org.hypergrid.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The golden vectors of the OpenSim wire protocol, as test resources. */
public final class Vectors {

  public static final String FRED = "11111111-2222-3333-4444-555555555555";
  public static final String ALICE = "aaaaaaaa-0000-0000-0000-000000000001";
  public static final String BOB = "bbbbbbbb-0000-0000-0000-000000000002";
  /** Fred's home as our tests store it: a closed loopback port, so nothing leaves the machine. */
  public static final String FRED_HOME = "http://127.0.0.1:1/";
  public static final String ALICE_SECRET = "1a2b3c4d";
  public static final String BOB_SECRET = "9f8e7d6c";

  private Vectors() {
  }

  public static String text(String name) {
    try (InputStream in = Vectors.class.getResourceAsStream("/vectors/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no vector " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Fred's identifier as grid B stores it in a friendship with the given secret. */
  public static String fredUui(String secret) {
    return FRED + ";" + FRED_HOME + ";Fred Foo;" + secret;
  }
}
