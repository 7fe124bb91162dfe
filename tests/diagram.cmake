stackplan_test(diagram TIMEOUT 240 LABELS diagram LIBS stackplan::views)
target_include_directories(tst_diagram PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
