// Annotations that tell `telegen instrument` what to trace.
//
// They expand to `[[clang::annotate(...)]]` only while telegen parses the
// code (the tool defines __telegen__) and to nothing otherwise, so annotated
// code compiles unchanged with any compiler and costs nothing when it is not
// instrumented.
//
//   #include <telegen/annotate.hpp>
//
//   TELEGEN_SPAN("orders.place", kind = server, attrs(order_id, region))
//   Order place(OrderId order_id, Region region, const Card& card);
//
//   TELEGEN_SPAN("payments.charge", kind = client, status = result)
//   std::optional<Receipt> charge(const Order& order);   // nullopt marks the span as error
//
//   TELEGEN_NO_INSTRUMENT void hot_loop();   // never instrumented, even by a schema rule
//
// TELEGEN_SPAN's arguments: the span name (declared in the schema's `spans`),
// then any of
//   kind = server | client | internal | producer | consumer
//   attrs(param, param.member, param.method(), "key" = param, ...)
//   status = result      the returned bool / optional / expected / error code
//                        marks the span as error on failure
// Put the annotation on the function's first declaration or on its
// definition; telegen instruments the definition.
#pragma once

#if defined(__telegen__)
#define TELEGEN_SPAN(...) [[clang::annotate("telegen.span:" #__VA_ARGS__)]]
#define TELEGEN_NO_INSTRUMENT [[clang::annotate("telegen.no_instrument")]]
#else
#define TELEGEN_SPAN(...)
#define TELEGEN_NO_INSTRUMENT
#endif
