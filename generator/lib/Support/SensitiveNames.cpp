//===- SensitiveNames.cpp - Names that look like secrets ------------------===//
#include "Support/SensitiveNames.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"

#include <cctype>
#include <string>

using namespace llvm;

namespace telegen {
namespace {

/// Sequences of lower-case words; a name is sensitive when its words
/// contain one of these sequences.
constexpr StringLiteral SensitivePhrases[] = {
    "password", "passwd", "passphrase", "pwd", "secret", "token",
    "api key", "apikey", "access key", "private key", "authorization",
    "auth", "cookie", "session key", "credential", "credentials",
    "card", "card number", "pan", "cvv", "cvc", "ssn", "pin",
};

/// Splits "dbPassword.api_key" into {"db", "password", "api", "key"}.
SmallVector<std::string, 8> words(StringRef Name) {
  SmallVector<std::string, 8> Result;
  std::string Current;
  auto Flush = [&] {
    if (!Current.empty())
      Result.push_back(std::move(Current));
    Current.clear();
  };
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (!std::isalnum(static_cast<unsigned char>(C))) {
      Flush();
      continue;
    }
    bool Upper = std::isupper(static_cast<unsigned char>(C));
    bool PrevLower = I > 0 && std::islower(static_cast<unsigned char>(Name[I - 1]));
    if (Upper && PrevLower)
      Flush();
    Current.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(C))));
  }
  Flush();
  return Result;
}

} // namespace

StringRef sensitiveWordIn(StringRef Name) {
  SmallVector<std::string, 8> NameWords = words(Name);
  for (StringRef Phrase : SensitivePhrases) {
    SmallVector<StringRef, 2> PhraseWords;
    Phrase.split(PhraseWords, ' ');
    for (size_t Start = 0; Start + PhraseWords.size() <= NameWords.size(); ++Start) {
      bool Match = true;
      for (size_t K = 0; K < PhraseWords.size() && Match; ++K)
        Match = NameWords[Start + K] == PhraseWords[K];
      if (Match)
        return Phrase;
    }
  }
  return "";
}

} // namespace telegen
