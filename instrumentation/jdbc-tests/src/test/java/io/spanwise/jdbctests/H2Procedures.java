package io.spanwise.jdbctests;

/** Java methods H2 calls as stored procedures ({@code CREATE ALIAS}). */
public final class H2Procedures {
  private H2Procedures() {}

  public static int noop(int value) {
    return value;
  }
}
