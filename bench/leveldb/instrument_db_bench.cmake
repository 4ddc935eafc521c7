# LevelDB instrumented whole as test/e2e/robustness does it, and its
# db_bench linked with telegen::otlp so that it can export over OTLP too.
# Given to LevelDB's configure step as -DCMAKE_PROJECT_leveldb_INCLUDE=.
include("${CMAKE_CURRENT_LIST_DIR}/../../test/e2e/robustness/instrument_leveldb.cmake")
# LevelDB links db_bench with the plain signature; so does this.
cmake_language(DEFER CALL target_link_libraries db_bench telegen::otlp)
