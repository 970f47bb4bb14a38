package org.hypergrid.wire;

import org.hypergrid.friends.api.Uui;
import org.hypergrid.friends.handlers.FriendKeys;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.hypergrid.support.Vectors.ALICE;
import static org.hypergrid.support.Vectors.BOB;
import static org.hypergrid.support.Vectors.FRED;
import static org.hypergrid.support.Vectors.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The codecs against the golden vectors, byte for byte where OpenSim's format is fixed. */
class OpenSimWireFormatTest {

  private static final String ALICE_UUI = ALICE + ";http://gridb.example.org:8002/;Alice Smith;1a2b3c4d";
  private static final String BOB_UUI = BOB + ";http://gridb.example.org:8002/;Bob Jones;9f8e7d6c";

  @Test
  void encodesStatusNotificationExactlyAsGV1AndGV4() {
    assertEquals(text("GV1-statusnotification-request.form"), OpenSimForm.encode(List.of(
      Map.entry("METHOD", "statusnotification"), Map.entry("userID", FRED), Map.entry("online", "True"),
      Map.entry("friend_0", ALICE_UUI), Map.entry("friend_1", BOB_UUI))));
    assertEquals(text("GV4-statusnotification-offline-request.form"), OpenSimForm.encode(List.of(
      Map.entry("METHOD", "statusnotification"), Map.entry("userID", FRED), Map.entry("online", "False"),
      Map.entry("friend_0", ALICE_UUI))));
  }

  @Test
  void writesAnEmptyValueAsABareKeyAndEscapesLikeDotNet() {
    String body = OpenSimForm.encode(List.of(Map.entry("KEY", ""), Map.entry("Message", "Will you be my friend? (!*) ~'é")));
    assertEquals("KEY&Message=Will+you+be+my+friend%3f+(!*)+%7e%27%c3%a9", body);
    assertEquals(text("GV7-friendship_offered-request.form"), OpenSimForm.encode(List.of(
      Map.entry("METHOD", "friendship_offered"), Map.entry("FromID", FRED), Map.entry("ToID", ALICE),
      Map.entry("Message", "Will you be my friend?"), Map.entry("FromName", "Fred.Foo@grida.example.net:8002"))));
  }

  @Test
  void readsTheFieldsOfAUniversalUserIdentifier() {
    Uui full = Uui.parse(FRED.toUpperCase() + ";http://grid.example/;Fred Flint;s3cr;et").orElseThrow();
    assertEquals(List.of(FRED, "http://grid.example/", "Fred Flint", "s3cr;et"),
      List.of(full.id(), full.homeUri(), full.name(), full.secret()), "the secret keeps what follows it");
    Uui bare = Uui.parse(FRED).orElseThrow();
    assertEquals(List.of(FRED, "", "", ""), List.of(bare.id(), bare.homeUri(), bare.name(), bare.secret()));
    Uui trailing = Uui.parse(FRED + ";http://grid.example/;").orElseThrow();
    assertEquals(List.of("http://grid.example/", "", ""), List.of(trailing.homeUri(), trailing.name(), trailing.secret()));
    assertEquals(FRED, Uui.parse(FRED.replace("-", "") + ";h").orElseThrow().id(), "32 hex digits, as OpenSim takes");
    assertTrue(Uui.parse("not-a-uuid;http://grid.example/").isEmpty());
    assertTrue(Uui.parse(";" + FRED).isEmpty());
  }

  @Test
  void decodesAsServerUtilsDoes() {
    Map<String, String> form = OpenSimForm.decode("a=1&b&a=2&c=x%3By%3bz&d=50%+off&e=%zz+%c3%a9&f=a=b");
    assertEquals("1", form.get("a"), "the first occurrence wins");
    assertEquals("", form.get("b"), "a bare key has an empty value");
    assertEquals("x;y;z", form.get("c"), "%3B and %3b decode identically");
    assertEquals("50% off", form.get("d"), "a bad escape is kept");
    assertEquals("%zz é", form.get("e"));
    assertEquals("a", form.get("f"), "text after a second '=' is lost");
    assertEquals("A\u00e9\ud83d\ude00+", OpenSimForm.decode("g=%41\u00e9\ud83d\ude00%2b").get("g"),
      "characters sent unescaped, a surrogate pair among them, are kept beside decoded escapes");
    Map<String, String> gv1 = OpenSimForm.decode(text("GV1-statusnotification-request.form"));
    assertEquals(ALICE_UUI, gv1.get("friend_0"));
    assertEquals(BOB_UUI, gv1.get("friend_1"));
  }

