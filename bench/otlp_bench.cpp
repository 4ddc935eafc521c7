// Span export over OTLP/HTTP measured from outside: a thread records spans
// for a few seconds while telegen's background thread decodes, encodes and
// POSTs them to a receiver on a loopback port (in this process, reading
// every body and answering 200). Reported per run:
//
//   recorded_per_s, exported_per_s, dropped_per_s   spans per second
//   caller_ns_per_span       the recording thread's CPU time per span
//   background_ns_per_span   the span thread's CPU time (decode, encode, HTTP)
//                            per span it exported
//
// Rows: paced at 1 M spans per second (the recording thread sleeps between
// bursts of 1,000) and unpaced (as fast as one thread records), each with
// http/protobuf and, as the peer in the same binary, http/json. And the
// `jsonl` file exporter (to /dev/null, so that the disk does not count),
// paced at 200 k spans per second, beside the way it worked before: each
// span decoded into a SpanData, the batch formatted from those.
#include "telegen/config.hpp"
#include "telegen/otlp.hpp"
#include "telegen/span.hpp"
#include "telegen/telemetry.hpp"

#include "core/rotating_file.hpp"
#include "export/otlp/otlp_protobuf.hpp"
#include "export/otlp_json.hpp"
#include "metrics/counters.hpp"
#include "trace/span_decoder.hpp"
#include "trace/span_view_exporter.hpp"

#include <benchmark/benchmark.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace {

using namespace telegen;
using Clock = std::chrono::steady_clock;

constexpr std::string_view keys[] = {"order.id", "region", "amount"};
constexpr detail::SpanSite site{
    "orders.place", SpanKind::server, "place", "src/orders.cpp", 42, keys};

// An OTLP/HTTP receiver on a loopback port that reads each request's body
// and answers 200 with an empty body: HTTP/1.1 with keep-alive, one thread
// per connection, reading a megabyte at a time so that it is never what
// limits the exporter (cpp-httplib's server reads 4 KiB at a time and would
// be). It checks the request line and Content-Length, not the body.
class LoopbackReceiver {
public:
  LoopbackReceiver() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    listen(listener_, 16);
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    acceptor_ = std::thread([this] {
      for (int fd; (fd = accept(listener_, nullptr, nullptr)) >= 0;)
        connections_.emplace_back([this, fd] { serve(fd); });
    });
  }
  ~LoopbackReceiver() {
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    acceptor_.join();
    for (std::thread& connection : connections_)
      connection.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/traces"; }
  std::uint64_t bytes() const { return bytes_.load(std::memory_order_relaxed); }
  std::uint64_t bad_requests() const { return bad_.load(std::memory_order_relaxed); }

private:
  void serve(int fd) {
    std::string buffer(1 << 20, '\0');
    std::string head;
    for (;;) {
      const std::size_t end = head.find("\r\n\r\n");
      if (end == std::string::npos) {
        const ssize_t n = read(fd, buffer.data(), buffer.size());
        if (n <= 0)
          break;
        head.append(buffer.data(), static_cast<std::size_t>(n));
        continue;
      }
      const std::size_t at = head.find("Content-Length: ");
      const bool good = head.rfind("POST /v1/traces HTTP/1.1\r\n", 0) == 0 && at < end;
      std::size_t body = good ? std::stoul(head.substr(at + 16)) : 0;
      bad_.fetch_add(good ? 0 : 1, std::memory_order_relaxed);
      bytes_.fetch_add(body, std::memory_order_relaxed);
      const std::size_t have = std::min(body, head.size() - end - 4);
      head.erase(0, end + 4 + have);
      for (body -= have; body > 0;) {
        const ssize_t n = read(fd, buffer.data(), std::min(body, buffer.size()));
        if (n <= 0)
          break;
        body -= static_cast<std::size_t>(n);
      }
      constexpr std::string_view ok =
          "HTTP/1.1 200 OK\r\nContent-Type: application/x-protobuf\r\nContent-Length: 0\r\n\r\n";
      if (write(fd, ok.data(), ok.size()) != static_cast<ssize_t>(ok.size()))
        break;
    }
    close(fd);
  }

  int listener_ = -1;
  int port_ = 0;
  std::thread acceptor_;
  std::vector<std::thread> connections_;
  std::atomic<std::uint64_t> bytes_{0};
  std::atomic<std::uint64_t> bad_{0};
};

// CPU time of this process's thread named `name`, in ns (0 if none).
std::uint64_t thread_cpu_ns(std::string_view name) {
  DIR* tasks = opendir("/proc/self/task");
  std::uint64_t ns = 0;
  while (dirent* entry = tasks != nullptr ? readdir(tasks) : nullptr) {
    const std::string dir = std::string("/proc/self/task/") + entry->d_name;
    std::ifstream comm(dir + "/comm");
    std::string comm_name;
    std::getline(comm, comm_name);
    if (comm_name != name)
      continue;
    // schedstat: time on the CPU in ns, then wait time, then slices.
    std::ifstream schedstat(dir + "/schedstat");
    schedstat >> ns;
  }
  if (tasks != nullptr)
    closedir(tasks);
  return ns;
}

