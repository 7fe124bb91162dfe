target_sources(model PRIVATE
    core/commands.cpp core/commands.h
    core/design.cpp core/design.h
    core/designio.cpp core/designio.h
    core/document.cpp core/document.h
    core/grammar.cpp core/grammar.h
    core/json.cpp core/json.h
    core/kinds.cpp core/kinds.h
    core/schema.cpp core/schema.h
    core/templates.cpp core/templates.h
)

qt_add_resources(model "templates"
    PREFIX "/templates"
    BASE "${PROJECT_SOURCE_DIR}/resources/templates"
    FILES
        "${PROJECT_SOURCE_DIR}/resources/templates/single-server.stackplan"
        "${PROJECT_SOURCE_DIR}/resources/templates/three-server.stackplan"
        "${PROJECT_SOURCE_DIR}/resources/templates/secured-monitored.stackplan"
        "${PROJECT_SOURCE_DIR}/resources/templates/scaled.stackplan"
)
