#include "core/kinds.h"

#include "core/schema.h"

namespace stackplan {

const QList<Kind> &allKinds()
{
    static const QList<Kind> kinds{Kind::Internet,  Kind::Dns,       Kind::LoadBalancer,
                                   Kind::WebServer, Kind::AppServer, Kind::Database,
                                   Kind::Cache,     Kind::Firewall,  Kind::Monitoring};
    return kinds;
}

QString kindName(Kind kind)
{
    return kindSpec(kind).name;
}

std::optional<Kind> kindFromName(QStringView name)
{
    for (Kind k : allKinds()) {
        if (kindSpec(k).name == name)
            return k;
    }
    return std::nullopt;
}

QString kindTitle(Kind kind)
{
    return kindSpec(kind).title;
}

int tierOf(Kind kind)
{
    switch (kind) {
    case Kind::Internet:
    case Kind::Dns:
        return 0;
    case Kind::Firewall:
        return 1;
    case Kind::LoadBalancer:
        return 2;
    case Kind::WebServer:
        return 3;
    case Kind::AppServer:
        return 4;
    case Kind::Cache:
        return 5;
    case Kind::Database:
        return 6;
    case Kind::Monitoring:
        return 7;
    }
    return 4;
}

} // namespace stackplan
