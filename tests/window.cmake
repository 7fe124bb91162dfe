stackplan_test(designer LIBS stackplan::views Qt6::Widgets TIMEOUT 90 LABELS window)
