#include "rules/context.h"

#include "core/schema.h"
#include "rules/registry.h"

namespace stackplan {

RuleContext::RuleContext(const Design &d)
    : design(d)
{
    componentCount = int(d.components.size());
    componentIndex.reserve(componentCount);
    hostIndex.reserve(d.hosts.size());
    for (int h = 0; h < d.hosts.size(); ++h) {
        hostIndex.insert(d.hosts[h].id, h);
        if (!d.hosts[h].zone.isEmpty())
            usesZones = true;
    }
    componentsOn.resize(d.hosts.size());
    hostOf.resize(componentCount);
    for (int i = 0; i < componentCount; ++i) {
        const Component &c = d.components[i];
        componentIndex.insert(c.id, i);
        hostOf[i] = c.host.isEmpty() ? -1 : hostIndex.value(c.host, -1);
        if (hostOf[i] >= 0)
            componentsOn[hostOf[i]].append(i);
        if (c.kind == Kind::Internet)
            hasInternet = true;
    }
    const int linkCount = int(d.links.size());
    linkFrom.resize(linkCount);
    linkTo.resize(linkCount);
    linkProtocol.resize(linkCount);
    linksOut.resize(componentCount);
    linksIn.resize(componentCount);
    for (int l = 0; l < linkCount; ++l) {
        const Link &link = d.links[l];
        linkFrom[l] = componentIndex.value(link.from, -1);
        linkTo[l] = componentIndex.value(link.to, -1);
        if (!link.protocol.isEmpty())
            linkProtocol[l] = link.protocol;
        else
            linkProtocol[l] =
                linkTo[l] >= 0 ? defaultProtocolFor(kind(linkTo[l])) : QStringLiteral("tcp");
        if (linkFrom[l] >= 0 && linkTo[l] >= 0) {
            linksOut[linkFrom[l]].append(l);
            linksIn[linkTo[l]].append(l);
        }
    }

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
    spof = computeSpof(*this);
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

Finding RuleContext::make(const char *rule, const QString &message,
                          const QStringList &elements) const
{
    Finding f;
    f.rule = QString::fromLatin1(rule);
    f.message = message;
    f.elements = elements;
    if (const RuleInfo *info = findRule(f.rule)) {
        f.severity = info->severity;
        f.title = info->title;
        f.remediation = info->remediation;
        f.fix = info->hasFix;
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
