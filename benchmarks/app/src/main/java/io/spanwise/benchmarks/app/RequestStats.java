package io.spanwise.benchmarks.app;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.LongAdder;

/**
 * Completed checkouts and the heap allocated so far by the live threads (application, server and agent
 * threads alike). The benchmark reads both before and after its measured window: the difference in
 * bytes over the difference in checkouts is the heap allocated per request. Threads that die in the
 * window take their counts with them; under steady load the pools keep theirs.
 */
final class RequestStats {
  private final LongAdder checkouts = new LongAdder();
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  void checkedOut() {
    checkouts.increment();
  }

  long checkouts() {
    return checkouts.sum();
  }

  long allocatedBytes() {
    long total = 0;
    for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      if (bytes > 0) {
        total += bytes;
      }
    }
    return total;
  }
}
