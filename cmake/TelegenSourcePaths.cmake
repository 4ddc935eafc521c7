# telegen_relative_source_paths(DIRECTORY <root>)
# telegen_relative_source_paths(TARGET <target> <root>)
#
# Makes the source paths compiled code records (__FILE__, __builtin_FILE:
# the `pathname` of log records) relative to <root>, for the sources of the
# current directory or of <target>. The compiler may see a source by its
# absolute path or, when ccache's base_dir rewrites it, by a path relative
# to the build directory: both prefixes are mapped.
include_guard(GLOBAL)

function(telegen_relative_source_paths kind)
  if(kind STREQUAL "DIRECTORY")
    set(root "${ARGV1}")
  else()
    set(target "${ARGV1}")
    set(root "${ARGV2}")
  endif()
  file(RELATIVE_PATH from_build "${CMAKE_BINARY_DIR}" "${root}")
  string(REGEX REPLACE "/$" "" from_build "${from_build}")
  set(options "-fmacro-prefix-map=${root}/=")
  if(from_build)
    list(APPEND options "-fmacro-prefix-map=${from_build}/=")
  endif()
  if(kind STREQUAL "DIRECTORY")
    add_compile_options(${options})
  else()
    target_compile_options(${target} PRIVATE ${options})
  endif()
endfunction()
