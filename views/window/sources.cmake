target_sources(views PRIVATE
    window/mainwindow.cpp window/mainwindow.h
    window/recovery.cpp window/recovery.h
    window/templatechooser.cpp window/templatechooser.h
)
