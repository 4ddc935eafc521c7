// TraceEncoder::add_record against the way every span went before it: the
// span of each queued record (recorded by real SpanGuards) is encoded
// straight from the record and, beside it, decoded into a SpanView and
// encoded by add_span(). The two must be the same bytes, libprotobuf must
// read them as the span that was recorded, and the records add_record()
// does not take must be left with nothing written.
#include "export/otlp/otlp_protobuf.hpp"
#include "trace/span_decoder.hpp"
#include "trace/span_view_exporter.hpp"

#include "support/otlp_decode.hpp"
#include "support/telemetry_fixture.hpp"

#include "telegen/propagation.hpp"
#include "telegen/span.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace telegen::detail {
namespace {

namespace trace = opentelemetry::proto::trace::v1;

struct BothWays {
  bool from_record = false;
  std::string record_bytes; // add_record()'s, empty when it did not take the record
  std::string view_bytes;   // decode() then add_span()'s
};

// Encodes each span handed over both ways. Called by the span thread;
// spans() is read once that thread is flushed.
class BothWaysExporter : public SpanExporter, public SpanViewExporter {
public:
  bool export_batch(const Resource&, const std::vector<SpanData>&) override { return true; }
  bool add_record(const std::byte* record, std::size_t size, const TickConverter& clock) override {
    BothWays span;
    ProtoWriter w;
    span.from_record = record_encoder_.add_record(w, record, size, clock);
    span.record_bytes.assign(w.view());
    w.clear();
    decoder_.decode(record, size, clock, view_);
    view_encoder_.add_span(w, view_);
    span.view_bytes.assign(w.view());
    std::lock_guard<std::mutex> lock(mutex_);
    spans_.push_back(std::move(span));
    return true;
  }
  void add(const SpanView&) override { ADD_FAILURE() << "a span not handed over as a record"; }
  bool send_batch(const Resource&, std::size_t) override { return true; }
  void discard_batch() override {}

  std::vector<BothWays> spans() {
    std::lock_guard<std::mutex> lock(mutex_);
    return spans_;
  }

private:
  TraceEncoder record_encoder_;
  TraceEncoder view_encoder_;
  SpanDecoder decoder_;
  SpanView view_;
  std::mutex mutex_;
  std::vector<BothWays> spans_;
};

class OtlpSpanRecord : public test::TelemetryTest {
protected:
  // Starts telegen with the exporter, runs `record`, and returns the spans
  // it recorded, encoded both ways, in the order they ended.
  template <class Record> std::vector<BothWays> encode(Record&& record) {
    config_.traces.exporter = exporter_;
    telegen::start(config_);
    record();
    EXPECT_TRUE(telegen::force_flush(std::chrono::seconds(10)));
    return exporter_->spans();
  }

