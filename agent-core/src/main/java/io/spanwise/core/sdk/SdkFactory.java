package io.spanwise.core.sdk;

import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.extension.trace.propagation.B3Propagator;
import io.opentelemetry.extension.trace.propagation.JaegerPropagator;
import io.opentelemetry.extension.trace.propagation.OtTracePropagator;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanLimits;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.spanwise.core.AgentLog;
import io.spanwise.core.spans.CompactTracer;
import io.spanwise.core.config.Config;
import io.spanwise.core.export.ConsoleTraceExporter;
import io.spanwise.core.export.otlp.OtlpGrpcTransport;
import io.spanwise.core.export.otlp.OtlpHttpTransport;
import io.spanwise.core.export.otlp.OtlpPlainHttpTransport;
import io.spanwise.core.export.otlp.OtlpTransport;
import io.spanwise.core.export.otlp.ResilientSpanExporter;
import io.spanwise.core.sampling.SamplingRules;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds the OpenTelemetry SDK the agent records into, from the standard {@code otel.*} settings:
 * resource, sampler, span limits, propagators, exporters and their span processors. Never throws: a
 * setting that cannot be used is reported once (see {@link Config}) and its default is used; a
 * component that cannot be built at all is logged and left out.
 */
public final class SdkFactory {
  /** Instrumentation scope of every span the agent makes. */
  public static final String SCOPE_NAME = "io.spanwise";

  static final String OTLP = "otlp";
  static final String CONSOLE = "console";
  static final String NONE = "none";
  static final String HTTP_PROTOBUF = "http/protobuf";
  static final String GRPC = "grpc";
  static final String DEFAULT_HTTP_ENDPOINT = "http://localhost:4318";
  static final String DEFAULT_GRPC_ENDPOINT = "http://localhost:4317";
  static final String TRACES_PATH = "v1/traces";

  static final List<String> EXPORTERS = Arrays.asList(OTLP, CONSOLE, NONE);
  static final List<String> SAMPLERS =
      Arrays.asList(
          "always_on",
          "always_off",
          "traceidratio",
          "parentbased_always_on",
          "parentbased_always_off",
          "parentbased_traceidratio");
  static final List<String> PROPAGATORS =
      Arrays.asList("tracecontext", "baggage", "b3", "b3multi", "jaeger", "ottrace", "none");
  static final List<String> DEFAULT_PROPAGATORS = Arrays.asList("tracecontext", "baggage");

  private SdkFactory() {}

  /**
   * Builds the SDK. With {@code exporterOverride} (in-process tests) spans go synchronously through
   * a {@link SimpleSpanProcessor} to that exporter, and {@code otel.traces.exporter} is not read.
   */
  public static AgentSdk create(Config config, SpanExporter exporterOverride) {
    try {
      return build(config, exporterOverride);
    } catch (RuntimeException | LinkageError e) {
      AgentLog.error("cannot set up the OpenTelemetry SDK; spans will not be exported", e);
      SdkTracerProvider provider = SdkTracerProvider.builder().build();
      return new AgentSdk(provider, null, Resource.getDefault(), ContextPropagators.create(W3CTraceContextPropagator.getInstance()),
          "none (set-up failed)", null, AgentSdk.SHUTDOWN_BUDGET, "default", () -> 0);
    }
  }

  /**
   * Records the agent's spans as the SDK's own spans instead of {@link CompactTracer}'s: to compare the
   * two, or to rule the compact spans out when a span looks wrong.
   */
  static final String SDK_SPANS = "spanwise.internal.sdk-spans";

