#include "http/debug_token.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <stdexcept>

namespace telegen::detail {
namespace {

constexpr std::string_view prefix = "dbg_";
constexpr std::size_t id_bytes = 16;
constexpr std::size_t mac_bytes = 32;

std::string hex(const unsigned char* bytes, std::size_t size) {
  constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (std::size_t i = 0; i < size; ++i) {
    out.push_back(digits[bytes[i] >> 4]);
    out.push_back(digits[bytes[i] & 0xf]);
  }
  return out;
}

bool is_lower_hex(std::string_view text) {
  for (char c : text)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

std::string mac(std::string_view signed_part, std::string_view secret) {
  std::array<unsigned char, mac_bytes> out{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(signed_part.data()), signed_part.size(), out.data(),
       &size);
  return hex(out.data(), size);
}

// The token's five dot-separated parts, or nothing.
std::optional<std::array<std::string_view, 5>> split(std::string_view token) {
  if (token.substr(0, prefix.size()) != prefix)
    return std::nullopt;
  token.remove_prefix(prefix.size());
  std::array<std::string_view, 5> parts;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::size_t dot = token.find('.');
    if ((dot == std::string_view::npos) != (i + 1 == parts.size()))
      return std::nullopt;
    parts[i] = token.substr(0, dot);
    token = dot == std::string_view::npos ? std::string_view() : token.substr(dot + 1);
  }
  return parts;
}

} // namespace

std::string new_debug_id() {
  std::array<unsigned char, id_bytes> bytes{};
  if (RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) != 1)
    throw std::runtime_error("telegen: OpenSSL's random generator failed");
  return hex(bytes.data(), bytes.size());
}

std::string sign_debug_token(const DebugClaims& claims, std::string_view secret) {
  const auto expiry =
      std::chrono::duration_cast<std::chrono::seconds>(claims.expires_at.time_since_epoch())
          .count();
  std::string token = std::string(prefix) + claims.id + "." + std::string(to_string(claims.scope)) +
                      "." + (claims.frontend ? std::string(to_string(*claims.frontend)) : "*") +
                      "." + std::to_string(expiry);
  token += "." + mac(token, secret);
  return token;
}

std::string_view to_string(TokenCheck check) noexcept {
  constexpr std::string_view names[] = {"valid", "malformed", "forged", "expired"};
  return names[static_cast<std::size_t>(check)];
}

CheckedToken check_debug_token(std::string_view token, std::string_view secret,
                               std::chrono::system_clock::time_point now) {
  CheckedToken result;
  const auto parts = split(token);
  if (!parts)
    return result;
  const auto& [id, scope_name, frontend_name, expiry_text, signature] = *parts;
  const std::optional<DebugScope> scope = parse_debug_scope(scope_name);
  long long expiry = 0;
  const auto [end, error] =
      std::from_chars(expiry_text.data(), expiry_text.data() + expiry_text.size(), expiry);
  if (id.size() != id_bytes * 2 || !is_lower_hex(id) || !scope || error != std::errc() ||
      end != expiry_text.data() + expiry_text.size() || expiry <= 0 ||
      signature.size() != mac_bytes * 2)
    return result;
  const Frontend frontend = parse_frontend(frontend_name);
  if (frontend_name != "*" && to_string(frontend) != frontend_name)
    return result;
  result.claims = {std::string(id), *scope,
                   frontend_name == "*" ? std::nullopt : std::optional<Frontend>(frontend),
                   std::chrono::system_clock::time_point(std::chrono::seconds(expiry))};
  const std::string_view signed_part = token.substr(0, token.size() - signature.size() - 1);
  const std::string expected = mac(signed_part, secret);
  if (secret.empty() || CRYPTO_memcmp(expected.data(), signature.data(), expected.size()) != 0) {
    result.check = TokenCheck::forged;
    return result;
  }
  result.check = now < result.claims.expires_at ? TokenCheck::valid : TokenCheck::expired;
  return result;
}

} // namespace telegen::detail