  std::shared_ptr<BothWaysExporter> exporter_ = std::make_shared<BothWaysExporter>();
};

// A Span as add_record() writes it: ScopeSpans.spans, field 2.
trace::Span decode_span(const std::string& bytes) {
  const auto scope_spans = test::decode_protobuf<trace::ScopeSpans>(bytes);
  EXPECT_EQ(scope_spans.spans_size(), 1);
  return scope_spans.spans_size() == 1 ? scope_spans.spans(0) : trace::Span();
}

std::map<std::string, std::string> attributes_of(const trace::Span& span) {
  std::map<std::string, std::string> out;
  for (const auto& kv : span.attributes())
    out[kv.key()] = kv.value().ShortDebugString();
  return out;
}

// A call site of N keys, key i named name(i). A SpanSite views its keys,
// so they live as long as the program; each lambda passed as `name` makes
// a site of its own.
template <std::size_t N, class Name>
const SpanSite& site_of_keys(const char* span_name, Name name) {
  static const std::array<std::string, N> names = [&] {
    std::array<std::string, N> out;
    for (std::size_t i = 0; i < N; ++i)
      out[i] = name(i);
    return out;
  }();
  static std::string_view keys[N];
  static const SpanSite site = [&] {
    for (std::size_t i = 0; i < N; ++i)
      keys[i] = names[i];
    return SpanSite{span_name, SpanKind::internal, "f", "f.cpp", 1, keys};
  }();
  return site;
}

constexpr std::string_view order_keys[] = {"order.id", "region", "amount", "paid",
                                           "big",      "bad",    "nothing"};
constexpr SpanSite order_site{"orders.place", SpanKind::server, "place", "src/orders.cpp", 42,
                              order_keys};

TEST_F(OtlpSpanRecord, EncodesSiteAttributesOfEveryTypeAsTheDecoderWould) {
  const auto spans = encode([] {
    SpanGuard span(order_site);
    span.set_attribute(0, std::int64_t{-7});
    span.set_attribute(1, "eu-west-1");
    span.set_attribute(2, 12.5);
    span.set_attribute(3, true);
    span.set_attribute(4, std::numeric_limits<std::uint64_t>::max());
    span.set_attribute(5, std::string_view("caf\xe9", 4)); // not UTF-8
    span.set_attribute(6, AttributeValue());
    span.set_attribute(0, std::int64_t{300}); // replaces -7, keeps its place
    span.set_error("card declined");
  });
  ASSERT_EQ(spans.size(), 1u);
  ASSERT_TRUE(spans[0].from_record);
  EXPECT_EQ(spans[0].record_bytes, spans[0].view_bytes);
  const trace::Span span = decode_span(spans[0].record_bytes);
  EXPECT_EQ(span.name(), "orders.place");
  EXPECT_EQ(span.kind(), trace::Span::SPAN_KIND_SERVER);
  EXPECT_EQ(span.status().code(), trace::Status::STATUS_CODE_ERROR);
  EXPECT_EQ(span.status().message(), "card declined");
  EXPECT_LE(span.start_time_unix_nano(), span.end_time_unix_nano());
  std::vector<std::string> keys;
  for (const auto& kv : span.attributes())
    keys.push_back(kv.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"code.function.name", "code.file.path",
                                            "code.line.number", "order.id", "region", "amount",
                                            "paid", "big", "bad", "nothing"}));
  const auto values = attributes_of(span);
  EXPECT_EQ(values.at("order.id"), "int_value: 300");
  EXPECT_EQ(values.at("region"), "string_value: \"eu-west-1\"");
  EXPECT_EQ(values.at("amount"), "double_value: 12.5");
  EXPECT_EQ(values.at("paid"), "bool_value: true");
  EXPECT_EQ(values.at("big"), "string_value: \"18446744073709551615\"");
  EXPECT_EQ(values.at("bad"), "string_value: \"caf\\357\\277\\275\"");
  EXPECT_EQ(values.at("nothing"), "");
}

