package org.example.servletapp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.servlet.AsyncContext;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code /async}: starts async processing and completes it from another thread about 200 ms later,
 * recording (System.nanoTime) when the last request entered the servlet and when it was completed.
 */
public final class AsyncServlet extends HttpServlet {
  public static final long DELAY_MILLIS = 200;

  private static volatile long enteredNanos;
  private static volatile long completedNanos;

  private ScheduledExecutorService completer;

  /** System.nanoTime() when the last request entered {@code service}. */
  public static long enteredNanos() {
    return enteredNanos;
  }

  /** System.nanoTime() just before the last request's {@code AsyncContext.complete()}. */
  public static long completedNanos() {
    return completedNanos;
  }

  @Override
  public void init() {
    completer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread thread = new Thread(r, "async-servlet-completer");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public void destroy() {
    completer.shutdownNow();
  }

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse resp) {
    enteredNanos = System.nanoTime();
    AsyncContext async = req.startAsync();
    async.setTimeout(30_000);
    completer.schedule(() -> {
      try {
        resp.setContentType("text/plain");
        resp.getWriter().write("async done");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        completedNanos = System.nanoTime();
        async.complete();
      }
    }, DELAY_MILLIS, TimeUnit.MILLISECONDS);
  }
}
