// Debug tokens: signing and verification (forged, expired, malformed),
// scope and frontend matching, the per-process limit of 5 active tokens and
// revocation.
#include "http/debug_api.hpp"
#include "http/debug_store.hpp"
#include "http/debug_token.hpp"

#include "context/context_access.hpp"
#include "telegen/context.hpp"
#include "telegen/exposition.hpp"
#include "telegen/log.hpp"
#include "telegen/propagation.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <map>

namespace telegen::detail {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

const std::string secret(32, 's');
const Clock::time_point now = Clock::time_point(std::chrono::seconds(1'800'000'000));

DebugClaims claims(DebugScope scope = DebugScope::all,
                   std::optional<Frontend> frontend = std::nullopt,
                   Clock::time_point expires_at = now + 15min) {
  return {new_debug_id(), scope, frontend, expires_at};
}

TEST(DebugTokenTest, ASignedTokenVerifiesWithItsClaims) {
  const DebugClaims issued = claims(DebugScope::external, Frontend::web);
  const std::string token = sign_debug_token(issued, secret);
  EXPECT_EQ(token.substr(0, 4), "dbg_");
  const CheckedToken checked = check_debug_token(token, secret, now);
  ASSERT_EQ(checked.check, TokenCheck::valid);
  EXPECT_EQ(checked.claims.id, issued.id);
  EXPECT_EQ(checked.claims.scope, DebugScope::external);
  EXPECT_EQ(checked.claims.frontend, Frontend::web);
  EXPECT_EQ(checked.claims.expires_at, issued.expires_at);
}

TEST(DebugTokenTest, ATokenForEveryFrontendSaysSo) {
  const CheckedToken checked = check_debug_token(sign_debug_token(claims(), secret), secret, now);
  ASSERT_EQ(checked.check, TokenCheck::valid);
  EXPECT_EQ(checked.claims.frontend, std::nullopt);
}

TEST(DebugTokenTest, IdsAreRandom) { EXPECT_NE(new_debug_id(), new_debug_id()); }

TEST(DebugTokenTest, AnotherSecretsTokenIsForged) {
  const std::string token = sign_debug_token(claims(), std::string(32, 'x'));
  EXPECT_EQ(check_debug_token(token, secret, now).check, TokenCheck::forged);
  EXPECT_EQ(check_debug_token(token, "", now).check, TokenCheck::forged);
}

TEST(DebugTokenTest, ChangingAnyClaimForgesTheToken) {
  const std::string token = sign_debug_token(claims(DebugScope::resilience, Frontend::web), secret);
  const std::map<std::string, std::string> changes = {
      {".resilience.", ".all."}, {".web.", ".*."}, {".web.", ".cli."}};
  for (const auto& [from, to] : changes) {
    std::string forged = token;
    forged.replace(forged.find(from), from.size(), to);
    EXPECT_EQ(check_debug_token(forged, secret, now).check, TokenCheck::forged) << forged;
  }
  // A later expiry.
  std::string later = token;
  const std::size_t expiry = later.rfind('.') - 10;
  later[expiry] = static_cast<char>(later[expiry] + 1);
  EXPECT_EQ(check_debug_token(later, secret, now).check, TokenCheck::forged) << later;
}

TEST(DebugTokenTest, AnExpiredTokenIsExpired) {
  const std::string token = sign_debug_token(claims(DebugScope::all, {}, now + 1s), secret);
  EXPECT_EQ(check_debug_token(token, secret, now).check, TokenCheck::valid);
  EXPECT_EQ(check_debug_token(token, secret, now + 1s).check, TokenCheck::expired);
  EXPECT_EQ(check_debug_token(token, secret, now + 1h).check, TokenCheck::expired);
}

TEST(DebugTokenTest, MalformedTokensAreMalformed) {
  const std::string good = sign_debug_token(claims(), secret);
  for (const std::string& token :
       {std::string(), std::string("dbg_"), good.substr(4), "xyz_" + good.substr(4),
        good.substr(0, good.size() - 1), good + ".x", good.substr(0, good.rfind('.')),
        std::string("dbg_0123.all.*.1.00"), "dbg_" + std::string(32, 'A') + good.substr(4 + 32)}) {
    EXPECT_EQ(check_debug_token(token, secret, now).check, TokenCheck::malformed) << token;
  }
  std::string unknown_scope = good;
  unknown_scope.replace(unknown_scope.find(".all."), 5, ".everything.");
  EXPECT_EQ(check_debug_token(unknown_scope, secret, now).check, TokenCheck::malformed);
}

TEST(DebugTokenTest, ScopesCoverTheirLoggers) {
  const auto mode = [](DebugScope scope) {
    return DebugMode("t", "id", scope, std::nullopt, Clock::now() + 1min);
  };
  EXPECT_TRUE(mode(DebugScope::all).covers("orders"));
  EXPECT_TRUE(mode(DebugScope::resilience).covers("resilience"));
  EXPECT_FALSE(mode(DebugScope::resilience).covers("orders"));
  EXPECT_FALSE(mode(DebugScope::resilience).covers("http"));
  EXPECT_TRUE(mode(DebugScope::external).covers("http"));
  EXPECT_TRUE(mode(DebugScope::database).covers("db"));
  EXPECT_FALSE(mode(DebugScope::database).covers("http"));
  // The debug schema's own records, in every scope.
  EXPECT_TRUE(mode(DebugScope::database).covers("debug"));
  EXPECT_FALSE(
      DebugMode("t", "id", DebugScope::all, std::nullopt, Clock::now() - 1s).covers("orders"));
}

TEST(DebugTokenTest, ALiveDebugModeLowersTheThresholdUntilItEnds) {
  set_configured_log_level(static_cast<std::uint8_t>(Level::warning));
  EXPECT_FALSE(log_enabled(Level::debug));
  {
    DebugMode mode("t", "id", DebugScope::all, std::nullopt, Clock::now() + 1min);
    EXPECT_TRUE(log_enabled(Level::debug));
    EXPECT_EQ(configured_log_level(), static_cast<std::uint8_t>(Level::warning));
  }
  EXPECT_FALSE(log_enabled(Level::debug));
  EXPECT_FALSE(log_enabled(Level::info));
  EXPECT_TRUE(log_enabled(Level::warning));
}

TEST(DebugStoreTest, TheSixthActiveTokenIsRefused) {
  const auto store = make_process_debug_store();
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(store->issue(claims(), now), DebugStore::Issue::issued);
  EXPECT_EQ(store->issue(claims(), now), DebugStore::Issue::limit_reached);
}

TEST(DebugStoreTest, ExpiredAndRevokedTokensFreeTheirPlace) {
  const auto store = make_process_debug_store();
  const DebugClaims short_lived = claims(DebugScope::all, {}, now + 1min);
  const DebugClaims revoked = claims();
  EXPECT_EQ(store->issue(short_lived, now), DebugStore::Issue::issued);
  EXPECT_EQ(store->issue(revoked, now), DebugStore::Issue::issued);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(store->issue(claims(), now), DebugStore::Issue::issued);
  EXPECT_EQ(store->issue(claims(), now), DebugStore::Issue::limit_reached);
  EXPECT_EQ(store->issue(claims(), now + 1min), DebugStore::Issue::issued);
  EXPECT_FALSE(store->revoked(revoked.id).value());
  EXPECT_TRUE(store->revoke(revoked, now + 1min));
  EXPECT_TRUE(store->revoked(revoked.id).value());
  EXPECT_EQ(store->issue(claims(), now + 1min), DebugStore::Issue::issued);
  EXPECT_EQ(store->issue(claims(), now + 1min), DebugStore::Issue::limit_reached);
}

TEST(DebugStoreTest, ARedisUrlMustNameHostAndPort) {
  EXPECT_EQ(make_redis_debug_store("redis://127.0.0.1:6380/2")->where(),
            "redis://127.0.0.1:6380/2");
  EXPECT_EQ(make_redis_debug_store("redis://cache")->where(), "redis://cache:6379/0");
  for (const char* url : {"http://cache:6379", "redis://:6379", "redis://cache:port",
                          "redis://user:pass@cache:6379", "redis://cache:6379/99"})
    EXPECT_THROW(make_redis_debug_store(url), std::invalid_argument) << url;
}

// extract() verifies X-Debug-Token with the configured secret and store.
class DebugVerificationTest : public ::testing::Test {
protected:
  void SetUp() override {
    install_debug_verifier();
    DebugApiConfig config;
    config.secret = secret;
    configure_debug_api(config);
  }
  void TearDown() override { configure_debug_api(DebugApiConfig()); }

  static Context extracted(std::string_view token, std::string_view frontend = "web") {
    std::multimap<std::string, std::string> headers = {{"X-Debug-Token", std::string(token)},
                                                       {"X-Frontend-ID", std::string(frontend)}};
    return extract(HeaderCarrier(headers));
  }
  static const DebugMode* mode_of(const Context& context) {
    return ContextAccess::extras(context)->debug.get();
  }
  static std::string live(DebugScope scope = DebugScope::all,
                          std::optional<Frontend> frontend = std::nullopt) {
    return sign_debug_token(claims(scope, frontend, Clock::now() + 1min), secret);
  }
};

TEST_F(DebugVerificationTest, AValidTokenPutsTheContextInDebugMode) {
  const Context context = extracted(live(DebugScope::database));
  ASSERT_NE(mode_of(context), nullptr);
  EXPECT_EQ(mode_of(context)->scope, DebugScope::database);
}

TEST_F(DebugVerificationTest, TheTokenTravelsOnWithTheContext) {
  const std::string token = live();
  const Context context = extracted(token);
  std::multimap<std::string, std::string> out;
  HeaderCarrier carrier(out);
  inject(context, carrier);
  ASSERT_EQ(out.count("x-debug-token"), 1u);
  EXPECT_EQ(out.find("x-debug-token")->second, token);
  std::vector<std::string> environment = environment_with(context);
  EXPECT_NE(std::find(environment.begin(), environment.end(), "X_DEBUG_TOKEN=" + token),
            environment.end());
}

TEST_F(DebugVerificationTest, AChildProcessReadsItFromItsEnvironment) {
  const std::string token = live(DebugScope::resilience);
  std::vector<std::string> environment = {"X_DEBUG_TOKEN=" + token, "X_FRONTEND_ID=cli"};
  const Context context = extract(EnvCarrier(environment));
  ASSERT_NE(mode_of(context), nullptr);
  EXPECT_EQ(mode_of(context)->scope, DebugScope::resilience);
}

TEST_F(DebugVerificationTest, ATokenForAnotherFrontendIsIgnored) {
  EXPECT_NE(mode_of(extracted(live(DebugScope::all, Frontend::web), "web")), nullptr);
  EXPECT_EQ(mode_of(extracted(live(DebugScope::all, Frontend::web), "cli")), nullptr);
  EXPECT_NE(mode_of(extracted(live(DebugScope::all, std::nullopt), "cli")), nullptr);
}

TEST_F(DebugVerificationTest, ForgedExpiredMalformedAndRevokedTokensAreIgnoredAndCounted) {
  const DebugClaims revoked = claims(DebugScope::all, {}, Clock::now() + 1min);
  debug_api_state()->store->revoke(revoked, Clock::now());
  const std::string tokens[] = {
      sign_debug_token(claims(DebugScope::all, {}, Clock::now() + 1min), std::string(32, 'x')),
      sign_debug_token(claims(DebugScope::all, {}, Clock::now() - 1s), secret), "dbg_nonsense",
      sign_debug_token(revoked, secret)};
  const std::uint64_t before = ignored_debug_tokens();
  for (const std::string& token : tokens) {
    const Context context = extracted(token);
    EXPECT_EQ(mode_of(context), nullptr) << token;
    EXPECT_FALSE(context.request().request_id.empty()); // the request goes on as usual
  }
  EXPECT_EQ(ignored_debug_tokens(), before + std::size(tokens));
  // A self-metric every scrape lists.
  EXPECT_NE(metrics_text().find("telegen_debug_tokens_ignored_total " +
                                std::to_string(ignored_debug_tokens())),
            std::string::npos);
}

TEST_F(DebugVerificationTest, WithoutASecretEveryTokenIsIgnored) {
  const std::string token = live();
  configure_debug_api(DebugApiConfig());
  EXPECT_EQ(mode_of(extracted(token)), nullptr);
}

TEST(DebugApiConfigTest, AShortSecretIsRefusedSayingWhatToUse) {
  DebugApiConfig config;
  config.secret = "short";
  try {
    configure_debug_api(config);
    FAIL() << "accepted a 5-byte secret";
  } catch (const std::invalid_argument& error) {
    EXPECT_NE(std::string(error.what()).find("at least 32"), std::string::npos) << error.what();
  }
}

TEST(DebugApiConfigTest, CallersAreReadFromTheEnvironment) {
  setenv("TELEGEN_DEBUG_API", "on", 1);
  setenv("TELEGEN_DEBUG_API_TOKENS", "alice:admin:a:b:c,ci:developer:t2,bad:root:t3,nobody", 1);
  const DebugApiConfig config = DebugApiConfig::from_env();
  unsetenv("TELEGEN_DEBUG_API");
  unsetenv("TELEGEN_DEBUG_API_TOKENS");
  EXPECT_TRUE(config.enabled);
  ASSERT_EQ(config.callers.size(), 2u);
  EXPECT_EQ(config.callers[0].name, "alice");
  EXPECT_EQ(config.callers[0].role, DebugRole::admin);
  EXPECT_EQ(config.callers[0].token, "a:b:c");
  EXPECT_EQ(config.callers[1].name, "ci");
  EXPECT_EQ(config.callers[1].role, DebugRole::developer);
}

} // namespace
} // namespace telegen::detail
