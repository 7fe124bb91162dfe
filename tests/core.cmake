# The foundation: file format, document and undo, command line, formatting.
include(${CMAKE_CURRENT_LIST_DIR}/designgen.cmake)

stackplan_test(format LIBS stackplan_designgen LABELS core)
stackplan_test(document LIBS stackplan_designgen LABELS core)
