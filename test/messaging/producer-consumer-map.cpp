// A carrier may be a string map (one entry per header), reached through
// pointers and member functions returning references; the model names its
// form. A template's carrier is classified when it is instantiated.
// RUN: %telegen instrument %s --out %t.cpp --model %t.json -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
// RUN: FileCheck %s --check-prefix=MODEL < %t.json
#include <telegen/annotate.hpp>
#include <map>
#include <string>
#include <unordered_map>

struct Envelope {
  std::map<std::string, std::string> headers;
  std::unordered_map<std::string, std::string> &properties();
};

TELEGEN_PRODUCER("mail.send", carrier = envelope->headers)
void send(Envelope *envelope) {}
// CHECK: ::telegen::detail::inject_message(envelope->headers);

TELEGEN_CONSUMER("mail.deliver", carrier = envelope.properties())
void deliver(Envelope &envelope) {}
// CHECK: ::telegen::detail::extract_message(envelope.properties());

template <class Message>
TELEGEN_CONSUMER("mail.generic", carrier = message.headers)
void generic(const Message &message) {}
// CHECK: ::telegen::detail::extract_message(message.headers);

// MODEL: "carrier": {
// MODEL-NEXT: "cpp_type": "std::map<std::string, std::string>",
// MODEL-NEXT: "expression": "envelope->headers",
// MODEL-NEXT: "form": "map"
// MODEL: "cpp_type": "std::unordered_map<std::string, std::string> &",
// MODEL-NEXT: "expression": "envelope.properties()",
// MODEL-NEXT: "form": "map"
// MODEL: "form": "dependent"
