// telegen with standalone Asio (libasio-dev): handlers that carry the
// context of the code that posted them, and co_spawn under the spawning
// context. `telegen instrument` writes these at post, dispatch, defer and
// co_spawn call sites; use them by hand elsewhere. Boost.Asio: the same in
// telegen/boost_asio.hpp, namespace telegen::boost_asio.
//
//   asio::post(strand, telegen::bind_context([&] { reply(); }));   // keeps the strand
//   asio::co_spawn(telegen::asio::context_executor(io), handle(request), asio::detached);
//
// Coroutine spans (TELEGEN_SPAN on a coroutine) need nothing from here;
// see docs/propagation.md for what crosses and what does not.
#pragma once

#include "telegen/context.hpp"
#include "telegen/detail/async_tasks.hpp"

#include <asio/associated_allocator.hpp>
#include <asio/associated_executor.hpp>
#include <asio/associator.hpp>
#include <asio/execution.hpp>
#include <asio/prefer.hpp>
#include <asio/query.hpp>
#include <asio/require.hpp>

#include <memory>
#include <string_view>
#include <type_traits>
#include <utility>

#define TELEGEN_ASIO_NS ::asio
#define TELEGEN_ASIO_NS_NAME asio
#define TELEGEN_ASIO_BRIDGE asio
#define TELEGEN_ASIO_ASSOCIATOR
#include "telegen/detail/asio_bridge.ipp"
#undef TELEGEN_ASIO_ASSOCIATOR
#undef TELEGEN_ASIO_BRIDGE
#undef TELEGEN_ASIO_NS_NAME
#undef TELEGEN_ASIO_NS
