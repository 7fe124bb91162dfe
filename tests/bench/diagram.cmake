stackplan_bench(diagram LIBS stackplan::views)
