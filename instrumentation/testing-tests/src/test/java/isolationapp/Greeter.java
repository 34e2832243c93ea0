package isolationapp;

/** The "library" the test module instruments (outside io.spanwise: the agent ignores its own packages). */
public class Greeter {
  public String tidy() {
    return "hello";
  }

  public String leaky() {
    return "hello";
  }

  public String stray() {
    return "hello";
  }
}
