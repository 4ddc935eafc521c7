# telegen_instrument(<target> SCHEMA <schema.yaml>...
#                    [NAMESPACE <ns>] [TEMPLATES <dir>] [EXCLUDE <regex>...]
#                    [INSTRUMENT_SYSTEM_HEADERS <dir>...] [OPERATIONS <dir>])
#
# Makes <target> an instrumented target:
# - `telegen check` runs on the schema before anything else, and a schema
#   with errors fails the build with its findings;
# - `telegen generate` writes the typed metrics of each schema
#   (<name>.telegen.hpp) under the build tree, on the target's include path
#   (NAMESPACE and TEMPLATES are passed to it);
# - the target's C++ sources are replaced by instrumented copies that
#   `telegen instrument` writes under the build tree, with the target's own
#   compile flags (taken from the compile command CMake writes for each copy)
#   and #line directives to the originals; sources matching an EXCLUDE
#   regular expression (matched against the absolute path) are compiled as
#   they are; headers the compiler takes for system headers are left alone,
#   except those under an INSTRUMENT_SYSTEM_HEADERS directory (a library's
#   own include directory declared SYSTEM);
# - `telegen check-boundaries` and `telegen check-rules` then warn about
#   propagation boundaries the schema declares but none of the target's
#   sources calls, and about rules that instrument none of its functions;
# - telegen::runtime is linked;
# - with OPERATIONS, `telegen generate` also writes each schema's operations
#   outputs into <dir> (relative to the build directory) when <target> is
#   built: the Prometheus rules and their promtool tests, the Grafana
#   dashboards, the runbooks and the reference (docs/operations.md).
# Each copy depends on its source, on every header it includes and on the
# schema (a depfile), so editing any of them re-instruments exactly the files
# that depend on it, and a build with no change does nothing.
#
# Set TELEGEN_INSTRUMENT to OFF to build the sources as they are (the
# annotations then expand to nothing).
#
# Call it in the directory that creates <target>, after its sources are added.
include_guard(GLOBAL)

# telegen's depfiles name absolute paths, which Ninja accepts only when CMake
# transforms them (policy CMP0116, NEW since CMake 3.20); a project declaring
# an older cmake_minimum_required would otherwise re-run every step of every
# build. A function runs with the policies in effect where it is defined, and
# include() gives this file its own policy scope: this sets the policy for
# telegen_instrument()'s commands only, whatever the project declares.
cmake_policy(SET CMP0116 NEW)

option(TELEGEN_INSTRUMENT "Instrument the targets given to telegen_instrument()" ON)

