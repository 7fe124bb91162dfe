#include "rules/checks.h"

#include "core/schema.h"
#include "rules/context.h"

#include <QSet>
#include <QVarLengthArray>

#include <algorithm>

namespace stackplan {

namespace {

QString quoted(const QString &id)
{
    return u'"' + id + u'"';
}

bool isPrimary(const Component &c)
{
    return c.kind == Kind::Database && c.stringSetting(u"role") == QLatin1String("primary");
}

bool isReplica(const Component &c)
{
    return c.kind == Kind::Database && c.stringSetting(u"role") == QLatin1String("replica");
}

// Component SPOFs of the kinds a rule covers.
void componentSpofs(const RuleContext &ctx, QList<Finding> &out, const char *rule,
                    const QList<Kind> &kinds)
{
    for (int i : ctx.spof().components) {
        const Component &c = ctx.component(i);
        if (!kinds.contains(c.kind))
            continue;
        QString message;
        if (c.kind == Kind::Database)
            message = QStringLiteral("every write passes through %1; when it fails, writes stop")
                          .arg(quoted(c.id));
        else
            message = QStringLiteral("every request passes through %1").arg(quoted(c.id));
        out.append(ctx.make(rule, message, {c.id}));
    }
}

// Hosts (or hostless components) that need a per-host rule: SEC001, OPS001.
// Internet and DNS are never machines of the design.
bool machineKind(Kind k)
{
    return k != Kind::Internet && k != Kind::Dns;
}

} // namespace

bool compatibleLink(Kind from, Kind to, const QString &protocol)
{
    if (to == Kind::Internet)
        return false;
    if (protocol == QLatin1String("replication"))
        return from == Kind::Database && to == Kind::Database;
    if (protocol == QLatin1String("metrics"))
        return (from == Kind::Monitoring || to == Kind::Monitoring) && from != Kind::Internet;
    switch (from) {
    case Kind::Internet:
        return to != Kind::Monitoring;
    case Kind::Dns:
        return to == Kind::LoadBalancer || to == Kind::WebServer || to == Kind::Firewall ||
               to == Kind::AppServer;
    case Kind::Firewall:
        return to != Kind::Dns && to != Kind::Monitoring;
    case Kind::LoadBalancer:
        return to == Kind::LoadBalancer || to == Kind::WebServer || to == Kind::AppServer ||
               to == Kind::Firewall || to == Kind::Cache || to == Kind::Database;
    case Kind::WebServer:
    case Kind::AppServer:
        return to == Kind::AppServer || to == Kind::Database || to == Kind::Cache ||
               to == Kind::LoadBalancer || to == Kind::Firewall || to == Kind::WebServer;
    case Kind::Database:
    case Kind::Cache:
    case Kind::Monitoring:
        return false;
    }
    return false;
}

namespace checks {

void spof000(const RuleContext &ctx, QList<Finding> &out)
{
    componentSpofs(ctx, out, "SPOF000", {Kind::Dns, Kind::Cache, Kind::Firewall, Kind::Monitoring});
}

void spof001(const RuleContext &ctx, QList<Finding> &out)
{
    componentSpofs(ctx, out, "SPOF001", {Kind::LoadBalancer});
}

void spof002(const RuleContext &ctx, QList<Finding> &out)
{
    componentSpofs(ctx, out, "SPOF002", {Kind::WebServer});
}

void spof003(const RuleContext &ctx, QList<Finding> &out)
{
    componentSpofs(ctx, out, "SPOF003", {Kind::AppServer});
}

void spof004(const RuleContext &ctx, QList<Finding> &out)
{
    componentSpofs(ctx, out, "SPOF004", {Kind::Database});
}

void spof005(const RuleContext &ctx, QList<Finding> &out)
{
    for (int h : ctx.spof().hosts) {
        const Host &host = ctx.design.hosts[h];
        QStringList names;
        for (int c : ctx.componentsOn[h])
            names.append(quoted(ctx.component(c).id));
        out.append(ctx.make(
            "SPOF005",
            QStringLiteral("every request passes through host %1 (running %2), although each of "
                           "its components has a stand-in")
                .arg(quoted(host.id), names.join(QStringLiteral(", "))),
            {host.id}));
    }
}

void spof006(const RuleContext &ctx, QList<Finding> &out)
{
    for (const QString &zone : ctx.spof().zones) {
        QStringList hosts;
        for (const Host &h : ctx.design.hosts) {
            if (h.zone == zone)
                hosts.append(h.id);
        }
        out.append(ctx.make("SPOF006",
                            QStringLiteral("every request passes through zone %1 (hosts %2)")
                                .arg(quoted(zone), hosts.join(QStringLiteral(", "))),
                            hosts));
    }
}

void sec001(const RuleContext &ctx, QList<Finding> &out)
{
    // Components reachable from the internet without crossing a firewall appliance.
    QList<bool> exposed(ctx.componentCount, false);
    QList<int> queue;
    for (int i = 0; i < ctx.componentCount; ++i) {
        if (ctx.kind(i) == Kind::Internet) {
            exposed[i] = true;
            queue.append(i);
        }
    }
    for (int q = 0; q < queue.size(); ++q) {
        for (int l : ctx.linksOut[queue[q]]) {
            const int t = ctx.linkTo[l];
            if (!ctx.isRequestLink(l) || exposed[t] || ctx.kind(t) == Kind::Firewall)
                continue;
            exposed[t] = true;
            queue.append(t);
        }
    }
    for (int h = 0; h < ctx.design.hosts.size(); ++h) {
        const Host &host = ctx.design.hosts[h];
        if (host.firewallEnabled)
            continue;
        for (int c : ctx.componentsOn[h]) {
            if (exposed[c]) {
                out.append(ctx.make("SEC001",
                                    QStringLiteral("host %1 has no firewall, and %2 on it is "
                                                   "reachable from the internet")
                                        .arg(quoted(host.id), quoted(ctx.component(c).id)),
                                    {host.id}));
                break;
            }
        }
    }
    for (int i = 0; i < ctx.componentCount; ++i) {
        const Component &c = ctx.component(i);
        if (ctx.hostOf[i] >= 0 || !c.host.isEmpty() || !machineKind(c.kind) ||
            c.kind == Kind::Firewall || !exposed[i])
            continue;
        out.append(ctx.make("SEC001",
                            QStringLiteral("%1 runs on a machine of its own with no firewall and "
                                           "is reachable from the internet")
                                .arg(quoted(c.id)),
                            {c.id}));
    }
}

void sec002(const RuleContext &ctx, QList<Finding> &out)
{
    // Reachable from the internet without passing an application server.
    QList<int> via(ctx.componentCount, -2);
    QList<int> queue;
    for (int i = 0; i < ctx.componentCount; ++i) {
        if (ctx.kind(i) == Kind::Internet) {
            via[i] = -1;
            queue.append(i);
        }
    }
    for (int q = 0; q < queue.size(); ++q) {
        const int v = queue[q];
        if (ctx.kind(v) == Kind::AppServer || ctx.kind(v) == Kind::Database)
            continue;
        for (int l : ctx.linksOut[v]) {
            const int t = ctx.linkTo[l];
            if (!ctx.isRequestLink(l) || via[t] != -2)
                continue;
            via[t] = l;
            queue.append(t);
        }
    }
    for (int i = 0; i < ctx.componentCount; ++i) {
        if (ctx.kind(i) != Kind::Database || via[i] < 0)
            continue;
        const Component &c = ctx.component(i);
        const Link &link = ctx.design.links[via[i]];
        out.append(ctx.make("SEC002",
                            QStringLiteral("database %1 is reachable from the internet through "
                                           "link %2 from %3, with no application server in between")
                                .arg(quoted(c.id), quoted(link.id), quoted(link.from)),
                            {c.id, link.id}));
    }
}

void sec003(const RuleContext &ctx, QList<Finding> &out)
{
    // The first components past the internet (and any firewall appliances).
    QList<bool> seen(ctx.componentCount, false);
    QList<int> queue;
    for (int i = 0; i < ctx.componentCount; ++i) {
        if (ctx.kind(i) == Kind::Internet) {
            seen[i] = true;
            queue.append(i);
        }
    }
    QList<int> receivers;
    for (int q = 0; q < queue.size(); ++q) {
        for (int l : ctx.linksOut[queue[q]]) {
            const int t = ctx.linkTo[l];
            if (!ctx.isRequestLink(l) || seen[t])
                continue;
            seen[t] = true;
            if (ctx.kind(t) == Kind::Firewall || ctx.kind(t) == Kind::Dns)
                queue.append(t);
            else
                receivers.append(t);
        }
    }
    std::sort(receivers.begin(), receivers.end());
    for (int i : std::as_const(receivers)) {
        const Component &c = ctx.component(i);
        if ((c.kind == Kind::LoadBalancer || c.kind == Kind::WebServer) && !c.boolSetting(u"tls"))
            out.append(ctx.make("SEC003",
                                QStringLiteral("%1 receives traffic from the internet but does "
                                               "not terminate HTTPS")
                                    .arg(quoted(c.id)),
                                {c.id}));
    }
}

void sec004(const RuleContext &ctx, QList<Finding> &out)
{
    for (const Component &c : ctx.design.components) {
        if (c.kind == Kind::LoadBalancer && c.boolSetting(u"tls") &&
            !c.boolSetting(u"redirect_http"))
            out.append(ctx.make("SEC004",
                                QStringLiteral("%1 serves HTTPS but answers plain HTTP without a "
                                               "redirect")
                                    .arg(quoted(c.id)),
                                {c.id}));
    }
}

void sec005(const RuleContext &ctx, QList<Finding> &out)
{
    for (int l = 0; l < ctx.design.links.size(); ++l)
        sec005Link(ctx, l, out);
}

void sec005Link(const RuleContext &ctx, int l, QList<Finding> &out)
{
    const int from = ctx.linkFrom[l];
    const int to = ctx.linkTo[l];
    if (from < 0 || to < 0 || ctx.kind(from) == Kind::Internet)
        return;
    const int hf = ctx.hostOf[from];
    const int ht = ctx.hostOf[to];
    if (hf >= 0 && hf == ht)
        return;
    const QString &p = ctx.linkProtocol[l];
    const Link &link = ctx.design.links[l];
    if (p == QLatin1String("http"))
        out.append(ctx.make("SEC005",
                            QStringLiteral("link \"") + link.id + QStringLiteral("\" from \"") +
                                link.from + QStringLiteral("\" to \"") + link.to +
                                QStringLiteral("\" crosses hosts in plain HTTP"),
                            {link.id}));
    else if (p == QLatin1String("mysql") && ctx.kind(to) == Kind::Database &&
             !ctx.component(to).boolSetting(u"tls"))
        out.append(ctx.make("SEC005",
                            QStringLiteral("link %1 from %2 to database %3 crosses hosts, and "
                                           "the database does not require TLS")
                                .arg(quoted(link.id), quoted(link.from), quoted(link.to)),
                            {link.id}));
}

void sec006(const RuleContext &ctx, QList<Finding> &out)
{
    for (int h = 0; h < ctx.design.hosts.size(); ++h)
        sec006Host(ctx, h, out);
}

void sec006Host(const RuleContext &ctx, int h, QList<Finding> &out)
{
    const Host &host = ctx.design.hosts[h];
    if (host.firewallAllow.isEmpty())
        return;
    QVarLengthArray<int, 32> needed;
    for (int c : ctx.componentsOn[h]) {
        for (int p : listenPorts(ctx.component(c)))
            needed.append(p);
        for (int l : ctx.linksIn[c])
            needed.append(ctx.linkPort(l));
    }
    QStringList unused;
    for (int p : host.firewallAllow) {
        if (!needed.contains(p))
            unused.append(QString::number(p));
    }
    if (!unused.isEmpty())
        out.append(
            ctx.make("SEC006",
                     QStringLiteral("host %1 opens port%2 %3, which no component on it "
                                    "needs")
                         .arg(quoted(host.id), unused.size() > 1 ? QStringLiteral("s") : QString(),
                              unused.join(QStringLiteral(", "))),
                     {host.id}));
}

void ops001(const RuleContext &ctx, QList<Finding> &out)
{
    for (int h = 0; h < ctx.design.hosts.size(); ++h) {
        const Host &host = ctx.design.hosts[h];
        if (!host.monitoring)
            out.append(ctx.make(
                "OPS001", QStringLiteral("host %1 runs no monitoring agent").arg(quoted(host.id)),
                {host.id}));
    }
    for (int i = 0; i < ctx.componentCount; ++i) {
        const Component &c = ctx.component(i);
        if (!c.host.isEmpty() || !machineKind(c.kind) || c.kind == Kind::Firewall)
            continue;
        out.append(ctx.make("OPS001",
                            QStringLiteral("%1 runs on a machine of its own with no monitoring "
                                           "agent")
                                .arg(quoted(c.id)),
                            {c.id}));
    }
}

void ops002(const RuleContext &ctx, QList<Finding> &out)
{
    QStringList agents;
    for (const Host &h : ctx.design.hosts) {
        if (h.monitoring)
            agents.append(h.id);
    }
    if (agents.isEmpty())
        return;
    for (const Component &c : ctx.design.components) {
        if (c.kind == Kind::Monitoring)
            return;
    }
    QStringList named;
    for (const QString &a : agents.mid(0, 3))
        named.append(quoted(a));
    QString who = named.join(QStringLiteral(", "));
    if (agents.size() > 3)
        who += QStringLiteral(" and %1 more").arg(agents.size() - 3);
    out.append(ctx.make("OPS002",
                        QStringLiteral("host%1 %2 run%3 a monitoring agent, but no Prometheus "
                                       "server collects the metrics")
                            .arg(agents.size() > 1 ? QStringLiteral("s") : QString(), who,
                                 agents.size() > 1 ? QString() : QStringLiteral("s")),
                        agents));
}

void ops003(const RuleContext &ctx, QList<Finding> &out)
{
    for (const Component &c : ctx.design.components) {
        if (isPrimary(c) && !c.boolSetting(u"backup"))
            out.append(ctx.make(
                "OPS003", QStringLiteral("primary database %1 is not backed up").arg(quoted(c.id)),
                {c.id}));
    }
}

void ops004(const RuleContext &ctx, QList<Finding> &out)
{
    for (int i = 0; i < ctx.componentCount; ++i) {
        const Component &c = ctx.component(i);
        if (!isPrimary(c))
            continue;
        bool fed = false;
        for (int l : ctx.linksOut[i])
            fed |= ctx.isReplicationLink(l) && ctx.kind(ctx.linkTo[l]) == Kind::Database;
        if (!fed)
            out.append(
                ctx.make("OPS004",
                         QStringLiteral("primary database %1 has no replica fed by replication")
                             .arg(quoted(c.id)),
                         {c.id}));
    }
}

void str001(const RuleContext &ctx, QList<Finding> &out)
{
    for (int i = 0; i < ctx.componentCount; ++i) {
        if (ctx.kind(i) != Kind::LoadBalancer)
            continue;
        bool any = false;
        for (int l : ctx.linksOut[i])
            any |= ctx.isRequestLink(l);
        if (!any)
            out.append(
                ctx.make("STR001",
                         QStringLiteral("load balancer %1 has no backend to send requests to")
                             .arg(quoted(ctx.component(i).id)),
                         {ctx.component(i).id}));
    }
}

void str002(const RuleContext &ctx, QList<Finding> &out)
{
    for (int l = 0; l < ctx.design.links.size(); ++l)
        str002Link(ctx, l, out);
}

void str002Link(const RuleContext &ctx, int l, QList<Finding> &out)
{
    const int from = ctx.linkFrom[l];
    const int to = ctx.linkTo[l];
    if (from < 0 || to < 0)
        return;
    if (compatibleLink(ctx.kind(from), ctx.kind(to), ctx.linkProtocol[l]))
        return;
    const Link &link = ctx.design.links[l];
    out.append(ctx.make("STR002",
                        QStringLiteral("link %1 goes from %2 (%3) to %4 (%5) as %6, which "
                                       "cannot work")
                            .arg(quoted(link.id), quoted(link.from), kindName(ctx.kind(from)),
                                 quoted(link.to), kindName(ctx.kind(to)), ctx.linkProtocol[l]),
                        {link.id}));
}

void str003(const RuleContext &ctx, QList<Finding> &out)
{
    for (int h = 0; h < ctx.design.hosts.size(); ++h)
        str003Host(ctx, h, out);
}

void str003Host(const RuleContext &ctx, int h, QList<Finding> &out)
{
    // A host runs a handful of components: a flat list beats a hash.
    QVarLengthArray<QPair<int, int>, 16> owner; // port, component
    for (int c : ctx.componentsOn[h]) {
        const QList<int> ports = listenPorts(ctx.component(c));
        for (int p : ports) {
            int other = -1;
            for (const auto &[port, component] : owner) {
                if (port == p) {
                    other = component;
                    break;
                }
            }
            if (other >= 0 && other != c) {
                out.append(
                    ctx.make("STR003",
                             QStringLiteral("%1 and %2 both listen on port %3 of host %4")
                                 .arg(quoted(ctx.component(other).id), quoted(ctx.component(c).id))
                                 .arg(p)
                                 .arg(quoted(ctx.design.hosts[h].id)),
                             {ctx.component(other).id, ctx.component(c).id}));
            } else if (other < 0) {
                owner.append({p, c});
            }
        }
    }
}

void str004(const RuleContext &ctx, QList<Finding> &out)
{
    const int n = ctx.componentCount;
    // Replicas must be fed, directly or through a chain, by a primary.
    QList<bool> fed(n, false);
    QList<int> queue;
    for (int i = 0; i < n; ++i) {
        if (isPrimary(ctx.component(i))) {
            fed[i] = true;
            queue.append(i);
        }
    }
    for (int q = 0; q < queue.size(); ++q) {
        for (int l : ctx.linksOut[queue[q]]) {
            const int t = ctx.linkTo[l];
            if (ctx.isReplicationLink(l) && !fed[t] && ctx.kind(t) == Kind::Database) {
                fed[t] = true;
                queue.append(t);
            }
        }
    }
    for (int i = 0; i < n; ++i) {
        const Component &c = ctx.component(i);
        if (isReplica(c) && !fed[i])
            out.append(ctx.make("STR004",
                                QStringLiteral("replica %1 is fed by no primary").arg(quoted(c.id)),
                                {c.id}));
    }
    // Cycles of replication links (iterative colouring DFS).
    QList<char> colour(n, 0);
    QList<int> parentLink(n, -1);
    for (int s = 0; s < n; ++s) {
        if (colour[s] || ctx.kind(s) != Kind::Database)
            continue;
        QList<QPair<int, int>> stack{{s, 0}};
        colour[s] = 1;
        while (!stack.isEmpty()) {
            auto &[v, next] = stack.last();
            if (next >= int(ctx.linksOut[v].size())) {
                colour[v] = 2;
                stack.removeLast();
                continue;
            }
            const int l = ctx.linksOut[v][next++];
            if (!ctx.isReplicationLink(l))
                continue;
            const int t = ctx.linkTo[l];
            if (colour[t] == 1) {
                QStringList links{ctx.design.links[l].id};
                for (int u = v; u != t && parentLink[u] >= 0; u = ctx.linkFrom[parentLink[u]])
                    links.prepend(ctx.design.links[parentLink[u]].id);
                out.append(ctx.make("STR004",
                                    QStringLiteral("replication links %1 form a cycle")
                                        .arg(links.join(QStringLiteral(", "))),
                                    links));
            } else if (!colour[t]) {
                colour[t] = 1;
                parentLink[t] = l;
                stack.append({t, 0});
            }
        }
    }
    // Writes to a replica.
    for (int l = 0; l < ctx.design.links.size(); ++l) {
        const int to = ctx.linkTo[l];
        const int from = ctx.linkFrom[l];
        if (to < 0 || from < 0 || !ctx.isRequestLink(l) || !isReplica(ctx.component(to)))
            continue;
        const Link &link = ctx.design.links[l];
        if (!link.readsOnly)
            out.append(ctx.make("STR004",
                                QStringLiteral("link %1 lets %2 write to replica %3 (it is not "
                                               "marked reads_only)")
                                    .arg(quoted(link.id), quoted(link.from), quoted(link.to)),
                                {link.id}));
    }
}

void str005(const RuleContext &ctx, QList<Finding> &out)
{
    if (!ctx.hasInternet)
        return;
    for (int i = 0; i < ctx.componentCount; ++i) {
        const Component &c = ctx.component(i);
        if (servesTraffic(c.kind) && !ctx.reachable[i])
            out.append(
                ctx.make("STR005",
                         QStringLiteral("%1 cannot be reached from the internet").arg(quoted(c.id)),
                         {c.id}));
    }
}

void str006(const RuleContext &ctx, QList<Finding> &out)
{
    if (ctx.hasInternet || ctx.design.components.isEmpty())
        return;
    out.append(ctx.make("STR006",
                        QStringLiteral("the design has no internet component, so nothing "
                                       "reaches it"),
                        {}));
}

void str007(const RuleContext &ctx, QList<Finding> &out)
{
    QHash<int, QString> first;
    for (const Component &c : ctx.design.components) {
        if (c.kind != Kind::Database)
            continue;
        const int id = c.intSetting(u"server_id");
        if (id == 0)
            continue;
        const auto it = first.constFind(id);
        if (it == first.constEnd()) {
            first.insert(id, c.id);
            continue;
        }
        out.append(ctx.make("STR007",
                            QStringLiteral("databases %1 and %2 both have server_id %3")
                                .arg(quoted(*it), quoted(c.id))
                                .arg(id),
                            {*it, c.id}));
    }
}

void str008(const RuleContext &ctx, QList<Finding> &out)
{
    QHash<QString, int> firstOf;
    static const char *const keys[] = {"algorithm", "http_port", "https_port", "tls", "vip"};
    for (int i = 0; i < ctx.componentCount; ++i) {
        const Component &c = ctx.component(i);
        if (c.kind != Kind::LoadBalancer)
            continue;
        const QString cluster = c.stringSetting(u"cluster");
        if (cluster.isEmpty()) {
            if (!c.stringSetting(u"vip").isEmpty())
                out.append(ctx.make(
                    "STR008",
                    QStringLiteral("%1 has a vip but belongs to no cluster").arg(quoted(c.id)),
                    {c.id}));
            continue;
        }
        const auto it = firstOf.constFind(cluster);
        if (it == firstOf.constEnd()) {
            firstOf.insert(cluster, i);
            continue;
        }
        const Component &ref = ctx.component(*it);
        QStringList differ;
        for (const char *key : keys) {
            const QString k = QString::fromLatin1(key);
            if (c.setting(k) != ref.setting(k))
                differ.append(k);
        }
        if (!differ.isEmpty())
            out.append(ctx.make("STR008",
                                QStringLiteral("%1 differs from %2 in cluster %3: %4")
                                    .arg(quoted(c.id), quoted(ref.id), quoted(cluster),
                                         differ.join(QStringLiteral(", "))),
                                {c.id, ref.id}));
    }
}

void str009(const RuleContext &ctx, QList<Finding> &out)
{
    QHash<QString, QString> owner;
    for (const Host &h : ctx.design.hosts) {
        if (h.address.isEmpty())
            continue;
        const auto it = owner.constFind(h.address);
        if (it != owner.constEnd()) {
            out.append(ctx.make("STR009",
                                QStringLiteral("hosts %1 and %2 share address %3")
                                    .arg(quoted(*it), quoted(h.id), h.address),
                                {*it, h.id}));
            continue;
        }
        owner.insert(h.address, h.id);
    }
    for (const Component &c : ctx.design.components) {
        if (c.kind != Kind::LoadBalancer)
            continue;
        const QString vip = c.stringSetting(u"vip");
        const auto it = owner.constFind(vip);
        if (!vip.isEmpty() && it != owner.constEnd())
            out.append(ctx.make("STR009",
                                QStringLiteral("the vip %1 of %2 is the address of host %3")
                                    .arg(vip, quoted(c.id), quoted(*it)),
                                {c.id, *it}));
    }
}

} // namespace checks

} // namespace stackplan
