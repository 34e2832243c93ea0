package io.spanwise.core.install;

import static io.spanwise.core.install.ClassHeaderTest.bytesOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.HeaderGetter;
import io.spanwise.bootstrap.api.TracingBridge;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapInjectorTest {
  /** An interface extending one of the API, as a module's boot-side getter does. */
  interface RequestGetter<R> extends HeaderGetter<R> {}

  @Test
  void definesSupertypesBeforeTheTypesThatUseThem() throws IOException {
    Map<String, byte[]> classes = new LinkedHashMap<>();
    // deliberately subtypes first
    for (Class<?> type : List.of(ActiveSpan.NOOP.getClass(), RequestGetter.class, ActiveSpan.class,
        HeaderGetter.class, TracingBridge.class)) {
      classes.put(type.getName(), bytesOf(type));
    }
    List<String> order = new ArrayList<>(BootstrapInjector.inDefinitionOrder(classes).keySet());
    assertThat(order).hasSize(5);
    assertThat(order.indexOf(ActiveSpan.class.getName())).isLessThan(order.indexOf(ActiveSpan.NOOP.getClass().getName()));
    assertThat(order.indexOf(HeaderGetter.class.getName())).isLessThan(order.indexOf(RequestGetter.class.getName()));
  }
}
