// Where the log writer hands every record besides the file and stderr: the
// log export over OTLP (export/log_batch_processor.hpp), which this layer
// does not know.
#pragma once

#include "log/log_format.hpp"

namespace telegen::detail {

class LogSink {
public:
  virtual ~LogSink() = default;
  // Log writer thread: takes one record, whose views stay valid only during
  // the call. Must not block.
  virtual void add(const LogView& record) = 0;
};

} // namespace telegen::detail
