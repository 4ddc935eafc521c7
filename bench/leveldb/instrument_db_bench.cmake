# LevelDB instrumented whole as test/e2e/robustness does it, and its
# db_bench linked with telegen::otlp so that it can export over OTLP too,
# and with self_metrics_at_exit.cpp. Given to LevelDB's configure step as
# -DCMAKE_PROJECT_leveldb_INCLUDE=.
include("${CMAKE_CURRENT_LIST_DIR}/../../test/e2e/robustness/instrument_leveldb.cmake")
function(telegen_bench_link_db_bench)
  target_sources(db_bench PRIVATE "${CMAKE_CURRENT_FUNCTION_LIST_DIR}/self_metrics_at_exit.cpp")
  # LevelDB links db_bench with the plain signature; so does this.
  target_link_libraries(db_bench telegen::otlp)
endfunction()
cmake_language(DEFER CALL telegen_bench_link_db_bench)