  private static AgentSdk build(Config config, SpanExporter exporterOverride) {
    Resource resource = resource(config);
    Sampler head = sampler(config);
    SamplingRules rules = SamplingRules.fromConfig(config);
    Sampler sampler = rules.isActive() ? rules.sampler(head) : head;
    SpanLimits limits = spanLimits(config);
    SdkTracerProviderBuilder builder =
        SdkTracerProvider.builder()
            .setResource(resource)
            .setSampler(sampler)
            .setSpanLimits(limits);
    List<SpanProcessor> processors = new ArrayList<>();
    List<SpanExporter> keptTracesGoTo = new ArrayList<>();

    List<String> descriptions = new ArrayList<>();
    DroppedSpansReporter dropReporter = null;
    ResilientSpanExporter resilient = null;
    if (exporterOverride != null) {
      processors.add(SimpleSpanProcessor.create(exporterOverride));
      keptTracesGoTo.add(exporterOverride);
      descriptions.add("in-process exporter " + exporterOverride.getClass().getSimpleName());
    } else {
      for (String exporter : exporters(config)) {
        switch (exporter) {
          case OTLP:
            BatchSettings batch = batchSettings(config);
            OtlpExporter otlp = otlpExporter(config, batch);
            if (otlp != null) {
              dropReporter = new DroppedSpansReporter(batch.maxQueueSize, "the collector at " + otlp.endpoint);
              processors.add(batchProcessor(otlp.exporter, batch, dropReporter));
              descriptions.add(otlp.description);
              resilient = otlp.exporter;
              keptTracesGoTo.add(otlp.exporter);
            }
            break;
          case CONSOLE:
            ConsoleTraceExporter console = new ConsoleTraceExporter();
            processors.add(SimpleSpanProcessor.create(console));
            keptTracesGoTo.add(console);
            descriptions.add(CONSOLE);
            break;
          default:
            break;
        }
      }
    }
    if (rules.keepsTraces() && !keptTracesGoTo.isEmpty()) {
      // traces the head did not sample but that failed or were slow: exported whole, without the queue
      processors.add(rules.keepingProcessor(SpanExporter.composite(keptTracesGoTo)));
    }
    processors.forEach(builder::addSpanProcessor);
    String description = descriptions.isEmpty() ? NONE : String.join(", ", descriptions);
    SdkTracerProvider provider = builder.build();
    if (resilient != null) {
      // back from an outage: the processor's queue goes out now, not at its next scheduled delay
      resilient.onRecovery(provider::forceFlush);
    }
    // the agent's own spans: the same sampler, limits, resource and processors, in fewer objects
    CompactTracer compact = config.getBoolean(SDK_SPANS, false) ? null
        : new CompactTracer(sampler, samplerReadsTraceId(config), SpanProcessor.composite(processors), limits,
            resource, AgentSdk.AGENT_SCOPE);
    return new AgentSdk(provider, compact, resource, propagators(config), description, dropReporter,
        shutdownTimeout(config), rules.describe(describeSampler(config)),
        resilient == null ? () -> 0 : resilient::lostSpans);
  }

  // ------------------------------------------------------------------ resource

  static Resource resource(Config config) {
    try {
      return AgentResource.create(config);
    } catch (RuntimeException e) {
      AgentLog.error("cannot build the resource from otel.resource.attributes; using the default", e);
      return Resource.getDefault();
    }
  }

  // ------------------------------------------------------------------ sampler

  static Sampler sampler(Config config) {
    String name = config.getChoice("otel.traces.sampler", "parentbased_always_on", SAMPLERS);
    switch (name) {
      case "always_on":
        return Sampler.alwaysOn();
      case "always_off":
        return Sampler.alwaysOff();
      case "traceidratio":
        return Sampler.traceIdRatioBased(ratio(config));
      case "parentbased_always_off":
        return Sampler.parentBased(Sampler.alwaysOff());
      case "parentbased_traceidratio":
        return Sampler.parentBased(Sampler.traceIdRatioBased(ratio(config)));
      case "parentbased_always_on":
      default:
        return Sampler.parentBased(Sampler.alwaysOn());
    }
  }

  /** What the head sampler reads of a span's trace id (the rules around it read none of it). */
  static CompactTracer.SamplerReadsTraceId samplerReadsTraceId(Config config) {
    switch (config.getChoice("otel.traces.sampler", "parentbased_always_on", SAMPLERS)) {
      case "traceidratio":
        return CompactTracer.SamplerReadsTraceId.ALWAYS;
      case "parentbased_traceidratio":
        return CompactTracer.SamplerReadsTraceId.FOR_ROOTS;
      default:
        return CompactTracer.SamplerReadsTraceId.NEVER;
    }
  }

  /** The head sampler in words, for the start-up line: "100% head", "5% head", "parent decides, else 5%". */
  static String describeSampler(Config config) {
    String name = config.getChoice("otel.traces.sampler", "parentbased_always_on", SAMPLERS);
    String percent;
    switch (name) {
      case "always_off":
      case "parentbased_always_off":
        percent = "0%";
        break;
      case "traceidratio":
      case "parentbased_traceidratio":
        percent = java.math.BigDecimal.valueOf(ratio(config) * 100).stripTrailingZeros().toPlainString() + "%";
        break;
      default:
        percent = "100%";
    }
    return percent + " head" + (name.startsWith("parentbased") ? " (a remote parent's decision is followed)" : "");
  }

