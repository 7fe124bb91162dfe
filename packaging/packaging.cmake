# The Debian package: `cpack -G DEB` in the build tree writes
# stackplan_VERSION_ARCH.deb with the executable, the desktop integration
# (desktop entry, AppStream metainfo, media type, icons), the manual page,
# bash completion, the bundled templates and the copyright file.
include(GNUInstallDirs)

set(STACKPLAN_PACKAGING_DIR ${PROJECT_SOURCE_DIR}/packaging)
set(STACKPLAN_PACKAGING_OUT ${PROJECT_BINARY_DIR}/packaging)
set(STACKPLAN_APP_ID org.stackplan.Stackplan)
# The date of the release named by project(VERSION): it goes into the
# metainfo, the manual page and the changelog, so builds are reproducible.
set(STACKPLAN_RELEASE_DATE 2026-12-01)
set(STACKPLAN_REPOSITORY_URL "${PROJECT_HOMEPAGE_URL}/source" CACHE STRING
    "Where the source repository is browsed")
set(STACKPLAN_RAW_URL "${STACKPLAN_REPOSITORY_URL}/raw/main" CACHE STRING
    "Prefix of the raw files of the main branch (for the metainfo screenshots)")

configure_file(${STACKPLAN_PACKAGING_DIR}/${STACKPLAN_APP_ID}.metainfo.xml.in
    ${STACKPLAN_PACKAGING_OUT}/${STACKPLAN_APP_ID}.metainfo.xml @ONLY)
configure_file(${STACKPLAN_PACKAGING_DIR}/stackplan.1.in
    ${STACKPLAN_PACKAGING_OUT}/stackplan.1 @ONLY)
configure_file(${STACKPLAN_PACKAGING_DIR}/changelog.in
    ${STACKPLAN_PACKAGING_OUT}/changelog @ONLY)

# Debian wants the manual page and the changelog compressed with gzip -9n
# (no name, no time stamp: reproducible).
set(packaging_outputs)
foreach(doc stackplan.1 changelog)
    add_custom_command(
        OUTPUT ${STACKPLAN_PACKAGING_OUT}/${doc}.gz
        COMMAND sh -c "gzip -9n < '${doc}' > '${doc}.gz'"
        DEPENDS ${STACKPLAN_PACKAGING_OUT}/${doc}
        WORKING_DIRECTORY ${STACKPLAN_PACKAGING_OUT}
        VERBATIM)
    list(APPEND packaging_outputs ${STACKPLAN_PACKAGING_OUT}/${doc}.gz)
endforeach()

# The bitmap icons are rendered from the one scalable drawing.
set(STACKPLAN_ICON_SIZES 16 24 32 48 64 128 256 512)
find_program(RSVG_CONVERT rsvg-convert)
if(RSVG_CONVERT)
    foreach(size ${STACKPLAN_ICON_SIZES})
        set(png ${STACKPLAN_PACKAGING_OUT}/icons/${size}x${size}/${STACKPLAN_APP_ID}.png)
        add_custom_command(
            OUTPUT ${png}
            COMMAND ${CMAKE_COMMAND} -E make_directory ${STACKPLAN_PACKAGING_OUT}/icons/${size}x${size}
            COMMAND ${RSVG_CONVERT} -w ${size} -h ${size}
                    ${STACKPLAN_PACKAGING_DIR}/${STACKPLAN_APP_ID}.svg -o ${png}
            DEPENDS ${STACKPLAN_PACKAGING_DIR}/${STACKPLAN_APP_ID}.svg
            VERBATIM)
        list(APPEND packaging_outputs ${png})
        install(FILES ${png} DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/${size}x${size}/apps)
    endforeach()
else()
    message(WARNING "rsvg-convert not found (package librsvg2-bin): "
                    "the package will have the scalable icon only")
endif()
add_custom_target(packaging_files ALL DEPENDS ${packaging_outputs})

install(FILES ${STACKPLAN_PACKAGING_DIR}/${STACKPLAN_APP_ID}.desktop
    DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${STACKPLAN_PACKAGING_OUT}/${STACKPLAN_APP_ID}.metainfo.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${STACKPLAN_PACKAGING_DIR}/${STACKPLAN_APP_ID}.mime.xml
    DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages RENAME ${STACKPLAN_APP_ID}.xml)
install(FILES ${STACKPLAN_PACKAGING_DIR}/${STACKPLAN_APP_ID}.svg
    DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${STACKPLAN_PACKAGING_OUT}/stackplan.1.gz
    DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
install(FILES ${STACKPLAN_PACKAGING_DIR}/stackplan.bash-completion
    DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME stackplan)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/templates/
    DESTINATION ${CMAKE_INSTALL_DATADIR}/stackplan/templates
    FILES_MATCHING PATTERN "*.stackplan")
install(FILES ${STACKPLAN_PACKAGING_DIR}/copyright ${STACKPLAN_PACKAGING_OUT}/changelog.gz
    DESTINATION ${CMAKE_INSTALL_DOCDIR})

# Debian's hardening: a read-only relocation table, bound at start-up.
target_link_options(stackplan PRIVATE -Wl,-z,relro -Wl,-z,now)

find_program(DPKG_PROGRAM dpkg)
if(DPKG_PROGRAM)
    execute_process(COMMAND ${DPKG_PROGRAM} --print-architecture
        OUTPUT_VARIABLE STACKPLAN_DEB_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE)
else()
    set(STACKPLAN_DEB_ARCH amd64)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME stackplan)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "The Stackplan developers")
set(CPACK_PACKAGE_CONTACT "The Stackplan developers <dev@stackplan.example.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "designer for web infrastructure")
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)

set(CPACK_DEBIAN_FILE_NAME stackplan_${PROJECT_VERSION}_${STACKPLAN_DEB_ARCH}.deb)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${STACKPLAN_DEB_ARCH})
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# CPack puts CPACK_PACKAGE_DESCRIPTION_SUMMARY on the first line itself.
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "Stackplan draws the hosts, load balancers, web and application servers,
databases, firewalls and monitoring of a web site, checks the design for
single points of failure, security gaps and missing monitoring, and turns
it into ready-to-use configuration for HAProxy, Nginx, MySQL, nftables,
keepalived and Prometheus.
.
The same program is a command-line tool for scripts and CI: validate,
fix, export (PNG, SVG, PDF, Mermaid, Graphviz, draw.io), import from
Mermaid and Graphviz, generate, lay out and explain designs.")
# The runtime libraries come from the binary; the Qt platform plugins are
# loaded at run time, so dpkg-shlibdeps cannot see them.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "qt6-qpa-plugins")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)

include(CPack)
