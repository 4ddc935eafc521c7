// POST /api/telemetry/debug: issues and revokes debug tokens, and writes
// the audit of every answer.
#include "http/debug_api.hpp"

#include "core/json_writer.hpp"
#include "http/bearer.hpp"
#include "http/debug_events.hpp"
#include "http/json_object.hpp"
#include "telegen/httplib.hpp"
#include "telegen/log.hpp"

#include <cmath>
#include <ctime>

namespace telegen::detail {
namespace {

using Clock = std::chrono::system_clock;

constexpr int default_minutes = 15;
constexpr int max_minutes = 60;

std::string rfc3339(Clock::time_point at) {
  const std::time_t seconds = Clock::to_time_t(at);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

// The caller whose token the request bears, or null; every caller's token
// is compared, so the time taken does not tell which one came close.
const DebugApiCaller* find_caller(const DebugApiConfig& config, const httplib::Request& request) {
  const std::string header = request.get_header_value("Authorization");
  const std::optional<std::string_view> given = bearer_token(header);
  if (!given)
    return nullptr;
  const DebugApiCaller* found = nullptr;
  for (const DebugApiCaller& caller : config.callers)
    if (same_secret(*given, caller.token))
      found = &caller;
  return found;
}

std::string_view role_name(DebugRole role) {
  return role == DebugRole::admin ? "admin" : "developer";
}

// What the body asks for, as far as it could be read.
struct Ask {
  bool enable = true;
  DebugClaims claims;
  std::optional<std::string> scope_text, frontend_text;
};

// One answer of the endpoint, and its audit record.
class Exchange {
public:
  Exchange(const DebugApiState& state, const httplib::Request& request, httplib::Response& response)
      : state_(state), request_(request), response_(response) {}

  void run() {
    if (!state_.serving())
      return refuse(404, "debug_api_off",
                    "the Telemetry Debug API is off in this process; set TELEGEN_DEBUG_API=on, "
                    "an admin in TELEGEN_DEBUG_API_TOKENS (name:admin:<token>) and "
                    "TELEGEN_DEBUG_SECRET (32 bytes or more), the same in every process");
    caller_ = find_caller(state_.config, request_);
    if (caller_ == nullptr) {
      response_.set_header("WWW-Authenticate", "Bearer realm=\"telegen-debug\"");
      return refuse(401, "unauthorized",
                    "send Authorization: Bearer <token> with a token of "
                    "TELEGEN_DEBUG_API_TOKENS");
    }
    if (!read_body())
      return;
    if (ask_.enable)
      issue();
    else
      revoke();
  }

private:
  bool read_body() {
    const FlatJson body = parse_flat_json(request_.body);
    if (!body.error.empty())
      return reject(400, "malformed_body",
                    body.error + R"(; send {"enable": true, "duration_minutes": 15, )"
                                 R"("frontend_id": "web", "scope": "all"})");
    for (const auto& [name, value] : body.members)
      if (name != "enable" && name != "duration_minutes" && name != "frontend_id" &&
          name != "scope" && name != "debug_token")
        return reject(
            400, "unknown_member",
            "\"" + name +
                "\" is not a member of a debug request; use enable, "
                "duration_minutes, frontend_id, scope (or debug_token with enable: false)");
    const auto member = [&](std::string_view name) -> const JsonScalar* {
      const auto it = body.members.find(name);
      return it == body.members.end() ? nullptr : &it->second;
    };
    const JsonScalar* enable = member("enable");
    if (enable == nullptr || !std::holds_alternative<bool>(*enable))
      return reject(400, "invalid_enable",
                    "\"enable\" must be true (issue a token) or false (revoke the debug_token "
                    "given)");
    ask_.enable = std::get<bool>(*enable);
    return ask_.enable ? read_issue(member) : read_revoke(member);
  }

  template <class Member> bool read_issue(const Member& member) {
    if (member("debug_token") != nullptr)
      return reject(400, "unexpected_debug_token",
                    "\"debug_token\" goes with \"enable\": false (revocation) only");
    if (const JsonScalar* scope = member("scope")) {
      const std::string* text = std::get_if<std::string>(scope);
      ask_.scope_text = text != nullptr ? *text : "?";
      const std::optional<DebugScope> parsed =
          text != nullptr ? parse_debug_scope(*text) : std::nullopt;
      if (!parsed)
        return reject(400, "invalid_scope",
                      "\"scope\" must be one of \"all\", \"resilience\", \"database\", "
                      "\"external\"");
      ask_.claims.scope = *parsed;
    }
    if (const JsonScalar* frontend = member("frontend_id");
        frontend != nullptr && !std::holds_alternative<JsonNull>(*frontend)) {
      const std::string* text = std::get_if<std::string>(frontend);
      ask_.frontend_text = text != nullptr ? *text : "?";
      const Frontend parsed = text != nullptr ? parse_frontend(*text) : Frontend::unknown;
      if (text == nullptr || to_string(parsed) != *text)
        return reject(400, "invalid_frontend_id",
                      "\"frontend_id\" must be null (every frontend) or a known frontend: "
                      "unknown, web, cli, tui, mobile, telegram, api, agent, internal, tasks");
      ask_.claims.frontend = parsed;
    }
    double minutes = default_minutes;
    if (const JsonScalar* duration = member("duration_minutes")) {
      const double* number = std::get_if<double>(duration);
      if (number == nullptr || *number != std::floor(*number) || *number < 1 ||
          *number > max_minutes)
        return reject(400, "invalid_duration_minutes",
                      "\"duration_minutes\" must be a whole number from 1 to 60 (default 15)");
      minutes = *number;
    }
    ask_.claims.expires_at = std::chrono::time_point_cast<std::chrono::seconds>(
        Clock::now() + std::chrono::minutes(static_cast<int>(minutes)));
    return true;
  }

  template <class Member> bool read_revoke(const Member& member) {
    const JsonScalar* token = member("debug_token");
    const std::string* text = token != nullptr ? std::get_if<std::string>(token) : nullptr;
    if (text == nullptr)
      return reject(400, "missing_debug_token",
                    "\"enable\": false revokes a token: give it as \"debug_token\"");
    const CheckedToken checked = check_debug_token(*text, state_.config.secret, Clock::now());
    ask_.claims = checked.claims;
    if (checked.check == TokenCheck::malformed || checked.check == TokenCheck::forged)
      return reject(400, "invalid_debug_token",
                    "\"debug_token\" is not a token this service issued (" +
                        std::string(to_string(checked.check)) + "); give it as issued");
    return true;
  }

  void issue() {
    ask_.claims.id = new_debug_id();
    switch (state_.store->issue(ask_.claims, Clock::now())) {
    case DebugStore::Issue::limit_reached:
      response_.set_header("Retry-After", "60");
      return refuse(429, "too_many_debug_tokens",
                    "5 debug tokens are active in this environment; revoke one ({\"enable\": "
                    "false, \"debug_token\": \"dbg_...\"}) or wait until one expires");
    case DebugStore::Issue::unavailable:
      return refuse(503, "debug_store_unavailable",
                    "the token store (" + state_.store->where() +
                        ") cannot be reached; check TELEGEN_DEBUG_REDIS_URL and the server");
    case DebugStore::Issue::issued:
      break;
    }
    const std::string token = sign_debug_token(ask_.claims, state_.config.secret);
    audit(debug_token_issued_site);
    std::string body;
    JsonWriter(body)
        .begin_object()
        .key("debug_token")
        .value(token)
        .key("expires_at")
        .value(rfc3339(ask_.claims.expires_at))
        .key("instructions")
        .value("Add X-Debug-Token header to requests")
        .end_object();
    send(200, body);
  }

  void revoke() {
    if (caller_->role != DebugRole::admin)
      return refuse(403, "forbidden",
                    "only an admin revokes debug tokens; '" + caller_->name +
                        "' is a developer (TELEGEN_DEBUG_API_TOKENS name:admin:<token>)");
    if (!state_.store->revoke(ask_.claims, Clock::now()))
      return refuse(503, "debug_store_unavailable",
                    "the token store (" + state_.store->where() +
                        ") cannot be reached; check TELEGEN_DEBUG_REDIS_URL and the server");
    audit(debug_token_revoked_site);
    std::string body;
    JsonWriter(body)
        .begin_object()
        .key("revoked")
        .value(true)
        .key("expires_at")
        .value(rfc3339(ask_.claims.expires_at))
        .end_object();
    send(200, body);
  }

  void audit(const EventSite& site) {
    const DebugClaims& c = ask_.claims;
    emit_log(site, {caller_->name, role_name(caller_->role), c.id, to_string(c.scope),
                    c.frontend ? AttributeValue(to_string(*c.frontend)) : AttributeValue(),
                    rfc3339(c.expires_at)});
  }

  bool reject(int status, std::string_view error, const std::string& detail) {
    refuse(status, error, detail);
    return false;
  }

  void refuse(int status, std::string_view error, const std::string& detail) {
    const bool dated = ask_.claims.expires_at != Clock::time_point();
    emit_log(debug_request_refused_site,
             {caller_ != nullptr ? AttributeValue(caller_->name) : AttributeValue(), status, detail,
              ask_.scope_text ? AttributeValue(*ask_.scope_text) : AttributeValue(),
              ask_.frontend_text ? AttributeValue(*ask_.frontend_text) : AttributeValue(),
              dated ? AttributeValue(rfc3339(ask_.claims.expires_at)) : AttributeValue()});
    std::string body;
    JsonWriter(body)
        .begin_object()
        .key("error")
        .value(error)
        .key("detail")
        .value(detail)
        .end_object();
    send(status, body);
  }

  void send(int status, const std::string& body) {
    response_.status = status;
    response_.set_header("Cache-Control", "no-store");
    response_.set_content(body, "application/json");
  }

  const DebugApiState& state_;
  const httplib::Request& request_;
  httplib::Response& response_;
  const DebugApiCaller* caller_ = nullptr;
  Ask ask_;
};

} // namespace

void serve_debug_api(const httplib::Request& request, httplib::Response& response) {
  const std::shared_ptr<const DebugApiState> state = debug_api_state();
  Exchange(*state, request, response).run();
}

} // namespace telegen::detail

namespace telegen::http {

void mount_debug_api(httplib::Server& server) {
  server.Post(detail::debug_api_path, detail::serve_debug_api);
}

} // namespace telegen::http