  private static double ratio(Config config) {
    return config.getDouble("otel.traces.sampler.arg", 1.0, 0.0, 1.0);
  }

  // ------------------------------------------------------------------ span limits

  static SpanLimits spanLimits(Config config) {
    SpanLimits defaults = SpanLimits.getDefault();
    int generalLength =
        config.getInt("otel.attribute.value.length.limit", defaults.getMaxAttributeValueLength(), 0);
    int generalCount =
        config.getInt("otel.attribute.count.limit", defaults.getMaxNumberOfAttributes(), 0);
    return SpanLimits.builder()
        .setMaxAttributeValueLength(
            config.getInt("otel.span.attribute.value.length.limit", generalLength, 0))
        .setMaxNumberOfAttributes(config.getInt("otel.span.attribute.count.limit", generalCount, 0))
        .setMaxNumberOfEvents(
            config.getInt("otel.span.event.count.limit", defaults.getMaxNumberOfEvents(), 0))
        .setMaxNumberOfLinks(
            config.getInt("otel.span.link.count.limit", defaults.getMaxNumberOfLinks(), 0))
        .setMaxNumberOfAttributesPerEvent(
            config.getInt("otel.event.attribute.count.limit", generalCount, 0))
        .setMaxNumberOfAttributesPerLink(
            config.getInt("otel.link.attribute.count.limit", generalCount, 0))
        .build();
  }

  // ------------------------------------------------------------------ propagators

  static ContextPropagators propagators(Config config) {
    List<String> chosen = knownNames(config, "otel.propagators", PROPAGATORS, DEFAULT_PROPAGATORS, "propagator");
    if (chosen.isEmpty()) {
      return ContextPropagators.noop();
    }
    List<TextMapPropagator> propagators = new ArrayList<>();
    for (String name : chosen) {
      propagators.add(propagator(name));
    }
    return ContextPropagators.create(TextMapPropagator.composite(propagators));
  }

  private static TextMapPropagator propagator(String name) {
    switch (name) {
      case "tracecontext":
        // OpenTelemetry's, keeping W3C Level 2's random flag of a continued trace on outgoing calls
        return io.spanwise.core.propagation.W3CTraceContext.getInstance();
      case "baggage":
        // OpenTelemetry's reader, Spanwise's writer (properties were percent-encoded as a value)
        return io.spanwise.core.propagation.W3CBaggage.getInstance();
      case "b3":
        return B3Propagator.injectingSingleHeader();
      case "b3multi":
        return B3Propagator.injectingMultiHeaders();
      case "jaeger":
        return JaegerPropagator.getInstance();
      case "ottrace":
        return OtTracePropagator.getInstance();
      default:
        throw new IllegalArgumentException(name);
    }
  }

  // ------------------------------------------------------------------ exporters

  /** The exporters to use, in order, without duplicates; empty for {@code none}. */
  static List<String> exporters(Config config) {
    return knownNames(config, "otel.traces.exporter", EXPORTERS, Collections.singletonList(OTLP), "exporter");
  }

  /**
   * A comma list of names from {@code accepted}, in order, without duplicates, lower-cased; empty when it
   * is just {@code none}. Unknown names are warned about and skipped; when none is left, the defaults
   * are used. {@code logging} is read as {@code console}, the OpenTelemetry agent's former name.
   */
  private static List<String> knownNames(
      Config config, String property, List<String> accepted, List<String> defaults, String kind) {
    Set<String> chosen = new LinkedHashSet<>();
    List<String> unknown = new ArrayList<>();
    for (String name : config.getList(property, defaults)) {
      String lower = name.toLowerCase(Locale.ROOT);
      if ("logging".equals(lower) && accepted.contains(CONSOLE)) {
        lower = CONSOLE;
      }
      if (accepted.contains(lower)) {
        chosen.add(lower);
      } else {
        unknown.add(name);
      }
    }
    if (chosen.isEmpty()) {
      config.warnInvalid(property, config.getString(property, ""),
          "a comma separated list of " + String.join(", ", accepted), String.join(",", defaults));
      return new ArrayList<>(defaults);
    }
    for (String name : unknown) {
      config.warn(config.sourceName(property) + " lists \"" + name + "\", which is not a known " + kind
          + " (accepted: " + String.join(", ", accepted) + "); skipping it");
    }
    if (chosen.contains(NONE)) {
      if (chosen.size() == 1) {
        return Collections.emptyList();
      }
      config.warn(config.sourceName(property) + " combines \"none\" with other " + kind + "s; ignoring \"none\"");
      chosen.remove(NONE);
    }
    return new ArrayList<>(chosen);
  }

