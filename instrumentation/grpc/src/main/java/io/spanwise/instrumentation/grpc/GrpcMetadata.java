package io.spanwise.instrumentation.grpc;

import io.grpc.Metadata;
import io.spanwise.bootstrap.api.HeaderGetter;
import io.spanwise.bootstrap.api.HeaderSetter;
import java.util.Collections;
import java.util.Iterator;

/** Propagation headers in a call's {@code Metadata} (ASCII keys); a key already present is left alone (helper). */
public final class GrpcMetadata implements HeaderGetter<Metadata>, HeaderSetter<Metadata> {
  public static final GrpcMetadata INSTANCE = new GrpcMetadata();

  @Override
  public Iterator<String> getAll(Metadata metadata, String name) {
    if (name.endsWith(Metadata.BINARY_HEADER_SUFFIX)) {
      return Collections.emptyIterator();
    }
    Iterable<String> values = metadata.getAll(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    return values == null ? Collections.<String>emptyIterator() : values.iterator();
  }

  @Override
  public Iterable<String> keys(Metadata metadata) {
    return metadata.keys();
  }

  @Override
  public void set(Metadata metadata, String name, String value) {
    Metadata.Key<String> key = Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    if (!metadata.containsKey(key)) { // the application's own header wins
      metadata.put(key, value);
    }
  }
}
