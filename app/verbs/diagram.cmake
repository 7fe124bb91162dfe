target_sources(stackplan PRIVATE
    ${CMAKE_CURRENT_SOURCE_DIR}/verbs/diagram.cpp
)
