package io.spanwise.core.export.otlp;

import java.io.IOException;
import java.net.Socket;

/**
 * Closes a connection whose exchange outlives its deadline. A blocking socket's reads time out
 * ({@code SO_TIMEOUT}) but its writes do not: a collector that stops reading (overloaded, or behind a
 * network that drops packets) would hold the exporter's thread in a write until TCP gives up, minutes
 * later. One daemon thread per transport, made on first use, looks every {@value #TICK_MILLIS} ms: no
 * wake-up per export.
 */
final class ConnectionWatchdog {
  static final long TICK_MILLIS = 250;

  private Socket watched;
  private long deadline;
  private boolean expired;
  private Thread thread;

  /** Watches {@code socket} until {@link #release}, closing it once {@code System.nanoTime()} passes the deadline. */
  synchronized void watch(Socket socket, long deadlineNanos) {
    watched = socket;
    deadline = deadlineNanos;
    expired = false;
    if (thread == null) {
      thread = new Thread(this::run, "spanwise-otlp-watchdog");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Whether the connection watched was closed because its deadline passed. */
  synchronized boolean expired() {
    return expired;
  }

  synchronized void release() {
    watched = null;
    expired = false;
  }

  synchronized void stop() {
    if (thread != null) {
      thread.interrupt();
      thread = null;
    }
  }

  private synchronized void run() {
    while (thread == Thread.currentThread()) {
      if (watched != null && System.nanoTime() - deadline > 0) {
        try {
          watched.close();
        } catch (IOException ignored) {
          // closed is what was wanted
        }
        watched = null;
        expired = true;
      }
      try {
        wait(TICK_MILLIS);
      } catch (InterruptedException stopped) {
        return;
      }
    }
  }
}
