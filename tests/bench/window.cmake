include(${CMAKE_CURRENT_LIST_DIR}/../designgen.cmake)
stackplan_bench(window LIBS stackplan::views stackplan_designgen Qt6::Widgets Qt6::Test)