std::uint64_t caller_cpu_ns() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000u +
         static_cast<std::uint64_t>(ts.tv_nsec);
}

// The background thread's work without the HTTP request: each span
// decoded and encoded as the OTLP exporter does, the request thrown away.
class EncodingOnlyExporter : public SpanExporter, public detail::SpanViewExporter {
public:
  bool export_batch(const Resource&, const std::vector<SpanData>&) override { return true; }
  void add(const detail::SpanView& span) override { encoder_.add_span(writer_, span); }
  bool add_record(const std::byte* record, std::size_t size,
                  const detail::TickConverter& clock) override {
    return encoder_.add_record(writer_, record, size, clock);
  }
  bool send_batch(const Resource& resource, std::size_t) override {
    encoder_.finish_traces(writer_, detail::encode_origin(resource));
    benchmark::DoNotOptimize(writer_.view().data());
    writer_.clear();
    return true;
  }
  void discard_batch() override { writer_.clear(); }

private:
  detail::TraceEncoder encoder_;
  detail::ProtoWriter writer_;
};

// The jsonl exporter as it was: a batch of SpanData formatted into a line.
class SpanDataJsonlExporter : public SpanExporter {
public:
  bool export_batch(const Resource& resource, const std::vector<SpanData>& spans) override {
    line_.clear();
    detail::append_otlp_json(line_, resource, spans);
    line_ += '\n';
    return detail::write_fd(null_.fd, line_);
  }

private:
  struct DevNull {
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    ~DevNull() { close(fd); }
  } null_;
  std::string line_;
};

enum Export : int { json, protobuf, encode_only, jsonl, jsonl_span_data };

void record_span(std::uint64_t i) {
  SpanGuard span(site);
  span.set_attribute(0, static_cast<std::int64_t>(i));
  span.set_attribute(1, "eu-west-1");
  span.set_attribute(2, 12.5);
}

// state.range(0): spans per second to pace at, 0 for unpaced;
// state.range(1): an Export.
void BM_OtlpExport(benchmark::State& state) {
  const auto rate = static_cast<std::uint64_t>(state.range(0));
  const auto mode = static_cast<Export>(state.range(1));
  LoopbackReceiver receiver;
  Config config;
  config.service_name = "bench";
  config.logs.file_path = "/dev/null";
  config.traces.exporters = {mode == jsonl ? "jsonl" : "otlp"};
  config.traces.file_path = "/dev/null";
  config.traces.otlp.endpoint = receiver.url();
  config.traces.otlp.protocol =
      mode == json ? OtlpProtocol::http_json : OtlpProtocol::http_protobuf;
  if (mode == encode_only)
    config.traces.exporter = std::make_shared<EncodingOnlyExporter>();
  if (mode == jsonl_span_data)
    config.traces.exporter = std::make_shared<SpanDataJsonlExporter>();
  // OTEL_BSP_MAX_QUEUE_SIZE and _MAX_EXPORT_BATCH_SIZE sized for a million
  // spans a second: a quarter second of spans may wait (64 MiB per thread,
  // taken only as needed), 16 ms of them per request, unless the
  // environment sets the batch size (to compare sizes in one binary).
  config.traces.batch.max_queue_size = 262144;
  config.traces.batch.max_export_batch_size = 16384;
  if (const char* batch = std::getenv("OTEL_BSP_MAX_EXPORT_BATCH_SIZE"); batch != nullptr)
    config.traces.batch.max_export_batch_size = std::strtoul(batch, nullptr, 10);
  config.traces.batch.schedule_delay = std::chrono::milliseconds(100);
  // One site at a million spans a second: its per-site limit is off.
  config.traces.sampling.site_rate_limit = 0;
  telegen::start(config);
  const std::uint64_t exported0 = detail::spans_exported.value();
  const std::uint64_t dropped0 = detail::spans_dropped.value();
  const std::uint64_t failed0 = detail::spans_export_failed.value();
  const std::uint64_t background0 = thread_cpu_ns("telegen-spans");

  constexpr auto duration = std::chrono::seconds(3);
  constexpr std::uint64_t burst = 1000;
  std::uint64_t recorded = 0;
  std::uint64_t caller_ns = 0;
  for (auto _ : state) {
    const auto begin = Clock::now();
    const std::uint64_t cpu0 = caller_cpu_ns();
    while (Clock::now() - begin < duration) {
      for (std::uint64_t i = 0; i < burst; ++i)
        record_span(recorded + i);
      recorded += burst;
      if (rate != 0)
        std::this_thread::sleep_until(begin +
                                      std::chrono::nanoseconds(recorded * 1000000000u / rate));
    }
    caller_ns += caller_cpu_ns() - cpu0;
  }
  const auto seconds =
      std::chrono::duration<double>(duration).count() * static_cast<double>(state.iterations());
  telegen::force_flush(std::chrono::seconds(30));
  const std::uint64_t background = thread_cpu_ns("telegen-spans") - background0;
  const std::uint64_t exported = detail::spans_exported.value() - exported0;
  const std::uint64_t dropped = detail::spans_dropped.value() - dropped0;
  telegen::shutdown(std::chrono::seconds(30));

  state.counters["recorded_per_s"] = static_cast<double>(recorded) / seconds;
  state.counters["exported_per_s"] = static_cast<double>(exported) / seconds;
  state.counters["dropped_per_s"] = static_cast<double>(dropped) / seconds;
  state.counters["failed"] = static_cast<double>(detail::spans_export_failed.value() - failed0);
  state.counters["bad_requests"] = static_cast<double>(receiver.bad_requests());
  state.counters["caller_ns_per_span"] =
      static_cast<double>(caller_ns) / static_cast<double>(recorded);
  state.counters["bytes_per_span"] =
      exported != 0 ? static_cast<double>(receiver.bytes()) / static_cast<double>(exported) : 0;
  state.counters["background_ns_per_span"] =
      exported != 0 ? static_cast<double>(background) / static_cast<double>(exported) : 0;
}
// The span records of `count` recorded spans, as the background thread
// reads them from the queue, copied out. Records start 8-byte aligned.
class RecordCapture : public SpanExporter, public detail::SpanViewExporter {
public:
  bool export_batch(const Resource&, const std::vector<SpanData>&) override { return true; }
  bool add_record(const std::byte* record, std::size_t size,
                  const detail::TickConverter&) override {
    offsets.push_back(bytes.size());
    sizes.push_back(size);
    bytes.insert(bytes.end(), record, record + size);
    bytes.resize((bytes.size() + 7) / 8 * 8);
    return true;
  }
  void add(const detail::SpanView&) override {}
  bool send_batch(const Resource&, std::size_t) override { return true; }
  void discard_batch() override {}

