// The Asio integration, written once for standalone Asio and Boost.Asio:
// telegen/asio.hpp and telegen/boost_asio.hpp include it with
//   TELEGEN_ASIO_NS      the library's namespace (::asio, ::boost::asio)
//   TELEGEN_ASIO_NS_NAME the same, to open it (asio, boost::asio)
//   TELEGEN_ASIO_BRIDGE  telegen's namespace for it (asio, boost_asio)
//   TELEGEN_ASIO_ASSOCIATOR  defined when the library has asio::associator
// No include guard: each of the two headers includes it once.

namespace telegen::TELEGEN_ASIO_BRIDGE {

namespace detail {

// What every copy of one ContextExecutor shares: the context its handlers
// run under and, for a co_spawn, the gauge entry counting it as active
// until the last copy is gone (the spawned coroutine and every handler it
// left behind finished).
struct ExecutorState {
  ExecutorState(Context context, Gauge* active) : context(std::move(context)), active(active) {
    if (active != nullptr)
      active->inc();
  }
  ~ExecutorState() {
    if (active != nullptr)
      active->dec();
  }
  ExecutorState(const ExecutorState&) = delete;
  ExecutorState& operator=(const ExecutorState&) = delete;

  const Context context;
  Gauge* const active;
};

} // namespace detail

// An executor that runs every function submitted to it under the context
// captured when it was made, as a run (telegen/context.hpp): a coroutine
// spawned on it starts under that context, every resumption of it happens
// inside a run, so a coroutine it awaits starts as the child of its span,
// and whatever a suspended coroutine leaves on the thread is cleared when
// the handler returns. Queries, require and prefer go to `Inner`; the
// result of require and prefer keeps the context. Thread-safe as `Inner`.
//
//   asio::co_spawn(telegen::asio::context_executor(io.get_executor()), serve(), asio::detached);
template <class Inner> class ContextExecutor {
public:
  ContextExecutor(Inner inner, std::shared_ptr<const detail::ExecutorState> state) noexcept
      : inner_(std::move(inner)), state_(std::move(state)) {}

  template <class Function> void execute(Function&& function) const {
    TELEGEN_ASIO_NS::execution::execute(
        inner_, [state = state_, function = std::forward<Function>(function)]() mutable {
          telegen::detail::RunFrame run(state->context);
          std::move(function)();
        });
  }

  template <class Property>
  auto query(const Property& property) const
      -> decltype(TELEGEN_ASIO_NS::query(std::declval<const Inner&>(), property)) {
    return TELEGEN_ASIO_NS::query(inner_, property);
  }
  template <class Property>
  auto require(const Property& property) const
      -> ContextExecutor<std::decay_t<decltype(TELEGEN_ASIO_NS::require(
          std::declval<const Inner&>(), property))>> {
    return {TELEGEN_ASIO_NS::require(inner_, property), state_};
  }
  template <class Property>
  auto prefer(const Property& property) const
      -> ContextExecutor<std::decay_t<decltype(TELEGEN_ASIO_NS::prefer(
          std::declval<const Inner&>(), property))>> {
    return {TELEGEN_ASIO_NS::prefer(inner_, property), state_};
  }

  const Inner& inner() const noexcept { return inner_; }
  const Context& context() const noexcept { return state_->context; }

  friend bool operator==(const ContextExecutor& a, const ContextExecutor& b) noexcept {
    return a.inner_ == b.inner_ && a.state_ == b.state_;
  }
  friend bool operator!=(const ContextExecutor& a, const ContextExecutor& b) noexcept {
    return !(a == b);
  }

private:
  Inner inner_;
  std::shared_ptr<const detail::ExecutorState> state_;
};

// An executor whose functions run under the calling thread's current
// context (or an execution context's executor: io_context, thread_pool).
template <class Executor, std::enable_if_t<TELEGEN_ASIO_NS::execution::is_executor<Executor>::value,
                                           int> = 0>
ContextExecutor<Executor> context_executor(const Executor& executor) {
  return {executor, std::make_shared<const detail::ExecutorState>(Context::current(), nullptr)};
}
template <class ExecutionContext,
          std::enable_if_t<!TELEGEN_ASIO_NS::execution::is_executor<ExecutionContext>::value, int> = 0>
auto context_executor(ExecutionContext& context)
    -> ContextExecutor<decltype(context.get_executor())> {
  return context_executor(context.get_executor());
}

// co_spawn's executor as `telegen instrument` writes it: context_executor,
// and the spawned coroutine counted in active_async_tasks{executor=name}
// until it and every handler it left behind have finished.
template <class Executor, std::enable_if_t<TELEGEN_ASIO_NS::execution::is_executor<Executor>::value,
                                           int> = 0>
ContextExecutor<Executor> spawn_executor(const Executor& executor, std::string_view name) {
  return {executor, std::make_shared<const detail::ExecutorState>(
                        Context::current(), &telegen::detail::active_async_tasks(name))};
}
template <class ExecutionContext,
          std::enable_if_t<!TELEGEN_ASIO_NS::execution::is_executor<ExecutionContext>::value, int> = 0>
auto spawn_executor(ExecutionContext& context, std::string_view name)
    -> ContextExecutor<decltype(context.get_executor())> {
  return spawn_executor(context.get_executor(), name);
}

} // namespace telegen::TELEGEN_ASIO_BRIDGE

