target_sources(stackplan PRIVATE
    ${CMAKE_CURRENT_SOURCE_DIR}/verbs/explain.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/verbs/fix.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/verbs/validate.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/verbs/whatif.cpp
)
