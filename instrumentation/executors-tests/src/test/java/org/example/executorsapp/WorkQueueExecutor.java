package org.example.executorsapp;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * An executor as a framework ships one: a queue and one worker thread; {@code execute} is declared here
 * only. Stopped by {@link #close()}.
 */
public class WorkQueueExecutor implements Executor, AutoCloseable {
  private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
  private final Thread worker;

  public WorkQueueExecutor(String name) {
    worker = new Thread(this::work, name);
    worker.setDaemon(true);
    worker.start();
  }

  @Override
  public void execute(Runnable task) {
    queue.add(task);
  }

  private void work() {
    try {
      while (true) {
        queue.take().run();
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  @Override
  public void close() {
    worker.interrupt();
  }
}
