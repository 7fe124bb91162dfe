target_sources(model PRIVATE
    rules/context.cpp rules/context.h
    rules/explain.cpp rules/explain.h
    rules/finding.cpp rules/finding.h
    rules/fixes.cpp rules/fixes.h
    rules/registry.cpp rules/registry.h
    rules/report.cpp rules/report.h
    rules/checks.cpp rules/checks.h
    rules/spof.cpp rules/spof.h
    rules/validator.cpp rules/validator.h
    rules/whatif.cpp rules/whatif.h
)
