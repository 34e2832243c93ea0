package io.spanwise.benchmarks;

import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderSetter;
import io.spanwise.bootstrap.instrumentation.kafka.KafkaRecordGetter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What the kafka advice costs per message, minus Kafka: the core's bridge as the helpers call it.
 * {@code sendSpan}: start the PRODUCER span, write its context into headers held as Kafka holds them
 * (a list of name/bytes pairs, stale ones removed first), end it as the callback does.
 * {@code processSpan}: start a record's CONSUMER span from its {@code traceparent} header (bytes decoded
 * as the consumer helper does), make it current and end it, as the wrapped iterator does per record.
 * {@code noSpan} is the baseline.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class KafkaSpanBenchmark {
  private Spans spans;
  private Record consumed;
  private Object polledBy;
  private final Object consumer = new Object();
  private final Object records = new Object();

  @Setup
  public void setUp() {
    spans = new Spans();
    consumed = new Record("orders", "order-42");
    consumed.headers.add(new Header("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    spans.kafka.consumerCreated(consumer, "shipping", "shipping-1");
    spans.kafka.polled(consumer, records, List.of(consumed), 1, Getter.INSTANCE, 0L);
    polledBy = spans.kafka.polledBy(records);
  }

  @TearDown
  public void tearDown() {
    spans.close();
  }

  @Benchmark
  public void noSpan(Blackhole blackhole) {
    blackhole.consume(consumed);
  }

  @Benchmark
  public Record sendSpan() {
    Record record = new Record("orders", "order-42");
    ActiveSpan span = spans.kafka.startSend(record.topic, null, record.key, "shop-1");
    spans.kafka.inject(span, record.headers, Setter.INSTANCE);
    spans.kafka.endSend(span, 0, 42L, null);
    return record;
  }

  @Benchmark
  public void processSpan() {
    ContextScope scope = spans.kafka.startProcess(polledBy, consumed, Getter.INSTANCE);
    scope.close();
  }

  /** A record: topic, key and headers as name/bytes pairs, several of a name possible. */
  static final class Record {
    final String topic;
    final String key;
    final List<Header> headers = new ArrayList<>(4);

    Record(String topic, String key) {
      this.topic = topic;
      this.key = key;
    }
  }

  static final class Header {
    final String key;
    final byte[] value;

    Header(String key, String value) {
      this.key = key;
      this.value = value.getBytes(StandardCharsets.UTF_8);
    }
  }

  /** As the kafka module's KafkaHeadersSetter: remove every header of the name, then add (null: remove only). */
  static final class Setter implements HeaderSetter<List<Header>> {
    static final Setter INSTANCE = new Setter();

    @Override
    public void set(List<Header> headers, String name, String value) {
      headers.removeIf(h -> h.key.equals(name));
      if (value != null) {
        headers.add(new Header(name, value));
      }
    }
  }

  /** As the kafka module's ConsumerRecordGetter. */
  static final class Getter implements KafkaRecordGetter<Record> {
    static final Getter INSTANCE = new Getter();

    @Override
    public Iterator<String> getAll(Record record, String name) {
      List<String> values = null;
      for (Header header : record.headers) {
        if (header.key.equals(name)) {
          if (values == null) {
            values = new ArrayList<>(1);
          }
          values.add(new String(header.value, StandardCharsets.UTF_8));
        }
      }
      return values == null ? Collections.emptyIterator() : values.iterator();
    }

    @Override
    public String topic(Record record) {
      return record.topic;
    }

    @Override
    public int partition(Record record) {
      return 0;
    }

    @Override
    public long offset(Record record) {
      return 42L;
    }

    @Override
    public String stringKey(Record record) {
      return record.key;
    }
  }
}
