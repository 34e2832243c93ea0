package io.spanwise.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageEntryMetadata;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class W3CBaggageTest {
  private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier.get(key);
    }
  };

  private static String inject(Baggage baggage) {
    Map<String, String> headers = new HashMap<>();
    W3CBaggage.getInstance().inject(Context.root().with(baggage), headers, Map::put);
    return headers.get("baggage");
  }

  @Test
  void propertiesAreWrittenAsPropertiesAndValuesPercentEncoded() {
    Baggage baggage = Baggage.builder()
        .put("node", "DF 28", BaggageEntryMetadata.create("prop1;prop2=x"))
        .put("enc", "\u20ac;,%")
        .build();

    assertThat(inject(baggage).split(",")).containsExactlyInAnyOrder("node=DF%2028;prop1;prop2=x", "enc=%E2%82%AC%3B%2C%25");
  }

  @Test
  void applicationMetadataIsWrittenPerTheGrammar() {
    Baggage baggage = Baggage.builder()
        .put("k", "v", BaggageEntryMetadata.create(" p1 ; p2 = a b ;; bad key ;p3"))
        .build();

    assertThat(inject(baggage)).isEqualTo("k=v;p1;p2=a%20b;p3");
  }

  @Test
  void readingDecodesValuesAndPropertiesKeepsTheFirstOfAKeyAndSkipsInvalidMembers() {
    Baggage read = Baggage.fromContext(W3CBaggage.getInstance().extract(Context.root(),
        Map.of("baggage", "a = 1 ; p = x%20y ; q, bad key=2, b=caf%C3%A9, a=2, c=%FF%FE, d=50%, e=, noequals, f=\"q\""), GETTER));

    assertThat(read.getEntryValue("a")).isEqualTo("1");
    assertThat(read.asMap().get("a").getMetadata().getValue()).isEqualTo("p=x%20y;q");
    assertThat(read.getEntryValue("b")).isEqualTo("caf\u00e9");
    assertThat(read.getEntryValue("c")).isEqualTo("\uFFFD\uFFFD");
    assertThat(read.getEntryValue("d")).isEqualTo("50%");
    assertThat(read.getEntryValue("e")).isEqualTo("");
    assertThat(read.asMap()).containsOnlyKeys("a", "b", "c", "d", "e");
  }

  @Test
  void whatIsWrittenReadsBackTheSame() {
    Baggage baggage = Baggage.builder().put("k", "a b,c;d=e%f\u00e9", BaggageEntryMetadata.create("p=1")).build();
    Map<String, String> headers = Map.of("baggage", inject(baggage));

    Baggage read = Baggage.fromContext(W3CBaggage.getInstance().extract(Context.root(), headers, GETTER));
    assertThat(read.getEntryValue("k")).isEqualTo("a b,c;d=e%f\u00e9");
    assertThat(read.asMap().get("k").getMetadata().getValue()).isEqualTo("p=1");
  }

  @Test
  void everyMemberWithin8192BytesWholeMembersOnly() {
    var builder = Baggage.builder();
    IntStream.range(0, 70).forEach(i -> builder.put("k" + i, "v"));
    assertThat(inject(builder.build()).split(",")).hasSize(70);

    var big = Baggage.builder();
    IntStream.range(0, 10).forEach(i -> big.put("k" + i, "v".repeat(1000)));
    big.put("small", "s");
    String header = inject(big.build());
    assertThat(header.length()).isLessThanOrEqualTo(8192);
    assertThat(header.split(",")).hasSize(9).contains("small=s");
    for (String member : header.split(",")) {
      assertThat(member).matches("k\\d=v{1000}|small=s");
    }
  }

  @Test
  void readingKeepsWhatFitsIn8192Bytes() {
    String header = IntStream.range(0, 10).mapToObj(i -> "k" + i + "=" + "v".repeat(1000)).collect(java.util.stream.Collectors.joining(","))
        + ",small=s";
    Baggage read = Baggage.fromContext(W3CBaggage.getInstance().extract(Context.root(), Map.of("baggage", header), GETTER));
    assertThat(read.size()).isEqualTo(9);
    assertThat(read.getEntryValue("small")).isEqualTo("s");
    assertThat(read.getEntryValue("k8")).isNull();
  }

  @Test
  void nothingIsWrittenWithoutBaggage() {
    assertThat(inject(Baggage.empty())).isNull();
  }
}
