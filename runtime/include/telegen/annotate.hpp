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
//   class Pool {
//    public:
//     template <typename F> TELEGEN_PROPAGATE auto submit(F&& task);  // the callable parameter
//     TELEGEN_PROPAGATE_ARG(on_done) void post(int priority, std::function<void()> on_done);
//   };
//   // at every call site in instrumented files, the callable is wrapped so it
//   // runs in the caller's trace and request context: pool.submit([] { ... });
//
// TELEGEN_SPAN's arguments: the span name (declared in the schema's `spans`),
// then any of
//   kind = server | client | internal | producer | consumer
//   attrs(param, param.member, param.method(), "key" = param, ...)
//   status = result      the returned bool / optional / expected / error code
//                        marks the span as error on failure
// Put the annotation on the function's first declaration or on its
// definition; telegen instruments the definition.
//
// TELEGEN_PRODUCER and TELEGEN_CONSUMER put a messaging span on the function
// that enqueues a message and on the one that handles it, and carry the
// trace in the message: `carrier = ...` names the message member (a
// std::string, or a std::map / std::unordered_map of std::string) the
// producer writes its span's context into and the consumer reads it from.
// The consumer's span is a child of the producer's and links to it. Their
// other arguments are TELEGEN_SPAN's, without kind.
//
//   TELEGEN_PRODUCER("orders.enqueue", carrier = job.trace_context, attrs(job.id))
//   void enqueue(Queue& queue, Job job);
//   TELEGEN_CONSUMER("orders.handle", carrier = job.trace_context)
//   void handle(const Job& job);
//
// TELEGEN_PROPAGATE marks a function (an executor's submit, a queue's post)
// whose callable argument must carry the caller's context; it finds the
// parameter by its type (a template parameter, std::function, ...).
// TELEGEN_PROPAGATE_ARG(param) names the parameter instead.
#pragma once

#if defined(__telegen__)
#define TELEGEN_SPAN(...) [[clang::annotate("telegen.span:" #__VA_ARGS__)]]
#define TELEGEN_PRODUCER(...) [[clang::annotate("telegen.producer:" #__VA_ARGS__)]]
#define TELEGEN_CONSUMER(...) [[clang::annotate("telegen.consumer:" #__VA_ARGS__)]]
#define TELEGEN_NO_INSTRUMENT [[clang::annotate("telegen.no_instrument")]]
#define TELEGEN_PROPAGATE [[clang::annotate("telegen.propagate:")]]
#define TELEGEN_PROPAGATE_ARG(param) [[clang::annotate("telegen.propagate:" #param)]]
#else
#define TELEGEN_SPAN(...)
#define TELEGEN_PRODUCER(...)
#define TELEGEN_CONSUMER(...)
#define TELEGEN_NO_INSTRUMENT
#define TELEGEN_PROPAGATE
#define TELEGEN_PROPAGATE_ARG(param)
#endif
