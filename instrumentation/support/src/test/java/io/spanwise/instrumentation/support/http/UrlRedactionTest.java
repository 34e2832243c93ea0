package io.spanwise.instrumentation.support.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UrlRedactionTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a=1&b=2|a=1&b=2",
      "token=abc|token=REDACTED",
      "x=1&password=hunter2&y=2|x=1&password=REDACTED&y=2",
      "Signature=zz&AWSAccessKeyId=k|Signature=REDACTED&AWSAccessKeyId=REDACTED",
      "API_KEY=1|API_KEY=REDACTED",
      "sig=|sig=REDACTED",
      "tokenizer=on|tokenizer=on",
      "flag&token=t|flag&token=REDACTED",
      "=token&x=1|=token&x=1",
      "a=1&&sig=2|a=1&&sig=REDACTED",
  })
  void redactsSensitiveValuesOnly(String query, String expected) {
    assertThat(UrlRedaction.redactQuery(query)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"a=1", "plain"})
  void returnsTheSameStringWhenNothingIsSensitive(String query) {
    assertThat(UrlRedaction.redactQuery(query)).isSameAs(query);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://example.com/a?b=1|http://example.com/a?b=1",
      "https://alice:pw@example.com:8443/x|https://REDACTED:REDACTED@example.com:8443/x",
      "http://alice@example.com/|http://REDACTED:REDACTED@example.com/",
      "http://example.com/p?token=t&page=2#frag|http://example.com/p?token=REDACTED&page=2#frag",
      "http://u:p@[::1]:80/?sig=1|http://REDACTED:REDACTED@[::1]:80/?sig=REDACTED",
      "http://example.com/caf%C3%A9?q=a%20b|http://example.com/caf%C3%A9?q=a%20b",
  })
  void redactsCredentialsAndSensitiveQueryValuesOfAFullUrl(String url, String expected) {
    assertThat(UrlRedaction.redactUrl(java.net.URI.create(url))).isEqualTo(expected);
  }
}
