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

} // namespace stackplan
