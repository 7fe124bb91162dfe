stackplan_test(designer LIBS stackplan::views Qt6::Widgets TIMEOUT 90 LABELS window)

# Not a test: draws the documentation's screenshots (see docs/designer.md).
qt_add_executable(designer_screenshots designer_screenshots.cpp)
target_link_libraries(designer_screenshots PRIVATE stackplan::views Qt6::Test)
