//===- SensitiveNames.h - Names that look like secrets ----------*- C++ -*-===//
#ifndef TELEGEN_SUPPORT_SENSITIVENAMES_H
#define TELEGEN_SUPPORT_SENSITIVENAMES_H

#include "llvm/ADT/StringRef.h"

namespace telegen {
namespace naming {

/// Whether a field, attribute or label name looks like it holds a secret:
/// its last word is one (password, token, secret, cookie, authorization,
/// ...), its last two are (api_key, card_number, private_key, ...), or it
/// is one run together (apikey, authtoken). Words are split at '_', '.' and
/// camelCase humps (apiToken); the last word decides, so 'token_count' is a
/// count, not a token, and 'card.last4' is not the card. Schema checks and
/// the instrumenter's checks of recorded parameters share it.
bool looksSensitive(llvm::StringRef Name);

} // namespace naming
} // namespace telegen

#endif