  /** The OTLP exporter, its endpoint and a line for the startup log. */
  static final class OtlpExporter {
    final ResilientSpanExporter exporter;
    final String protocol;
    final String endpoint;
    final String description;

    OtlpExporter(ResilientSpanExporter exporter, String protocol, String endpoint, String description) {
      this.exporter = exporter;
      this.protocol = protocol;
      this.endpoint = endpoint;
      this.description = description;
    }
  }

  /** {@code otel.exporter.otlp.traces.<key>} when set, else {@code otel.exporter.otlp.<key>}. */
  static String otlpKey(Config config, String key) {
    String specific = "otel.exporter.otlp.traces." + key;
    return config.isSet(specific) ? specific : "otel.exporter.otlp." + key;
  }

  static String otlpProtocol(Config config) {
    return config.getChoice(otlpKey(config, "protocol"), HTTP_PROTOBUF, HTTP_PROTOBUF, GRPC);
  }

  /** The endpoint spans are sent to, after validation and the {@code /v1/traces} rule. */
  static String otlpEndpoint(Config config, String protocol) {
    boolean http = HTTP_PROTOBUF.equals(protocol);
    String defaultBase = http ? DEFAULT_HTTP_ENDPOINT : DEFAULT_GRPC_ENDPOINT;
    String general = config.getString("otel.exporter.otlp.endpoint", null);
    String fromGeneral = http ? withTracesPath(defaultBase) : defaultBase;
    if (general != null) {
      if (isValidEndpoint(general)) {
        fromGeneral = http ? withTracesPath(general) : general;
      } else if (!config.isSet("otel.exporter.otlp.traces.endpoint")) {
        config.warnInvalid("otel.exporter.otlp.endpoint", general, ENDPOINT_ACCEPTED, defaultBase);
      }
    }
    String specific = config.getString("otel.exporter.otlp.traces.endpoint", null);
    if (specific != null) {
      if (isValidEndpoint(specific)) {
        return specific;
      }
      config.warnInvalid("otel.exporter.otlp.traces.endpoint", specific, ENDPOINT_ACCEPTED,
          fromGeneral);
    }
    return fromGeneral;
  }

  private static final String ENDPOINT_ACCEPTED =
      "an http:// or https:// URL with a host, e.g. http://collector:4318";

