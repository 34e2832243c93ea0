package io.spanwise.core.trace;

import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.spanwise.bootstrap.api.ActiveSpan;
import io.spanwise.bootstrap.api.ContextScope;
import io.spanwise.bootstrap.api.HeaderSetter;
import io.spanwise.bootstrap.api.HttpServerRequestGetter;
import io.spanwise.bootstrap.api.KafkaRecordGetter;
import io.spanwise.bootstrap.api.TracingBridge;
import io.spanwise.core.config.Config;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The core's side of the advice API: spans built with the OpenTelemetry SDK. */
public final class CoreTracingBridge extends TracingBridge {
  private final HttpServerTracer httpServer;
  private final DbTracer db;
  private final HttpClientTracer httpClient;
  private final AdviceFailures adviceFailures = new AdviceFailures();
  private final TaskContexts taskContexts = new TaskContexts();
  private final KafkaTracer kafka;

  /** With the default settings of every instrumentation. */
  public CoreTracingBridge(Tracer tracer, ContextPropagators propagators) {
    this(tracer, propagators, Config.of(Map.of(), Map.of()));
  }

  /** With the instrumentation settings read from {@code config} (e.g. SQL sanitizing), once, here. */
  public CoreTracingBridge(Tracer tracer, ContextPropagators propagators, Config config) {
    this.httpServer = new HttpServerTracer(tracer, propagators);
    this.db = new DbTracer(tracer, DbTracer.querySanitization(config));
    this.kafka = new KafkaTracer(tracer, propagators, KafkaTracer.producerPropagation(config),
        KafkaTracer.batchMode(config));
    this.httpClient = new HttpClientTracer(tracer, propagators);
  }

  @Override
  public <R> ActiveSpan startHttpServerSpan(HttpServerRequestGetter<R> getter, R request) {
    return httpServer.start(getter, request);
  }

  @Override
  public void endHttpServerSpan(ActiveSpan span, int statusCode, Throwable error) {
    if (span instanceof CoreSpan) {
      httpServer.end((CoreSpan) span, statusCode, error);
    }
  }

  @Override
  public ActiveSpan startJdbcSpan(Object statement, String sql) {
    return db.start(statement, sql);
  }

  @Override
  public ActiveSpan startJdbcBatchSpan(Object statement) {
    return db.startBatch(statement);
  }

  @Override
  public void endJdbcSpan(ActiveSpan span, Throwable error) {
    if (span instanceof CoreSpan) {
      db.end((CoreSpan) span, error);
    }
  }

  @Override
  public void jdbcStatementPrepared(Object statement, String sql) {
    db.prepared(statement, sql);
  }

  @Override
  public void jdbcBatchAdded(Object statement, String sql) {
    db.batchAdded(statement, sql);
  }

  @Override
  public void jdbcBatchCleared(Object statement) {
    db.batchCleared(statement);
  }

  @Override
  public void jdbcClosed(Object statementOrConnection) {
    db.closed(statementOrConnection);
  }

  @Override
  public ActiveSpan startHttpClientSpan(String method, URI uri) {
    return httpClient.start(method, uri);
  }

  @Override
  public String[] httpClientHeaders(ActiveSpan span) {
    return span instanceof CoreSpan ? httpClient.headers((CoreSpan) span) : super.httpClientHeaders(span);
  }

  @Override
  public Object httpClientRequestWithHeaders(ActiveSpan span, Object request) {
    return span instanceof CoreSpan
        ? JdkHttpClientSupport.withHeaders(request, httpClient.headers((CoreSpan) span)) : request;
  }

  @Override
  public void endHttpClientSpan(ActiveSpan span, int statusCode, Throwable error) {
    if (span instanceof CoreSpan) {
      httpClient.end((CoreSpan) span, statusCode, error);
    }
  }

  @Override
  public void endHttpClientSpanWhenDone(ActiveSpan span, CompletableFuture<?> future) {
    if (span instanceof CoreSpan && future != null) {
      httpClient.endWhenDone((CoreSpan) span, future);
    }
  }

  @Override
  public ActiveSpan httpUrlConnectionSpan(HttpURLConnection connection) {
    return httpClient.connectionSpan(connection);
  }

  @Override
  public ActiveSpan startHttpUrlConnectionSpan(HttpURLConnection connection) {
    return httpClient.startConnection(connection);
  }

  @Override
  public void endHttpUrlConnectionSpan(HttpURLConnection connection, ActiveSpan span, int statusCode, Throwable error) {
    if (span instanceof CoreSpan) {
      httpClient.end((CoreSpan) span, statusCode, error);
    }
  }

  @Override
  public void adviceFailed(Throwable error) {
    adviceFailures.report(error);
  }

  @Override
  public Object currentContextOrNull() {
    return TaskContexts.current();
  }

  @Override
  public ContextScope attach(Object context) {
    return TaskContexts.attach(context);
  }

  @Override
  public Object rememberContext(Object task) {
    return taskContexts.remember(task);
  }

  @Override
  public void rememberContextForThread(Thread thread) {
    taskContexts.rememberForThread(thread);
  }

  @Override
  public ContextScope resumeContext(Object task, boolean keep) {
    return taskContexts.resume(task, keep);
  }

  @Override
  public void forgetContext(Object task) {
    taskContexts.forget(task);
  }

  @Override
  public Object handOffContext(Object task) {
    return taskContexts.handOff(task);
  }

  // ------------------------------------------------------------------ messaging: Kafka (KafkaTracer)

  @Override
  public ActiveSpan startKafkaSendSpan(String topic, Integer partition, Object key, String clientId) {
    return kafka.startSend(topic, partition, key, clientId);
  }

  @Override
  public <C> void injectKafkaHeaders(ActiveSpan span, C headers, HeaderSetter<C> setter) {
    kafka.inject(span, headers, setter);
  }

  @Override
  public void endKafkaSendSpan(ActiveSpan span, int partition, long offset, Throwable error) {
    kafka.endSend(span, partition, offset, error);
  }

  @Override
  public void kafkaConsumerCreated(Object consumer, String groupId, String clientId) {
    kafka.consumerCreated(consumer, groupId, clientId);
  }

  @Override
  public long kafkaPollStarting(Object consumer) {
    return kafka.pollStarting(consumer);
  }

  @Override
  public <R> void kafkaPolled(Object consumer, Object records, Iterable<R> recordList, int count,
      KafkaRecordGetter<R> getter, long startEpochNanos) {
    kafka.polled(consumer, records, recordList, count, getter, startEpochNanos);
  }

  @Override
  public Object kafkaPolledBy(Object records) {
    return kafka.polledBy(records);
  }

  @Override
  public <R> ContextScope startKafkaProcessSpan(Object polledBy, R record, KafkaRecordGetter<R> getter) {
    return kafka.startProcess(polledBy, record, getter);
  }
}
