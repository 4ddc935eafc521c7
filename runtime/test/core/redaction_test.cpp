#include "core/redaction.hpp"

#include <gtest/gtest.h>

namespace telegen::detail {
namespace {

TEST(Redaction, KeysNamingSecretsAreSensitive) {
  for (const char* key :
       {"password",      "db_password",   "Password",     "passwd",       "secret",
        "client_secret", "token",         "access_token", "refreshToken", "auth_token",
        "authorization", "Authorization", "X-Api-Key",    "api_key",      "apiKey",
        "APIKEY",        "private_key",   "cookie",       "set-cookie",   "card",
        "card_number",   "cardNumber",    "cvv",          "ssn",          "credentials",
        "session_id",    "secrets",       "passphrase"})
    EXPECT_TRUE(is_sensitive_key(key)) << key;
}

TEST(Redaction, OrdinaryKeysAreNot) {
  for (const char* key :
       {"user", "order_id", "discard_count", "author", "keyboard", "monkey", "passenger",
        "cardinality", "session", "key", "api", "retries", "region", "scorecard", ""})
    EXPECT_FALSE(is_sensitive_key(key)) << key;
}

} // namespace
} // namespace telegen::detail
