#include "rules/context.h"

#include "core/schema.h"
#include "rules/registry.h"

namespace stackplan {

void Adjacency::build(int nodes, const QList<QPair<int, int>> &pairs)
{
    m_start.fill(0, nodes + 1);
    for (const auto &[node, value] : pairs)
        ++m_start[node + 1];
    for (int i = 0; i < nodes; ++i)
        m_start[i + 1] += m_start[i];
    m_values.resize(pairs.size());
    QList<int> fill(m_start.constBegin(), m_start.constEnd() - 1);
    for (const auto &[node, value] : pairs)
        m_values[fill[node]++] = value;
}

namespace {

// old index -> new index, from new -> old.
QList<int> invert(const QList<int> &before, qsizetype oldCount)
{
    QList<int> now(oldCount, -1);
    for (int i = 0; i < before.size(); ++i) {
        if (before[i] >= 0 && before[i] < oldCount)
            now[before[i]] = i;
    }
    return now;
}

} // namespace

RuleContext::RuleContext(const Design &d, const ContextHint *hint)
    : design(d)
{
    const RuleContext *prev = hint ? hint->previous : nullptr;
    QList<int> componentNow, hostNow;
    if (prev) {
        componentNow = invert(hint->componentBefore, prev->componentCount);
        hostNow = invert(hint->hostBefore, prev->componentsOn.nodes());
    }
    // The index an element had before, mapped to now, when it still names `id`.
    auto reuseHost = [&](int i, const QString &id) {
        if (!prev || i >= hint->componentBefore.size() || hint->componentBefore[i] < 0)
            return -2;
        const int old = prev->hostOf[hint->componentBefore[i]];
        const int now = old >= 0 ? hostNow[old] : -1;
        return now >= 0 && d.hosts[now].id == id ? now : -2;
    };
    // After an edit, the design's id index is stale and a lookup rebuilds
    // it: the few ends of new links are found by a walk over the list.
    int walks = 0;
    auto findComponent = [&](const QString &id) {
        if (!prev || ++walks > 4)
            return d.componentIndex(id);
        for (int i = 0; i < d.components.size(); ++i) {
            if (d.components[i].id == id)
                return i;
        }
        return -1;
    };
    auto reuseComponent = [&](int link, bool from, const QString &id) {
        if (!prev || link >= hint->linkBefore.size() || hint->linkBefore[link] < 0)
            return -2;
        const int l = hint->linkBefore[link];
        const int old = from ? prev->linkFrom[l] : prev->linkTo[l];
        const int now = old >= 0 ? componentNow[old] : -1;
        return now >= 0 && d.components[now].id == id ? now : -2;
    };
    componentCount = int(d.components.size());
    for (int h = 0; h < d.hosts.size(); ++h) {
        if (!d.hosts[h].zone.isEmpty())
            usesZones = true;
    }
    QList<QPair<int, int>> onHost;
    onHost.reserve(componentCount);
    hostOf.resize(componentCount);
    for (int i = 0; i < componentCount; ++i) {
        const Component &c = d.components[i];
        if (c.host.isEmpty()) {
            hostOf[i] = -1;
        } else {
            const int reused = reuseHost(i, c.host);
            hostOf[i] = reused >= 0 ? reused : d.hostIndex(c.host);
        }
        if (hostOf[i] >= 0)
            onHost.append({hostOf[i], i});
        if (c.kind == Kind::Internet)
            hasInternet = true;
    }
    const int linkCount = int(d.links.size());
    linkFrom.resize(linkCount);
    linkTo.resize(linkCount);
    linkProtocol.resize(linkCount);
    componentsOn.build(int(d.hosts.size()), onHost);
    QList<QPair<int, int>> out, in;
    out.reserve(linkCount);
    in.reserve(linkCount);
    for (int l = 0; l < linkCount; ++l) {
        const Link &link = d.links[l];
        const int from = reuseComponent(l, true, link.from);
        const int to = reuseComponent(l, false, link.to);
        linkFrom[l] = from >= 0 ? from : findComponent(link.from);
        linkTo[l] = to >= 0 ? to : findComponent(link.to);
        if (!link.protocol.isEmpty())
            linkProtocol[l] = link.protocol;
        else
            linkProtocol[l] =
                linkTo[l] >= 0 ? defaultProtocolFor(kind(linkTo[l])) : QStringLiteral("tcp");
        if (linkFrom[l] >= 0 && linkTo[l] >= 0) {
            out.append({linkFrom[l], l});
            in.append({linkTo[l], l});
        }
    }

    linksOut.build(componentCount, out);
    linksIn.build(componentCount, in);

    reachable.fill(false, componentCount);
    QList<int> queue;
    for (int i = 0; i < componentCount; ++i) {
        if (kind(i) == Kind::Internet) {
            reachable[i] = true;
            queue.append(i);
        }
    }
    for (int q = 0; q < queue.size(); ++q) {
        for (int l : linksOut[queue[q]]) {
            if (!isRequestLink(l) && !isReplicationLink(l))
                continue;
            const int t = linkTo[l];
            if (!reachable[t]) {
                reachable[t] = true;
                queue.append(t);
            }
        }
    }
}

const SpofResult &RuleContext::spof() const
{
    if (!m_spof)
        m_spof = computeSpof(*this);
    return *m_spof;
}

bool RuleContext::isRequestLink(int link) const
{
    const QString &p = linkProtocol[link];
    return p != QLatin1String("replication") && p != QLatin1String("metrics");
}

bool RuleContext::isReplicationLink(int link) const
{
    return linkProtocol[link] == QLatin1String("replication");
}

int RuleContext::linkPort(int link) const
{
    const Link &l = design.links[link];
    if (l.port)
        return *l.port;
    const int to = linkTo[link];
    if (to < 0)
        return 0;
    const Component &target = component(to);
    const QString &protocol = linkProtocol[link];
    if (protocol == QLatin1String("https")) {
        if (target.kind == Kind::LoadBalancer || target.kind == Kind::WebServer)
            return target.intSetting(u"https_port");
        return 443;
    }
    if (protocol == QLatin1String("metrics") && target.kind != Kind::Monitoring)
        return 9100;
    return servicePort(target);
}

Finding RuleContext::make(const char *rule, const QString &message,
                          const QStringList &elements) const
{
    // A check makes many findings of its one rule in a row: remember the
    // last lookup, and share the rule's strings instead of copying them.
    static thread_local const char *lastRule = nullptr;
    static thread_local const RuleInfo *lastInfo = nullptr;
    if (rule != lastRule) {
        lastInfo = findRule(QLatin1String(rule));
        lastRule = rule;
    }
    Finding f;
    f.message = message;
    f.elements = elements;
    if (lastInfo) {
        f.rule = lastInfo->id;
        f.severity = lastInfo->severity;
        f.title = lastInfo->title;
        f.remediation = lastInfo->remediation;
        f.fix = lastInfo->hasFix;
    } else {
        f.rule = QString::fromLatin1(rule);
    }
    return f;
}

bool servesTraffic(Kind kind)
{
    switch (kind) {
    case Kind::LoadBalancer:
    case Kind::WebServer:
    case Kind::AppServer:
    case Kind::Database:
    case Kind::Cache:
    case Kind::Firewall:
        return true;
    case Kind::Internet:
    case Kind::Dns:
    case Kind::Monitoring:
        return false;
    }
    return false;
}

QList<int> listenPorts(const Component &c)
{
    QList<int> ports;
    switch (c.kind) {
    case Kind::LoadBalancer:
        ports.append(c.intSetting(u"http_port"));
        if (c.boolSetting(u"tls"))
            ports.append(c.intSetting(u"https_port"));
        if (c.boolSetting(u"stats"))
            ports.append(c.intSetting(u"stats_port"));
        break;
    case Kind::WebServer:
        ports.append(c.intSetting(u"port"));
        if (c.boolSetting(u"tls"))
            ports.append(c.intSetting(u"https_port"));
        break;
    case Kind::AppServer:
    case Kind::Database:
    case Kind::Cache:
    case Kind::Monitoring:
        ports.append(c.intSetting(u"port"));
        break;
    case Kind::Internet:
    case Kind::Dns:
    case Kind::Firewall:
        break;
    }
    return ports;
}

} // namespace stackplan
