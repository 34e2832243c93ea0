package io.spanwise.smoke.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Certificates made at test time with {@code openssl} (EC P-256, valid two days): a CA, a server
 * certificate for 127.0.0.1 and a client certificate it signed, their keys as PEM PKCS#8, a key that
 * belongs to neither, and the client key in the traditional (SEC 1, not PKCS#8) form.
 */
public final class TestCertificates {
  public final Path dir;
  public final Path ca;
  public final Path serverCertificate;
  public final Path serverKey;
  public final Path clientCertificate;
  public final Path clientKey;
  public final Path otherKey;
  public final Path clientKeySec1;

  private TestCertificates(Path dir) {
    this.dir = dir;
    this.ca = dir.resolve("ca.crt");
    this.serverCertificate = dir.resolve("server.crt");
    this.serverKey = dir.resolve("server.key");
    this.clientCertificate = dir.resolve("client.crt");
    this.clientKey = dir.resolve("client.key");
    this.otherKey = dir.resolve("other.key");
    this.clientKeySec1 = dir.resolve("client-sec1.key");
  }

  /** Whether {@code openssl} can be run. */
  public static boolean opensslAvailable() {
    try {
      return new ProcessBuilder("openssl", "version").redirectErrorStream(true).start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  public static TestCertificates generate(Path dir) {
    TestCertificates c = new TestCertificates(dir);
    String ec = "ec_paramgen_curve:prime256v1";
    c.openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", "ca.key", "-out", "ca.crt",
        "-subj", "/CN=spanwise test CA", "-days", "2");
    for (String name : List.of("server", "client")) {
      c.openssl("req", "-newkey", "ec", "-pkeyopt", ec, "-nodes", "-keyout", name + ".raw.key", "-out",
          name + ".csr", "-subj", "/CN=spanwise test " + name);
      write(dir.resolve(name + ".ext"), name.equals("server")
          ? "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
          : "extendedKeyUsage=clientAuth\n");
      c.openssl("x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial",
          "-out", name + ".crt", "-days", "2", "-extfile", name + ".ext");
      // PEM PKCS#8 (-----BEGIN PRIVATE KEY-----), the form the agent and Netty read
      c.openssl("pkcs8", "-topk8", "-nocrypt", "-in", name + ".raw.key", "-out", name + ".key");
    }
    c.openssl("genpkey", "-algorithm", "EC", "-pkeyopt", ec, "-out", "other.key");
    c.openssl("ec", "-in", "client.key", "-out", "client-sec1.key");
    return c;
  }

  /** A server context with the server's key and certificate, trusting the CA for client certificates. */
  public SSLContext serverContext() {
    try {
      List<Certificate> chain = new ArrayList<>(certificates(serverCertificate));
      chain.addAll(certificates(ca));
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      char[] password = "changeit".toCharArray();
      keys.setKeyEntry("server", privateKey(serverKey), password, chain.toArray(new Certificate[0]));
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, password);
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      trust.setCertificateEntry("ca", certificates(ca).get(0));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build the server's TLS context from " + dir, e);
    }
  }

  private static List<Certificate> certificates(Path pem) throws GeneralSecurityException, IOException {
    return new ArrayList<>(CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(pem))));
  }

  private static PrivateKey privateKey(Path pem) throws GeneralSecurityException, IOException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII)
        .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
    return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(text)));
  }

  private void openssl(String... args) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
