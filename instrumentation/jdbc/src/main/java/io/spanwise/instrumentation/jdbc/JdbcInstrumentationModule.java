package io.spanwise.instrumentation.jdbc;

import static io.spanwise.instrumentation.spi.ClassLoaderMatchers.hasClassNamed;
import static io.spanwise.instrumentation.spi.MethodMatchers.takesArgumentNamed;
import static io.spanwise.instrumentation.spi.MethodMatchers.takesOnlyArgumentNamed;
import static net.bytebuddy.matcher.ElementMatchers.hasSuperType;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.spanwise.bootstrap.instrumentation.jdbc.JdbcTracing;
import io.spanwise.instrumentation.jdbc.agent.DbTracer;
import io.spanwise.instrumentation.spi.InstrumentationContext;
import io.spanwise.instrumentation.spi.InstrumentationModule;
import io.spanwise.instrumentation.spi.TypeInstrumentation;
import java.util.List;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * One CLIENT span per JDBC statement execution, for any driver and any pool: the advice is woven into
 * every class implementing {@code java.sql.Statement}, {@code PreparedStatement} (and so
 * {@code CallableStatement}) and {@code Connection}, whatever its package.
 *
 * <ul>
 *   <li>{@code Statement.execute/executeQuery/executeUpdate/executeLargeUpdate(sql, ...)}: a span for
 *       that SQL.
 *   <li>{@code PreparedStatement.execute/executeQuery/executeUpdate/executeLargeUpdate()}: a span for
 *       the SQL the statement was prepared with, which {@code Connection.prepareStatement/prepareCall}
 *       advice remembers, in a field the agent adds to the statement classes (weakly, per statement
 *       object, for a class loaded before the agent).
 *   <li>{@code executeBatch/executeLargeBatch}: one span for the batch that {@code addBatch} calls built
 *       ({@code clearBatch} forgets it).
 *   <li>{@code close()} of a statement or connection: what was remembered about it is forgotten.
 * </ul>
 *
 * A per-thread call depth makes a wrapper calling the driver (a pool's proxy statement), or a driver's
 * {@code executeQuery} calling its own {@code execute}, one span: the outermost call's.
 */
public final class JdbcInstrumentationModule implements InstrumentationModule {
  private static final String PACKAGE = "io.spanwise.instrumentation.jdbc.";
  private static final ClassLoader PLATFORM = ClassLoader.getPlatformClassLoader();

  @Override
  public String name() {
    return "jdbc";
  }

  /** The database tracer (with {@code otel.instrumentation.jdbc.query-sanitization.enabled}) behind JdbcTracing. */
  @Override
  public void install(InstrumentationContext context) {
    JdbcTracing.install(new DbTracer(context.tracer(), DbTracer.querySanitization(context.config())));
  }

  /**
   * One type matcher for all of java.sql (a single walk up each class's hierarchy: type matching is most
   * of an agent's start-up cost); the method matchers then tell statements, prepared statements and
   * connections apart, which costs only for the classes that matched.
   */
  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    ElementMatcher<MethodDescription> ofPreparedStatement =
        isDeclaredBy(hasSuperType(named("java.sql.PreparedStatement")));
    return List.of(
        TypeInstrumentation.subTypesOf(driverLoaders(), "java.sql.Statement", "java.sql.Connection")
            .withAgentField() // a statement's prepared SQL, a connection's database: no weak map entry
            .advise(execute().and(takesArgumentNamed(0, "java.lang.String")), PACKAGE + "StatementExecuteAdvice")
            .advise(execute().and(takesArguments(0)).and(ofPreparedStatement),
                PACKAGE + "PreparedStatementExecuteAdvice")
            .advise(publicMethod(namedOneOf("executeBatch", "executeLargeBatch")).and(takesArguments(0)),
                PACKAGE + "StatementBatchAdvice")
            .advise(publicMethod(named("addBatch")).and(takesOnlyArgumentNamed("java.lang.String")),
                PACKAGE + "StatementAddBatchAdvice")
            .advise(publicMethod(named("addBatch")).and(takesArguments(0)).and(ofPreparedStatement),
                PACKAGE + "PreparedStatementAddBatchAdvice")
            .advise(publicMethod(named("clearBatch")).and(takesArguments(0)), PACKAGE + "ClearBatchAdvice")
            .advise(publicMethod(namedOneOf("prepareStatement", "prepareCall"))
                    .and(takesArgumentNamed(0, "java.lang.String"))
                    .and(isDeclaredBy(hasSuperType(named("java.sql.Connection")))),
                PACKAGE + "ConnectionPrepareAdvice")
            .advise(publicMethod(named("close")).and(takesArguments(0)), PACKAGE + "CloseAdvice"));
  }

  /**
   * Drivers and pools live in application class loaders. The bootstrap loader cannot see
   * {@code java.sql} at all and the platform loader holds only the JDK, so neither is looked at.
   */
  private static ElementMatcher<ClassLoader> driverLoaders() {
    ElementMatcher<ClassLoader> seesJavaSql = hasClassNamed("java.sql.Statement");
    return loader -> loader != null && loader != PLATFORM && seesJavaSql.matches(loader);
  }

  private static ElementMatcher.Junction<MethodDescription> execute() {
    return publicMethod(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate"));
  }

  private static ElementMatcher.Junction<MethodDescription> publicMethod(
      ElementMatcher<? super MethodDescription> name) {
    return isPublic().and(not(isAbstract())).and(not(isBridge())).and(name);
  }
}
