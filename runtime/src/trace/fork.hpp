// What a forked child does with the spans its thread had open at fork():
// they belong to the parent, which ends and exports them.
#pragma once

namespace telegen::detail {

// In the child, on the thread that called fork(): the open spans are no
// longer recorded or ended here, and spans started under them continue
// their trace as children of a remote parent (as a process started with
// TRACEPARENT does).
void leave_open_spans_to_parent() noexcept;

} // namespace telegen::detail
