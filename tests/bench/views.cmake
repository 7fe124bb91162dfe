stackplan_bench(views LIBS stackplan::views Qt6::Widgets)
