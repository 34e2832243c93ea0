package io.spanwise.annotationstests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.FreshClassLoader;
import io.spanwise.testing.InProcessAgent;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

/**
 * An annotated class loaded in a fresh class loader where the annotation class is not loaded yet: it is
 * woven from its class file (the annotation read by name), and the agent does not load the annotation.
 */
class LateAnnotationTest {
  private static final String WITH_SPAN = "io.opentelemetry.instrumentation.annotations.WithSpan";

  @Test
  void aClassLoadedBeforeItsAnnotationIsWovenAndTheAnnotationIsNotLoadedByTheAgent() throws Exception {
    InProcessAgent.install();
    InProcessAgent.reset();
    FreshClassLoader loader = FreshClassLoader.over("late",
        "io.spanwise.annotationstests.app.LateTask", WITH_SPAN, "io.opentelemetry.api.trace.SpanKind");

    loader.load("io.spanwise.annotationstests.app.LateTask");
    assertThat(Arrays.stream(ByteBuddyAgent.getInstrumentation().getInitiatedClasses(loader)).map(Class::getName))
        .as("classes the fresh loader loaded while the task was woven")
        .contains("io.spanwise.annotationstests.app.LateTask")
        .doesNotContain(WITH_SPAN, "io.opentelemetry.api.trace.SpanKind");

    @SuppressWarnings("unchecked")
    Callable<String> task = loader.newInstance("io.spanwise.annotationstests.app.LateTask", Callable.class);
    assertThat(task.call()).isEqualTo("late");

    List<SpanData> spans = InProcessAgent.awaitExactly(1, Duration.ofSeconds(10));
    assertThat(spans).extracting(SpanData::getName).containsExactly("late.task");
  }
}
