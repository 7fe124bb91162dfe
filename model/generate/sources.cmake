target_sources(model PRIVATE
    generate/bundle.cpp generate/bundle.h
    generate/documents.h
    generate/archive.cpp
    generate/documents.cpp
    generate/findings.cpp
)
find_package(LibArchive REQUIRED)
target_link_libraries(model PUBLIC LibArchive::LibArchive)
