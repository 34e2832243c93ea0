package org.example.conformance;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The test service of the W3C trace-context suite ({@code w3c/trace-context}, {@code test/README.md}): the
 * request body is a JSON array of {@code {"url": ..., "arguments": [...]}}; for each element the service
 * POSTs {@code arguments} to {@code url}, one after the other, with the HTTP client named by
 * {@code ?client=} ({@code java-http-client}, the default, {@code http-url-connection},
 * {@code apache-httpclient-4}, {@code apache-httpclient-5}). It copies no header: what the callee receives is
 * what the agent propagates. An application class, outside the agent's packages.
 */
public final class ConformanceServlet extends HttpServlet {
  private final HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private org.apache.http.impl.client.CloseableHttpClient apache4;
  private org.apache.hc.client5.http.impl.classic.CloseableHttpClient apache5;

  /** Declared here so that the servlet advice is in this class (see FanOutServlet). */
  @Override
  public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
    super.service(request, response);
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String body = new String(request.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String client = request.getParameter("client");
    int calls = 0;
    for (String[] call : calls(body)) {
      post(client == null ? "java-http-client" : client, call[0], call[1]);
      calls++;
    }
    response.setContentType("application/json");
    response.getWriter().print("{\"calls\":" + calls + "}");
  }

  private void post(String client, String url, String arguments) throws IOException {
    byte[] body = arguments.getBytes(StandardCharsets.UTF_8);
    switch (client) {
      case "http-url-connection": {
        HttpURLConnection connection = (HttpURLConnection) new URL(url).openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
          out.write(body);
        }
        connection.getResponseCode();
        try (InputStream in = connection.getInputStream()) {
          in.readAllBytes();
        }
        break;
      }
      case "apache-httpclient-4": {
        synchronized (this) {
          if (apache4 == null) {
            apache4 = org.apache.http.impl.client.HttpClients.createDefault();
          }
        }
        org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
        post.setEntity(new org.apache.http.entity.ByteArrayEntity(body,
            org.apache.http.entity.ContentType.APPLICATION_JSON));
        try (org.apache.http.client.methods.CloseableHttpResponse response = apache4.execute(post)) {
          org.apache.http.util.EntityUtils.consume(response.getEntity());
        }
        break;
      }
      case "apache-httpclient-5": {
        synchronized (this) {
          if (apache5 == null) {
            apache5 = org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();
          }
        }
        org.apache.hc.client5.http.classic.methods.HttpPost post = new org.apache.hc.client5.http.classic.methods.HttpPost(url);
        post.setEntity(new org.apache.hc.core5.http.io.entity.ByteArrayEntity(body,
            org.apache.hc.core5.http.ContentType.APPLICATION_JSON));
        apache5.execute(post, response -> {
          org.apache.hc.core5.http.io.entity.EntityUtils.consume(response.getEntity());
          return null;
        });
        break;
      }
      default:
        try {
          jdk.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException(e);
        }
    }
  }

  /** The (url, arguments as JSON text) pairs of the body's array; enough JSON for the harness's bodies. */
  static List<String[]> calls(String json) {
    List<String[]> calls = new ArrayList<>();
    Scanner s = new Scanner(json);
    s.skipWs();
    if (!s.eat('[')) {
      return calls;
    }
    while (true) {
      s.skipWs();
      if (s.eat(']') || s.done()) {
        return calls;
      }
      if (!s.eat('{')) {
        return calls;
      }
      String url = null;
      String arguments = "[]";
      while (true) {
        s.skipWs();
        if (s.eat('}')) {
          break;
        }
        String name = s.string();
        s.skipWs();
        s.eat(':');
        s.skipWs();
        int start = s.at;
        s.value();
        if ("url".equals(name)) {
          url = new Scanner(json.substring(start, s.at)).string();
        } else if ("arguments".equals(name)) {
          arguments = json.substring(start, s.at);
        }
        s.skipWs();
        s.eat(',');
        if (s.done()) {
          return calls;
        }
      }
      if (url != null) {
        calls.add(new String[] {url, arguments});
      }
      s.skipWs();
      s.eat(',');
    }
  }

  private static final class Scanner {
    final String s;
    int at;

    Scanner(String s) {
      this.s = s;
    }

    boolean done() {
      return at >= s.length();
    }

    void skipWs() {
      while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
        at++;
      }
    }

    boolean eat(char c) {
      if (at < s.length() && s.charAt(at) == c) {
        at++;
        return true;
      }
      return false;
    }

    String string() {
      StringBuilder out = new StringBuilder();
      if (!eat('"')) {
        return "";
      }
      while (at < s.length()) {
        char c = s.charAt(at++);
        if (c == '"') {
          break;
        }
        if (c == '\\' && at < s.length()) {
          char e = s.charAt(at++);
          switch (e) {
            case 'n': out.append('\n'); break;
            case 't': out.append('\t'); break;
            case 'r': out.append('\r'); break;
            case 'b': out.append('\b'); break;
            case 'f': out.append('\f'); break;
            case 'u':
              out.append((char) Integer.parseInt(s.substring(at, Math.min(at + 4, s.length())), 16));
              at += 4;
              break;
            default: out.append(e);
          }
        } else {
          out.append(c);
        }
      }
      return out.toString();
    }

    /** Skips one JSON value. */
    void value() {
      skipWs();
      if (at >= s.length()) {
        return;
      }
      char c = s.charAt(at);
      if (c == '"') {
        string();
      } else if (c == '[' || c == '{') {
        int depth = 0;
        while (at < s.length()) {
          char d = s.charAt(at);
          if (d == '"') {
            string();
            continue;
          }
          at++;
          if (d == '[' || d == '{') {
            depth++;
          } else if ((d == ']' || d == '}') && --depth == 0) {
            return;
          }
        }
      } else {
        while (at < s.length() && ",]}".indexOf(s.charAt(at)) < 0 && !Character.isWhitespace(s.charAt(at))) {
          at++;
        }
      }
    }
  }
}
