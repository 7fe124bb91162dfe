// Large, realistic designs for the diagram tests and benchmarks: users and
// DNS, firewalls, load balancer hosts, web hosts running Nginx and the
// application, caches, database hosts with a primary and replicas, and a
// monitoring host. Deterministic for a given size.
#pragma once

#include "core/design.h"

#include <QString>

namespace stackplan::testing {

inline Design largeDesign(int components)
{
    Design d;
    d.name = QStringLiteral("generated %1").arg(components);
    const auto add = [&](const QString &id, Kind kind, const QString &host) {
        Component c;
        c.id = id;
        c.kind = kind;
        c.host = host;
        d.components.append(c);
    };
    const auto addHost = [&](const QString &id) {
        Host h;
        h.id = id;
        d.hosts.append(h);
    };
    const auto link = [&](const QString &from, const QString &to) {
        Link l;
        l.id = QStringLiteral("l-%1").arg(d.links.size() + 1);
        l.from = from;
        l.to = to;
        d.links.append(l);
    };
    add(QStringLiteral("users"), Kind::Internet, QString());
    add(QStringLiteral("dns"), Kind::Dns, QString());
    link(QStringLiteral("users"), QStringLiteral("dns"));
    // Per 100 components: 1 firewall, 3 load balancers, 38 web hosts (web +
    // app = 76), 6 caches, 12 databases (1 primary, 11 replicas), 2 monitors.
    const int groups = std::max(1, components / 100);
    for (int g = 0; g < groups; ++g) {
        const QString p = QStringLiteral("g%1-").arg(g);
        add(p + QStringLiteral("fw"), Kind::Firewall, QString());
        link(QStringLiteral("users"), p + QStringLiteral("fw"));
        QStringList lbs, apps, caches, dbs;
        for (int i = 0; i < 3; ++i) {
            const QString host = p + QStringLiteral("lbh%1").arg(i);
            addHost(host);
            lbs.append(p + QStringLiteral("lb%1").arg(i));
            add(lbs.last(), Kind::LoadBalancer, host);
            link(p + QStringLiteral("fw"), lbs.last());
        }
        for (int i = 0; i < 6; ++i) {
            caches.append(p + QStringLiteral("cache%1").arg(i));
            add(caches.last(), Kind::Cache, QString());
        }
        for (int i = 0; i < 12; ++i) {
            const QString host = p + QStringLiteral("dbh%1").arg(i);
            addHost(host);
            dbs.append(p + QStringLiteral("db%1").arg(i));
            add(dbs.last(), Kind::Database, host);
            if (i > 0) {
                d.components.last().settings.insert(QStringLiteral("role"),
                                                    QStringLiteral("replica"));
                Link l;
                l.id = QStringLiteral("l-%1").arg(d.links.size() + 1);
                l.from = dbs.front();
                l.to = dbs.last();
                l.protocol = QStringLiteral("replication");
                d.links.append(l);
            }
        }
        for (int i = 0; i < 38; ++i) {
            const QString host = p + QStringLiteral("web%1").arg(i);
            addHost(host);
            const QString web = p + QStringLiteral("nginx%1").arg(i);
            const QString app = p + QStringLiteral("app%1").arg(i);
            add(web, Kind::WebServer, host);
            add(app, Kind::AppServer, host);
            link(lbs[i % 3], web);
            link(web, app);
            link(app, caches[i % 6]);
            link(app, dbs.front());
            link(app, dbs[1 + i % 11]);
            d.links.last().readsOnly = true;
            apps.append(app);
        }
        for (int i = 0; i < 2; ++i) {
            const QString host = p + QStringLiteral("monh%1").arg(i);
            addHost(host);
            add(p + QStringLiteral("mon%1").arg(i), Kind::Monitoring, host);
            link(p + QStringLiteral("mon%1").arg(i), lbs[i]);
        }
    }
    d.reindex();
    return d;
}

} // namespace stackplan::testing
