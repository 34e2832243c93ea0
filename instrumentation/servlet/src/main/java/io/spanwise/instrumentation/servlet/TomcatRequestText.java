package io.spanwise.instrumentation.servlet;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.catalina.connector.Request;
import org.apache.tomcat.util.buf.ByteChunk;
import org.apache.tomcat.util.buf.MessageBytes;
import org.apache.tomcat.util.http.MimeHeaders;

/**
 * Header values and the query string of a Tomcat request (8.5 to 11, either servlet namespace), made
 * from the bytes Tomcat read in one step (helper). Tomcat keeps them as bytes and decodes them again on
 * every {@code getHeader}, {@code getHeaders} and {@code getQueryString} call, through a
 * {@code CharsetDecoder} that allocates a byte buffer, a char buffer and its array besides the string
 * (about 200 bytes more per value); the agent reads the user agent, the query and the propagation
 * headers of every request. The text is the same: Tomcat's bytes in Tomcat's charset, malformed input
 * replaced as Tomcat's decoder replaces it; a value Tomcat already holds as text is taken as it is.
 *
 * <p>The user agent and the server name repeat from request to request: the last few of each are kept,
 * and a request that spells one gets that string ({@link RecentTexts}).
 *
 * <p>Only Tomcat's own {@code RequestFacade} is read here (its request is a protected field, read
 * through a handle found once); any other request, and every request once anything here has failed,
 * goes through the servlet API.
 *
 * <p>The request path is one of the last few the agent saw when Tomcat's bytes spell it; otherwise it is
 * Tomcat's own {@code getRequestURI}, which keeps the string it decodes for the application's framework
 * (Spring reads it on every request). Reading the bytes into a string of the agent's own on a miss would
 * have the framework decode it a second time.
 */
public final class TomcatRequestText {
  /** Answered when this cannot read the request: the caller asks the servlet API. */
  public static final String UNREAD = new String("<unread>");

  private static final String FACADE = "org.apache.catalina.connector.RequestFacade";

  // the facade class once it was read here, and the last other class seen: one class each in practice
  private static volatile Class<?> tomcat;
  private static volatile Class<?> other;
  private static volatile boolean failed;

  private static final RecentTexts USER_AGENTS = new RecentTexts(4);
  private static final RecentTexts SERVER_NAMES = new RecentTexts(4);
  /** A service answers on more paths than it has host names: more are kept. */
  private static final RecentTexts PATHS = new RecentTexts(16);

  private TomcatRequestText() {}

  /** Whether {@code request} is Tomcat's, to be read here. */
  public static boolean reads(Object request) {
    Class<?> type = request.getClass();
    if (type == tomcat) {
      return true;
    }
    return type != other && learn(type);
  }

  private static synchronized boolean learn(Class<?> type) {
    try {
      if (!failed && tomcat == null && type.getName().equals(FACADE) && Facade.request() != null) {
        tomcat = type;
        return true;
      }
    } catch (LinkageError e) {
      failed = true; // Tomcat's classes are not those this was built against
    }
    other = type;
    return false;
  }

  /** The first value of the header, as {@code getHeader} answers it (null when absent), or {@link #UNREAD}. */
  public static String header(Object request, String name) {
    try {
      MimeHeaders headers = mimeHeaders(request);
      return headers == null ? UNREAD : text(headers.getValue(name));
    } catch (RuntimeException | LinkageError e) {
      return fail();
    }
  }

  /**
   * Every value of the header, in order, as {@code getHeaders} enumerates them (empty when absent), or
   * null when this cannot read the request.
   */
  public static Iterator<String> headers(Object request, String name) {
    try {
      MimeHeaders headers = mimeHeaders(request);
      if (headers == null) {
        return null;
      }
      String first = null;
      List<String> more = null;
      for (int i = 0, n = headers.size(); i < n; i++) {
        if (headers.getName(i).equalsIgnoreCase(name)) {
          String value = text(headers.getValue(i));
          if (first == null) {
            first = value;
          } else {
            if (more == null) {
              more = new ArrayList<>(4);
              more.add(first);
            }
            more.add(value);
          }
        }
      }
      return more != null ? more.iterator()
          : first != null ? Collections.singleton(first).iterator() : Collections.emptyIterator();
    } catch (RuntimeException | LinkageError e) {
      fail();
      return null;
    }
  }

