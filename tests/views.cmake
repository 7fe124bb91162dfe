stackplan_test(canvas LIBS stackplan::views Qt6::Widgets Qt6::Svg TIMEOUT 90 LABELS views)