namespace telegen::TELEGEN_ASIO_BRIDGE::detail {

// Asio posts a handler straight to the target executor only when the
// handler's associated_executor is not specialised (it says so with the
// member asio_associated_executor_is_unspecialised); otherwise it wraps the
// handler in a work_dispatcher that counts outstanding work and dispatches
// it a second time. A bound callable is what it wraps: it carries the
// marker when the wrapped callable's association does.
template <class Association, class = void> struct ForwardUnspecialised {};
template <class Association>
struct ForwardUnspecialised<Association,
                            std::void_t<typename Association::asio_associated_executor_is_unspecialised>> {
  using asio_associated_executor_is_unspecialised = void;
};

} // namespace telegen::TELEGEN_ASIO_BRIDGE::detail

// A bound callable keeps the handler's associations: its executor (a
// strand), allocator and cancellation slot are the wrapped callable's.
namespace TELEGEN_ASIO_NS_NAME {
#if defined(TELEGEN_ASIO_ASSOCIATOR)
template <template <typename, typename> class Associator, typename Callable,
          typename DefaultCandidate>
struct associator<Associator, ::telegen::ContextBound<Callable>, DefaultCandidate>
    : ::telegen::TELEGEN_ASIO_BRIDGE::detail::ForwardUnspecialised<
          Associator<Callable, DefaultCandidate>> {
  using type = typename Associator<Callable, DefaultCandidate>::type;
  static type get(const ::telegen::ContextBound<Callable>& bound,
                  const DefaultCandidate& candidate = DefaultCandidate()) noexcept {
    return Associator<Callable, DefaultCandidate>::get(bound.callable(), candidate);
  }
};
#else
template <typename Callable, typename Executor>
struct associated_executor<::telegen::ContextBound<Callable>, Executor>
    : ::telegen::TELEGEN_ASIO_BRIDGE::detail::ForwardUnspecialised<
          associated_executor<Callable, Executor>> {
  using type = typename associated_executor<Callable, Executor>::type;
  static type get(const ::telegen::ContextBound<Callable>& bound,
                  const Executor& executor = Executor()) noexcept {
    return associated_executor<Callable, Executor>::get(bound.callable(), executor);
  }
};
template <typename Callable, typename Allocator>
struct associated_allocator<::telegen::ContextBound<Callable>, Allocator> {
  using type = typename associated_allocator<Callable, Allocator>::type;
  static type get(const ::telegen::ContextBound<Callable>& bound,
                  const Allocator& allocator = Allocator()) noexcept {
    return associated_allocator<Callable, Allocator>::get(bound.callable(), allocator);
  }
};
#endif
} // namespace TELEGEN_ASIO_NS_NAME
