# The configuration bundle: golden files, the real checkers, hostile input.
stackplan_test(generate SOURCES generate_support.cpp generate_support.h TIMEOUT 120)
# Brings bundles up with real HAProxy, Nginx and MariaDB on 127.0.6x.y.
stackplan_test(bundle_run SOURCES generate_support.cpp generate_support.h
    LIBS Qt6::Network TIMEOUT 120 LABELS servers)
