package io.spanwise.instrumentation.annotations.agent;

import io.spanwise.bootstrap.instrumentation.annotations.MethodInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.annotation.AnnotationList;
import net.bytebuddy.description.annotation.AnnotationValue;
import net.bytebuddy.description.enumeration.EnumerationDescription;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.method.ParameterDescription;
import net.bytebuddy.description.type.TypeDefinition;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.StackManipulation;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.implementation.bytecode.collection.ArrayFactory;
import net.bytebuddy.implementation.bytecode.constant.IntegerConstant;
import net.bytebuddy.implementation.bytecode.constant.NullConstant;
import net.bytebuddy.implementation.bytecode.constant.TextConstant;
import net.bytebuddy.implementation.bytecode.member.MethodVariableAccess;

/**
 * Binds the advice parameters marked {@link MethodInfo} to constants computed when a method is woven,
 * from its description in the type pool (its class file; the annotation classes are read as class
 * files, never loaded): the span name and kind of its {@code @WithSpan}, the code attributes, and its
 * {@code @SpanAttribute} parameters (names, a type letter from the declared type, and an array of the
 * values, boxed). At run time the advice pushes constants: no reflection, no look-up, no cache.
 */
public final class MethodInfoBinding implements Advice.OffsetMapping.Factory<MethodInfo> {
  public static final MethodInfoBinding INSTANCE = new MethodInfoBinding();

  /** The order of {@code io.spanwise.bootstrap.api.SpanKind} (and of the OpenTelemetry API's). */
  private static final List<String> KINDS = List.of("INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER");
  private static final Set<String> COLLECTIONS = Set.of("java.lang.Iterable", "java.util.Collection",
      "java.util.List", "java.util.Set", "java.util.SortedSet", "java.util.NavigableSet", "java.util.Queue",
      "java.util.Deque", "java.util.ArrayList", "java.util.LinkedList", "java.util.HashSet",
      "java.util.LinkedHashSet", "java.util.TreeSet");

  private MethodInfoBinding() {}

  @Override
  public Class<MethodInfo> getAnnotationType() {
    return MethodInfo.class;
  }

  @Override
  public Advice.OffsetMapping make(ParameterDescription.InDefinedShape target,
      AnnotationDescription.Loadable<MethodInfo> annotation, AdviceType adviceType) {
    String property = annotation.getValue("value").resolve(String.class);
    return (instrumentedType, instrumentedMethod, assigner, argumentHandler, sort) ->
        new Advice.OffsetMapping.Target.ForStackManipulation(
            value(property, instrumentedType, instrumentedMethod, assigner, argumentHandler));
  }

  private static StackManipulation value(String property, TypeDescription type, MethodDescription method,
      Assigner assigner, Advice.ArgumentHandler arguments) {
    switch (property) {
      case MethodInfo.SPAN_NAME:
        return new TextConstant(spanName(type, method));
      case MethodInfo.KIND:
        return IntegerConstant.forValue(kind(method));
      case MethodInfo.NEW_TRACE:
        return IntegerConstant.forValue(newTrace(method));
      case MethodInfo.CODE_NAMESPACE:
        return new TextConstant(type.getName());
      case MethodInfo.CODE_FUNCTION_NAME:
        return new TextConstant(type.getName() + "." + method.getName());
      case MethodInfo.ATTRIBUTE_NAMES:
      case MethodInfo.ATTRIBUTE_TYPES:
      case MethodInfo.ATTRIBUTE_VALUES:
        return attributes(property, method, assigner, arguments);
      default:
        throw new IllegalStateException("unknown @MethodInfo(\"" + property + "\")");
    }
  }

  /** {@code @WithSpan}'s value when set, else {@code "{SimpleClassName}.{method}"}, as the OpenTelemetry agent. */
  static String spanName(TypeDescription type, MethodDescription method) {
    Object value = withSpanValue(method, "value");
    if (value instanceof String && !((String) value).isEmpty()) {
      return (String) value;
    }
    return simpleName(type) + "." + method.getName();
  }

  /** The simple name; for an anonymous or local class, its binary name without the package ({@code Outer$1}). */
  static String simpleName(TypeDescription type) {
    String simple;
    try {
      simple = type.getSimpleName();
    } catch (RuntimeException unreadable) {
      simple = "";
    }
    if (simple.isEmpty()) {
      String name = type.getName();
      simple = name.substring(name.lastIndexOf('.') + 1);
    }
    return simple;
  }

  static int kind(MethodDescription method) {
    Object kind = withSpanValue(method, "kind");
    if (kind instanceof EnumerationDescription) {
      int index = KINDS.indexOf(((EnumerationDescription) kind).getValue());
      return Math.max(index, 0);
    }
    return 0;
  }

  static boolean newTrace(MethodDescription method) {
    return Boolean.FALSE.equals(withSpanValue(method, "inheritContext"));
  }

  /** A value of the method's {@code @WithSpan} (its default when not set), or null (none, or unreadable). */
  private static Object withSpanValue(MethodDescription method, String property) {
    AnnotationDescription withSpan = find(method.getDeclaredAnnotations(), AnnotationNames.WITH_SPANS);
    if (withSpan == null) {
      return null;
    }
    try {
      AnnotationValue<?, ?> value = withSpan.getValue(property);
      return value == null ? null : value.resolve();
    } catch (RuntimeException noSuchPropertyOrUnreadable) {
      // the older annotation has no inheritContext; a class file that cannot be read gives the default
      return null;
    }
  }