  /**
   * The first {@code User-Agent} header, as {@code getHeader} answers it (null when absent), or
   * {@link #UNREAD}; one of the last few user agents seen when the bytes spell it ({@link RecentTexts}).
   */
  public static String userAgent(Object request) {
    try {
      MimeHeaders headers = mimeHeaders(request);
      return headers == null ? UNREAD : USER_AGENTS.of(headers.getValue("user-agent"));
    } catch (RuntimeException | LinkageError e) {
      return fail();
    }
  }

  /**
   * The host name the request was sent to, as {@code getServerName} answers it, or {@link #UNREAD}; one of
   * the last few names seen when Tomcat's parsed name spells it ({@link RecentTexts}).
   */
  public static String serverName(Object request) {
    try {
      Request connector = Facade.connectorRequest(request);
      return connector == null ? UNREAD : SERVER_NAMES.of(connector.getCoyoteRequest().serverName());
    } catch (RuntimeException | LinkageError e) {
      return fail();
    }
  }

  /**
   * The request path, as {@code getRequestURI} answers it, or {@link #UNREAD}: one of the last paths seen
   * when Tomcat's bytes spell it, else Tomcat's own answer, kept for the requests to come.
   */
  public static String path(Object request) {
    try {
      Request connector = Facade.connectorRequest(request);
      if (connector == null) {
        return UNREAD;
      }
      String kept = PATHS.find(connector.getCoyoteRequest().requestURI());
      return kept != null ? kept : PATHS.keep(connector.getRequestURI());
    } catch (RuntimeException | LinkageError e) {
      return fail();
    }
  }

  /** The query string, as {@code getQueryString} answers it (null when none), or {@link #UNREAD}. */
  public static String query(Object request) {
    try {
      Request connector = Facade.connectorRequest(request);
      return connector == null ? UNREAD : text(connector.getCoyoteRequest().queryString());
    } catch (RuntimeException | LinkageError e) {
      return fail();
    }
  }

  private static MimeHeaders mimeHeaders(Object request) {
    Request connector = Facade.connectorRequest(request);
    return connector == null ? null : connector.getCoyoteRequest().getMimeHeaders();
  }

  /** What {@code MessageBytes.toString()} answers, without Tomcat's decoder for bytes. */
  private static String text(MessageBytes value) {
    if (value == null) {
      return null;
    }
    if (value.getType() == MessageBytes.T_BYTES) {
      ByteChunk bytes = value.getByteChunk();
      byte[] buffer = bytes.getBuffer();
      return buffer == null ? null : new String(buffer, bytes.getStart(), bytes.getLength(), bytes.getCharset());
    }
    return value.toString();
  }

  private static String fail() {
    failed = true;
    tomcat = null;
    return UNREAD;
  }

  /** The handle on {@code RequestFacade.request}, found when the first Tomcat request is seen. */
  private static final class Facade {
    private static final MethodHandle REQUEST = find();

    private static MethodHandle find() {
      try {
        Field field = Class.forName(FACADE, false, Facade.class.getClassLoader()).getDeclaredField("request");
        field.setAccessible(true);
        return MethodHandles.lookup().unreflectGetter(field)
            .asType(MethodType.methodType(Request.class, Object.class));
      } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
        return null; // another Tomcat, a security manager, Tomcat in a loader the servlet API cannot see
      }
    }

    static MethodHandle request() {
      return REQUEST;
    }

    /** The facade's request; null once Tomcat recycled the facade (the servlet API then throws). */
    static Request connectorRequest(Object facade) {
      try {
        return (Request) REQUEST.invokeExact(facade);
      } catch (RuntimeException | Error e) {
        throw e;
      } catch (Throwable e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
