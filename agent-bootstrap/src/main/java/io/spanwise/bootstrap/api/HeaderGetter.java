package io.spanwise.bootstrap.api;

import java.util.Collections;
import java.util.Iterator;

/**
 * Reads propagation headers from a carrier (an HTTP request, a Kafka record's headers...). Implemented
 * by helper classes of the instrumentation modules, which are injected next to the library they read.
 *
 * @param <C> the carrier type
 */
public interface HeaderGetter<C> {
  /**
   * All values of a header, in order, one element per header line (an empty iterator when absent).
   * Propagation needs every line: W3C Trace Context treats two {@code traceparent} lines as invalid and
   * several {@code tracestate} lines as one list.
   */
  Iterator<String> getAll(C carrier, String name);

  /** Header names, for propagators that read prefixed keys; most carriers need not implement it. */
  default Iterable<String> keys(C carrier) {
    return Collections.emptyList();
  }
}
