#include "core/service_name.hpp"

#include <fstream>

namespace telegen::detail {
namespace {

std::string executable_name() {
  std::ifstream comm("/proc/self/comm");
  std::string name;
  std::getline(comm, name);
  return name.empty() ? "telegen" : name;
}

} // namespace

std::string service_name_or_default(const Config& config) {
  return config.service_name.empty() ? "unknown_service:" + executable_name() : config.service_name;
}

std::string service_version(const Config& config) {
  for (const auto& [key, value] : config.resource_attributes)
    if (key == "service.version")
      return value;
  return {};
}

} // namespace telegen::detail
