#include "rules/explain.h"

#include "core/design.h"
#include "core/schema.h"
#include "diagram/mermaid.h"
#include "rules/registry.h"
#include "rules/validator.h"

#include <QHash>
#include <QSet>

namespace stackplan {

namespace {

QString code(const QString &s)
{
    return u'`' + s + u'`';
}

QString listOf(QStringList items)
{
    for (QString &i : items)
        i = code(i);
    if (items.size() <= 1)
        return items.value(0);
    const QString last = items.takeLast();
    return items.join(QStringLiteral(", ")) + QStringLiteral(" and ") + last;
}

QString plural(int n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

QString software(const Component &c)
{
    switch (c.kind) {
    case Kind::LoadBalancer:
        return c.stringSetting(u"software") == QLatin1String("haproxy")
                   ? QStringLiteral("HAProxy")
                   : c.stringSetting(u"software");
    case Kind::WebServer:
        return QStringLiteral("Nginx");
    case Kind::AppServer: {
        const QString r = c.stringSetting(u"runtime");
        if (r == QLatin1String("gunicorn"))
            return QStringLiteral("Gunicorn");
        if (r == QLatin1String("php-fpm"))
            return QStringLiteral("PHP-FPM");
        if (r == QLatin1String("node"))
            return QStringLiteral("Node.js");
        return QStringLiteral("the application");
    }
    case Kind::Database:
        return c.stringSetting(u"engine") == QLatin1String("mariadb") ? QStringLiteral("MariaDB")
                                                                      : QStringLiteral("MySQL");
    case Kind::Cache:
        return c.stringSetting(u"engine") == QLatin1String("memcached")
                   ? QStringLiteral("Memcached")
                   : QStringLiteral("Redis");
    case Kind::Monitoring: {
        const QString s = c.stringSetting(u"system");
        return s == QLatin1String("datadog")     ? QStringLiteral("Datadog")
               : s == QLatin1String("sumologic") ? QStringLiteral("Sumo Logic")
                                                 : QStringLiteral("Prometheus");
    }
    case Kind::Firewall:
        return QStringLiteral("a firewall appliance");
    case Kind::Dns:
        return QStringLiteral("DNS");
    case Kind::Internet:
        return QStringLiteral("browsers");
    }
    return {};
}

bool isRequest(const Design &d, const Link &l)
{
    const QString p = d.effectiveProtocol(l);
    return p != QLatin1String("replication") && p != QLatin1String("metrics");
}

QStringList targetsOf(const Design &d, const QString &id, bool requestOnly = true)
{
    QStringList out;
    for (const Link &l : d.links) {
        if (l.from == id && (!requestOnly || isRequest(d, l)))
            out.append(l.to);
    }
    return out;
}

QStringList sourcesOf(const Design &d, const QString &id)
{
    QStringList out;
    for (const Link &l : d.links) {
        if (l.to == id && isRequest(d, l))
            out.append(l.from);
    }
    return out;
}

QString where(const Design &d, const Component &c)
{
    const Host *h = d.hostOf(c);
    if (!h)
        return QStringLiteral("on a machine of its own");
    QString s = QStringLiteral("on %1").arg(code(h->id));
    if (!h->address.isEmpty())
        s += QStringLiteral(" (%1)").arg(h->address);
    return s;
}

QString algorithmText(const Component &lb, int backends)
{
    const QString a = lb.stringSetting(u"algorithm");
    QString share;
    if (backends == 2)
        share = QStringLiteral(", so each of the two servers gets about half of the requests");
    else if (backends > 2)
        share = QStringLiteral(", so each of the %1 servers gets about 1/%1 of the requests")
                    .arg(backends);
    if (a == QLatin1String("leastconn"))
        return QStringLiteral("`leastconn`: each new connection goes to the server with the fewest "
                              "open connections, which evens out the load when some requests take "
                              "much longer than others");
    if (a == QLatin1String("source"))
        return QStringLiteral(
            "`source`: the client's IP address is hashed to pick the server, so a "
            "visitor keeps landing on the same server (useful for sessions kept "
            "in memory), at the price of an uneven spread behind large NATs");
    if (a == QLatin1String("first"))
        return QStringLiteral("`first`: the first server with free connection slots takes the "
                              "request; the next one only gets traffic when the first is full, "
                              "which keeps few servers busy and lets the others idle");
    return QStringLiteral("`roundrobin`: requests go to the servers in turn%1, adjusted by their "
                          "weights; it is the right choice when requests cost about the same")
        .arg(share);
}

QString roleOf(const Design &d, const Component &c)
{
    const QStringList to = targetsOf(d, c.id);
    const QStringList from = sourcesOf(d, c.id);
    switch (c.kind) {
    case Kind::Internet:
        return QStringLiteral("The visitors' browsers; their requests enter the design at %1.")
            .arg(to.isEmpty() ? QStringLiteral("nothing yet") : listOf(to));
    case Kind::Dns:
        return QStringLiteral("The DNS record of `%1` (TTL %2 s), which sends browsers to %3.")
            .arg(d.domain)
            .arg(c.intSetting(u"ttl"))
            .arg(to.isEmpty() ? QStringLiteral("nothing yet") : listOf(to));
    case Kind::Firewall: {
        QStringList ports;
        for (int p : c.intListSetting(u"allow"))
            ports.append(QString::number(p));
        return QStringLiteral("A firewall appliance that lets only ports %1 through, to %2.")
            .arg(ports.join(QStringLiteral(", ")),
                 to.isEmpty() ? QStringLiteral("nothing") : listOf(to));
    }
    case Kind::LoadBalancer: {
        QString s = QStringLiteral("%1 load balancer. It listens on port %2")
                        .arg(software(c))
                        .arg(c.intSetting(u"http_port"));
        if (c.boolSetting(u"tls"))
            s += QStringLiteral(" and terminates HTTPS on port %1%2")
                     .arg(c.intSetting(u"https_port"))
                     .arg(c.boolSetting(u"redirect_http")
                              ? QStringLiteral(" (plain HTTP is answered with a redirect to HTTPS)")
                              : QString());
        s += QStringLiteral(", and spreads requests over %1 with %2.")
                 .arg(to.isEmpty() ? QStringLiteral("no server yet") : listOf(to),
                      QStringLiteral("`%1`").arg(c.stringSetting(u"algorithm")));
        const QJsonObject hc = c.setting(u"health_check").toObject();
        s += QStringLiteral(" It checks each server with `GET %1` every %2 ms, takes a server out "
                            "after %3 failed checks and back after %4 good ones.")
                 .arg(hc.value(QStringLiteral("path")).toString())
                 .arg(hc.value(QStringLiteral("interval_ms")).toInt())
                 .arg(hc.value(QStringLiteral("fall")).toInt())
                 .arg(hc.value(QStringLiteral("rise")).toInt());
        return s;
    }
    case Kind::WebServer: {
        QString s = QStringLiteral("Nginx web server on port %1").arg(c.intSetting(u"port"));
        if (c.boolSetting(u"tls"))
            s += QStringLiteral(" (HTTPS on %1)").arg(c.intSetting(u"https_port"));
        const QString root = c.stringSetting(u"root").isEmpty()
                                 ? QStringLiteral("/var/www/") + d.domain
                                 : c.stringSetting(u"root");
        s += QStringLiteral(". It serves the static files from `%1`").arg(root);
        if (!to.isEmpty())
            s += QStringLiteral(" and passes everything else to %1").arg(listOf(to));
        return s + u'.';
    }
    case Kind::AppServer: {
        QString s =
            QStringLiteral("Application server running %1 on port %2, with the code in `%3`")
                .arg(software(c))
                .arg(c.intSetting(u"port"))
                .arg(c.stringSetting(u"codebase").isEmpty()
                         ? QStringLiteral("/var/www/%1/app").arg(d.domain)
                         : c.stringSetting(u"codebase"));
        QStringList writes, reads, other;
        for (const Link &l : d.links) {
            if (l.from != c.id || !isRequest(d, l))
                continue;
            const Component *t = d.component(l.to);
            if (t && t->kind == Kind::Database)
                (l.readsOnly ? reads : writes).append(l.to);
            else
                other.append(l.to);
        }
        if (!writes.isEmpty())
            s += QStringLiteral("; it reads and writes %1").arg(listOf(writes));
        if (!reads.isEmpty())
            s += QStringLiteral("%1 reads from %2")
                     .arg(writes.isEmpty() ? QStringLiteral("; it") : QStringLiteral(" and"),
                          listOf(reads));
        if (!other.isEmpty())
            s += QStringLiteral("; it also calls %1").arg(listOf(other));
        return s + QStringLiteral(". Its health check answers on `%1`.")
                       .arg(c.stringSetting(u"health_path"));
    }
    case Kind::Database: {
        const bool primary = c.stringSetting(u"role") == QLatin1String("primary");
        QString s =
            QStringLiteral("%1 %2 on port %3")
                .arg(software(c), primary ? QStringLiteral("primary") : QStringLiteral("replica"))
                .arg(c.intSetting(u"port"));
        if (primary) {
            s += QStringLiteral(": it takes every write");
            const QStringList reps = targetsOf(d, c.id, false);
            QStringList replicas;
            for (const QString &r : reps) {
                const Component *rc = d.component(r);
                if (rc && rc->kind == Kind::Database)
                    replicas.append(r);
            }
            if (!replicas.isEmpty())
                s += QStringLiteral(" and streams its changes to %1").arg(listOf(replicas));
            s += QStringLiteral(". Backups are %1.")
                     .arg(c.boolSetting(u"backup") ? QStringLiteral("on") : QStringLiteral("off"));
        } else {
            QStringList feeders;
            for (const Link &l : d.links) {
                if (l.to == c.id && d.effectiveProtocol(l) == QLatin1String("replication"))
                    feeders.append(l.from);
            }
            s += feeders.isEmpty()
                     ? QStringLiteral(", but nothing replicates to it yet.")
                     : QStringLiteral(": a copy of %1, kept up to date by replication, which "
                                      "serves reads.")
                           .arg(listOf(feeders));
        }
        if (!from.isEmpty())
            s += QStringLiteral(" Clients: %1.").arg(listOf(from));
        return s;
    }
    case Kind::Cache:
        return QStringLiteral("%1 cache on port %2, keeping hot data in memory for %3.")
            .arg(software(c))
            .arg(c.intSetting(u"port"))
            .arg(from.isEmpty() ? QStringLiteral("nobody yet") : listOf(from));
    case Kind::Monitoring:
        return QStringLiteral("%1 monitoring server on port %2; it collects the metrics of the "
                              "hosts' agents and raises the alerts.")
            .arg(software(c))
            .arg(c.intSetting(u"port"));
    }
    return {};
}

// The shortest service path from an internet component to the deepest tier.
QStringList samplePath(const Design &d)
{
    QHash<QString, QString> parent;
    QStringList queue;
    for (const Component &c : d.components) {
        if (c.kind == Kind::Internet) {
            parent.insert(c.id, QString());
            queue.append(c.id);
        }
    }
    auto depth = [](Kind k) {
        switch (k) {
        case Kind::Database:
            return 5;
        case Kind::AppServer:
            return 4;
        case Kind::WebServer:
            return 3;
        case Kind::LoadBalancer:
            return 2;
        default:
            return 0;
        }
    };
    QString best;
    int bestDepth = 0;
    for (int q = 0; q < queue.size(); ++q) {
        const Component *c = d.component(queue[q]);
        int dep = depth(c->kind);
        if (c->kind == Kind::Database && c->stringSetting(u"role") != QLatin1String("primary"))
            dep = 0;
        if (dep > bestDepth) {
            bestDepth = dep;
            best = c->id;
        }
        for (const QString &t : targetsOf(d, c->id)) {
            if (!parent.contains(t)) {
                parent.insert(t, c->id);
                queue.append(t);
            }
        }
    }
    QStringList path;
    for (QString v = best; !v.isEmpty(); v = parent.value(v))
        path.prepend(v);
    return path;
}

QString portOfLink(const Design &d, const QString &from, const QString &to)
{
    for (const Link &l : d.links) {
        if (l.from == from && l.to == to) {
            const QString p = d.effectiveProtocol(l);
            const QString name =
                p == QLatin1String("http")    ? QStringLiteral("HTTP")
                : p == QLatin1String("https") ? QStringLiteral("HTTPS")
                : p == QLatin1String("mysql") ? QStringLiteral("the MySQL protocol")
                : p == QLatin1String("redis") ? QStringLiteral("the Redis protocol")
                                              : p.toUpper();
            return QStringLiteral("%1 on port %2").arg(name).arg(d.effectivePort(l));
        }
    }
    return {};
}

} // namespace

QString explainDesign(const Design &d)
{
    QString md;
    const QString title = d.name.isEmpty() ? QStringLiteral("The design") : d.name;
    md += QStringLiteral("# %1\n\n").arg(title);

    QHash<Kind, int> counts;
    for (const Component &c : d.components)
        ++counts[c.kind];
    QStringList tiers;
    auto tier = [&](Kind k, const QString &one, const QString &many) {
        if (counts.value(k))
            tiers.append(plural(counts.value(k), one, many));
    };
    tier(Kind::Firewall, QStringLiteral("firewall appliance"),
         QStringLiteral("firewall appliances"));
    tier(Kind::LoadBalancer, QStringLiteral("load balancer"), QStringLiteral("load balancers"));
    tier(Kind::WebServer, QStringLiteral("web server"), QStringLiteral("web servers"));
    tier(Kind::AppServer, QStringLiteral("application server"),
         QStringLiteral("application servers"));
    tier(Kind::Cache, QStringLiteral("cache"), QStringLiteral("caches"));
    tier(Kind::Database, QStringLiteral("database"), QStringLiteral("databases"));
    tier(Kind::Monitoring, QStringLiteral("monitoring server"),
         QStringLiteral("monitoring servers"));
    QString tierText = tiers.join(QStringLiteral(", "));
    if (tiers.size() > 1)
        tierText = tiers.mid(0, tiers.size() - 1).join(QStringLiteral(", ")) +
                   QStringLiteral(" and ") + tiers.last();
    md += QStringLiteral("This design serves **%1** from %2, with %3.\n\n")
              .arg(d.domain,
                   plural(int(d.hosts.size()), QStringLiteral("host"), QStringLiteral("hosts")),
                   tierText.isEmpty() ? QStringLiteral("no services yet") : tierText);

    md += QStringLiteral("## Diagram\n\n```mermaid\n");
    MermaidOptions options;
    options.titleComment = false;
    md += exportMermaid(d, options);
    md += QStringLiteral("```\n\n");

    md += QStringLiteral("## Hosts and components\n\n");
    for (const Host &h : d.hosts) {
        QStringList facts;
        if (!h.address.isEmpty())
            facts.append(QStringLiteral("address %1").arg(h.address));
        if (!h.zone.isEmpty())
            facts.append(QStringLiteral("zone %1").arg(code(h.zone)));
        facts.append(h.firewallEnabled ? QStringLiteral("host firewall on")
                                       : QStringLiteral("no host firewall"));
        facts.append(h.monitoring ? QStringLiteral("monitoring agent")
                                  : QStringLiteral("no monitoring agent"));
        md +=
            QStringLiteral("### Host `%1`\n\n%2.\n\n").arg(h.id, facts.join(QStringLiteral(", ")));
        const QList<const Component *> on = d.componentsOnHost(h.id);
        if (on.isEmpty())
            md += QStringLiteral("Nothing runs on it yet.\n\n");
        for (const Component *c : on)
            md +=
                QStringLiteral("- **%1** (%2): %3\n").arg(c->id, c->displayLabel(), roleOf(d, *c));
        if (!on.isEmpty())
            md += u'\n';
    }
    QList<const Component *> hostless;
    for (const Component &c : d.components) {
        if (c.host.isEmpty())
            hostless.append(&c);
    }
    if (!hostless.isEmpty()) {
        md += QStringLiteral("### Outside the hosts\n\n");
        for (const Component *c : std::as_const(hostless))
            md +=
                QStringLiteral("- **%1** (%2): %3\n").arg(c->id, c->displayLabel(), roleOf(d, *c));
        md += u'\n';
    }

    md += QStringLiteral("## The path of a request\n\n");
    const QStringList path = samplePath(d);
    if (path.size() < 2) {
        md += QStringLiteral("No request can get anywhere yet: nothing links an `internet` "
                             "component to the services.\n\n");
    } else {
        int step = 1;
        for (int i = 0; i < path.size(); ++i) {
            const Component *c = d.component(path[i]);
            const QString via = i > 0 ? portOfLink(d, path[i - 1], path[i]) : QString();
            QString text;
            switch (c->kind) {
            case Kind::Internet: {
                const Component *next = path.size() > 1 ? d.component(path[1]) : nullptr;
                const bool tls =
                    next && next->boolSetting(u"tls") &&
                    (next->kind == Kind::LoadBalancer || next->kind == Kind::WebServer);
                text = QStringLiteral("A visitor opens `%1://%2/` in a browser (%3).")
                           .arg(tls ? QStringLiteral("https") : QStringLiteral("http"), d.domain,
                                code(c->id));
            } break;
            case Kind::Dns:
                text = QStringLiteral("The browser looks up `%1` in DNS (%2).")
                           .arg(d.domain, code(c->id));
                break;
            case Kind::Firewall:
                text = QStringLiteral("The firewall %1 lets the request through (%2).")
                           .arg(code(c->id), via);
                break;
            case Kind::LoadBalancer: {
                const QStringList backends = targetsOf(d, c->id);
                text =
                    QStringLiteral("The request reaches the load balancer %1 %2, %3. %4 picks one "
                                   "of %5 with %6.")
                        .arg(code(c->id), where(d, *c), via, software(*c),
                             backends.isEmpty() ? QStringLiteral("no servers") : listOf(backends))
                        .arg(QStringLiteral("`%1`").arg(c->stringSetting(u"algorithm")));
                if (c->boolSetting(u"tls"))
                    text += QStringLiteral(
                        " It decrypts HTTPS here, so the servers behind it see plain requests.");
                break;
            }
            case Kind::WebServer:
                text = QStringLiteral("Nginx on %1 %2 receives it (%3): a static file is answered "
                                      "right away; anything else goes on to the application.")
                           .arg(code(c->id), where(d, *c), via);
                break;
            case Kind::AppServer:
                text = QStringLiteral("The application %1 %2 runs the code (%3).")
                           .arg(code(c->id), where(d, *c), via);
                break;
            case Kind::Database:
                text = QStringLiteral("The application queries %1 %2 (%3); writes always go here.")
                           .arg(code(c->id), where(d, *c), via);
                break;
            default:
                text = QStringLiteral("%1 %2 handles it (%3).").arg(code(c->id), where(d, *c), via);
            }
            md += QStringLiteral("%1. %2\n").arg(step++).arg(text);
        }
        md += QStringLiteral("%1. The answer travels back the same way to the browser.\n\n")
                  .arg(step);
    }

    md += QStringLiteral("## Load balancing\n\n");
    QStringList lbs;
    for (const Component &c : d.components) {
        if (c.kind == Kind::LoadBalancer)
            lbs.append(c.id);
    }
    if (lbs.isEmpty())
        md += QStringLiteral("There is no load balancer: each request goes straight to the one "
                             "server it is linked to.\n\n");
    QSet<QString> doneClusters;
    for (const QString &id : std::as_const(lbs)) {
        const Component &lb = *d.component(id);
        const QStringList backends = targetsOf(d, id);
        md += QStringLiteral("%1 uses %2.").arg(code(id), algorithmText(lb, int(backends.size())));
        if (lb.boolSetting(u"sticky"))
            md += QStringLiteral(" A cookie keeps each visitor on the server that answered first.");
        if (backends.size() > 1)
            md += QStringLiteral(" Its servers %1 are **active-active**: all of them serve at the "
                                 "same time, and when one fails the health checks take it out and "
                                 "the others carry its share.")
                      .arg(listOf(backends));
        md += QStringLiteral("\n\n");
        const QString cluster = lb.stringSetting(u"cluster");
        if (cluster.isEmpty() || doneClusters.contains(cluster)) {
            if (cluster.isEmpty() && lbs.size() == 1)
                md += QStringLiteral("There is only one load balancer, so the question of "
                                     "active-active or active-passive does not arise for it: if %1 "
                                     "fails, the whole site is down.\n\n")
                          .arg(code(id));
            continue;
        }
        doneClusters.insert(cluster);
        QStringList members;
        for (const QString &o : std::as_const(lbs)) {
            if (d.component(o)->stringSetting(u"cluster") == cluster)
                members.append(o);
        }
        const QString vip = lb.stringSetting(u"vip");
        if (lb.stringSetting(u"redundancy") == QLatin1String("active-passive") && !vip.isEmpty())
            md += QStringLiteral(
                      "The load balancers %1 form the cluster %2 and run **active-passive**: "
                      "keepalived (VRRP) gives the virtual address %3 to one of them, which does "
                      "all the work; the other watches it and takes the address over within a few "
                      "seconds when it fails. Visitors always connect to %3, so they never notice "
                      "the switch; the price is that the standby's capacity is idle.\n\n")
                      .arg(listOf(members), code(cluster), vip);
        else
            md += QStringLiteral("The load balancers %1 form the cluster %2 and run "
                                 "**active-active**: all of them take traffic at once%3, so their "
                                 "capacity adds up, and when one fails the others carry on.\n\n")
                      .arg(listOf(members), code(cluster),
                           vip.isEmpty()
                               ? QStringLiteral(" (DNS or the entry spreads visitors over them)")
                               : QStringLiteral(" behind %1").arg(vip));
    }

    md += QStringLiteral("## Primary and replica\n\n");
    bool anyDb = false;
    for (const Component &c : d.components) {
        if (c.kind != Kind::Database || c.stringSetting(u"role") != QLatin1String("primary"))
            continue;
        anyDb = true;
        QStringList replicas;
        for (const Link &l : d.links) {
            const Component *t = d.component(l.to);
            if (l.from == c.id && d.effectiveProtocol(l) == QLatin1String("replication") && t &&
                t->kind == Kind::Database)
                replicas.append(l.to);
        }
        QStringList writers, readers;
        for (const Link &l : d.links) {
            if (!isRequest(d, l))
                continue;
            if (l.to == c.id)
                writers.append(l.from);
            if (replicas.contains(l.to) && !readers.contains(l.from))
                readers.append(l.from);
        }
        if (replicas.isEmpty()) {
            md += QStringLiteral(
                      "%1 is the only copy of the data: it takes every read and every write%2.\n\n")
                      .arg(code(c.id), writers.isEmpty()
                                           ? QString()
                                           : QStringLiteral(" from %1").arg(listOf(writers)));
            continue;
        }
        md += QStringLiteral("%1 is the primary: %2 send it every write (and the reads that must "
                             "see them at once). It replicates asynchronously to %3")
                  .arg(code(c.id),
                       writers.isEmpty() ? QStringLiteral("no application yet") : listOf(writers),
                       listOf(replicas));
        md += readers.isEmpty()
                  ? QStringLiteral(", which nothing reads from yet: the replica is a warm copy for "
                                   "emergencies and backups.")
                  : QStringLiteral(", which serves the reads of %1: reads usually far outnumber "
                                   "writes, so this takes most of the load off the primary, at the "
                                   "price of reads that may lag a moment behind the last write.")
                        .arg(listOf(readers));
        const QString failover = c.stringSetting(u"failover");
        if (failover == QLatin1String("automatic"))
            md += QStringLiteral(" Failover is **automatic**: when the primary fails, a replica is "
                                 "promoted and the applications are pointed at it.\n\n");
        else if (failover == QLatin1String("manual"))
            md += QStringLiteral(" Failover is **manual**: when the primary fails, writes stop "
                                 "until an operator promotes a replica.\n\n");
        else
            md += QStringLiteral(" There is **no failover**: when the primary fails, writes stop "
                                 "until it is repaired or a replica is promoted by hand.\n\n");
    }
    if (!anyDb)
        md += QStringLiteral("The design has no primary database.\n\n");

    md += QStringLiteral("## Findings\n\n");
    const QList<Finding> findings = validate(d);
    if (findings.isEmpty())
        md += QStringLiteral("`stackplan validate` finds nothing to improve.\n\n");
    struct Group
    {
        QString title;
        QList<RuleCategory> categories;
    };
    const QList<Group> groups{
        {QStringLiteral("Single points of failure"), {RuleCategory::Availability}},
        {QStringLiteral("Security"), {RuleCategory::Security}},
        {QStringLiteral("Monitoring"), {RuleCategory::Monitoring}},
        {QStringLiteral("Structure"), {RuleCategory::Structure}},
    };
    for (const Group &g : groups) {
        if (findings.isEmpty())
            break;
        QString items;
        for (const Finding &f : findings) {
            const RuleInfo *r = findRule(f.rule);
            if (!r || !g.categories.contains(r->category))
                continue;
            items += QStringLiteral("- **%1 %2** (%3): %4.\n  *Remedy:* %5%6\n")
                         .arg(f.rule, f.title, severityName(f.severity), f.message, f.remediation,
                              f.fix ? QStringLiteral(" (`stackplan fix` can do it.)") : QString());
        }
        if (items.isEmpty() && g.title == QLatin1String("Structure"))
            continue;
        md += QStringLiteral("### %1\n\n").arg(g.title);
        md += items.isEmpty() ? QStringLiteral("None found.\n\n") : items + u'\n';
    }
    return md;
}

} // namespace stackplan
