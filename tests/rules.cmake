stackplan_test(rules TIMEOUT 120 LABELS rules)
