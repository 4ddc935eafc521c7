// Whether a proxy list from the environment exempts a host, as libcurl
// reads `no_proxy`: the OTLP client writes its request itself only over a
// direct connection, so it needs to know whether libcurl would have gone
// through a proxy.
#pragma once

#include <string_view>

namespace telegen::detail {

// Whether `list` (`no_proxy`'s value) exempts `host` (a URL's host; an
// IPv6 address with or without its brackets), read as libcurl reads it.
// Names are separated by commas, with blanks around them ignored. A name
// matches as the host itself or as a domain that contains it,
// case-insensitively, leading and trailing dots ignored (".example.com"
// and "example.com" both match "api.example.com" and "example.com", never
// "notexample.com"). An IP host matches an address or a network in CIDR
// notation ("10.0.0.0/8", "fd00::/8"), never a name. "*" as the whole list
// matches every host.
bool no_proxy_exempts(std::string_view host, std::string_view list);

} // namespace telegen::detail
