// Linking telegen::otlp forces this object into the program (see its CMake
// target), so OTEL_TRACES_EXPORTER=otlp (the default),
// OTEL_LOGS_EXPORTER=otlp and OTEL_METRICS_EXPORTER=otlp work with no code.
#include "export/otlp/otlp_exporters.hpp"
#include "telegen/otlp.hpp"

extern "C" const bool telegen_otlp_exporter_registered =
    telegen::register_span_exporter("otlp", &telegen::make_otlp_exporter) &&
    telegen::detail::register_otlp_exporters(&telegen::detail::make_otlp_log_exporter,
                                             &telegen::detail::make_otlp_metric_exporter);
