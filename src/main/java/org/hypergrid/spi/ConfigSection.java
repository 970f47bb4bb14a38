package org.hypergrid.spi;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads one section of a node's config into typed values, once, at start: a value that is
 * missing or of the wrong kind is added to {@code problems} (named by its path) and read as a
 * harmless stand-in, so every problem of a config is reported at once.
 */
public final class ConfigSection {

  private final String path;
  private final JsonObject section;
  private final List<String> problems;

  private ConfigSection(String path, JsonObject section, List<String> problems) {
    this.path = path;
    this.section = section;
    this.problems = problems;
  }

  /** The section at {@code path} (dotted) of {@code config}; a missing one reads as empty. */
  public static ConfigSection of(JsonObject config, String path, List<String> problems) {
    JsonObject section = config;
    for (String key : path.split("\\.")) {
      section = section.getValue(key) instanceof JsonObject child ? child : new JsonObject();
    }
    return new ConfigSection(path, section, problems);
  }

  public long positiveLong(String key) {
    if (section.getValue(key) instanceof Number number && number.longValue() > 0) {
      return number.longValue();
    }
    problems.add(path + "." + key + " must be a positive number");
    return 1;
  }

  public int positiveInt(String key) {
    return (int) Math.min(Integer.MAX_VALUE, positiveLong(key));
  }

  /** Zero is allowed (a feature switched off), negatives are not. */
  public long nonNegativeLong(String key) {
    if (section.getValue(key) instanceof Number number && number.longValue() >= 0) {
      return number.longValue();
    }
    problems.add(path + "." + key + " must be zero or a positive number");
    return 0;
  }

  public int nonNegativeInt(String key) {
    return (int) Math.min(Integer.MAX_VALUE, nonNegativeLong(key));
  }

  public boolean bool(String key) {
    if (section.getValue(key) instanceof Boolean value) {
      return value;
    }
    problems.add(path + "." + key + " must be true or false");
    return false;
  }

  /** Text, empty when absent. */
  public String text(String key) {
    Object value = section.getValue(key);
    if (value == null || value instanceof String) {
      return value == null ? "" : (String) value;
    }
    problems.add(path + "." + key + " must be text");
    return "";
  }

  /** A list of texts, empty when absent. */
  public List<String> textList(String key) {
    Object value = section.getValue(key);
    List<String> texts = new ArrayList<>();
    if (value instanceof JsonArray list && list.stream().allMatch(String.class::isInstance)) {
      list.forEach(item -> texts.add((String) item));
    } else if (value != null) {
      problems.add(path + "." + key + " must be a list of texts");
    }
    return texts;
  }
}
