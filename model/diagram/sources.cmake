target_sources(model PRIVATE
    diagram/mermaid.cpp diagram/mermaid.h
)
