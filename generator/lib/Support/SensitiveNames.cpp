//===- SensitiveNames.cpp - Names that look like secrets ------------------===//
#include "Support/SensitiveNames.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <utility>

using namespace llvm;

namespace telegen {
namespace naming {

bool looksSensitive(StringRef Name) {
  std::string Lower;
  for (size_t I = 0; I < Name.size(); ++I) {
    char C = Name[I];
    if (isUpper(C) && I > 0 && isLower(Name[I - 1]))
      Lower += '_';
    Lower += C == '.' ? '_' : toLower(C);
  }
  SmallVector<StringRef, 8> Words;
  StringRef(Lower).split(Words, '_', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  if (Words.empty())
    return false;
  StringRef Last = Words.back();
  if (is_contained({"password", "passwd", "passphrase", "pwd", "secret",
                    "token", "cookie", "authorization", "credential",
                    "credentials", "cvv", "cvc", "ssn", "pin",
                    // words run together
                    "apikey", "authtoken", "accesstoken", "refreshtoken",
                    "sessiontoken", "privatekey", "cardnumber", "creditcard",
                    "setcookie"},
                   Last))
    return true;
  if (Words.size() == 1)
    return Last == "card";
  static const std::pair<StringRef, StringRef> Pairs[] = {
      {"api", "key"},
      {"private", "key"},
      {"access", "key"},
      {"secret", "key"},
      {"signing", "key"},
      {"card", "number"},
      {"card", "no"},
      {"card", "num"},
      {"credit", "card"},
      {"auth", "header"},
      {"authorization", "header"},
      {"account", "number"}};
  std::pair<StringRef, StringRef> LastTwo{Words[Words.size() - 2], Last};
  return is_contained(Pairs, LastTwo);
}

} // namespace naming
} // namespace telegen
