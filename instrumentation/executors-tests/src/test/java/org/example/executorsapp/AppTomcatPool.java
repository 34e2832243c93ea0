package org.example.executorsapp;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.tomcat.util.threads.ThreadPoolExecutor;

/** The application's subclass of Tomcat's pool (a copy of the JDK's, not a subclass of it). */
public class AppTomcatPool extends ThreadPoolExecutor {
  public AppTomcatPool() {
    super(1, 1, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>());
  }
}