// No key set twice and every value written as recorded: add_record()
// writes these attributes in one pass, as it reads them, so each length is
// worked out before its bytes: one- and two-byte lengths, a negative
// integer's ten-byte varint, UTF-8 beyond ASCII, and a secret key of each
// type, whose value is replaced.
TEST_F(OtlpSpanRecord, WritesAttributesSetOnceAsTheyAreRead) {
  static constexpr std::string_view keys[] = {"count",
                                              "delta",
                                              "region",
                                              "note",
                                              "body",
                                              "ratio",
                                              "paid",
                                              "nothing",
                                              "city",
                                              "auth.token",
                                              "db.password",
                                              "api.secret",
                                              "a.long.key.of.twenty-nine.b"};
  static constexpr SpanSite site{"one.pass", SpanKind::client, "f", "f.cpp", 9, keys};
  const std::string note(200, 'n');    // a two-byte length
  const std::string body(15'000, 'b'); // a two-byte length near the record's limit
  const auto spans = encode([&] {
    SpanGuard span(site);
    span.set_attribute(0, std::int64_t{1});
    span.set_attribute(1, std::int64_t{-1}); // ten bytes as a varint
    span.set_attribute(2, "eu-west-1");
    span.set_attribute(3, note);
    span.set_attribute(4, body);
    span.set_attribute(5, 0.25);
    span.set_attribute(6, false);
    span.set_attribute(7, AttributeValue());
    span.set_attribute(8, "Z\xc3\xbcrich"); // valid UTF-8, not ASCII
    span.set_attribute(9, "s3cr3t");
    span.set_attribute(10, std::int64_t{1234});
    span.set_attribute(11, AttributeValue());
    span.set_attribute(12, std::int64_t{1} << 40);
  });
  ASSERT_EQ(spans.size(), 1u);
  ASSERT_TRUE(spans[0].from_record);
  EXPECT_EQ(spans[0].record_bytes, spans[0].view_bytes);
  const trace::Span span = decode_span(spans[0].record_bytes);
  std::vector<std::string> names;
  for (const auto& kv : span.attributes())
    names.push_back(kv.key());
  EXPECT_EQ(names, (std::vector<std::string>{
                       "code.function.name", "code.file.path", "code.line.number", "count", "delta",
                       "region", "note", "body", "ratio", "paid", "nothing", "city", "auth.token",
                       "db.password", "api.secret", "a.long.key.of.twenty-nine.b"}));
  const std::string redacted = "string_value: \"[REDACTED]\"";
  EXPECT_EQ(attributes_of(span), (std::map<std::string, std::string>{
                                     {"code.function.name", "string_value: \"f\""},
                                     {"code.file.path", "string_value: \"f.cpp\""},
                                     {"code.line.number", "int_value: 9"},
                                     {"count", "int_value: 1"},
                                     {"delta", "int_value: -1"},
                                     {"region", "string_value: \"eu-west-1\""},
                                     {"note", "string_value: \"" + note + "\""},
                                     {"body", "string_value: \"" + body + "\""},
                                     {"ratio", "double_value: 0.25"},
                                     {"paid", "bool_value: false"},
                                     {"nothing", ""},
                                     {"city", "string_value: \"Z\\303\\274rich\""},
                                     {"auth.token", redacted},
                                     {"db.password", redacted},
                                     {"api.secret", redacted},
                                     {"a.long.key.of.twenty-nine.b", "int_value: 1099511627776"},
                                 }));
}

// The attributes written forward take far more bytes than the record:
// 64 keys of 300 characters, each with a value of one or two bytes (a
// null, a false, a secret's null replaced by "[REDACTED]"). The scratch
// buffer and the request's run must still have room (debug builds, the
// suite's, assert that each stayed within the room it worked out).
TEST_F(OtlpSpanRecord, HasRoomForLongKeysWithTinyValues) {
  // Every third key names a secret.
  static const SpanSite& site = site_of_keys<64>("long.keys", [](std::size_t i) {
    return std::string(300, static_cast<char>('a' + i % 26)) + std::to_string(i) +
           (i % 3 == 2 ? ".token" : "");
  });
  const auto spans = encode([] {
    SpanGuard span(site);
    for (std::uint16_t i = 0; i < 64; ++i) {
      if (i % 2 == 0)
        span.set_attribute(i, AttributeValue());
      else
        span.set_attribute(i, false);
    }
  });
  ASSERT_EQ(spans.size(), 1u);
  ASSERT_TRUE(spans[0].from_record);
  EXPECT_EQ(spans[0].record_bytes, spans[0].view_bytes);
  const trace::Span span = decode_span(spans[0].record_bytes);
  ASSERT_EQ(span.attributes_size(), 3 + 64);
  EXPECT_EQ(span.attributes(3 + 2).value().string_value(), "[REDACTED]");
  EXPECT_EQ(span.attributes(3 + 1).value().bool_value(), false);
  EXPECT_TRUE(span.attributes(3 + 1).value().has_bool_value());
}

// What only the two-pass way writes, met after attributes were already
// written in one pass: a string that is not UTF-8, an unsigned value above
// INT64_MAX, a key set again. The span is the same as the decoder's.
TEST_F(OtlpSpanRecord, GoesBackToTwoPassesForAValueNotWrittenAsRecorded) {
  static constexpr std::string_view keys[] = {"a", "b", "c", "d"};
  static constexpr SpanSite site{"two.passes", SpanKind::internal, "f", "f.cpp", 3, keys};
  const auto spans = encode([] {
    {
      SpanGuard span(site);
      span.set_attribute(0, std::int64_t{1});
      span.set_attribute(1, "x");
      span.set_attribute(2, std::string_view("\xff", 1));
      span.set_attribute(3, 2.5);
    }
    {
      SpanGuard span(site);
      span.set_attribute(0, "y");
      span.set_attribute(1, std::numeric_limits<std::uint64_t>::max());
      span.set_attribute(2, true);
    }
    {
      SpanGuard span(site);
      span.set_attribute(0, "first");
      span.set_attribute(1, std::int64_t{2});
      span.set_attribute(0, "last");
    }
  });
  ASSERT_EQ(spans.size(), 3u);
  for (const BothWays& span : spans) {
    ASSERT_TRUE(span.from_record);
    EXPECT_EQ(span.record_bytes, span.view_bytes);
  }
  EXPECT_EQ(attributes_of(decode_span(spans[0].record_bytes)).at("c"),
            "string_value: \"\\357\\277\\275\"");
  EXPECT_EQ(attributes_of(decode_span(spans[1].record_bytes)).at("b"),
            "string_value: \"18446744073709551615\"");
  const trace::Span third = decode_span(spans[2].record_bytes);
  ASSERT_EQ(third.attributes_size(), 5);
  EXPECT_EQ(third.attributes(3).key(), "a");
  EXPECT_EQ(third.attributes(3).value().string_value(), "last");
  EXPECT_EQ(third.attributes(4).key(), "b");
}

TEST_F(OtlpSpanRecord, RedactsTheValueOfASecretSiteKey) {
  static constexpr std::string_view keys[] = {"user", "db_password"};
  static constexpr SpanSite site{"login", SpanKind::internal, "login", "src/login.cpp", 7, keys};
  const auto spans = encode([] {
    SpanGuard span(site);
    span.set_attribute(1, "hunter2");
    span.set_attribute(0, "ada");
  });
  ASSERT_EQ(spans.size(), 1u);
  ASSERT_TRUE(spans[0].from_record);
  EXPECT_EQ(spans[0].record_bytes, spans[0].view_bytes);
  const auto values = attributes_of(decode_span(spans[0].record_bytes));
  EXPECT_EQ(values.at("db_password"), "string_value: \"[REDACTED]\"");
  EXPECT_EQ(values.at("user"), "string_value: \"ada\"");
}

TEST_F(OtlpSpanRecord, CarriesTheParentTraceStateAndDroppedAttributes) {
  const std::string long_value(SpanBuffer::max_capacity, 'x'); // does not fit: dropped
  const auto spans = encode([&] {
    std::map<std::string, std::string> headers{
        {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"},
        {"tracestate", "congo=t61rcWkgMzE"}};
    Scope scope(extract(HeaderCarrier(headers)));
    SpanGuard parent(order_site);
    {
      SpanGuard child(order_site);
      child.set_attribute(1, long_value);
      child.set_attribute(0, std::int64_t{1});
    }
  });
  ASSERT_EQ(spans.size(), 2u);
  for (const BothWays& span : spans) {
    ASSERT_TRUE(span.from_record);
    EXPECT_EQ(span.record_bytes, span.view_bytes);
  }
  const trace::Span child = decode_span(spans[0].record_bytes);
  const trace::Span parent = decode_span(spans[1].record_bytes);
  EXPECT_EQ(test::hex(parent.trace_id()), "4bf92f3577b34da6a3ce929d0e0e4736");
  EXPECT_EQ(test::hex(parent.parent_span_id()), "00f067aa0ba902b7");
  EXPECT_EQ(parent.trace_state(), "congo=t61rcWkgMzE");
  EXPECT_EQ(parent.flags() & 0x300u, 0x300u); // the parent is remote
  EXPECT_EQ(child.parent_span_id(), parent.span_id());
  EXPECT_EQ(child.flags() & 0x300u, 0x100u);
  EXPECT_EQ(child.dropped_attributes_count(), 1u);
  EXPECT_EQ(attributes_of(child).at("order.id"), "int_value: 1");
}

TEST_F(OtlpSpanRecord, LeavesSpansWithMoreThanSiteAttributesToTheDecoder) {
  const auto spans = encode([] {
    {
      SpanGuard span(order_site);
      span.set_attribute("run.time", std::int64_t{1});
    }
    {
      SpanGuard span(order_site);
      span.add_event("retry", {{"attempt", std::int64_t{2}}});
    }
    {
      SpanGuard span(order_site);
      span.record_exception(std::runtime_error("boom"));
    }
    {
      SpanGuard span(order_site);
      span.add_link(SpanContext{TraceId{1, 2}, SpanId{3}, trace_flags::sampled, false});
    }
  });
  ASSERT_EQ(spans.size(), 4u);
  for (const BothWays& span : spans) {
    EXPECT_FALSE(span.from_record);
    EXPECT_EQ(span.record_bytes, "");
    EXPECT_FALSE(span.view_bytes.empty());
  }
}

TEST_F(OtlpSpanRecord, LeavesSitesWithAKeyTwiceOrPast64KeysToTheDecoder) {
  static constexpr std::string_view twice[] = {"region", "id", "region"};
  static constexpr SpanSite twice_site{"twice", SpanKind::internal, "f", "f.cpp", 1, twice};
  static const SpanSite& many_site =
      site_of_keys<65>("many", [](std::size_t i) { return "k" + std::to_string(i); });
  const auto spans = encode([] {
    {
      SpanGuard span(twice_site);
      span.set_attribute(0, "a");
      span.set_attribute(2, "b");
    }
    {
      SpanGuard span(many_site);
      span.set_attribute(64, std::int64_t{64});
    }
  });
  ASSERT_EQ(spans.size(), 2u);
  for (const BothWays& span : spans) {
    EXPECT_FALSE(span.from_record);
    EXPECT_EQ(span.record_bytes, "");
  }
}

} // namespace
} // namespace telegen::detail
