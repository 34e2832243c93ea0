package io.spanwise.core.propagation;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.spanwise.core.propagation.BaggageHeader.Member;
import io.spanwise.core.propagation.BaggageHeader.Property;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every case of the W3C Baggage suite ({@code w3c/baggage}, {@code test/test_baggage.py}: BaggageTest,
 * BaggageEntryTest, LimitsTest), same names, against Spanwise's reader ({@link BaggageHeader#parse}) and
 * writer ({@link Member#write()}, {@link W3CBaggage#write(Baggage)}). The suite's cases are written for its
 * reference parser, which keeps members in order; the limits cases go through the propagator's writer.
 */
class BaggageSuiteTest {
  /** {@code urllib.parse.quote("\t \"';=asdf!@#$%^&*()")}, as the suite builds it. */
  private static final String VALUE = "\t \"';=asdf!@#$%^&*()";
  private static final String ENCODED = "%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29";

  private static Member entry(String member) {
    List<Member> members = BaggageHeader.parse(member);
    assertThat(members).as(member).hasSize(1);
    return members.get(0);
  }

  private static void assertProperty(Property property, String key, String value) {
    assertThat(property.key).isEqualTo(key);
    assertThat(property.value).isEqualTo(value);
  }

  @Nested
  class BaggageTest {
    @Test
    void test_ctor_default() {
      assertThat(BaggageHeader.parse("")).isEmpty();
      assertThat(W3CBaggage.read("").isEmpty()).isTrue();
    }

    @Test
    void test_parse_simple() {
      List<Member> members = BaggageHeader.parse("SomeKey=SomeValue");
      assertThat(members).hasSize(1);
      assertThat(members.get(0).key).isEqualTo("SomeKey");
      assertThat(members.get(0).value).isEqualTo("SomeValue");
      assertThat(members.get(0).properties).isEmpty();
    }

    @Test
    void test_parse_multiple() {
      assertTwo(BaggageHeader.parse("SomeKey=SomeValue;SomeProp,SomeKey2=SomeValue2;ValueProp=PropVal"));
    }

    @Test
    void test_parse_multiple_ows() {
      assertTwo(BaggageHeader.parse(
          "SomeKey \t = \t SomeValue \t ; \t SomeProp \t , \t SomeKey2 \t = \t SomeValue2 \t ; \t ValueProp \t = \t PropVal"));
    }

    private void assertTwo(List<Member> members) {
      assertThat(members).hasSize(2);
      assertThat(members.get(0).key).isEqualTo("SomeKey");
      assertThat(members.get(0).value).isEqualTo("SomeValue");
      assertThat(members.get(0).properties).hasSize(1);
      assertProperty(members.get(0).properties.get(0), "SomeProp", null);
      assertThat(members.get(1).key).isEqualTo("SomeKey2");
      assertThat(members.get(1).value).isEqualTo("SomeValue2");
      assertThat(members.get(1).properties).hasSize(1);
      assertProperty(members.get(1).properties.get(0), "ValueProp", "PropVal");
    }

    @Test
    void test_parse_multiple_kv_property() {
      assertTwoKv(BaggageHeader.parse(
          "SomeKey=SomeValue;SomePropKey=SomePropValue,SomeKey2=SomeValue2;SomePropKey2=SomePropValue2"));
    }

    @Test
    void test_parse_multiple_kv_property_ows() {
      assertTwoKv(BaggageHeader.parse("SomeKey \t = \t SomeValue \t ; \t SomePropKey=SomePropValue \t , \t "
          + "SomeKey2 \t = \t SomeValue2 \t ; \t SomePropKey2 \t = \t SomePropValue2"));
    }

    private void assertTwoKv(List<Member> members) {
      assertThat(members).hasSize(2);
      assertThat(members.get(0).key).isEqualTo("SomeKey");
      assertThat(members.get(0).value).isEqualTo("SomeValue");
      assertProperty(members.get(0).properties.get(0), "SomePropKey", "SomePropValue");
      assertThat(members.get(1).key).isEqualTo("SomeKey2");
      assertThat(members.get(1).value).isEqualTo("SomeValue2");
      assertProperty(members.get(1).properties.get(0), "SomePropKey2", "SomePropValue2");
    }
  }

  @Nested
  class BaggageEntryTest {
    @Test
    void test_ctor_default() {
      Member entry = new Member("SomeKey", "SomeValue", null);
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).isEmpty();
      assertThat(entry.write()).isEqualTo("SomeKey=SomeValue");
    }

    @Test
    void test_parse_simple() {
      Member entry = entry("SomeKey=SomeValue");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).isEmpty();
    }

    @Test
    void test_parse_multiple_equals() {
      Member entry = entry("SomeKey=SomeValue=equals");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue=equals");
      assertThat(entry.properties).isEmpty();
    }

    @Test
    void test_parse_percent_encoded() {
      Member entry = entry("SomeKey=" + ENCODED);
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo(VALUE);
      assertThat(entry.write()).isEqualTo("SomeKey=%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29");
    }

    @Test
    void test_parse_property() {
      Member entry = entry("SomeKey=SomeValue;SomeProp");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).hasSize(1);
      assertThat(entry.properties.get(0).key).isEqualTo("SomeProp");
    }

    @Test
    void test_parse_multi_property() {
      Member entry = entry("SomeKey=SomeValue;SomeProp;SecondProp=PropValue");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).hasSize(2);
      assertProperty(entry.properties.get(0), "SomeProp", null);
      assertProperty(entry.properties.get(1), "SecondProp", "PropValue");
    }

    @Test
    void test_parse_multiple_properties_same_name() {
      Member entry = entry("SomeKey=SomeValue;SomeProp;SomeProp=PropValue;SomeProp=AnotherPropValue");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).hasSize(3);
      assertProperty(entry.properties.get(0), "SomeProp", null);
      assertProperty(entry.properties.get(1), "SomeProp", "PropValue");
      assertProperty(entry.properties.get(2), "SomeProp", "AnotherPropValue");
    }

    @Test
    void test_parse_kv_property() {
      Member entry = entry("SomeKey=SomeValue;SomePropKey=SomePropValue");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).hasSize(1);
      assertProperty(entry.properties.get(0), "SomePropKey", "SomePropValue");
    }

    @Test
    void test_parse_simple_ows() {
      Member entry = entry("SomeKey \t = \t SomeValue \t ");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).isEmpty();
    }

    @Test
    void test_parse_percent_encoded_ows() {
      Member entry = entry("SomeKey \t = \t " + ENCODED + " \t ");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo(VALUE);
    }

    @Test
    void test_parse_property_ows() {
      Member entry = entry("SomeKey \t = \t SomeValue \t ; \t SomeProp");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).hasSize(1);
      assertThat(entry.properties.get(0).key).isEqualTo("SomeProp");
    }

    @Test
    void test_parse_multi_property_ows() {
      Member entry = entry("SomeKey \t = \t SomeValue \t ; \t SomeProp \t ; \t SecondProp \t = \t PropValue");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).hasSize(2);
      assertProperty(entry.properties.get(0), "SomeProp", null);
      assertProperty(entry.properties.get(1), "SecondProp", "PropValue");
    }

    @Test
    void test_parse_kv_property_ows() {
      Member entry = entry("SomeKey \t = \t SomeValue \t ; \t SomePropKey \t = \t SomePropValue");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).hasSize(1);
      assertProperty(entry.properties.get(0), "SomePropKey", "SomePropValue");
    }

    @Test
    void test_parse_percent_encoded_property() {
      Member entry = entry("SomeKey=SomeValue;SomePropKey=" + ENCODED);
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertThat(entry.properties).hasSize(1);
      assertProperty(entry.properties.get(0), "SomePropKey", VALUE);
      assertThat(entry.write())
          .isEqualTo("SomeKey=SomeValue;SomePropKey=%09%20%22%27%3B%3Dasdf%21%40%23%24%25%5E%26%2A%28%29");
    }

    @Test
    void test_parse_property_without_value_no_percent_decoding() {
      Member entry = entry("SomeKey=SomeValue;ValueProp%20%09%20%3D%20%09%20PropVal");
      assertThat(entry.key).isEqualTo("SomeKey");
      assertThat(entry.value).isEqualTo("SomeValue");
      assertProperty(entry.properties.get(0), "ValueProp%20%09%20%3D%20%09%20PropVal", null);
      assertThat(entry.write()).isEqualTo("SomeKey=SomeValue;ValueProp%20%09%20%3D%20%09%20PropVal");
    }
  }

  @Nested
  class LimitsTest {
    @Test
    void test_serialize_at_least_64() {
      BaggageBuilder baggage = Baggage.builder();
      IntStream.range(0, 64).forEach(x -> baggage.put("key" + x, "value"));
      assertThat(W3CBaggage.write(baggage.build()).split(",")).hasSize(64);
    }

    @Test
    void test_serialize_long_entry() {
      String longValue = "0123456789".repeat(819);
      assertThat(W3CBaggage.write(Baggage.builder().put("a", longValue).build())).hasSize(8192);
    }

    @Test
    void test_serialize_many_entries() {
      // 512 entries with 15 bytes + 1 trailing comma
      BaggageBuilder baggage = Baggage.builder();
      IntStream.range(0, 512).forEach(x -> baggage.put(String.format("%03d", x), "0123456789a"));
      // last entry is 16 bytes
      assertThat(W3CBaggage.write(baggage.build()) + "b").hasSize(8192);
    }
  }
}
