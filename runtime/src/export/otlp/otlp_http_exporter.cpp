#include "telegen/otlp.hpp"

#include "context/random.hpp"
#include "export/otlp/gzip.hpp"
#include "export/otlp_json.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <string>

namespace telegen {
namespace {

using Clock = std::chrono::steady_clock;

// Backoff between attempts when the receiver gives no Retry-After.
constexpr std::chrono::milliseconds initial_backoff{1000};
constexpr std::chrono::milliseconds max_backoff{5000};
// The OTLP specification's recommended bound on a response body.
constexpr std::size_t max_response_bytes = 4 * 1024 * 1024;

struct Response {
  std::string body;
  std::chrono::milliseconds retry_after{-1}; // -1: no Retry-After header
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<Response*>(user);
  const std::size_t bytes = size * count;
  if (response->body.size() + bytes > max_response_bytes)
    return 0; // aborts the transfer: the response is not trusted
  response->body.append(data, bytes);
  return bytes;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* response = static_cast<Response*>(user);
  const std::string_view line(data, size * count);
  constexpr std::string_view name = "retry-after:";
  if (line.size() > name.size()) {
    bool match = true;
    for (std::size_t i = 0; i < name.size(); ++i)
      match &= static_cast<char>(std::tolower(static_cast<unsigned char>(line[i]))) == name[i];
    if (match) {
      std::string value(line.substr(name.size()));
      while (!value.empty() &&
             (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
        value.pop_back();
      const std::size_t start = value.find_first_not_of(' ');
      value = start == std::string::npos ? "" : value.substr(start);
      char* end = nullptr;
      const long seconds = std::strtol(value.c_str(), &end, 10);
      if (!value.empty() && *end == '\0' && seconds >= 0) {
        response->retry_after = std::chrono::seconds(seconds);
      } else if (const time_t when = curl_getdate(value.c_str(), nullptr); when >= 0) {
        const time_t now = std::time(nullptr);
        response->retry_after = std::chrono::seconds(when > now ? when - now : 0);
      }
    }
  }
  return size * count;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(user)->load(std::memory_order_relaxed) ? 1 : 0;
}

class OtlpHttpExporter : public SpanExporter {
public:
  explicit OtlpHttpExporter(const Config& config)
      : endpoint_(config.traces.otlp.endpoint),
        timeout_(std::min(config.traces.otlp.timeout, config.traces.batch.export_timeout)),
        gzip_(config.traces.otlp.gzip) {
    static std::once_flag curl_ready;
    std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    curl_ = curl_easy_init();
    headers_ = curl_slist_append(headers_, "Content-Type: application/json");
    if (gzip_)
      headers_ = curl_slist_append(headers_, "Content-Encoding: gzip");
    for (const auto& [key, value] : config.traces.otlp.headers)
      headers_ = curl_slist_append(headers_, (key + ": " + value).c_str());
  }

  ~OtlpHttpExporter() override {
    curl_slist_free_all(headers_);
    curl_easy_cleanup(curl_);
  }

  bool export_batch(const Resource& resource, const std::vector<SpanData>& spans) override {
    body_.clear();
    detail::append_otlp_json(body_, resource, spans);
    if (gzip_ && !detail::gzip(body_, compressed_))
      return report_failure(spans.size(), "gzip compression failed");
    const std::string& payload = gzip_ ? compressed_ : body_;

    const Clock::time_point deadline = Clock::now() + timeout_;
    std::chrono::milliseconds backoff = initial_backoff;
    for (;;) {
      Response response;
      std::string reason;
      switch (send(payload, deadline, response, reason)) {
      case Outcome::delivered:
        failing_ = false;
        return true;
      case Outcome::failed:
        return report_failure(spans.size(), reason);
      case Outcome::retry:
        break;
      }
      std::chrono::milliseconds wait = response.retry_after;
      if (wait.count() < 0) {
        // Full jitter over [backoff/2, backoff].
        const auto jitter =
            static_cast<long long>(detail::next_random() % (backoff.count() / 2 + 1));
        wait = std::chrono::milliseconds(backoff.count() / 2 + jitter);
        backoff = std::min(max_backoff, backoff * 2);
      }
      if (Clock::now() + wait >= deadline)
        return report_failure(spans.size(), reason + "; no time left to retry");
      if (!sleep_unless_cancelled(wait))
        return report_failure(spans.size(), "cancelled at shutdown");
    }
  }

  void cancel() noexcept override {
    std::lock_guard<std::mutex> lock(mutex_);
    cancelled_.store(true, std::memory_order_relaxed);
    wake_.notify_all();
  }

private:
  enum class Outcome { delivered, retry, failed };

  Outcome send(const std::string& payload, Clock::time_point deadline, Response& response,
               std::string& reason) {
    const auto remaining =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (remaining.count() <= 0) {
      reason = "timed out";
      return Outcome::failed;
    }
    curl_easy_reset(curl_);
    curl_easy_setopt(curl_, CURLOPT_URL, endpoint_.c_str());
    curl_easy_setopt(curl_, CURLOPT_POST, 1L);
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, payload.data());
    curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
    curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
    curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
    curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response);
    curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &response);
    curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, &cancelled_);

