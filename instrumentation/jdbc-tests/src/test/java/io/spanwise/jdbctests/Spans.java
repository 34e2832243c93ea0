package io.spanwise.jdbctests;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.spanwise.testing.InProcessAgent;
import java.util.List;

/** Reading what the in-process agent exported (synchronously: a span is there once its call returned). */
final class Spans {
  static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("db.system.name");
  static final AttributeKey<String> NAMESPACE = AttributeKey.stringKey("db.namespace");
  static final AttributeKey<String> QUERY_TEXT = AttributeKey.stringKey("db.query.text");
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("db.operation.name");
  static final AttributeKey<String> COLLECTION = AttributeKey.stringKey("db.collection.name");
  static final AttributeKey<Long> BATCH_SIZE = AttributeKey.longKey("db.operation.batch.size");
  static final AttributeKey<String> RESPONSE_STATUS = AttributeKey.stringKey("db.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  static final AttributeKey<String> EXCEPTION_TYPE = AttributeKey.stringKey("exception.type");
  static final AttributeKey<String> EXCEPTION_MESSAGE = AttributeKey.stringKey("exception.message");

  private Spans() {}

  static InMemorySpanExporter exporter() {
    return InProcessAgent.install();
  }

  static void reset() {
    exporter().reset();
  }

  static List<SpanData> all() {
    return exporter().getFinishedSpanItems();
  }

  /** The one span exported since the last reset; fails showing them all otherwise. */
  static SpanData only() {
    List<SpanData> spans = all();
    assertThat(spans).as("exactly one span since the reset").hasSize(1);
    return spans.get(0);
  }
}
