// telegen with Boost.Asio (libboost-dev): what telegen/asio.hpp gives for
// standalone Asio, in namespace telegen::boost_asio.
//
//   boost::asio::post(strand, telegen::bind_context([&] { reply(); }));
//   boost::asio::co_spawn(telegen::boost_asio::context_executor(io), handle(r), boost::asio::detached);
#pragma once

#include "telegen/context.hpp"
#include "telegen/detail/async_tasks.hpp"

#include <boost/asio/associated_allocator.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/execution.hpp>
#include <boost/asio/prefer.hpp>
#include <boost/asio/query.hpp>
#include <boost/asio/require.hpp>
#include <boost/version.hpp>
#if BOOST_VERSION >= 107900
#include <boost/asio/associator.hpp>
#define TELEGEN_ASIO_ASSOCIATOR
#endif

#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

#define TELEGEN_ASIO_NS ::boost::asio
#define TELEGEN_ASIO_NS_NAME boost::asio
#define TELEGEN_ASIO_BRIDGE boost_asio
#include "telegen/detail/asio_bridge.ipp"
#undef TELEGEN_ASIO_ASSOCIATOR
#undef TELEGEN_ASIO_BRIDGE
#undef TELEGEN_ASIO_NS_NAME
#undef TELEGEN_ASIO_NS
