# The designer's canvas: a QGraphicsScene that follows the Document.
target_sources(views PRIVATE
    canvas/canvasitems.cpp canvas/canvasitems.h
    canvas/diagramscene.cpp canvas/diagramscene.h
    canvas/diagramview.cpp canvas/diagramview.h
    canvas/mimetypes.cpp canvas/mimetypes.h
)
