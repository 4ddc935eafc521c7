# Compiles SOURCE, which must fail, and checks the diagnostic the marker in
# SOURCE expects for COMPILER_ID:
#   <code> // GNU: <message>  Clang: <message>
# The compiler must report an error line containing <message>, and point
# at the marked line (the error itself, or "required from here" when the
# error is raised inside a template).
# Arguments: COMPILER, COMPILER_ID, SOURCE, INCLUDES (a ;-list).
# Read line by line without letting CMake split lines at semicolons.
file(READ "${SOURCE}" content)
string(REPLACE ";" "<semicolon>" content "${content}")
string(REPLACE "\n" ";" lines "${content}")
set(line_number 0)
set(expected "")
foreach(line IN LISTS lines)
  math(EXPR line_number "${line_number} + 1")
  if(line MATCHES "// .*${COMPILER_ID}: ([^ ].*)$")
    string(REGEX REPLACE "  [A-Za-z]+: .*$" "" expected "${CMAKE_MATCH_1}")
    set(expected_line ${line_number})
  endif()
endforeach()
if(expected STREQUAL "")
  message(FATAL_ERROR "${SOURCE}: no expected diagnostic for ${COMPILER_ID}")
endif()

set(include_flags "")
foreach(dir IN LISTS INCLUDES)
  list(APPEND include_flags "-I${dir}")
endforeach()
# The C locale keeps GCC's quotes ASCII, as the markers spell them.
set(ENV{LC_ALL} C)
execute_process(
  COMMAND "${COMPILER}" -std=c++17 -fsyntax-only ${include_flags} "${SOURCE}"
  RESULT_VARIABLE result
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)

if(result EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but must fail with: ${expected}")
endif()
string(REPLACE ";" "<semicolon>" output_lines "${output}")
string(REPLACE "\n" ";" output_lines "${output_lines}")
set(found_message FALSE)
foreach(output_line IN LISTS output_lines)
  string(FIND "${output_line}" "error:" at_error)
  string(FIND "${output_line}" "${expected}" at_message)
  if(at_error GREATER -1 AND at_message GREATER at_error)
    set(found_message TRUE)
  endif()
endforeach()
string(FIND "${output}" "${SOURCE}:${expected_line}:" at_line)
if(NOT found_message OR at_line EQUAL -1)
  message(FATAL_ERROR "${SOURCE}: expected at line ${expected_line}: error: ${expected}\n"
                      "compiler said:\n${output}")
endif()
