target_sources(model PRIVATE
    rules/context.cpp rules/context.h
    rules/finding.cpp rules/finding.h
    rules/registry.cpp rules/registry.h
    rules/report.cpp rules/report.h
    rules/checks.cpp rules/checks.h
    rules/spof.cpp rules/spof.h
    rules/validator.cpp rules/validator.h
)