    const CURLcode code = curl_easy_perform(curl_);
    if (code != CURLE_OK) {
      reason = curl_easy_strerror(code);
      switch (code) {
      case CURLE_COULDNT_CONNECT:
      case CURLE_COULDNT_RESOLVE_HOST:
      case CURLE_SEND_ERROR:
      case CURLE_RECV_ERROR:
      case CURLE_GOT_NOTHING:
      case CURLE_PARTIAL_FILE:
        return Outcome::retry;
      default:
        return Outcome::failed; // timed out, cancelled, or not transient
      }
    }
    long status = 0;
    curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
    if (status >= 200 && status < 300) {
      report_partial_success(response.body);
      return Outcome::delivered;
    }
    reason = "HTTP " + std::to_string(status) + " " + response.body.substr(0, 200);
    const bool retryable = status == 429 || status == 502 || status == 503 || status == 504;
    return retryable ? Outcome::retry : Outcome::failed;
  }

  bool sleep_unless_cancelled(std::chrono::milliseconds wait) {
    std::unique_lock<std::mutex> lock(mutex_);
    return !wake_.wait_for(lock, wait, [&] { return cancelled_.load(std::memory_order_relaxed); });
  }

  // The receiver accepted the request but rejected some spans: say so once.
  void report_partial_success(const std::string& body) {
    if (partial_reported_ || body.find("\"rejectedSpans\"") == std::string::npos)
      return;
    partial_reported_ = true;
    std::fprintf(stderr, "telegen: the OTLP receiver at %s rejected part of a batch: %s\n",
                 endpoint_.c_str(), body.substr(0, 300).c_str());
  }

  bool report_failure(std::size_t spans, const std::string& reason) {
    if (!failing_)
      std::fprintf(
          stderr,
          "telegen: OTLP export to %s failed (%s); %zu spans dropped, counted in "
          "telegen_spans_export_failed_total; later failures are not reported until an export "
          "succeeds\n",
          endpoint_.c_str(), reason.c_str(), spans);
    failing_ = true;
    return false;
  }

  std::string endpoint_;
  std::chrono::milliseconds timeout_;
  bool gzip_;
  CURL* curl_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::string body_;
  std::string compressed_;
  bool failing_ = false;
  bool partial_reported_ = false;
  std::atomic<bool> cancelled_{false};
  std::mutex mutex_;
  std::condition_variable wake_;
};

} // namespace

std::unique_ptr<SpanExporter> make_otlp_exporter(const Config& config) {
  return std::make_unique<OtlpHttpExporter>(config);
}

} // namespace telegen

// Linking telegen::otlp forces this object into the program (see its CMake
// target), so OTEL_TRACES_EXPORTER=otlp works with no code.
extern "C" const bool telegen_otlp_exporter_registered =
    telegen::register_span_exporter("otlp", &telegen::make_otlp_exporter);
