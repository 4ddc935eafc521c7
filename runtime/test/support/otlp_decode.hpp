// Decoding OTLP payloads in tests with a decoder independent of telegen's
// encoders: libprotobuf and the classes protoc generates from the OTLP
// message definitions in test/otlp_proto. Protobuf bodies are parsed as
// they are; JSON bodies by protobuf's strict JSON parser (unknown fields
// are errors), after the one change the OTLP JSON mapping makes to proto3
// JSON: ids are hex there, base64 in proto3 JSON.
#pragma once

#include "opentelemetry/proto/collector/logs/v1/logs_service.pb.h"
#include "opentelemetry/proto/collector/metrics/v1/metrics_service.pb.h"
#include "opentelemetry/proto/collector/trace/v1/trace_service.pb.h"

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <string_view>

namespace telegen::test {

namespace otlp {
using opentelemetry::proto::collector::logs::v1::ExportLogsServiceRequest;
using opentelemetry::proto::collector::logs::v1::ExportLogsServiceResponse;
using opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceRequest;
using opentelemetry::proto::collector::metrics::v1::ExportMetricsServiceResponse;
using opentelemetry::proto::collector::trace::v1::ExportTraceServiceRequest;
using opentelemetry::proto::collector::trace::v1::ExportTraceServiceResponse;
} // namespace otlp

// Fields the message definitions do not know, anywhere in `message`.
inline std::string unknown_fields(const google::protobuf::Message& message) {
  std::string found;
  const auto* reflection = message.GetReflection();
  if (!reflection->GetUnknownFields(message).empty())
    found += message.GetTypeName() + " ";
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    if (field->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE)
      continue;
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i)
        found += unknown_fields(reflection->GetRepeatedMessage(message, field, i));
    } else {
      found += unknown_fields(reflection->GetMessage(message, field));
    }
  }
  return found;
}

// Parses a protobuf body strictly: the whole body, no unknown field.
template <class Message> Message decode_protobuf(std::string_view body) {
  Message message;
  EXPECT_TRUE(message.ParseFromArray(body.data(), static_cast<int>(body.size())))
      << "not a valid " << message.GetTypeName();
  EXPECT_EQ(unknown_fields(message), "");
  return message;
}

// The 16 or 8 bytes a hex id spells, as base64.
inline std::string hex_to_base64(const std::string& hex) {
  std::string bytes;
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const auto byte = [&](std::size_t j) {
      return j < bytes.size() ? static_cast<unsigned char>(bytes[j]) : 0u;
    };
    const unsigned n = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    out += alphabet[n >> 18 & 63];
    out += alphabet[n >> 12 & 63];
    out += i + 1 < bytes.size() ? alphabet[n >> 6 & 63] : '=';
    out += i + 2 < bytes.size() ? alphabet[n & 63] : '=';
  }
  return out;
}

// Parses an OTLP JSON body strictly.
template <class Message> Message decode_json(const std::string& body) {
  static const std::regex hex_id(R"re("(traceId|spanId|parentSpanId)":"([0-9a-f]*)")re");
  std::string proto3_json;
  auto last = body.cbegin();
  for (std::sregex_iterator it(body.begin(), body.end(), hex_id), end; it != end; ++it) {
    proto3_json.append(last, (*it)[0].first);
    proto3_json += "\"" + (*it)[1].str() + "\":\"" + hex_to_base64((*it)[2].str()) + "\"";
    last = (*it)[0].second;
  }
  proto3_json.append(last, body.cend());
  Message message;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  const auto status = google::protobuf::util::JsonStringToMessage(proto3_json, &message, options);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << body.substr(0, 2000);
  return message;
}

// The hex form of a bytes id, for comparisons.
inline std::string hex(const std::string& bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += digits[static_cast<unsigned char>(c) >> 4];
    out += digits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

} // namespace telegen::test
