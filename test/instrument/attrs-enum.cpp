// An enum attribute records the enumerator's name through a table the
// instrumenter writes from the enum's definition; aliases keep the first name.
// RUN: %telegen instrument %s --out %t.cpp -- %cxxflags
// RUN: grep -v '^ *//' %t.cpp | FileCheck %s
#include <telegen/annotate.hpp>

namespace geo {
enum class Region { eu_west, us_east, default_region = eu_west };
}

TELEGEN_SPAN("route", attrs(region))
void route(geo::Region region) {}

// CHECK: static constexpr ::telegen::detail::EnumName<::geo::Region> telegen_enum_0_[] = {{[{][{]}}::geo::Region::eu_west, "eu_west"}, {::geo::Region::us_east, "us_east"}, };
// CHECK: telegen_span_.set_attribute(0, ::telegen::detail::enum_name(region, telegen_enum_0_));
