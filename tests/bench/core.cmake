include(${CMAKE_CURRENT_LIST_DIR}/../designgen.cmake)
stackplan_bench(core LIBS stackplan_designgen)
