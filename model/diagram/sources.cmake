target_sources(model PRIVATE
    diagram/dot.cpp diagram/dot.h
    diagram/drawio.cpp diagram/drawio.h
    diagram/geometry.cpp diagram/geometry.h
    diagram/graphviz.cpp diagram/graphviz.h
    diagram/import.cpp diagram/import.h
    diagram/layout.cpp diagram/layout.h
    diagram/mermaid.cpp diagram/mermaid.h
    diagram/mermaidimport.cpp
)
target_link_libraries(model PRIVATE PkgConfig::GRAPHVIZ)
