#include "rules/whatif.h"

#include "core/design.h"
#include "rules/spof.h"

#include <QSet>

namespace stackplan {

WhatIfResult whatIf(const Design &design, const QStringList &elements)
{
    WhatIfResult r;
    QSet<QString> failed;
    for (const QString &name : elements) {
        if (design.component(name)) {
            failed.insert(name);
            continue;
        }
        QSet<QString> hosts;
        if (design.host(name)) {
            hosts.insert(name);
        } else {
            for (const Host &h : design.hosts) {
                if (!h.zone.isEmpty() && h.zone == name)
                    hosts.insert(h.id);
            }
        }
        if (hosts.isEmpty()) {
            r.unknown.append(name);
            continue;
        }
        for (const Component &c : design.components) {
            if (hosts.contains(c.host))
                failed.insert(c.id);
        }
    }
    const QSet<QString> before = reachableWithout(design, {});
    const QSet<QString> after = reachableWithout(design, failed);
    r.serviceBefore = serviceWorksWithout(design, {});
    r.serviceAfter = serviceWorksWithout(design, failed);
    for (const Component &c : design.components) {
        if (failed.contains(c.id))
            r.failed.append(c.id);
        else if (before.contains(c.id) && !after.contains(c.id))
            r.dark.append(c.id);
    }
    for (Kind k :
         {Kind::LoadBalancer, Kind::WebServer, Kind::AppServer, Kind::Database, Kind::Cache}) {
        bool was = false, is = false;
        for (const Component &c : design.components) {
            if (c.kind != k)
                continue;
            was |= before.contains(c.id);
            is |= after.contains(c.id);
        }
        if (was && !is)
            r.tiersLost.append(kindName(k));
    }
    return r;
}

QString whatIfText(const Design &, const WhatIfResult &r)
{
    QString out;
    auto list = [](const QStringList &ids) {
        return ids.isEmpty() ? QStringLiteral("none") : ids.join(QStringLiteral(", "));
    };
    out += QStringLiteral("failed: %1\n").arg(list(r.failed));
    out += QStringLiteral("unreachable: %1\n").arg(list(r.dark));
    out += QStringLiteral("tiers lost: %1\n").arg(list(r.tiersLost));
    if (!r.serviceBefore)
        out += QStringLiteral("service: not working even before the failure\n");
    else
        out += r.serviceAfter ? QStringLiteral("service: still works\n")
                              : QStringLiteral("service: DOWN\n");
    return out;
}

} // namespace stackplan
