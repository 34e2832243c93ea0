package org.example.executorsapp;

/** The application's executor: a subclass of the framework's that overrides nothing it submits through. */
public class AppExecutor extends WorkQueueExecutor {
  public AppExecutor() {
    super("app-executor");
  }
}
