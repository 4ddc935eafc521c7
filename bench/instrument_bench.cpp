// telegen instrument against the compiler on the same translation units, in
// one process with the same Clang libraries: `clang -fsyntax-only` (the
// target is at most 0.8 x its time + 50 ms), an -O2 compile, instrumenting
// (dependency scan + parse + rewrite), and the untouched-file path (the scan
// alone, for a file with nothing to instrument).
//
// TUs: small = test/e2e/instrument/orders.cpp (an annotated service file),
// large = GoogleTest's gtest-all.cc (~12k lines, all of gtest) with a rule
// that instruments every function of namespace testing (1,200 functions).
#include "Instrument/Instrumenter.h"
#include "Instrument/QuickScan.h"
#include "Schema/Loader.h"

#include "clang/CodeGen/CodeGenAction.h"
#include "clang/Frontend/FrontendActions.h"
#include "clang/Tooling/Tooling.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/Support/VirtualFileSystem.h"

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Unit {
  std::string Source;
  std::vector<std::string> Flags;
  std::string Schema; // empty: no schema
};

const Unit &unit(int Which) {
  static const std::string Root = TELEGEN_SOURCE_DIR;
  static const std::string GoogleTest = "/usr/src/googletest/googletest";
  static const Unit Small{Root + "/test/e2e/instrument/orders.cpp",
                          {"-std=c++17", "-I" + Root + "/runtime/include"},
                          ""};
  static const Unit Large{GoogleTest + "/src/gtest-all.cc",
                          {"-std=c++17", "-I" + GoogleTest, "-I" + GoogleTest + "/include",
                           "-I" + Root + "/runtime/include", "-pthread"},
                          Root + "/test/e2e/robustness/gtest.yaml"};
  static const Unit Plain{Root + "/bench/json_bench.cpp",
                          {"-std=c++17", "-I" + Root + "/runtime/src"},
                          ""};
  return Which == 0 ? Small : Which == 1 ? Large : Plain;
}

clang::tooling::FixedCompilationDatabase database(const Unit &U) {
  return clang::tooling::FixedCompilationDatabase(".", U.Flags);
}

/// The peer: Clang's own front end and compiler on the same file.
template <class Action>
void runClang(const Unit &U, std::vector<std::string> Extra) {
  auto Database = database(U);
  clang::tooling::ClangTool Tool(Database, {U.Source});
  Tool.clearArgumentsAdjusters();
  Tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
      Extra, clang::tooling::ArgumentInsertPosition::END));
  Tool.appendArgumentsAdjuster(clang::tooling::getInsertArgumentAdjuster(
      {"-w", "-resource-dir=" TELEGEN_CLANG_RESOURCE_DIR},
      clang::tooling::ArgumentInsertPosition::END));
  if (Tool.run(clang::tooling::newFrontendActionFactory<Action>().get()) != 0)
    std::abort();
}

void BM_ClangSyntaxOnly(benchmark::State &State) {
  const Unit &U = unit(State.range(0));
  for (auto _ : State)
    runClang<clang::SyntaxOnlyAction>(U, {"-fsyntax-only"});
}

void BM_ClangCompileO2(benchmark::State &State) {
  llvm::InitializeNativeTarget();
  llvm::InitializeNativeTargetAsmPrinter();
  const Unit &U = unit(State.range(0));
  for (auto _ : State)
    runClang<clang::EmitObjAction>(U, {"-c", "-O2", "-o", "/dev/null"});
}

void BM_TelegenInstrument(benchmark::State &State) {
  const Unit &U = unit(State.range(0));
  std::optional<telegen::schema::LoadedSchema> Schema;
  if (!U.Schema.empty()) {
    telegen::SourceFiles Files;
    telegen::DiagnosticList Diags;
    auto Loaded = telegen::schema::Loader(*llvm::vfs::getRealFileSystem(), Files, Diags)
                      .load(U.Schema);
    if (!Loaded)
      std::abort();
    Schema = std::move(*Loaded);
  }
  const telegen::schema::Model *Model = Schema ? &Schema->Schema : nullptr;
  auto Database = database(U);
  auto Command = telegen::telegenCompileCommand(Database, U.Source);
  if (!Command)
    std::abort();
  telegen::InstrumentOptions Options;
  Options.HeaderDir = "/tmp/telegen-bench-headers";
  Options.Schema = Model;
  std::size_t Functions = 0;
  for (auto _ : State) {
    auto Scan = telegen::quickScan(*Command, Model);
    if (!Scan || !Scan->MentionsTelegen)
      std::abort();
    auto Result = telegen::instrumentFile(*Command, Options);
    if (!Result || Result->Errors != 0)
      std::abort();
    Functions = Result->Model.Functions.size();
    benchmark::DoNotOptimize(Result->Text.data());
  }
  State.counters["functions"] = static_cast<double>(Functions);
}

void BM_TelegenUntouched(benchmark::State &State) {
  const Unit &U = unit(2);
  auto Database = database(U);
  auto Command = telegen::telegenCompileCommand(Database, U.Source);
  if (!Command)
    std::abort();
  for (auto _ : State) {
    auto Scan = telegen::quickScan(*Command, nullptr);
    if (!Scan || Scan->MentionsTelegen)
      std::abort();
    benchmark::DoNotOptimize(Scan->Dependencies.data());
  }
}

// 0: small TU, 1: large TU.
BENCHMARK(BM_ClangSyntaxOnly)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_TelegenInstrument)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_ClangCompileO2)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MinTime(3);
// The same (syntax-only) for the plain file the untouched path skips.
BENCHMARK(BM_ClangSyntaxOnly)->Arg(2)->Unit(benchmark::kMillisecond)->MinTime(3);
BENCHMARK(BM_TelegenUntouched)->Unit(benchmark::kMillisecond)->MinTime(3);

} // namespace
