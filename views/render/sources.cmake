# Drawing shared by the canvas and the PNG/SVG/PDF export (offscreen).
target_sources(views PRIVATE
    render/diagrampainter.cpp render/diagrampainter.h
    render/geometry.cpp render/geometry.h
    render/iconcache.cpp render/iconcache.h
    render/imageexport.cpp render/imageexport.h
    render/marks.cpp render/marks.h
    render/pngencoder.cpp render/pngencoder.h
    render/svgcanvas.cpp render/svgcanvas.h
    render/theme.cpp render/theme.h
)
find_package(ZLIB REQUIRED)
target_link_libraries(views PRIVATE ZLIB::ZLIB)

qt_add_resources(views "icons"
    PREFIX "/icons"
    BASE "${PROJECT_SOURCE_DIR}/resources/icons"
    FILES
        "${PROJECT_SOURCE_DIR}/resources/icons/internet.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/dns.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/load_balancer.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/web_server.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/app_server.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/database.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/cache.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/firewall.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/monitoring.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/host.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/zone.svg"
        "${PROJECT_SOURCE_DIR}/resources/icons/note.svg"
)
