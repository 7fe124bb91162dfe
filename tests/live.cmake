stackplan_test(live LIBS stackplan::views Qt6::Network TIMEOUT 120 LABELS servers)
