target_sources(views PRIVATE
    live/livemode.cpp live/livemode.h
    live/livestatusmodel.cpp live/livestatusmodel.h
)
