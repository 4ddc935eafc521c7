// Starting and stopping telegen's background work: the span exporter, the
// log writer, and the log and metric export over OTLP. Everything else (SpanGuard, Scope, log,
// inject/extract) works without a call here: the first span or log record starts telegen from the
// environment, and it shuts down at exit.
#pragma once

#include "telegen/config.hpp"

#include <chrono>

namespace telegen {

// Starts (or restarts with a new configuration, after flushing what the
// previous one holds) the span exporter and the log writer. Thread-safe.
//
//   int main() {
//     telegen::start();                      // OTEL_* and LOG_LEVEL
//     serve();
//     telegen::shutdown();                   // or let exit do it
//   }
void start(const Config& config = Config::from_env());

// Exports every span and writes every log record finished before the call;
// returns false if that did not complete within `timeout`. Thread-safe.
bool force_flush(std::chrono::milliseconds timeout = std::chrono::seconds(5));

// Flushes as above and stops the background threads. Whatever is still
// unexported at the deadline is dropped and counted. Until start() is
// called again, later spans record nothing, and later log records wait in
// their thread's buffer (what does not fit is dropped and counted).
// Thread-safe.
void shutdown(std::chrono::milliseconds timeout);
// The same within the longest OTEL_EXPORTER_OTLP_(SIGNAL_)TIMEOUT of the
// signals exported over OTLP (10 s by default), or 2 s when none is. Runs
// at exit.
void shutdown();

} // namespace telegen
