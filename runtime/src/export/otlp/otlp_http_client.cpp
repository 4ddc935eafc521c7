#include "export/otlp/otlp_http_client.hpp"

#include "context/random.hpp"
#include "export/otlp/gzip.hpp"
#include "export/otlp/otlp_partial_success.hpp"
#include "telegen/version.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <ctime>

namespace telegen::detail {
namespace {

using Clock = std::chrono::steady_clock;

// Backoff between attempts when the receiver gives no Retry-After.
constexpr std::chrono::milliseconds initial_backoff{1000};
constexpr std::chrono::milliseconds max_backoff{5000};
// The OTLP specification's recommended bound on a response body.
constexpr std::size_t max_response_bytes = 4 * 1024 * 1024;

constexpr long upload_buffer_bytes = 1024 * 1024;

constexpr const char* user_agent = "telegen/" TELEGEN_VERSION_STRING;

} // namespace

struct OtlpHttpClient::Response {
  std::string body;
  std::chrono::milliseconds retry_after{-1}; // -1: no Retry-After header
};

namespace {

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  const std::size_t bytes = size * count;
  if (body->size() + bytes > max_response_bytes)
    return 0; // aborts the transfer: the response is not trusted
  body->append(data, bytes);
  return bytes;
}

// Retry-After as delay-seconds or an HTTP date; -1 ms when absent or bad.
std::chrono::milliseconds retry_after_of(std::string_view line) {
  constexpr std::string_view name = "retry-after:";
  if (line.size() <= name.size())
    return std::chrono::milliseconds(-1);
  for (std::size_t i = 0; i < name.size(); ++i)
    if (static_cast<char>(std::tolower(static_cast<unsigned char>(line[i]))) != name[i])
      return std::chrono::milliseconds(-1);
  std::string value(line.substr(name.size()));
  while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
    value.pop_back();
  const std::size_t start = value.find_first_not_of(' ');
  value = start == std::string::npos ? "" : value.substr(start);
  char* end = nullptr;
  const long seconds = std::strtol(value.c_str(), &end, 10);
  if (!value.empty() && *end == '\0' && seconds >= 0)
    return std::chrono::seconds(seconds);
  if (const time_t when = curl_getdate(value.c_str(), nullptr); when >= 0) {
    const time_t now = std::time(nullptr);
    return std::chrono::seconds(when > now ? when - now : 0);
  }
  return std::chrono::milliseconds(-1);
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<std::atomic<bool>*>(user)->load(std::memory_order_relaxed) ? 1 : 0;
}

} // namespace

std::size_t OtlpHttpClient::on_header(char* data, std::size_t size, std::size_t count, void* user) {
  auto* r = static_cast<Response*>(user);
  if (const auto wait = retry_after_of(std::string_view(data, size * count)); wait.count() >= 0)
    r->retry_after = wait;
  return size * count;
}

