target_sources(model PRIVATE
    live/livestatus.cpp live/livestatus.h
    live/prober.cpp live/prober.h
)
