# Instruments LevelDB's library target without editing its CMakeLists.txt:
# given to its configure step as -DCMAKE_PROJECT_leveldb_INCLUDE=<this file>,
# it runs right after LevelDB's project() call and defers telegen_instrument()
# to the end of the directory that creates the target, as it must be called.
find_package(telegen CONFIG REQUIRED)
set(leveldb_telemetry_schema "${CMAKE_CURRENT_LIST_DIR}/leveldb.yaml")
cmake_language(DEFER CALL telegen_instrument leveldb SCHEMA "${leveldb_telemetry_schema}")