OtlpHttpClient::OtlpHttpClient(const OtlpConfig& config, const OtlpSignal& signal)
    : endpoint_(config.endpoint), protocol_(config.protocol), timeout_(config.timeout),
      gzip_(config.gzip), certificate_(config.certificate), client_key_(config.client_key),
      client_certificate_(config.client_certificate), signal_(signal) {
  static std::once_flag curl_ready;
  std::call_once(curl_ready, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  curl_ = curl_easy_init();
  headers_ = curl_slist_append(headers_, protocol_ == OtlpProtocol::http_protobuf
                                             ? "Content-Type: application/x-protobuf"
                                             : "Content-Type: application/json");
  if (gzip_)
    headers_ = curl_slist_append(headers_, "Content-Encoding: gzip");
  // libcurl would otherwise ask for 100-continue before a large body.
  headers_ = curl_slist_append(headers_, "Expect:");
  for (const auto& [key, value] : config.headers)
    headers_ = curl_slist_append(headers_, (key + ": " + value).c_str());
  // What every request shares, set once; attempt() sets the body, the
  // time left and where the response goes.
  curl_easy_setopt(curl_, CURLOPT_URL, endpoint_.c_str());
  curl_easy_setopt(curl_, CURLOPT_POST, 1L);
  curl_easy_setopt(curl_, CURLOPT_HTTPHEADER, headers_);
  // Large requests go out in fewer, larger writes.
  curl_easy_setopt(curl_, CURLOPT_UPLOAD_BUFFERSIZE, upload_buffer_bytes);
  curl_easy_setopt(curl_, CURLOPT_USERAGENT, user_agent);
  curl_easy_setopt(curl_, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl_, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl_, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl_, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl_, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(curl_, CURLOPT_XFERINFODATA, &cancelled_);
  if (!certificate_.empty())
    curl_easy_setopt(curl_, CURLOPT_CAINFO, certificate_.c_str());
  if (!client_certificate_.empty())
    curl_easy_setopt(curl_, CURLOPT_SSLCERT, client_certificate_.c_str());
  if (!client_key_.empty())
    curl_easy_setopt(curl_, CURLOPT_SSLKEY, client_key_.c_str());
}

OtlpHttpClient::~OtlpHttpClient() {
  curl_slist_free_all(headers_);
  curl_easy_cleanup(curl_);
}

bool OtlpHttpClient::send(std::string_view body, std::size_t items,
                          std::chrono::milliseconds timeout) {
  if (gzip_ && !gzip(body, compressed_))
    return report_failure(items, "gzip compression failed");
  const std::string_view payload = gzip_ ? std::string_view(compressed_) : body;

  const Clock::time_point deadline = Clock::now() + (timeout.count() > 0 ? timeout : timeout_);
  std::chrono::milliseconds backoff = initial_backoff;
  for (;;) {
    Response response;
    std::string reason;
    switch (attempt(payload, deadline, response, reason)) {
    case Outcome::delivered:
      failing_ = false;
      read_partial_success(response.body);
      return true;
    case Outcome::failed:
      return report_failure(items, reason);
    case Outcome::retry:
      break;
    }
    std::chrono::milliseconds wait = response.retry_after;
    if (wait.count() < 0) {
      // Exponential, with jitter over [backoff/2, backoff].
      const auto jitter = static_cast<long long>(next_random() % (backoff.count() / 2 + 1));
      wait = std::chrono::milliseconds(backoff.count() / 2 + jitter);
      backoff = std::min(max_backoff, backoff * 2);
    }
    if (Clock::now() + wait >= deadline)
      return report_failure(items, reason + "; no time left to retry");
    if (!sleep_unless_cancelled(wait))
      return report_failure(items, "cancelled at shutdown");
  }
}

void OtlpHttpClient::cancel() noexcept {
  std::lock_guard<std::mutex> lock(mutex_);
  cancelled_.store(true, std::memory_order_relaxed);
  wake_.notify_all();
}

OtlpHttpClient::Outcome OtlpHttpClient::attempt(std::string_view payload,
                                                Clock::time_point deadline, Response& response,
                                                std::string& reason) {
  const auto remaining =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (remaining.count() <= 0) {
    reason = "timed out";
    return Outcome::failed;
  }
  if (cancelled_.load(std::memory_order_relaxed)) {
    reason = "cancelled at shutdown";
    return Outcome::failed;
  }
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDS, payload.data());
  curl_easy_setopt(curl_, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(payload.size()));
  curl_easy_setopt(curl_, CURLOPT_TIMEOUT_MS, static_cast<long>(remaining.count()));
  curl_easy_setopt(curl_, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl_, CURLOPT_HEADERDATA, &response);

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
      return Outcome::failed; // timed out, cancelled, TLS, or not transient
    }
  }
  long status = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300)
    return Outcome::delivered;
  reason = "HTTP " + std::to_string(status) + " " + response.body.substr(0, 200);
  const bool retryable = status == 429 || status == 502 || status == 503 || status == 504;
  return retryable ? Outcome::retry : Outcome::failed;
}

bool OtlpHttpClient::sleep_unless_cancelled(std::chrono::milliseconds wait) {
  std::unique_lock<std::mutex> lock(mutex_);
  return !wake_.wait_for(lock, wait, [&] { return cancelled_.load(std::memory_order_relaxed); });
}

void OtlpHttpClient::read_partial_success(const std::string& body) {
  if (body.empty())
    return;
  const std::optional<PartialSuccess> partial =
      protocol_ == OtlpProtocol::http_protobuf
          ? partial_success_from_protobuf(body)
          : partial_success_from_json(body, signal_.rejected_json_key);
  if (!partial || (partial->rejected == 0 && partial->error_message.empty()))
    return;
  if (partial->rejected > 0)
    signal_.rejected.add(static_cast<std::uint64_t>(partial->rejected));
  if (partial_reported_)
    return;
  partial_reported_ = true;
  std::fprintf(stderr,
               "telegen: the OTLP receiver at %s rejected %lld of the %.*s it was sent: %s "
               "(counted in %.*s; later partial successes are only counted)\n",
               endpoint_.c_str(), static_cast<long long>(partial->rejected),
               static_cast<int>(signal_.items.size()), signal_.items.data(),
               partial->error_message.empty() ? "no reason given"
                                              : partial->error_message.substr(0, 300).c_str(),
               static_cast<int>(signal_.rejected.name().size()), signal_.rejected.name().data());
}

bool OtlpHttpClient::report_failure(std::size_t items, const std::string& reason) {
  if (!failing_)
    std::fprintf(
        stderr,
        "telegen: OTLP export to %s failed (%s); %zu %.*s not delivered, counted in %.*s; later "
        "failures are not reported until an export succeeds\n",
        endpoint_.c_str(), reason.c_str(), items, static_cast<int>(signal_.items.size()),
        signal_.items.data(), static_cast<int>(signal_.failed.name().size()),
        signal_.failed.name().data());
  failing_ = true;
  return false;
}

} // namespace telegen::detail
