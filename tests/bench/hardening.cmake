include(${CMAKE_CURRENT_LIST_DIR}/../designgen.cmake)
stackplan_bench(record LIBS stackplan::views stackplan_designgen Qt6::Widgets)
