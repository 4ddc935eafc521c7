# Install rules and the package configuration, so that after
# `cmake --install`, find_package(telegen CONFIG) gives the same targets and
# functions as add_subdirectory(telegen).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(TELEGEN_CMAKE_DIR "${CMAKE_INSTALL_LIBDIR}/cmake/telegen")

set(telegen_installed telegen_runtime)
foreach(component telegen_http telegen_otlp telegen)
  if(TARGET ${component})
    list(APPEND telegen_installed ${component})
  endif()
endforeach()
set(TELEGEN_INSTALL_OTLP FALSE)
if(TARGET telegen_otlp)
  set(TELEGEN_INSTALL_OTLP TRUE)
endif()
set(TELEGEN_INSTALL_HTTP FALSE)
if(TARGET telegen_http)
  set(TELEGEN_INSTALL_HTTP TRUE)
endif()

install(TARGETS ${telegen_installed} EXPORT telegenTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/ ${PROJECT_BINARY_DIR}/runtime/include/
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
  FILES_MATCHING PATTERN "*.hpp")
install(EXPORT telegenTargets NAMESPACE telegen:: DESTINATION ${TELEGEN_CMAKE_DIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/telegenConfig.cmake.in
  ${PROJECT_BINARY_DIR}/telegenConfig.cmake
  INSTALL_DESTINATION ${TELEGEN_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/telegenConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/telegenConfig.cmake
  ${PROJECT_BINARY_DIR}/telegenConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/TelegenInstrument.cmake
  ${CMAKE_CURRENT_LIST_DIR}/TelegenSourcePaths.cmake
  DESTINATION ${TELEGEN_CMAKE_DIR})
