# Fuzzing. The normal suite runs tst_fuzz: the seed corpus, every kept crash
# input and a few thousand mutants through the same targets libFuzzer runs.
# With -DSTACKPLAN_FUZZ=ON and clang (the `fuzz` preset) it also builds the
# libFuzzer executables fuzz_<target>; see docs/fuzzing.md.
stackplan_test(fuzz
    SOURCES fuzz/target_designio.cpp fuzz/mutator.cpp fuzz/fuzz_targets.h fuzz/mutator.h
    TIMEOUT 120
    LABELS fuzz)
target_include_directories(tst_fuzz PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)

option(STACKPLAN_FUZZ "Build the libFuzzer targets (clang only)" OFF)
if(STACKPLAN_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "STACKPLAN_FUZZ needs clang (use the fuzz preset)")
    endif()
    foreach(target designio)
        add_executable(fuzz_${target} fuzz/fuzz_${target}.cpp fuzz/target_${target}.cpp)
        target_include_directories(fuzz_${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/fuzz)
        target_link_libraries(fuzz_${target} PRIVATE stackplan::model)
        target_link_options(fuzz_${target} PRIVATE -fsanitize=fuzzer)
    endforeach()
endif()
