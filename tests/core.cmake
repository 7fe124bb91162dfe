# The foundation: file format, document and undo, command line, formatting.
include(${CMAKE_CURRENT_LIST_DIR}/designgen.cmake)

# tst_format runs as "file-format": the name "format" is the clang-format check.
qt_add_executable(tst_format tst_format.cpp)
target_link_libraries(tst_format PRIVATE stackplan::model stackplan_designgen Qt6::Test)
target_compile_definitions(tst_format PRIVATE
    STACKPLAN_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    STACKPLAN_TEST_DATA="${CMAKE_CURRENT_SOURCE_DIR}/data")
add_test(NAME file-format COMMAND tst_format)
set_tests_properties(file-format PROPERTIES
    ENVIRONMENT "QT_QPA_PLATFORM=offscreen;LC_ALL=C.UTF-8" TIMEOUT 120 LABELS core)

stackplan_test(document LIBS stackplan_designgen LABELS core)
stackplan_test(cli LIBS stackplan_designgen LABELS core)
target_compile_definitions(tst_cli PRIVATE STACKPLAN_VERSION_TEXT="${PROJECT_VERSION}")

# Unformatted code fails the suite: every tracked C++ file through clang-format.
find_program(STACKPLAN_CLANG_FORMAT clang-format REQUIRED)
add_test(NAME format COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/check-format.sh ${PROJECT_SOURCE_DIR})
set_tests_properties(format PROPERTIES TIMEOUT 120 LABELS core)
