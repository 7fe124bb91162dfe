# Fuzzing. The normal suite runs tst_fuzz: the seed corpora, every kept crash
# input and a few thousand mutants through the same targets libFuzzer runs.
# With -DSTACKPLAN_FUZZ=ON and clang (the `fuzz` preset) it also builds the
# libFuzzer executables fuzz_<target>; see docs/fuzzing.md.
set(STACKPLAN_FUZZ_TARGETS designio mermaid dot bundle)
set(STACKPLAN_FUZZ_SOURCES
    fuzz/fuzz_targets.h
    fuzz/target_designio.cpp
    fuzz/target_import.cpp
    fuzz/target_bundle.cpp)
stackplan_test(fuzz
    SOURCES ${STACKPLAN_FUZZ_SOURCES} fuzz/mutator.cpp fuzz/mutator.h
    TIMEOUT 120
    LABELS fuzz)
target_include_directories(tst_fuzz PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

option(STACKPLAN_FUZZ "Build the libFuzzer targets (clang only)" OFF)
if(STACKPLAN_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "STACKPLAN_FUZZ needs clang (use the fuzz preset)")
    endif()
    foreach(target ${STACKPLAN_FUZZ_TARGETS})
        add_executable(fuzz_${target} fuzz/fuzz_${target}.cpp ${STACKPLAN_FUZZ_SOURCES})
        target_include_directories(fuzz_${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
        target_link_libraries(fuzz_${target} PRIVATE stackplan::model)
        target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
    endforeach()
endif()
