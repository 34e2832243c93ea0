package io.spanwise.core.sdk;

import io.opentelemetry.exporter.internal.TlsUtil;
import io.spanwise.core.config.Config;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509KeyManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS towards the collector from the standard settings: {@code otel.exporter.otlp[.traces].certificate}
 * (PEM certificates to trust instead of the JVM's) and, for mutual TLS,
 * {@code .client.key} (a PEM PKCS#8 private key) with {@code .client.certificate} (its PEM certificate
 * chain). Each file is read and checked at start-up; a file that cannot be used gives one line naming the
 * setting, the path and the problem (missing, unreadable, not PEM, a key that does not belong to the
 * certificate), and that part of TLS falls back to the JVM's defaults.
 */
final class OtlpTls {
  final SSLContext sslContext;
  final X509TrustManager trustManager;
  /** For the start-up line: "custom trust", "client certificate", or both. */
  final String description;

  private OtlpTls(SSLContext sslContext, X509TrustManager trustManager, String description) {
    this.sslContext = sslContext;
    this.trustManager = trustManager;
    this.description = description;
  }

  /** Null when neither custom trust nor a client certificate is configured (or usable). */
  static OtlpTls fromConfig(Config config) {
    byte[] trusted = SdkFactory.trustedCertificates(config);
    KeyManager clientKey = clientKeyManager(config);
    if (trusted == null && clientKey == null) {
      return null;
    }
    try {
      X509TrustManager trust = trusted != null ? TlsUtil.trustManager(trusted) : defaultTrustManager();
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(clientKey == null ? null : new KeyManager[] {clientKey}, new TrustManager[] {trust}, null);
      String description = (trusted != null ? "custom trust" : "")
          + (trusted != null && clientKey != null ? ", " : "") + (clientKey != null ? "client certificate" : "");
      return new OtlpTls(context, trust, description);
    } catch (GeneralSecurityException | javax.net.ssl.SSLException | RuntimeException e) {
      config.warn("cannot set up TLS for the OTLP exporter (" + e + "); using the JVM's defaults");
      return null;
    }
  }

  private static X509TrustManager defaultTrustManager() throws GeneralSecurityException {
    TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init((KeyStore) null);
    for (TrustManager manager : factory.getTrustManagers()) {
      if (manager instanceof X509TrustManager) {
        return (X509TrustManager) manager;
      }
    }
    throw new GeneralSecurityException("the JVM has no X.509 trust manager");
  }

  /** The client's key manager for mutual TLS, or null (not configured, or not usable: warned). */
  static X509KeyManager clientKeyManager(Config config) {
    String keyName = SdkFactory.otlpKey(config, "client.key");
    String certName = SdkFactory.otlpKey(config, "client.certificate");
    String keyPath = config.getString(keyName, null);
    String certPath = config.getString(certName, null);
    if (keyPath == null && certPath == null) {
      return null;
    }
    String noClientCertificate = "no client certificate (the collector may refuse the connection)";
    if (keyPath == null || certPath == null) {
      config.warn((keyPath == null ? config.sourceName(certName) : config.sourceName(keyName)) + " is set but "
          + (keyPath == null ? config.sourceName(keyName) : config.sourceName(certName))
          + " is not: mutual TLS needs both; sending " + noClientCertificate);
      return null;
    }
    byte[] certPem = readPem(config, certName, certPath, "the path of a readable PEM certificate chain",
        noClientCertificate);
    byte[] keyPem = readPem(config, keyName, keyPath, "the path of a readable PEM PKCS#8 private key",
        noClientCertificate);
    if (certPem == null || keyPem == null) {
      return null;
    }
    X509Certificate certificate;
    try {
      Collection<? extends java.security.cert.Certificate> chain =
          CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(certPem));
      if (chain.isEmpty()) {
        config.warnInvalid(certName, certPath, "no certificate in it", "a PEM certificate chain", noClientCertificate);
        return null;
      }
      certificate = (X509Certificate) chain.iterator().next();
    } catch (GeneralSecurityException e) {
      config.warnInvalid(certName, certPath, "not PEM certificates (" + e.getMessage() + ")",
          "a PEM certificate chain", noClientCertificate);
      return null;
    }
    if (!new String(keyPem, StandardCharsets.US_ASCII).contains("-----BEGIN PRIVATE KEY-----")) {
      config.warnInvalid(keyName, keyPath, "not a PEM PKCS#8 private key (-----BEGIN PRIVATE KEY-----; convert"
          + " with: openssl pkcs8 -topk8 -nocrypt)", "a PEM PKCS#8 private key", noClientCertificate);
      return null;
    }
    X509KeyManager keyManager;
    try {
      keyManager = TlsUtil.keyManager(keyPem, certPem);
    } catch (javax.net.ssl.SSLException | RuntimeException e) {
      config.warnInvalid(keyName, keyPath, "cannot read the key (" + e.getMessage() + ")",
          "a PEM PKCS#8 RSA, EC or EdDSA private key", noClientCertificate);
      return null;
    }
    String[] aliases = keyManager.getClientAliases(certificate.getPublicKey().getAlgorithm(), null);
    PrivateKey key = aliases == null || aliases.length == 0 ? null : keyManager.getPrivateKey(aliases[0]);
    if (key == null || !belongTogether(key, certificate.getPublicKey())) {
      config.warn(config.sourceName(keyName) + "=\"" + keyPath + "\" is not the private key of the certificate in "
          + config.sourceName(certName) + "=\"" + certPath + "\"; sending " + noClientCertificate);
      return null;
    }
    return keyManager;
  }

  private static byte[] readPem(Config config, String name, String path, String accepted, String fallback) {
    String problem;
    try {
      return Files.readAllBytes(Paths.get(path));
    } catch (java.nio.file.NoSuchFileException e) {
      problem = "no such file";
    } catch (java.nio.file.AccessDeniedException e) {
      problem = "permission denied";
    } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
      problem = "cannot read it (" + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
    }
    config.warnInvalid(name, path, problem, accepted, fallback);
    return null;
  }

  /** Whether the private key signs what the certificate's public key verifies. */
  private static boolean belongTogether(PrivateKey key, PublicKey publicKey) {
    String algorithm;
    switch (publicKey.getAlgorithm()) {
      case "RSA":
        algorithm = "SHA256withRSA";
        break;
      case "EC":
        algorithm = "SHA256withECDSA";
        break;
      case "Ed25519":
      case "EdDSA":
        algorithm = "Ed25519";
        break;
      default:
        return key.getAlgorithm().equals(publicKey.getAlgorithm()); // cannot check further
    }
    try {
      byte[] probe = "spanwise mutual TLS key check".getBytes(StandardCharsets.US_ASCII);
      Signature sign = Signature.getInstance(algorithm);
      sign.initSign(key);
      sign.update(probe);
      byte[] signature = sign.sign();
      Signature verify = Signature.getInstance(algorithm);
      verify.initVerify(publicKey);
      verify.update(probe);
      return verify.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