  std::vector<std::size_t> offsets; // where each record starts
  std::vector<std::size_t> sizes;   // its size, without the padding to the next one
  std::vector<std::byte> bytes;
};

std::shared_ptr<RecordCapture> capture_records(std::size_t count) {
  auto capture = std::make_shared<RecordCapture>();
  Config config;
  config.service_name = "bench";
  config.logs.file_path = "/dev/null";
  config.traces.exporter = capture;
  config.traces.sampling.site_rate_limit = 0;
  telegen::start(config);
  for (std::size_t i = 0; i < count; ++i)
    record_span(i);
  telegen::shutdown(std::chrono::seconds(10));
  return capture;
}

// The background thread's work on a span without the queue and the send:
// a batch of 1,024 recorded spans (as record_span makes them) encoded
// into a request, straight from their records (state.range(0) = 1) or
// decoded into a SpanView first (0, the way every span went before).
void BM_EncodeSpanRecords(benchmark::State& state) {
  const bool from_records = state.range(0) != 0;
  const auto capture = capture_records(1024);
  const std::size_t spans = capture->offsets.size();
  const detail::EncodedOrigin origin = detail::encode_origin(Resource{});
  const detail::TickConverter clock;
  detail::SpanDecoder decoder;
  detail::SpanView view;
  detail::TraceEncoder encoder;
  detail::ProtoWriter w;
  for (auto _ : state) {
    w.clear();
    for (std::size_t i = spans; i-- > 0;) {
      const std::byte* record = capture->bytes.data() + capture->offsets[i];
      const std::size_t size = capture->sizes[i];
      if (!from_records || !encoder.add_record(w, record, size, clock)) {
        decoder.decode(record, size, clock, view);
        encoder.add_span(w, view);
      }
    }
    encoder.finish_traces(w, origin);
    benchmark::DoNotOptimize(w.view().data());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * spans));
  state.counters["ns_per_span"] =
      benchmark::Counter(static_cast<double>(state.iterations() * spans),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_EncodeSpanRecords)->ArgName("from_records")->Arg(0)->Arg(1);

BENCHMARK(BM_OtlpExport)
    ->ArgNames({"rate", "export"})
    ->Args({1000000, encode_only})
    ->Args({1000000, protobuf})
    ->Args({1000000, json})
    ->Args({0, protobuf})
    ->Args({0, json})
    ->Args({200000, jsonl})
    ->Args({200000, jsonl_span_data})
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);

} // namespace
