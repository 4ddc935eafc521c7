// What the hot paths share with the background pipelines: the per-thread
// queue sets and the lazy start.
#pragma once

#include "core/byte_queue.hpp"
#include "core/thread_queues.hpp"

namespace telegen::detail {

QueueSet& span_queues();
QueueSet& log_queues();

// Starts telegen from the environment unless start() already ran (or
// shutdown() stopped it). Thread-safe.
void ensure_started();

// Slow path: the calling thread's queue in `set`, created on first use and
// abandoned to the background thread when the thread exits. `slot` is the
// pipeline's thread_local pointer; it is filled in, and cleared at thread
// exit. Null when out of memory or during the thread's exit.
ByteQueue* attach_thread_queue(QueueSet& set, ByteQueue*& slot);

} // namespace telegen::detail
