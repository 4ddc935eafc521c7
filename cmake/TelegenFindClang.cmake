# Finds Clang/LLVM 19 for the generator and its tests. Debian's config file
# rejects a version request, so the major version is checked here instead.
find_package(Clang CONFIG REQUIRED HINTS /usr/lib/llvm-19/lib/cmake/clang)
if(NOT LLVM_VERSION_MAJOR EQUAL 19)
  message(FATAL_ERROR "telegen's generator needs LLVM/Clang 19, found ${LLVM_PACKAGE_VERSION} "
    "at ${LLVM_DIR}. Install libclang-19-dev and llvm-19-dev (scripts/bootstrap.sh does), "
    "or set Clang_DIR to Clang 19's lib/cmake/clang.")
endif()
message(STATUS "telegen: generator uses LLVM ${LLVM_PACKAGE_VERSION} from ${LLVM_DIR}")

# The resource headers (stddef.h, ...) LibTooling needs to parse user code,
# from the same Clang release the generator links.
execute_process(COMMAND ${LLVM_TOOLS_BINARY_DIR}/clang -print-resource-dir
  OUTPUT_VARIABLE TELEGEN_CLANG_RESOURCE_DIR OUTPUT_STRIP_TRAILING_WHITESPACE)
