# Builds the Debian package, checks it with the desktop, AppStream and Debian
# validators, installs it on this machine, runs the installed program and
# removes it again. Needs root or password-less sudo for apt-get.
add_test(NAME packaging
    COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/packaging/check-package.sh
            ${PROJECT_BINARY_DIR} ${PROJECT_VERSION} $<TARGET_FILE:stackplan>)
set_tests_properties(packaging PROPERTIES
    LABELS packaging
    TIMEOUT 300
    # It installs into /usr and holds the dpkg lock: nothing else at the same time.
    RUN_SERIAL TRUE
    ENVIRONMENT "LC_ALL=C.UTF-8;DEBIAN_FRONTEND=noninteractive")
