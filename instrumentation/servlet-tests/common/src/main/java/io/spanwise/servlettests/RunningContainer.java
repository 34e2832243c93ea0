package io.spanwise.servlettests;

/** An embedded servlet container a test started on 127.0.0.1, with the test application deployed. */
public interface RunningContainer {
  /** The port it listens on (it was asked for port 0). */
  int port();

  void stop() throws Exception;
}
