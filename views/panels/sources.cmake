target_sources(views PRIVATE
    panels/icons.cpp panels/icons.h
    panels/inspector.cpp panels/inspector.h
    panels/outlinemodel.cpp panels/outlinemodel.h
    panels/outlineview.cpp panels/outlineview.h
    panels/palettemodel.cpp panels/palettemodel.h
    panels/selection.cpp panels/selection.h
    panels/wording.h
)
target_sources(views PRIVATE
    panels/findingsmodel.cpp panels/findingsmodel.h
    panels/findingspanel.cpp panels/findingspanel.h
    panels/livevalidator.cpp panels/livevalidator.h
)
target_sources(views PRIVATE
    panels/confighighlighter.cpp panels/confighighlighter.h
    panels/previewpanel.cpp panels/previewpanel.h
    panels/whatifpanel.cpp panels/whatifpanel.h
)
