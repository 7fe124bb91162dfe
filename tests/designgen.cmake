# The generator of large random-but-valid designs, shared by the tests of
# every area and by the benchmarks.
if(NOT TARGET stackplan_designgen)
    add_library(stackplan_designgen STATIC
        ${CMAKE_CURRENT_LIST_DIR}/bench/designgen.cpp
        ${CMAKE_CURRENT_LIST_DIR}/bench/designgen.h)
    target_include_directories(stackplan_designgen PUBLIC ${CMAKE_CURRENT_LIST_DIR}/bench)
    target_link_libraries(stackplan_designgen PUBLIC stackplan::model)
endif()
