// The kinds of component a design can hold, and their names in the file
// format. Everything kind-specific beyond the name (settings, defaults, ports)
// lives in the settings schema (schema.h).
#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace stackplan {

enum class Kind {
    Internet,
    Dns,
    LoadBalancer,
    WebServer,
    AppServer,
    Database,
    Cache,
    Firewall,
    Monitoring,
};

inline constexpr int KindCount = 9;

// Every kind, in the order of the file format's list (and the palette's).
const QList<Kind> &allKinds();

// "load_balancer"
QString kindName(Kind kind);
std::optional<Kind> kindFromName(QStringView name);

// "Load balancer"
QString kindTitle(Kind kind);

// Where a kind stands on a request's way in, from the user (0) to the data
// (6: databases); monitoring, beside the path, is 7. Layout ranks and import's
// sense of "upwards" both read it.
int tierOf(Kind kind);

// The element types that carry an id in a design.
enum class ElementType { None, Host, Component, Link, Note };

} // namespace stackplan
