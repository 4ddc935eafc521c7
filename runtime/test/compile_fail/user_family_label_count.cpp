// A family registered at run time takes one value per label name.
#include "telegen/metrics.hpp"

void count_job() {
  auto jobs = telegen::add_counter({"jobs_total", "Jobs."}, {"queue", "outcome"});
  jobs.labels("emails").inc(); // GNU: labels() takes one value per label name given at registration  Clang: labels() takes one value per label name given at registration
}
