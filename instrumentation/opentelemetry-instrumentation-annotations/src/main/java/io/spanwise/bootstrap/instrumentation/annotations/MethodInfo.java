package io.spanwise.bootstrap.instrumentation.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an advice parameter the agent binds, when it weaves a method, to a constant it read from that
 * method's class file: the span name, the kind, the {@code @SpanAttribute} parameters. The advice thus
 * gets them with no reflection or look-up at run time. Only on advice parameters; never seen by the
 * application.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface MethodInfo {
  /** The span name: {@code @WithSpan}'s value, else {@code "{SimpleClassName}.{method}"} ({@code String}). */
  String SPAN_NAME = "spanName";
  /** The span kind: the {@link io.spanwise.bootstrap.api.SpanKind} ordinal, INTERNAL by default ({@code int}). */
  String KIND = "kind";
  /** {@code @WithSpan(inheritContext = false)}: the span starts a new trace ({@code boolean}). */
  String NEW_TRACE = "newTrace";
  /** The woven class's binary name: {@code code.namespace} ({@code String}). */
  String CODE_NAMESPACE = "codeNamespace";
  /** {@code code.function.name}: the class's binary name, a dot and the method's name ({@code String}). */
  String CODE_FUNCTION_NAME = "codeFunctionName";
  /** The attribute names of the {@code @SpanAttribute} parameters, or null when there are none ({@code String[]}). */
  String ATTRIBUTE_NAMES = "attributeNames";
  /**
   * One type letter per attribute ({@code String}): {@code S} string, {@code L} long, {@code D} double,
   * {@code B} boolean, lower case for an array or list of them.
   */
  String ATTRIBUTE_TYPES = "attributeTypes";
  /** Those parameters' values, boxed, or null when there are none ({@code Object[]}). */
  String ATTRIBUTE_VALUES = "attributeValues";

  /** One of the constants above. */
  String value();
}