  @Test
  void friendEntriesComeInIndexOrderWhateverTheirKeys() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("friend_10", "ten");
    fields.put("friend_2", "two");
    fields.put("friend_", "no index");
    fields.put("friend_x", "not a number");
    fields.put("friend_1234567890", "ten digits");
    fields.put("friend_٣", "not an ASCII digit");
    fields.put("Friend_3", "another key");
    fields.put("friend_0", "zero");
    assertEquals(List.of("zero", "two", "ten"), FriendKeys.inIndexOrder(fields));
  }

  @Test
  void writesRepliesByteEqualToTheVectors() {
    Map<String, String> two = new LinkedHashMap<>();
    two.put("friend_0", ALICE);
    two.put("friend_1", BOB);
    assertEquals(text("GV2-statusnotification-reply-two-online.xml"), XmlReplies.compact(two));
    assertEquals(text("GV3-statusnotification-reply-null.xml"), XmlReplies.compact(Map.of("RESULT", "NULL")));
    assertEquals(text("GV5-failure-reply.xml"), XmlReplies.failure(""));
    assertEquals(text("GV6-region-status-reply-true.xml"), XmlReplies.bool(true));
    assertEquals(text("GV6-region-status-reply-false.xml"), XmlReplies.bool(false));
    assertEquals(text("GV7-getfriendperms-reply.xml"), XmlReplies.success("1"));
    assertEquals(text("GV7-newfriendship-reply.xml"), XmlReplies.success());
    assertEquals("<?xml version=\"1.0\"?><ServerResponse><k>a &amp; &lt;b&gt;</k></ServerResponse>",
      XmlReplies.compact(Map.of("k", "a & <b>")));
  }

  @Test
  void readsRepliesWhateverTheirLayout() {
    String indented = "<?xml version=\"1.0\"?>\r\n<ServerResponse>\n  <friend_1>" + BOB + "</friend_1>\n"
      + "  <!-- a comment -->\n  <friend_0>\n    " + ALICE + "\n  </friend_0>\n</ServerResponse>\n";
    Map<String, String> reply = XmlReplyParser.parse(indented);
    assertEquals(ALICE, reply.get("friend_0"));
    assertEquals(BOB, reply.get("friend_1"));
    assertEquals("NULL", XmlReplyParser.parse(text("GV3-statusnotification-reply-null.xml")).get("RESULT"));
    assertEquals(XmlReplyParser.parse(text("GV2-statusnotification-reply-two-online.xml")), Map.of("friend_0", ALICE, "friend_1", BOB));
    assertThrows(IllegalArgumentException.class, () -> XmlReplyParser.parse("<ServerResponse><friend_0>"));
    assertThrows(IllegalArgumentException.class, () -> XmlReplyParser.parse(
      "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><ServerResponse><a>&e;</a></ServerResponse>"));
  }

  @Test
  void speaksTheXmlRpcOfGetServerUrls() {
    assertEquals(text("GV8-get_server_urls-request.xml"), XmlRpc.call("get_server_urls", Map.of("userID", FRED)));
    Map<String, String> urls = XmlRpc.parseResponse(text("GV8-get_server_urls-reply.xml"));
    assertEquals("http://grida.example.net:8002/", urls.get("SRV_FriendsServerURI"));
    assertEquals("http://grida.example.net:8002/", urls.get("SRV_HomeURI"));
    Map<String, String> untyped = XmlRpc.parseResponse("<methodResponse><params><param><value><struct>"
      + "<member><name>SRV_HomeURI</name><value>http://x/</value></member></struct></value></param></params></methodResponse>");
    assertEquals("http://x/", untyped.get("SRV_HomeURI"));
    XmlRpc.Call call = XmlRpc.parseCall(text("GV8-get_server_urls-request.xml"));
    assertEquals("get_server_urls", call.method());
    assertEquals(FRED, call.params().get("userID"));
    assertTrue(XmlRpc.parseResponse(XmlRpc.fault(4, "no")).containsKey("faultString"));
    assertThrows(IllegalArgumentException.class, () -> XmlRpc.parseCall("<methodResponse/>"));
  }

  /**
   * The one-pass encoder writes exactly what .NET's UrlEncode does, which is Java's form encoding
   * with lowercase hex and {@code !()} left as they are: every ASCII character, accents, a
   * character outside the BMP and a lone surrogate.
   */
  @Test
  void urlEncodingMatchesDotNetsForEveryKindOfCharacter() {
    StringBuilder ascii = new StringBuilder();
    for (char c = 0; c < 128; c++) {
      ascii.append(c);
    }
    for (String text : List.of(ascii.toString(), "", "plain", "Alice Smith", "a0000000-0000-4000-8000-000000000001;"
      + "http://127.0.0.1:8002/;User 1;0badf00d", "Jos\u00e9 M\u00fcller", "\u65e5\u672c", "smile \ud83d\ude00 !()",
      "lone \ud83d surrogate", "end \ude00")) {
      assertEquals(dotNetUrlEncode(text), OpenSimForm.urlEncode(text), text);
    }
  }

  /** The reference: Java's form encoding, then lowercase hex and {@code !()} unescaped. */
  private static String dotNetUrlEncode(String text) {
    String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && i + 2 < encoded.length()) {
        String hex = encoded.substring(i + 1, i + 3);
        switch (hex) {
          case "21" -> out.append('!');
          case "28" -> out.append('(');
          case "29" -> out.append(')');
          default -> out.append('%').append(hex.toLowerCase());
        }
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