  static boolean isValidEndpoint(String endpoint) {
    try {
      URI uri = new URI(endpoint);
      String scheme = uri.getScheme();
      return scheme != null
          && ("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))
          && uri.getHost() != null
          && !uri.getHost().isEmpty();
    } catch (Exception e) {
      return false;
    }
  }

  static String withTracesPath(String base) {
    return base.endsWith("/") ? base + TRACES_PATH : base + "/" + TRACES_PATH;
  }

  /**
   * The OTLP exporter (a {@link ResilientSpanExporter} over the protocol's transport); null when it cannot
   * be built (logged). Nothing is connected or set up for TLS here unless TLS files are configured: the
   * transport makes its client on the first export, off the application's start-up path.
   */
  static OtlpExporter otlpExporter(Config config, BatchSettings batch) {
    String protocol = otlpProtocol(config);
    String endpoint = otlpEndpoint(config, protocol);
    Map<String, String> headers = config.getMap(otlpKey(config, "headers"));
    String compression = config.getChoice(otlpKey(config, "compression"), NONE, "gzip", NONE);
    boolean gzip = "gzip".equals(compression);
    Duration timeout = config.getDuration(otlpKey(config, "timeout"), Duration.ofSeconds(10));
    OtlpTls tls = OtlpTls.fromConfig(config);
    try {
      OtlpTransport transport = GRPC.equals(protocol)
          ? new OtlpGrpcTransport(endpoint, headers, gzip, timeout,
              tls == null ? null : tls.sslContext, tls == null ? null : tls.trustManager)
          : httpTransport(URI.create(endpoint), headers, gzip, timeout, tls);
      ResilientSpanExporter exporter = new ResilientSpanExporter(
          transport, batch.maxQueueSize, batch.maxExportBatchSize, timeout, AgentThreads::exportScheduler);
      String description = "otlp " + protocol + " to " + endpoint + (gzip ? " (gzip)" : "")
          + (tls == null ? "" : " (" + tls.description + ")");
      return new OtlpExporter(exporter, protocol, endpoint, description);
    } catch (RuntimeException | LinkageError e) {
      AgentLog.error("cannot create the OTLP " + protocol + " exporter for " + endpoint
          + "; spans will not be sent there", e);
      return null;
    }
  }

  /**
   * http/protobuf: a plain {@code http://} endpoint gets the exporter thread's own HTTP/1.1 connection
   * ({@link OtlpPlainHttpTransport}, no thread hand-offs), {@code https://} the JDK's {@code HttpClient}.
   */
  private static OtlpTransport httpTransport(URI endpoint, Map<String, String> headers, boolean gzip,
      Duration timeout, OtlpTls tls) {
    if ("http".equalsIgnoreCase(endpoint.getScheme()) && endpoint.getHost() != null) {
      return new OtlpPlainHttpTransport(endpoint, headers, gzip, timeout);
    }
    return new OtlpHttpTransport(endpoint, headers, gzip, timeout, tls == null ? null : tls.sslContext,
        AgentThreads::exporterExecutor);
  }

  /** The PEM file named by {@code ...certificate}, or null (unset, unreadable or not PEM: warned). */
  static byte[] trustedCertificates(Config config) {
    String key = otlpKey(config, "certificate");
    String path = config.getString(key, null);
    if (path == null) {
      return null;
    }
    String problem;
    try {
      byte[] pem = Files.readAllBytes(Paths.get(path));
      Collection<?> certificates =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem));
      if (!certificates.isEmpty()) {
        return pem;
      }
      problem = "no certificate in it";
    } catch (java.nio.file.NoSuchFileException e) {
      problem = "no such file";
    } catch (java.nio.file.AccessDeniedException e) {
      problem = "permission denied";
    } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
      problem = "cannot read it (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    } catch (java.security.GeneralSecurityException e) {
      problem = "not PEM certificates (" + e.getMessage() + ")";
    }
    config.warnInvalid(key, path, problem, "the path of a readable PEM file of trusted certificates",
        "the JVM's trusted certificates");
    return null;
  }

  /** {@code spanwise.shutdown.timeout}: how long the flush at JVM exit may wait for a collector that answers. */
  static Duration shutdownTimeout(Config config) {
    return config.getDuration("spanwise.shutdown.timeout", AgentSdk.SHUTDOWN_BUDGET);
  }

  // ------------------------------------------------------------------ batch span processor

  static final class BatchSettings {
    final Duration scheduleDelay;
    final int maxQueueSize;
    final int maxExportBatchSize;
    final Duration exportTimeout;

    BatchSettings(Duration scheduleDelay, int maxQueueSize, int maxExportBatchSize,
        Duration exportTimeout) {
      this.scheduleDelay = scheduleDelay;
      this.maxQueueSize = maxQueueSize;
      this.maxExportBatchSize = maxExportBatchSize;
      this.exportTimeout = exportTimeout;
    }
  }

  static BatchSettings batchSettings(Config config) {
    Duration delay = config.getDuration("otel.bsp.schedule.delay", Duration.ofMillis(5000));
    int queue = config.getInt("otel.bsp.max.queue.size", 2048, 1);
    int batch = config.getInt("otel.bsp.max.export.batch.size", 512, 1);
    Duration timeout = config.getDuration("otel.bsp.export.timeout", Duration.ofMillis(30000));
    if (batch > queue) {
      config.warn(config.sourceName("otel.bsp.max.export.batch.size") + "=" + batch
          + " is larger than " + config.sourceName("otel.bsp.max.queue.size") + "=" + queue
          + "; using " + queue);
      batch = queue;
    }
    return new BatchSettings(delay, queue, batch, timeout);
  }

  static BatchSpanProcessor batchProcessor(
      SpanExporter exporter, BatchSettings settings, MeterProvider dropCounter) {
    return BatchSpanProcessor.builder(exporter)
        .setScheduleDelay(settings.scheduleDelay)
        .setMaxQueueSize(settings.maxQueueSize)
        .setMaxExportBatchSize(settings.maxExportBatchSize)
        .setExporterTimeout(settings.exportTimeout)
        .setMeterProvider(dropCounter)
        .build();
  }
}
