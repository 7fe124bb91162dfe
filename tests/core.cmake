# The foundation: file format, document and undo, command line, formatting.
include(${CMAKE_CURRENT_LIST_DIR}/designgen.cmake)

stackplan_test(format LIBS stackplan_designgen LABELS core)
stackplan_test(document LIBS stackplan_designgen LABELS core)
stackplan_test(cli LIBS stackplan_designgen LABELS core)
target_compile_definitions(tst_cli PRIVATE STACKPLAN_VERSION_TEXT="${PROJECT_VERSION}")
