include(${CMAKE_CURRENT_LIST_DIR}/../designgen.cmake)
stackplan_bench(rules LIBS stackplan_designgen)
