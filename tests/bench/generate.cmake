stackplan_bench(generate)
