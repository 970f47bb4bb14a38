package org.hypergrid.support;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Structured random requests for the public endpoints: mostly well-formed shapes with bad,
 * borderline or hostile values (broken UUIDs, guessed secrets, huge or empty fields, odd
 * encodings, entity tricks), some plain junk. Deterministic for a seed. Every host it names is
 * 127.0.0.1:1, a closed loopback port, so nothing leaves the machine.
 */
public final class Fuzz {

  /** A request: the path, its content type and its body. */
  public record Request(String path, String contentType, String body) {
  }

  static final List<String> METHODS = List.of("statusnotification", "getfriendperms", "newfriendship",
    "deletefriendship", "friendship_offered", "validate_friendship_offered", "status", "", "STATUSNOTIFICATION",
    "grant_rights", "../../etc");
  static final List<String> KEYS = List.of("METHOD", "userID", "online", "PRINCIPALID", "FRIENDID", "KEY", "SESSIONID",
    "PrincipalID", "Friend", "MyFlags", "TheirFlags", "SECRET", "FromID", "ToID", "Message", "FromName", "Online");

  private static final int IN_FLIGHT = 16;

  private final Random random;
  private final List<String> users;

  public Fuzz(long seed, List<String> users) {
    this.random = new Random(seed);
    this.users = users;
  }

  /** The grid fuzzed: Alice lives there, is Fred's friend and is online. */
  public static TestGrid target() {
    TestGrid grid = TestGrid.start(TestGrid.config("Fuzzed grid", new io.vertx.core.json.JsonArray()
      .add(TestGrid.region("10000000-0000-0000-0000-000000000001", "Welcome"))));
    Hypergrid.account(grid, Vectors.ALICE, "Alice", "Smith");
    Hypergrid.foreignFriend(grid, Vectors.ALICE, Vectors.fredUui("1a2b3c4d"));
    grid.login("10000000-0000-0000-0000-000000000001", Vectors.ALICE);
    return grid;
  }

  /** Requests for {@link #target()}, naming its users among random ones. */
  public static Fuzz forTarget(long seed) {
    return new Fuzz(seed, List.of(Vectors.ALICE, Vectors.BOB, Vectors.FRED));
  }

  /** Sends {@code count} requests to the grid's public port, 16 at a time; answers counted by status. */
  public static Map<Integer, Integer> send(TestGrid grid, Fuzz fuzz, int count) {
    Map<Integer, Integer> byStatus = new TreeMap<>();
    for (int sent = 0; sent < count; sent += IN_FLIGHT) {
      List<Future<Integer>> wave = new ArrayList<>();
      for (int i = sent; i < Math.min(count, sent + IN_FLIGHT); i++) {
        Request request = fuzz.next();
        // Each request has 10 s: one that hangs fails the run.
        wave.add(grid.http.postAbs(grid.publicUrl(request.path())).timeout(10_000)
          .putHeader("Content-Type", request.contentType())
          .sendBuffer(Buffer.buffer(request.body())).map(response -> response.statusCode()));
      }
      for (Future<Integer> answer : wave) {
        byStatus.merge(TestGrid.await(answer), 1, Integer::sum);
      }
    }
    return byStatus;
  }

  public Request next() {
    return switch (random.nextInt(10)) {
      case 0, 1, 2, 3, 4 -> new Request("/hgfriends", "application/x-www-form-urlencoded", form(true));
      case 5, 6 -> new Request("/", "text/xml", xmlRpc());
      case 7, 8 -> new Request("/friends", "application/x-www-form-urlencoded", form(false));
      default -> new Request(pick(List.of("/hgfriends", "/", "/friends")), pick(List.of("text/plain", "application/json",
        "application/x-www-form-urlencoded")), junk());
    };
  }

  private String form(boolean hgfriends) {
    StringBuilder body = new StringBuilder("METHOD=").append(hgfriends ? pick(METHODS) : pick(List.of("status", "x")));
    int fields = random.nextInt(8);
    for (int i = 0; i < fields; i++) {
      body.append('&').append(pick(KEYS)).append('=').append(encode(value()));
    }
    if (hgfriends && random.nextBoolean()) {
      int friends = random.nextInt(random.nextInt(10) == 0 ? 1200 : 12);
      for (int i = 0; i < friends; i++) {
        body.append("&friend_").append(random.nextInt(10) == 0 ? random.nextInt(100000) : i).append('=')
          .append(encode(uui()));
      }
    }
    if (random.nextInt(40) == 0) {
      body.append("&pad=").append("A".repeat(70_000)); // over the body limit
    }
    return body.toString();
  }

  private String xmlRpc() {
    String method = pick(List.of("get_server_urls", "status_notification", "login_to_simulator", ""));
    StringBuilder members = new StringBuilder();
    int n = random.nextInt(6);
    for (int i = 0; i < n; i++) {
      String name = pick(List.of("userID", "online", "friend_0", "friend_1", "friend_" + random.nextInt(5000)));
      members.append("<member><name>").append(name).append("</name><value><string>").append(xmlEscape(value()))
        .append("</string></value></member>");
    }
    String call = "<?xml version=\"1.0\"?><methodCall><methodName>" + method + "</methodName><params><param><value>"
      + "<struct>" + members + "</struct></value></param></params></methodCall>";
    return switch (random.nextInt(8)) {
      case 0 -> call.substring(0, random.nextInt(call.length()));
      case 1 -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;\">]>"
        + "<methodCall><methodName>&b;</methodName></methodCall>";
      case 2 -> "<methodCall><methodName>get_server_urls</methodName><params><param><value><struct>"
        + "<member><name>userID</name><value><array><data><value>" + uuid() + "</value></data></array></value></member>"
        + "</struct></value></param></params></methodCall>";
      default -> call;
    };
  }

  private String value() {
    return switch (random.nextInt(14)) {
      case 0, 1, 2 -> pick(users);
      case 3 -> uuid();
      case 4 -> uuid().replace("-", "");
      case 5 -> uuid().substring(0, 35) + "g";
      case 6 -> uui();
      case 7 -> pick(List.of("True", "False", "true", "maybe", "1", ""));
      case 8 -> "x.y@127.0.0.1:1";
      case 9 -> pick(List.of("%", "%zz", "\u0000", "\r\n", "é☃", "<b>&amp;</b>", "'; DROP TABLE friends; --"));
      case 10 -> "z".repeat(random.nextInt(3000));
      case 11 -> Integer.toString(random.nextInt());
      default -> "";
    };
  }

  private String uui() {
    String id = random.nextInt(4) == 0 ? uuid() : pick(users);
    return switch (random.nextInt(5)) {
      case 0 -> id;
      case 1 -> id + ";http://127.0.0.1:1/;Some One;" + Integer.toHexString(random.nextInt());
      case 2 -> id + ";;;";
      case 3 -> "garbage;http://127.0.0.1:1/;A B;" + Integer.toHexString(random.nextInt());
      default -> id + ";http://127.0.0.1:1/;" + "N".repeat(random.nextInt(400)) + ";s";
    };
  }

  private String junk() {
    byte[] bytes = new byte[random.nextInt(2000)];
    random.nextBytes(bytes);
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private String uuid() {
    return new UUID(random.nextLong(), random.nextLong()).toString();
  }

  private <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String xmlEscape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\u0000", "");
  }
}