function(telegen_instrument target)
  cmake_parse_arguments(PARSE_ARGV 1 TELEGEN "" "NAMESPACE;TEMPLATES;OPERATIONS"
    "SCHEMA;EXCLUDE;INSTRUMENT_SYSTEM_HEADERS")
  if(TELEGEN_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "telegen_instrument(${target}): unknown arguments ${TELEGEN_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET ${target})
    message(FATAL_ERROR "telegen_instrument(${target}): no such target; call it after add_executable/add_library")
  endif()
  if(NOT TELEGEN_SCHEMA)
    message(FATAL_ERROR "telegen_instrument(${target}): SCHEMA <file.yaml> is required")
  endif()
  if(NOT TARGET telegen::telegen)
    message(FATAL_ERROR "telegen_instrument(${target}): the telegen generator is not available; "
      "build telegen with TELEGEN_BUILD_GENERATOR=ON (it needs LLVM/Clang 19)")
  endif()

  set(schemas "")
  foreach(schema IN LISTS TELEGEN_SCHEMA)
    get_filename_component(schema "${schema}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND schemas "${schema}")
  endforeach()
  list(GET schemas 0 main_schema)
  set(work "${CMAKE_CURRENT_BINARY_DIR}/telegen/${target}")
  file(MAKE_DIRECTORY "${work}")

  # The schema is checked first; everything else depends on the check.
  set(checked "${work}/schema.checked")
  add_custom_command(OUTPUT "${checked}"
    COMMAND telegen::telegen check ${schemas}
    COMMAND "${CMAKE_COMMAND}" -E touch "${checked}"
    DEPENDS ${schemas} telegen::telegen
    COMMENT "Checking telemetry schema for ${target}"
    VERBATIM)

  # The generated code, once the schema is checked. telegen rewrites a file
  # only when its text changes; make, which has no restat, needs it touched.
  set(generated_dir "${work}/include")
  set(generated "")
  foreach(schema IN LISTS schemas)
    get_filename_component(name "${schema}" NAME)
    string(REGEX REPLACE "\\.ya?ml$" "" name "${name}")
    list(APPEND generated "${generated_dir}/${name}.telegen.hpp")
  endforeach()
  set(generate_options "")
  if(TELEGEN_NAMESPACE)
    list(APPEND generate_options --namespace "${TELEGEN_NAMESPACE}")
  endif()
  if(TELEGEN_TEMPLATES)
    get_filename_component(templates "${TELEGEN_TEMPLATES}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND generate_options --templates "${templates}")
  endif()
  set(touch_generated "")
  if(CMAKE_GENERATOR MATCHES "Make")
    set(touch_generated COMMAND "${CMAKE_COMMAND}" -E touch_nocreate ${generated})
  endif()
  add_custom_command(OUTPUT ${generated}
    COMMAND telegen::telegen generate ${schemas} --target cpp --out-dir "${generated_dir}"
      ${generate_options} --depfile "${work}/generate.d"
    ${touch_generated}
    DEPENDS "${checked}" telegen::telegen
    DEPFILE "${work}/generate.d"
    COMMENT "Generating telemetry code for ${target}"
    VERBATIM)
  target_include_directories(${target} PRIVATE "${generated_dir}")
  # What target_link_libraries(PRIVATE) does, through the properties: CMake
  # refuses to mix its keyword and plain signatures on one target, and the
  # project may use either.
  set_property(TARGET ${target} APPEND PROPERTY LINK_LIBRARIES telegen::runtime)
  get_target_property(type ${target} TYPE)
  if(type STREQUAL "STATIC_LIBRARY" OR type STREQUAL "OBJECT_LIBRARY")
    set_property(TARGET ${target} APPEND PROPERTY INTERFACE_LINK_LIBRARIES
      "$<LINK_ONLY:telegen::runtime>")
  endif()
  if(TELEGEN_OPERATIONS)
    _telegen_operations(${target} "${TELEGEN_OPERATIONS}" "${schemas}" "${generated}" ${generate_options})
  endif()
  if(NOT TELEGEN_INSTRUMENT)
    target_sources(${target} PRIVATE ${generated})
    return()
  endif()

  set(instrument_options "")
  foreach(dir IN LISTS TELEGEN_INSTRUMENT_SYSTEM_HEADERS)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND instrument_options --instrument-system-headers "${dir}")
  endforeach()

  get_target_property(source_dir ${target} SOURCE_DIR)
  get_target_property(sources ${target} SOURCES)
  set(compiled "")
  set(models "")
  foreach(source IN LISTS sources)
    get_filename_component(absolute "${source}" ABSOLUTE BASE_DIR "${source_dir}")
    set(keep FALSE)
    if(source MATCHES "\\$<" OR NOT absolute MATCHES "\\.(cpp|cc|cxx|c\\+\\+|C)$")
      set(keep TRUE)
    endif()
    foreach(exclude IN LISTS TELEGEN_EXCLUDE)
      if(absolute MATCHES "${exclude}")
        set(keep TRUE)
      endif()
    endforeach()
    if(keep)
      list(APPEND compiled "${source}")
      continue()
    endif()

    file(RELATIVE_PATH relative "${source_dir}" "${absolute}")
    if(relative MATCHES "^\\.\\./")
      string(MAKE_C_IDENTIFIER "${absolute}" relative)
      string(APPEND relative ".cpp")
    endif()
    set(copy "${work}/src/${relative}")
    # telegen writes a copy only when its text changes, and Ninja (restat)
    # then skips recompiling it; make has no restat, so there the copy is
    # touched, or it would look out of date forever.
    set(touch_copy "")
    if(CMAKE_GENERATOR MATCHES "Make")
      set(touch_copy COMMAND "${CMAKE_COMMAND}" -E touch_nocreate "${copy}")
    endif()
    # The arguments in a response file: the build tool echoes a failed
    # step's command before its errors, and a short one keeps them in view.
    _telegen_response_file("${copy}.rsp" "${absolute}" --schema "${main_schema}"
      --out "${copy}" --depfile "${copy}.d" --model "${copy}.model.json"
      ${instrument_options} -p "${CMAKE_BINARY_DIR}")
    file(RELATIVE_PATH response "${CMAKE_CURRENT_BINARY_DIR}" "${copy}.rsp")
    add_custom_command(OUTPUT "${copy}" BYPRODUCTS "${copy}.model.json"
      COMMAND telegen::telegen instrument "@${response}"
      ${touch_copy}
      DEPENDS "${absolute}" "${copy}.rsp" ${generated} telegen::telegen
      DEPFILE "${copy}.d"
      COMMENT "Instrumenting ${relative}"
      VERBATIM)
    list(APPEND compiled "${copy}")
    list(APPEND models "${copy}.model.json")
  endforeach()
  # Across the whole target: a boundary no source calls, and a rule that
  # instruments no function, are warnings.
  set(target_checked "${work}/target.checked")
  add_custom_command(OUTPUT "${target_checked}"
    COMMAND telegen::telegen check-boundaries --schema "${main_schema}" ${models}
    COMMAND telegen::telegen check-rules --schema "${main_schema}" ${models}
    COMMAND "${CMAKE_COMMAND}" -E touch "${target_checked}"
    DEPENDS ${compiled} telegen::telegen
    COMMENT "Checking the rules and propagation boundaries of ${target}"
    VERBATIM)
  set_property(TARGET ${target} PROPERTY SOURCES ${compiled} ${generated} "${target_checked}")
  # telegen instrument reads the copies' compile commands.
  set_property(TARGET ${target} PROPERTY EXPORT_COMPILE_COMMANDS ON)
endfunction()

# Writes <file>: the arguments after it, one per line, quoted as telegen
# reads a response file (@<file>). Written when its text changes only, so
# that a step depending on it runs again exactly when its arguments change.
function(_telegen_response_file file)
  set(text "")
  foreach(argument IN LISTS ARGN)
    string(REPLACE "\\" "\\\\" argument "${argument}")
    string(REPLACE "\"" "\\\"" argument "${argument}")
    string(APPEND text "\"${argument}\"\n")
  endforeach()
  set(old "")
  if(EXISTS "${file}")
    file(READ "${file}" old)
  endif()
  if(NOT old STREQUAL text)
    file(WRITE "${file}" "${text}")
  endif()
endfunction()

# The operations targets of telegen generate for <target>'s schemas, into
# <dir>, built with <target>. They are generated again when a schema or the
# generated header changes (the header follows the imports through its
# depfile). Each schema's rule file stands for its outputs: their names
# depend on the alerts, and Ninja refuses a depfile naming undeclared ones.
function(_telegen_operations target dir schemas headers)
  get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  set(rules "")
  foreach(schema IN LISTS schemas)
    get_filename_component(name "${schema}" NAME)
    string(REGEX REPLACE "\\.ya?ml$" "" name "${name}")
    list(APPEND rules "${dir}/${name}.rules.yml")
  endforeach()
  add_custom_command(OUTPUT ${rules}
    COMMAND telegen::telegen generate ${schemas} --target prometheus --target grafana
      --target runbooks --target docs --out-dir "${dir}" ${ARGN}
    COMMAND "${CMAKE_COMMAND}" -E touch_nocreate ${rules}
    DEPENDS ${schemas} ${headers} telegen::telegen
    COMMENT "Generating alert rules, dashboards, runbooks and reference for ${target}"
    VERBATIM)
  add_custom_target(${target}_telegen_operations DEPENDS ${rules})
  add_dependencies(${target} ${target}_telegen_operations)
endfunction()