  private static AnnotationDescription find(AnnotationList annotations, String[] names) {
    for (AnnotationDescription annotation : annotations) {
      String name = annotation.getAnnotationType().getName();
      for (String candidate : names) {
        if (candidate.equals(name)) {
          return annotation;
        }
      }
    }
    return null;
  }

  /** One {@code @SpanAttribute} parameter: its index, attribute name and type letter. */
  static final class Attribute {
    final ParameterDescription parameter;
    final String name;
    final char type;

    Attribute(ParameterDescription parameter, String name, char type) {
      this.parameter = parameter;
      this.name = name;
      this.type = type;
    }
  }

  /**
   * The {@code @SpanAttribute} parameters: the name is the annotation's value, else the parameter's name
   * when the class was compiled with {@code -parameters}; a parameter with neither is left out.
   */
  static List<Attribute> attributes(MethodDescription method) {
    List<Attribute> attributes = new ArrayList<>();
    for (ParameterDescription parameter : method.getParameters()) {
      AnnotationDescription spanAttribute = find(parameter.getDeclaredAnnotations(), AnnotationNames.SPAN_ATTRIBUTES);
      if (spanAttribute == null) {
        continue;
      }
      String name = null;
      try {
        AnnotationValue<?, ?> value = spanAttribute.getValue("value");
        Object resolved = value == null ? null : value.resolve();
        if (resolved instanceof String && !((String) resolved).isEmpty()) {
          name = (String) resolved;
        }
      } catch (RuntimeException unreadable) {
        // fall back to the parameter's name
      }
      if (name == null && parameter.isNamed()) {
        name = parameter.getName();
      }
      if (name != null) {
        attributes.add(new Attribute(parameter, name, typeLetter(parameter.getType())));
      }
    }
    return attributes;
  }

  private static StackManipulation attributes(String property, MethodDescription method, Assigner assigner,
      Advice.ArgumentHandler arguments) {
    List<Attribute> attributes = attributes(method);
    if (attributes.isEmpty()) {
      return NullConstant.INSTANCE;
    }
    switch (property) {
      case MethodInfo.ATTRIBUTE_NAMES: {
        List<StackManipulation> names = new ArrayList<>();
        for (Attribute attribute : attributes) {
          names.add(new TextConstant(attribute.name));
        }
        return ArrayFactory.forType(TypeDescription.ForLoadedType.of(String.class).asGenericType()).withValues(names);
      }
      case MethodInfo.ATTRIBUTE_TYPES: {
        StringBuilder types = new StringBuilder();
        for (Attribute attribute : attributes) {
          types.append(attribute.type);
        }
        return new TextConstant(types.toString());
      }
      default: {
        List<StackManipulation> values = new ArrayList<>();
        for (Attribute attribute : attributes) {
          TypeDescription.Generic type = attribute.parameter.getType();
          values.add(new StackManipulation.Compound(
              MethodVariableAccess.of(type).loadFrom(arguments.argument(attribute.parameter.getOffset())),
              assigner.assign(type, TypeDescription.Generic.OBJECT, Assigner.Typing.STATIC)));
        }
        return ArrayFactory.forType(TypeDescription.Generic.OBJECT).withValues(values);
      }
    }
  }

  /**
   * The attribute type of a parameter's declared type, as the OpenTelemetry agent chooses it: {@code S}
   * string, {@code L} long (any integral type), {@code D} double (float, double), {@code B} boolean; lower
   * case for an array or a collection of them (by its type argument); any other type is a string (its
   * {@code toString()}).
   */
  static char typeLetter(TypeDescription.Generic type) {
    try {
      TypeDescription erasure = type.asErasure();
      if (erasure.isArray()) {
        char component = scalar(erasure.getComponentType());
        return Character.toLowerCase(component == 0 ? 'S' : component);
      }
      char scalar = scalar(erasure);
      if (scalar != 0) {
        return scalar;
      }
      if (COLLECTIONS.contains(erasure.getName())) {
        if (type.getSort() == TypeDefinition.Sort.PARAMETERIZED && type.getTypeArguments().size() == 1) {
          TypeDescription.Generic argument = type.getTypeArguments().get(0);
          if (argument.getSort() == TypeDefinition.Sort.NON_GENERIC) {
            char element = scalar(argument.asErasure());
            return Character.toLowerCase(element == 0 ? 'S' : element);
          }
        }
        return 's';
      }
    } catch (RuntimeException unreadable) {
      // a type the pool cannot describe: its toString()
    }
    return 'S';
  }

  private static char scalar(TypeDescription type) {
    switch (type.getName()) {
      case "java.lang.String":
        return 'S';
      case "boolean":
      case "java.lang.Boolean":
        return 'B';
      case "byte":
      case "short":
      case "int":
      case "long":
      case "java.lang.Byte":
      case "java.lang.Short":
      case "java.lang.Integer":
      case "java.lang.Long":
        return 'L';
      case "float":
      case "double":
      case "java.lang.Float":
      case "java.lang.Double":
        return 'D';
      default:
        return 0;
    }
  }
}
