// Recording a sensitive-looking value is an error; a non-secret member of a
// sensitive object under its own key is fine.
// RUN: not %telegen instrument %s --out %t.cpp -- %cxxflags 2>&1 | FileCheck %s
#include <telegen/annotate.hpp>
#include <string>

struct Card { std::string number; std::string last4; };

TELEGEN_SPAN("login", attrs(user, password))
// CHECK: diag-sensitive.cpp:[[@LINE-1]]:35: error: 'password' recorded as 'password' looks sensitive; secrets must not reach traces
void login(const std::string &user, const std::string &password) {}

TELEGEN_SPAN("pay", attrs(card.number, "payment.last4" = card.last4))
// CHECK: diag-sensitive.cpp:[[@LINE-1]]:27: error: 'card.number' recorded as 'card.number' looks sensitive
void pay(const Card &card) {}

TELEGEN_SPAN("refresh", attrs(apiToken))
// CHECK: diag-sensitive.cpp:[[@LINE-1]]:31: error: 'apiToken' recorded as 'apiToken' looks sensitive
void refresh(int apiToken) {}
// CHECK: 3 errors generated.
