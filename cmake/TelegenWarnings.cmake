# Warnings for telegen's own targets. Kept off the exported runtime target's
# interface so users' builds are not affected.
function(telegen_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic
      $<$<BOOL:${TELEGEN_WERROR}>:-Werror>)
  endif()
endfunction()
