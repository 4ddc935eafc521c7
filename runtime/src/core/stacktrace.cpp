#include "core/stacktrace.hpp"

#include <backtrace.h>
#include <cxxabi.h>
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string_view>

namespace telegen::detail {
namespace {

void ignore_error(void*, const char*, int) {}

// libbacktrace's state for this program, threaded: any thread may use it.
// Null when the program's file cannot be opened; then nothing is captured.
backtrace_state* program_state() noexcept {
  static backtrace_state* const state =
      backtrace_create_state(nullptr, /*threaded=*/1, ignore_error, nullptr);
  return state;
}

// Made at load: see "Fork safety" in runtime/src/README.md.
[[maybe_unused]] backtrace_state* const state_at_load = program_state();

struct Capture {
  std::uintptr_t* pcs;
  std::size_t capacity;
  std::size_t count;
};

int on_pc(void* data, std::uintptr_t pc) {
  auto* capture = static_cast<Capture*>(data);
  // The unwinder's end marker, and frames without an address.
  if (pc == 0 || pc == static_cast<std::uintptr_t>(-1))
    return 0;
  capture->pcs[capture->count++] = pc;
  return capture->count == capture->capacity ? 1 : 0;
}

// What libbacktrace knows of one pc: its DWARF frames (functions inlined
// into it first; their names unqualified), and the symbol table's name of
// the function that holds it (mangled, so qualified once demangled).
struct Frame {
  const char* function;
  const char* file;
  int line;
};
struct PcInfo {
  Frame frames[8];
  std::size_t count;
  const char* symbol;
};

int on_line(void* data, std::uintptr_t, const char* file, int line, const char* function) {
  auto& info = *static_cast<PcInfo*>(data);
  if (function != nullptr && info.count < std::size(info.frames))
    info.frames[info.count++] = Frame{function, file, line};
  return 0;
}

void on_symbol(void* data, std::uintptr_t, const char* symbol, std::uintptr_t, std::uintptr_t) {
  static_cast<PcInfo*>(data)->symbol = symbol;
}

void append_demangled(std::string& out, const char* name) {
  int status = 0;
  char* demangled = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  out += status == 0 && demangled != nullptr ? demangled : name;
  std::free(demangled);
}

void append_location(std::string& out, const Frame& frame) {
  if (frame.file == nullptr)
    return;
  out += " at ";
  out += frame.file;
  out += ':';
  out += std::to_string(frame.line);
}

// Where a pc is in its module, for offline symbolization: " (path+0x1f2e)".
void append_module_offset(std::string& out, std::uintptr_t pc, const char** symbol) {
  Dl_info module{};
  if (dladdr(reinterpret_cast<void*>(pc), &module) == 0 || module.dli_fname == nullptr ||
      module.dli_fname[0] == '\0')
    return;
  if (*symbol == nullptr)
    *symbol = module.dli_sname;
  char offset[24];
  std::snprintf(offset, sizeof offset, "+0x%zx",
                static_cast<std::size_t>(pc - reinterpret_cast<std::uintptr_t>(module.dli_fbase)));
  out += " (";
  out += module.dli_fname;
  out += offset;
  out += ')';
}

void append_line_start(std::string& out, unsigned& frame) {
  out += '#';
  out += std::to_string(frame++);
  out += ' ';
}

} // namespace

// Not inlined: `skip` counts from its caller.
[[gnu::noinline]] std::size_t capture_stack(std::uintptr_t* pcs, std::size_t capacity,
                                            int skip) noexcept {
  backtrace_state* state = program_state();
  if (state == nullptr || capacity == 0)
    return 0;
  Capture capture{pcs, capacity, 0};
  backtrace_simple(state, skip + 1, on_pc, ignore_error, &capture);
  return capture.count;
}

void append_stacktrace(std::string& out, const std::uintptr_t* pcs, std::size_t count) {
  backtrace_state* state = program_state();
  if (state == nullptr)
    return;
  unsigned frame = 0;
  for (std::size_t i = 0; i < count; ++i) {
    PcInfo info{};
    backtrace_pcinfo(state, pcs[i], on_line, ignore_error, &info);
    backtrace_syminfo(state, pcs[i], on_symbol, ignore_error, &info);
    // Inlined functions, innermost first, by their DWARF names.
    for (std::size_t j = 0; j + 1 < info.count; ++j) {
      append_line_start(out, frame);
      out += info.frames[j].function;
      append_location(out, info.frames[j]);
      out += '\n';
    }
    // The function itself: qualified by its symbol when the symbol table
    // has it; without line information, located in its module.
    append_line_start(out, frame);
    std::string location;
    if (info.count > 0 && info.frames[info.count - 1].file != nullptr)
      append_location(location, info.frames[info.count - 1]);
    else
      append_module_offset(location, pcs[i], &info.symbol);
    const char* name = info.symbol != nullptr ? info.symbol
                       : info.count > 0       ? info.frames[info.count - 1].function
                                              : nullptr;
    if (name != nullptr)
      append_demangled(out, name);
    else
      out += "??";
    out += location;
    out += '\n';
  }
}

} // namespace telegen::detail
