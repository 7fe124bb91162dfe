#include "rules/spof.h"

#include "rules/context.h"

#include <QHash>

#include <algorithm>

namespace stackplan {

namespace {

// Nodes: components 0..n-1, then the source, the sink and one node per
// failover group. A link to a group member becomes an edge to the group
// node, which leads to every member: "a link to one member is a link to all".
struct ServiceGraph
{
    int componentCount = 0;
    int source = 0;
    int sink = 0;
    int nodeCount = 0;
    QList<QList<int>> succ;
    QList<bool> internet; // components that are never reported and may be shared
};

ServiceGraph buildGraph(const RuleContext &ctx)
{
    ServiceGraph g;
    const int n = ctx.componentCount;
    g.componentCount = n;
    g.source = n;
    g.sink = n + 1;
    g.internet.fill(false, n);

    QList<int> groupOf(n, -1);
    QList<QList<int>> groups;
    // Load balancer clusters sharing a VIP.
    QHash<QString, int> clusterGroup;
    QList<QList<int>> clusterMembers;
    for (int i = 0; i < n; ++i) {
        if (ctx.kind(i) != Kind::LoadBalancer)
            continue;
        const QString cluster = ctx.component(i).stringSetting(u"cluster");
        const QString vip = ctx.component(i).stringSetting(u"vip");
        if (cluster.isEmpty() || vip.isEmpty())
            continue;
        const QString key = cluster + u'\n' + vip;
        auto it = clusterGroup.find(key);
        if (it == clusterGroup.end()) {
            it = clusterGroup.insert(key, int(clusterMembers.size()));
            clusterMembers.append(QList<int>());
        }
        clusterMembers[*it].append(i);
    }
    for (const QList<int> &members : std::as_const(clusterMembers)) {
        if (members.size() < 2)
            continue;
        for (int m : members)
            groupOf[m] = int(groups.size());
        groups.append(members);
    }
    // Primaries with automatic failover and the replicas they feed.
    bool anyDatabase = false, anyApp = false, anyWeb = false;
    for (int i = 0; i < n; ++i) {
        const Kind k = ctx.kind(i);
        anyDatabase |= k == Kind::Database;
        anyApp |= k == Kind::AppServer;
        anyWeb |= k == Kind::WebServer;
        g.internet[i] = k == Kind::Internet;
        if (k != Kind::Database || groupOf[i] >= 0)
            continue;
        const Component &c = ctx.component(i);
        if (c.stringSetting(u"role") != QLatin1String("primary") ||
            c.stringSetting(u"failover") != QLatin1String("automatic"))
            continue;
        QList<int> members{i};
        for (int l : ctx.linksOut[i]) {
            const int r = ctx.linkTo[l];
            if (ctx.isReplicationLink(l) && ctx.kind(r) == Kind::Database && groupOf[r] < 0 &&
                !members.contains(r))
                members.append(r);
        }
        if (members.size() < 2)
            continue;
        for (int m : members)
            groupOf[m] = int(groups.size());
        groups.append(members);
    }

    g.nodeCount = n + 2 + int(groups.size());
    g.succ.resize(g.nodeCount);
    for (int l = 0; l < ctx.linkFrom.size(); ++l) {
        const int from = ctx.linkFrom[l];
        const int to = ctx.linkTo[l];
        if (from < 0 || to < 0 || !ctx.isRequestLink(l))
            continue;
        g.succ[from].append(groupOf[to] >= 0 ? n + 2 + groupOf[to] : to);
    }
    for (int gi = 0; gi < groups.size(); ++gi)
        g.succ[n + 2 + gi] = groups[gi];

    Kind terminalKind = Kind::LoadBalancer;
    if (anyDatabase)
        terminalKind = Kind::Database;
    else if (anyApp)
        terminalKind = Kind::AppServer;
    else if (anyWeb)
        terminalKind = Kind::WebServer;
    QList<bool> terminal(n, false);
    for (int i = 0; i < n; ++i) {
        if (ctx.kind(i) == Kind::Internet)
            g.succ[g.source].append(i);
        if (ctx.kind(i) != terminalKind)
            continue;
        if (terminalKind == Kind::Database &&
            ctx.component(i).stringSetting(u"role") != QLatin1String("primary"))
            continue;
        terminal[i] = true;
        // The whole failover group of a primary can take its writes.
        if (groupOf[i] >= 0 && terminalKind == Kind::Database) {
            for (int m : std::as_const(groups[groupOf[i]]))
                terminal[m] = true;
        }
    }
    for (int i = 0; i < n; ++i) {
        if (terminal[i])
            g.succ[i].append(g.sink);
    }
    return g;
}

// Whether the sink is reachable from the source with some nodes removed.
bool reaches(const ServiceGraph &g, const QList<bool> &removed)
{
    QList<bool> seen(g.nodeCount, false);
    QList<int> stack{g.source};
    seen[g.source] = true;
    while (!stack.isEmpty()) {
        const int v = stack.takeLast();
        if (v == g.sink)
            return true;
        for (int w : g.succ[v]) {
            if (seen[w] || (w < g.componentCount && removed[w]))
                continue;
            seen[w] = true;
            stack.append(w);
        }
    }
    return false;
}

// Immediate dominators from the source (Cooper, Harvey, Kennedy: "A Simple,
// Fast Dominance Algorithm"); -1 for unreachable nodes.
QList<int> dominators(const ServiceGraph &g)
{
    QList<int> order; // postorder
    order.reserve(g.nodeCount);
    QList<int> postIndex(g.nodeCount, -1);
    QList<char> state(g.nodeCount, 0);
    QList<QPair<int, int>> stack{{g.source, 0}};
    state[g.source] = 1;
    while (!stack.isEmpty()) {
        auto &[v, next] = stack.last();
        if (next < g.succ[v].size()) {
            const int w = g.succ[v][next++];
            if (!state[w]) {
                state[w] = 1;
                stack.append({w, 0});
            }
            continue;
        }
        postIndex[v] = int(order.size());
        order.append(v);
        stack.removeLast();
    }
    QList<QList<int>> pred(g.nodeCount);
    for (int v : std::as_const(order)) {
        for (int w : g.succ[v])
            pred[w].append(v);
    }
    QList<int> idom(g.nodeCount, -1);
    idom[g.source] = g.source;
    auto intersect = [&](int a, int b) {
        while (a != b) {
            while (postIndex[a] < postIndex[b])
                a = idom[a];
            while (postIndex[b] < postIndex[a])
                b = idom[b];
        }
        return a;
    };
    for (bool changed = true; changed;) {
        changed = false;
        for (int k = int(order.size()) - 1; k >= 0; --k) {
            const int v = order[k];
            if (v == g.source)
                continue;
            int newIdom = -1;
            for (int p : std::as_const(pred[v])) {
                if (idom[p] < 0)
                    continue;
                newIdom = newIdom < 0 ? p : intersect(p, newIdom);
            }
            if (newIdom != idom[v]) {
                idom[v] = newIdom;
                changed = true;
            }
        }
    }
    return idom;
}

// Up to `limit` service paths that share no component that can fail.
QList<QList<int>> disjointPaths(const ServiceGraph &g, int limit)
{
    QList<QList<int>> paths;
    QList<bool> used(g.nodeCount, false);
    QList<int> parent(g.nodeCount);
    while (paths.size() < limit) {
        parent.fill(-2);
        QList<int> queue{g.source};
        parent[g.source] = -1;
        bool found = false;
        for (int q = 0; q < queue.size() && !found; ++q) {
            const int v = queue[q];
            for (int w : g.succ[v]) {
                if (parent[w] != -2 || used[w])
                    continue;
                parent[w] = v;
                if (w == g.sink) {
                    found = true;
                    break;
                }
                queue.append(w);
            }
        }
        if (!found)
            break;
        QList<int> path;
        for (int v = parent[g.sink]; v != g.source; v = parent[v]) {
            if (v < g.componentCount && !g.internet[v]) {
                used[v] = true;
                path.append(v);
            }
        }
        paths.append(path);
        if (path.isEmpty())
            break; // a path with nothing that can fail: no host or zone cuts it
    }
    return paths;
}

} // namespace

SpofResult computeSpof(const RuleContext &ctx)
{
    SpofResult result;
    const ServiceGraph g = buildGraph(ctx);
    const QList<int> idom = dominators(g);
    if (idom[g.sink] < 0)
        return result;
    result.serviceWorks = true;
    const int n = g.componentCount;
    QList<bool> dominator(n, false);
    for (int v = idom[g.sink]; v != g.source; v = idom[v]) {
        if (v < n && !g.internet[v])
            dominator[v] = true;
    }
    for (int i = 0; i < n; ++i) {
        if (dominator[i])
            result.components.append(i);
    }

    const QList<QList<int>> paths = disjointPaths(g, 3);
    if (paths.isEmpty() || paths.last().isEmpty())
        return result;
    const int hostCount = int(ctx.componentsOn.size());
    // Hosts meeting every path found: only they can cut every service path.
    QList<int> hits(hostCount, 0);
    QList<int> stamp(hostCount, -1);
    for (int p = 0; p < paths.size(); ++p) {
        for (int v : paths[p]) {
            const int h = ctx.hostOf[v];
            if (h >= 0 && stamp[h] != p) {
                stamp[h] = p;
                ++hits[h];
            }
        }
    }
    QList<bool> removed(n, false);
    QList<bool> hostCut(hostCount, false);
    for (int h = 0; h < hostCount; ++h) {
        if (hits[h] != paths.size())
            continue;
        bool holdsDominator = false;
        for (int c : ctx.componentsOn[h])
            holdsDominator |= dominator[c];
        if (holdsDominator) {
            hostCut[h] = true;
            continue;
        }
        for (int c : ctx.componentsOn[h])
            removed[c] = true;
        hostCut[h] = !reaches(g, removed);
        for (int c : ctx.componentsOn[h])
            removed[c] = false;
        if (hostCut[h])
            result.hosts.append(h);
    }

    if (!ctx.usesZones)
        return result;
    QHash<QString, int> zoneHits;
    QHash<QString, int> zoneStamp;
    QStringList zoneOrder;
    for (int p = 0; p < paths.size(); ++p) {
        for (int v : paths[p]) {
            const int h = ctx.hostOf[v];
            if (h < 0)
                continue;
            const QString &zone = ctx.design.hosts[h].zone;
            if (zone.isEmpty() || zoneStamp.value(zone, -1) == p)
                continue;
            zoneStamp.insert(zone, p);
            if (!zoneHits.contains(zone))
                zoneOrder.append(zone);
            ++zoneHits[zone];
        }
    }
    std::sort(zoneOrder.begin(), zoneOrder.end());
    for (const QString &zone : std::as_const(zoneOrder)) {
        if (zoneHits.value(zone) != paths.size())
            continue;
        bool hostAlone = false;
        QList<int> zoneComponents;
        for (int h = 0; h < hostCount; ++h) {
            if (ctx.design.hosts[h].zone != zone)
                continue;
            hostAlone |= hostCut[h];
            zoneComponents.append(ctx.componentsOn[h]);
        }
        if (hostAlone)
            continue;
        for (int c : std::as_const(zoneComponents))
            removed[c] = true;
        if (!reaches(g, removed))
            result.zones.append(zone);
        for (int c : std::as_const(zoneComponents))
            removed[c] = false;
    }
    return result;
}

SpofReport analyzeSpof(const Design &design)
{
    const RuleContext ctx(design);
    SpofReport report;
    report.serviceWorks = ctx.spof.serviceWorks;
    for (int c : ctx.spof.components)
        report.components.append(design.components[c].id);
    for (int h : ctx.spof.hosts)
        report.hosts.append(design.hosts[h].id);
    report.zones = ctx.spof.zones;
    return report;
}

bool serviceWorksWithout(const Design &design, const QSet<QString> &failedComponents)
{
    const RuleContext ctx(design);
    const ServiceGraph g = buildGraph(ctx);
    QList<bool> removed(g.componentCount, false);
    for (int i = 0; i < g.componentCount; ++i)
        removed[i] = failedComponents.contains(design.components[i].id);
    return reaches(g, removed);
}

} // namespace stackplan
