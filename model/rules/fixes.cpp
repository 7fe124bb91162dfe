#include "rules/fixes.h"

#include "core/document.h"
#include "core/schema.h"
#include "rules/checks.h"
#include "rules/context.h"
#include "rules/spof.h"
#include "rules/validator.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace stackplan {

namespace {

// Which components run on each host and which links enter each component,
// by id and list position. fixAll builds it once per validation round, so a
// round of per-host fixes does not scan the whole design for every host. Valid
// while no element is added, moved or removed.
struct FixIndex
{
    QHash<QString, QStringList> componentsOnHost;
    QHash<QString, QList<qsizetype>> linksInto; // by target component id

    explicit FixIndex(const Design &d)
    {
        for (const Component &c : d.components) {
            if (!c.host.isEmpty())
                componentsOnHost[c.host].append(c.id);
        }
        for (qsizetype i = 0; i < d.links.size(); ++i)
            linksInto[d.links.at(i).to].append(i);
    }
};

// Opens the undo macro on the first change, so a fix that changes nothing
// leaves no empty step behind.
class FixStep
{
public:
    FixStep(Document &document, const Finding &finding, const FixIndex *index = nullptr)
        : m_doc(document)
        , m_finding(finding)
        , m_index(index)
    {}
    ~FixStep()
    {
        if (m_open)
            m_doc.endMacro();
    }
    Document &doc()
    {
        if (!m_open) {
            m_doc.beginMacro(QStringLiteral("Fix %1: %2").arg(m_finding.rule, m_finding.title));
            m_open = true;
        }
        return m_doc;
    }
    const Design &design() const { return m_doc.design(); }
    bool changed() const { return m_open; }
    const FixIndex *index() const { return m_index; }

private:
    Document &m_doc;
    const Finding &m_finding;
    const FixIndex *m_index;
    bool m_open = false;
};

const QRegularExpression &trailingNumber()
{
    static const QRegularExpression re(QStringLiteral("^(.*?)(\\d+)$"));
    return re;
}

// The next free id after `id` in its numbering: web-01 -> web-02, nginx-1 ->
// nginx-2, haproxy -> haproxy-2.
QString nextId(const Design &design, const QString &id, int defaultWidth)
{
    QString base = id + u'-';
    int number = 1;
    int width = defaultWidth == 2 ? 2 : 1;
    const auto m = trailingNumber().match(id);
    if (m.hasMatch()) {
        base = m.captured(1);
        number = m.captured(2).toInt();
        width = int(m.captured(2).size());
    }
    base.truncate(MaxIdLength - qMax(width, 4));
    for (int n = number + 1;; ++n) {
        const QString candidate = base + QStringLiteral("%1").arg(n, width, 10, QLatin1Char('0'));
        if (!design.contains(candidate))
            return candidate;
    }
}

QSet<QString> usedAddresses(const Design &design)
{
    QSet<QString> used;
    for (const Host &h : design.hosts) {
        if (!h.address.isEmpty())
            used.insert(h.address);
    }
    for (const Component &c : design.components) {
        if (c.kind == Kind::LoadBalancer && !c.stringSetting(u"vip").isEmpty())
            used.insert(c.stringSetting(u"vip"));
    }
    return used;
}

// A free address in the subnet of `near` (the /24 for IPv4, the last group for
// IPv6), counting up from it; near empty = the first address the design uses.
// "" when the design uses no addresses at all.
QString freshAddress(const Design &design, QString near, const QSet<QString> &extraUsed = {})
{
    if (near.isEmpty()) {
        for (const Host &h : design.hosts) {
            if (!h.address.isEmpty()) {
                near = h.address;
                break;
            }
        }
    }
    if (near.isEmpty())
        return {};
    QSet<QString> used = usedAddresses(design);
    used.unite(extraUsed);
    QHostAddress address(near);
    if (address.protocol() == QAbstractSocket::IPv4Protocol) {
        const quint32 v4 = address.toIPv4Address();
        const quint32 net = v4 & 0xffffff00u;
        const int start = int(v4 & 0xffu);
        for (int k = 1; k < 255; ++k) {
            const int last = (start - 1 + k) % 254 + 1;
            const QString candidate = QHostAddress(net | quint32(last)).toString();
            if (!used.contains(candidate))
                return candidate;
        }
        return {};
    }
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        Q_IPV6ADDR a = address.toIPv6Address();
        for (int k = 1; k < 65535; ++k) {
            const int last = ((a[14] << 8) | a[15]) + 1;
            a[14] = quint8((last >> 8) & 0xff);
            a[15] = quint8(last & 0xff);
            const QString candidate = QHostAddress(a).toString();
            if (!used.contains(candidate))
                return candidate;
        }
    }
    return {};
}

QPointF offsetBelow(const Design &design, std::optional<QPointF> from, bool host)
{
    QPointF p = from.value_or(QPointF(0, 0));
    const qreal step = host ? 240 : 120;
    for (int tries = 0; tries < 1000; ++tries) {
        p.ry() += step;
        bool taken = false;
        if (host) {
            for (const Host &h : design.hosts)
                taken |= h.position && *h.position == p;
        } else {
            for (const Component &c : design.components)
                taken |= c.host.isEmpty() && c.position && *c.position == p;
        }
        if (!taken)
            break;
    }
    return p;
}

// A new host like `original` (zone, allowed ports, monitoring), empty, below
// it, with a fresh address in its subnet.
QString cloneHost(FixStep &step, const QString originalId)
{
    const Design &d = step.design();
    const Host *original = d.host(originalId);
    if (!original)
        return {};
    Host host;
    host.id = nextId(d, original->id, 2);
    host.address = original->address.isEmpty() ? QString() : freshAddress(d, original->address);
    host.zone = original->zone;
    // A new machine starts with its firewall on, whatever the original had.
    host.firewallEnabled = true;
    host.firewallAllow = original->firewallAllow;
    host.monitoring = original->monitoring;
    if (original->position)
        host.position = offsetBelow(d, original->position, true);
    return step.doc().addHost(host);
}

// A copy of a component on newHost ("" = a machine of its own), with copies
// of its request and metrics links.
QString cloneComponent(FixStep &step, const QString originalId, const QString newHost,
                       const QJsonObject &settingsOverride = {})
{
    const Design &d = step.design();
    const Component *original = d.component(originalId);
    if (!original)
        return {};
    Component c = *original;
    c.id = nextId(d, original->id, 1);
    c.host = newHost;
    c.label.clear();
    for (auto it = settingsOverride.begin(); it != settingsOverride.end(); ++it) {
        if (it.value().isUndefined() || it.value().isNull())
            c.settings.remove(it.key());
        else
            c.settings.insert(it.key(), it.value());
    }
    if (newHost.isEmpty() && original->host.isEmpty())
        c.position = original->position ? std::optional(offsetBelow(d, original->position, false))
                                        : std::nullopt;
    QList<Link> links;
    for (const Link &l : d.links) {
        if (d.effectiveProtocol(l) == QLatin1String("replication"))
            continue;
        if (l.from != originalId && l.to != originalId)
            continue;
        Link copy = l;
        copy.id.clear();
        if (l.from == originalId)
            copy.from = c.id;
        if (l.to == originalId)
            copy.to = c.id;
        links.append(copy);
    }
    const QString id = step.doc().addComponent(c);
    if (id.isEmpty())
        return {};
    for (const Link &l : std::as_const(links))
        step.doc().addLink(l);
    return id;
}

// The monitoring server, when the design has none.
bool addMonitoringServer(FixStep &step)
{
    const Design &d = step.design();
    for (const Component &c : d.components) {
        if (c.kind == Kind::Monitoring)
            return false;
    }
    Host host;
    host.id = d.freeId(QStringLiteral("mon"));
    host.address = freshAddress(d, {});
    host.firewallEnabled = true;
    host.monitoring = true;
    qreal maxX = 0, minY = 0;
    bool any = false;
    for (const Host &h : d.hosts) {
        if (!h.position)
            continue;
        maxX = any ? qMax(maxX, h.position->x()) : h.position->x();
        minY = any ? qMin(minY, h.position->y()) : h.position->y();
        any = true;
    }
    if (any)
        host.position = QPointF(maxX + 260, minY);
    const QString hostId = step.doc().addHost(host);
    Component mon;
    mon.kind = Kind::Monitoring;
    mon.id = d.contains(QStringLiteral("prometheus")) ? d.freeId(QStringLiteral("prometheus"), 1)
                                                      : QStringLiteral("prometheus");
    mon.host = hostId;
    mon.position = QPointF(20, 40);
    return !step.doc().addComponent(mon).isEmpty();
}

bool isPrimary(const Component &c)
{
    return c.kind == Kind::Database && c.stringSetting(u"role") == QLatin1String("primary");
}

bool hasReplica(const Design &d, const QString primaryId)
{
    for (const Link &l : d.links) {
        const Component *t = d.component(l.to);
        if (l.from == primaryId && t && t->kind == Kind::Database &&
            d.effectiveProtocol(l) == QLatin1String("replication"))
            return true;
    }
    return false;
}

// A replica of a primary on a new host, fed by a replication link.
bool addReplica(FixStep &step, const QString primaryId)
{
    const Design &d = step.design();
    const Component *primary = d.component(primaryId);
    if (!primary)
        return false;
    QString host;
    if (!primary->host.isEmpty())
        host = cloneHost(step, primary->host);
    Component replica = *step.design().component(primaryId);
    QString id = primaryId;
    id.replace(QStringLiteral("primary"), QStringLiteral("replica"));
    replica.id =
        id != primaryId && !step.design().contains(id) ? id : nextId(step.design(), primaryId, 1);
    replica.host = host;
    replica.label.clear();
    replica.settings.insert(QStringLiteral("role"), QStringLiteral("replica"));
    replica.settings.remove(QStringLiteral("server_id"));
    if (host.isEmpty())
        replica.position = primary->position
                               ? std::optional(offsetBelow(step.design(), primary->position, false))
                               : std::nullopt;
    const QString rid = step.doc().addComponent(replica);
    if (rid.isEmpty())
        return false;
    Link l;
    l.from = primaryId;
    l.to = rid;
    l.protocol = QStringLiteral("replication");
    return !step.doc().addLink(l).isEmpty();
}

// Whether a host (or zone) would still cut every service path in a design.
bool hostIsSpof(const Design &d, const QString hostId)
{
    const SpofReport r = analyzeSpof(d);
    if (r.hosts.contains(hostId))
        return true;
    for (const QString &c : r.components) {
        const Component *comp = d.component(c);
        if (comp && comp->host == hostId)
            return true;
    }
    return false;
}

QString freeName(const QSet<QString> &used, const QString &name)
{
    if (!used.contains(name))
        return name;
    const auto m = trailingNumber().match(name);
    const QString base = m.hasMatch() ? m.captured(1) : name + u'-';
    for (int n = m.hasMatch() ? m.captured(2).toInt() + 1 : 2;; ++n) {
        const QString candidate = base + QString::number(n);
        if (!used.contains(candidate))
            return candidate;
    }
}

// The upstream kinds a component of a kind is normally reached from.
QList<Kind> upstreamKinds(Kind k)
{
    switch (k) {
    case Kind::LoadBalancer:
    case Kind::Firewall:
        return {Kind::Internet};
    case Kind::WebServer:
        return {Kind::LoadBalancer, Kind::Internet};
    case Kind::AppServer:
        return {Kind::WebServer, Kind::LoadBalancer};
    case Kind::Database:
        return {Kind::AppServer};
    case Kind::Cache:
        return {Kind::AppServer, Kind::WebServer};
    case Kind::Internet:
    case Kind::Dns:
    case Kind::Monitoring:
        return {};
    }
    return {};
}

// A host of its own for a component that had none, so host-level settings apply.
QString giveHost(FixStep &step, const QString componentId, bool firewall, bool monitoring)
{
    const Design &d = step.design();
    const Component *c = d.component(componentId);
    if (!c || !c->host.isEmpty() || !kindSpec(c->kind).mayHaveHost)
        return {};
    Host host;
    host.id = d.freeId(kindSpec(c->kind).idPrefix);
    host.address = freshAddress(d, {});
    host.firewallEnabled = firewall;
    host.monitoring = monitoring;
    host.position = c->position;
    const QString hostId = step.doc().addHost(host);
    if (hostId.isEmpty())
        return {};
    step.doc().setComponentHost(componentId, hostId, QPointF(20, 40));
    return hostId;
}

bool fixComponentSpof(FixStep &step, const Finding &f)
{
    const Component *c = step.design().component(f.elements.value(0));
    if (!c || c->kind == Kind::Internet)
        return false;
    const QString host = c->host.isEmpty() ? QString() : cloneHost(step, c->host);
    return !cloneComponent(step, c->id, host).isEmpty();
}

bool fixLoadBalancerSpof(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const Component *lb = d.component(f.elements.value(0));
    if (!lb || lb->kind != Kind::LoadBalancer)
        return false;
    const QString lbId = lb->id;
    QString cluster = lb->stringSetting(u"cluster");
    QString vip = lb->stringSetting(u"vip");
    QStringList members;
    for (const Component &c : d.components) {
        if (c.kind == Kind::LoadBalancer && !cluster.isEmpty() &&
            c.stringSetting(u"cluster") == cluster)
            members.append(c.id);
    }
    if (vip.isEmpty()) {
        const Host *host = d.hostOf(*lb);
        vip = freshAddress(d, host ? host->address : QString());
        if (vip.isEmpty())
            vip = freshAddress(d, QStringLiteral("192.0.2.100"));
    }
    if (members.size() >= 2 && lb->stringSetting(u"vip").isEmpty()) {
        // A cluster without a shared address: giving it one makes it a group.
        for (const QString &m : std::as_const(members))
            step.doc().setSetting(m, QStringLiteral("vip"), vip);
        return true;
    }
    if (cluster.isEmpty()) {
        QSet<QString> used;
        for (const Component &c : d.components)
            used.insert(c.stringSetting(u"cluster"));
        cluster = freeName(used, QStringLiteral("edge"));
        step.doc().setSetting(lbId, QStringLiteral("cluster"), cluster);
    }
    if (step.design().component(lbId)->stringSetting(u"vip") != vip)
        step.doc().setSetting(lbId, QStringLiteral("vip"), vip);
    const Component *now = step.design().component(lbId);
    const QString host = now->host.isEmpty() ? QString() : cloneHost(step, now->host);
    return !cloneComponent(step, lbId, host).isEmpty();
}

bool fixDatabaseSpof(FixStep &step, const Finding &f)
{
    const Component *db = step.design().component(f.elements.value(0));
    if (!db || !isPrimary(*db))
        return false;
    const QString id = db->id;
    if (!hasReplica(step.design(), id) && !addReplica(step, id))
        return false;
    if (step.design().component(id)->stringSetting(u"failover") != QLatin1String("automatic"))
        step.doc().setSetting(id, QStringLiteral("failover"), QStringLiteral("automatic"));
    return step.changed();
}

bool fixHostSpof(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const QString hostId = f.elements.value(0);
    if (!d.host(hostId))
        return false;
    // Try moving each component in turn; keep the first move that works.
    // The later components move first: the original keeps its place.
    QList<const Component *> onHost = d.componentsOnHost(hostId);
    std::reverse(onHost.begin(), onHost.end());
    for (const Component *c : std::as_const(onHost)) {
        Design trial = d;
        Host h = *d.host(hostId);
        h.id = nextId(d, hostId, 2);
        trial.hosts.append(h);
        trial.component(c->id)->host = h.id;
        trial.reindex();
        if (hostIsSpof(trial, hostId))
            continue;
        const QString componentId = c->id;
        const std::optional<QPointF> position = c->position;
        const QString newHost = cloneHost(step, hostId);
        return step.doc().setComponentHost(componentId, newHost, position);
    }
    return false;
}

bool fixZoneSpof(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const Host *first = d.host(f.elements.value(0));
    if (!first || first->zone.isEmpty())
        return false;
    const QString zone = first->zone;
    QStringList targets;
    QSet<QString> zones;
    for (const Host &h : d.hosts) {
        zones.insert(h.zone);
        if (!h.zone.isEmpty() && h.zone != zone && !targets.contains(h.zone))
            targets.append(h.zone);
    }
    targets.append(freeName(zones, zone.back().isDigit() ? zone : zone + QStringLiteral("-1")));
    // Best: the hosts of a second, independent service path go to another zone,
    // so each zone keeps one working path.
    const QList<QStringList> paths = disjointServicePaths(d, 2);
    if (paths.size() == 2) {
        QSet<QString> firstHosts;
        for (const QString &c : paths[0])
            firstHosts.insert(d.component(c)->host);
        QStringList move;
        for (const QString &c : paths[1]) {
            const Host *h = d.hostOf(*d.component(c));
            if (h && h->zone == zone && !firstHosts.contains(h->id) && !move.contains(h->id))
                move.append(h->id);
        }
        for (const QString &target : std::as_const(targets)) {
            Design trial = d;
            for (const QString &h : std::as_const(move))
                trial.host(h)->zone = target;
            if (move.isEmpty() || !analyzeSpof(trial).zones.isEmpty())
                continue;
            for (const QString &h : std::as_const(move))
                step.doc().setHostField(h, HostField::Zone, target);
            return true;
        }
    }
    for (const QString &target : std::as_const(targets)) {
        for (const QString &hostId : f.elements) {
            Design trial = d;
            trial.host(hostId)->zone = target;
            if (!analyzeSpof(trial).zones.isEmpty())
                continue;
            return step.doc().setHostField(hostId, HostField::Zone, target);
        }
    }
    return false;
}

bool fixFirewall(FixStep &step, const Finding &f)
{
    const QString id = f.elements.value(0);
    if (step.design().host(id))
        return step.doc().setHostField(id, HostField::FirewallEnabled, true);
    return !giveHost(step, id, true, false).isEmpty();
}

bool fixMonitoring(FixStep &step, const Finding &f)
{
    const QString id = f.elements.value(0);
    if (step.design().host(id))
        step.doc().setHostField(id, HostField::Monitoring, true);
    else if (giveHost(step, id, false, true).isEmpty())
        return false;
    addMonitoringServer(step);
    return true;
}

bool fixExposedDatabase(FixStep &step, const Finding &f)
{
    const QString linkId = f.elements.value(1);
    if (!step.design().link(linkId))
        return false;
    return step.doc().removeElements({linkId});
}

bool fixTls(FixStep &step, const Finding &f)
{
    const Component *c = step.design().component(f.elements.value(0));
    if (!c || (c->kind != Kind::LoadBalancer && c->kind != Kind::WebServer))
        return false;
    const QString id = c->id;
    const bool lb = c->kind == Kind::LoadBalancer;
    const bool redirect = lb && !c->boolSetting(u"redirect_http");
    const bool hsts = lb && !c->boolSetting(u"hsts");
    step.doc().setSetting(id, QStringLiteral("tls"), true);
    if (redirect)
        step.doc().setSetting(id, QStringLiteral("redirect_http"), true);
    if (hsts)
        step.doc().setSetting(id, QStringLiteral("hsts"), true);
    return true;
}

bool fixRedirect(FixStep &step, const Finding &f)
{
    return step.design().component(f.elements.value(0)) &&
           step.doc().setSetting(f.elements.value(0), QStringLiteral("redirect_http"), true);
}

bool fixPlainLink(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const Link *l = d.link(f.elements.value(0));
    if (!l)
        return false;
    const Component *to = d.component(l->to);
    if (!to)
        return false;
    const QString protocol = d.effectiveProtocol(*l);
    const QString targetId = to->id;
    if (protocol == QLatin1String("mysql"))
        return step.doc().setSetting(targetId, QStringLiteral("tls"), true);
    if (protocol != QLatin1String("http"))
        return false;
    const bool targetTls =
        (to->kind == Kind::LoadBalancer || to->kind == Kind::WebServer) && !to->boolSetting(u"tls");
    step.doc().setLinkField(l->id, LinkField::Protocol, QStringLiteral("https"));
    if (targetTls)
        step.doc().setSetting(targetId, QStringLiteral("tls"), true);
    return true;
}

bool fixUnusedPorts(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const Host *h = d.host(f.elements.value(0));
    if (!h)
        return false;
    // The ports its components listen on and its incoming links use (SEC006).
    QSet<int> needed;
    if (const FixIndex *index = step.index()) {
        for (const QString &id : index->componentsOnHost.value(h->id)) {
            if (const Component *c = d.component(id)) {
                for (int p : listenPorts(*c))
                    needed.insert(p);
            }
            for (qsizetype i : index->linksInto.value(id))
                needed.insert(d.effectivePort(d.links.at(i)));
        }
    } else {
        QSet<QString> on;
        for (const Component *c : d.componentsOnHost(h->id)) {
            on.insert(c->id);
            for (int p : listenPorts(*c))
                needed.insert(p);
        }
        for (const Link &l : d.links) {
            if (on.contains(l.to))
                needed.insert(d.effectivePort(l));
        }
    }
    QJsonArray keep;
    for (int p : h->firewallAllow) {
        if (needed.contains(p))
            keep.append(p);
    }
    if (keep.size() == h->firewallAllow.size())
        return false;
    return step.doc().setHostField(h->id, HostField::FirewallAllow, keep);
}

bool fixNoCollector(FixStep &step, const Finding &)
{
    return addMonitoringServer(step);
}

bool fixBackup(FixStep &step, const Finding &f)
{
    return step.design().component(f.elements.value(0)) &&
           step.doc().setSetting(f.elements.value(0), QStringLiteral("backup"), true);
}

bool fixNoReplica(FixStep &step, const Finding &f)
{
    const Component *db = step.design().component(f.elements.value(0));
    if (!db || !isPrimary(*db) || hasReplica(step.design(), db->id))
        return false;
    return addReplica(step, db->id);
}

// Links from the reachable components of the first upstream kind that has any.
bool linkFromUpstream(FixStep &step, const QString componentId)
{
    const Design &d = step.design();
    const Component *c = d.component(componentId);
    if (!c)
        return false;
    const RuleContext ctx(d);
    const bool replica =
        c->kind == Kind::Database && c->stringSetting(u"role") == QLatin1String("replica");
    for (Kind k : upstreamKinds(c->kind)) {
        QStringList from;
        for (int i = 0; i < ctx.componentCount; ++i) {
            if (ctx.kind(i) == k && ctx.reachable[i] && ctx.component(i).id != componentId)
                from.append(ctx.component(i).id);
        }
        if (from.isEmpty())
            continue;
        const Kind kind = c->kind;
        for (const QString &src : std::as_const(from)) {
            Link l;
            l.from = src;
            l.to = componentId;
            l.readsOnly = replica;
            if (kind == Kind::LoadBalancer && k == Kind::Internet)
                l.protocol = QStringLiteral("https");
            step.doc().addLink(l);
        }
        return true;
    }
    return false;
}

bool fixNoBackends(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const QString lbId = f.elements.value(0);
    if (!d.component(lbId))
        return false;
    for (Kind k : {Kind::WebServer, Kind::AppServer}) {
        QStringList free, all;
        for (const Component &c : d.components) {
            if (c.kind != k)
                continue;
            all.append(c.id);
            bool fromLb = false;
            for (const Link &l : d.links) {
                const Component *src = l.to == c.id ? d.component(l.from) : nullptr;
                fromLb |= src && src->kind == Kind::LoadBalancer;
            }
            if (!fromLb)
                free.append(c.id);
        }
        const QStringList targets = free.isEmpty() ? all : free;
        if (targets.isEmpty())
            continue;
        for (const QString &t : targets) {
            Link l;
            l.from = lbId;
            l.to = t;
            step.doc().addLink(l);
        }
        return true;
    }
    return false;
}

bool fixIncompatibleLink(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const Link *l = d.link(f.elements.value(0));
    if (!l)
        return false;
    const Component *from = d.component(l->from);
    const Component *to = d.component(l->to);
    if (from && to && compatibleLink(to->kind, from->kind, d.effectiveProtocol(*l))) {
        bool exists = false;
        for (const Link &o : d.links)
            exists |= o.from == l->to && o.to == l->from;
        if (!exists) {
            Link reversed = *l;
            std::swap(reversed.from, reversed.to);
            const QString id = l->id;
            step.doc().removeElements({id});
            step.doc().addLink(reversed);
            return true;
        }
    }
    return step.doc().removeElements({l->id});
}

bool fixPortConflict(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const Component *a = d.component(f.elements.value(0));
    const Component *b = d.component(f.elements.value(1));
    if (!a || !b || b->host.isEmpty())
        return false;
    const QList<int> pa = listenPorts(*a);
    int port = 0;
    for (int p : listenPorts(*b)) {
        if (pa.contains(p)) {
            port = p;
            break;
        }
    }
    if (!port)
        return false;
    QString key = QStringLiteral("port");
    if (b->kind == Kind::LoadBalancer) {
        key = b->intSetting(u"http_port") == port ? QStringLiteral("http_port")
              : b->boolSetting(u"tls") && b->intSetting(u"https_port") == port
                  ? QStringLiteral("https_port")
                  : QStringLiteral("stats_port");
    } else if (b->kind == Kind::WebServer && b->intSetting(u"port") != port) {
        key = QStringLiteral("https_port");
    }
    QSet<int> taken;
    for (const Component *c : d.componentsOnHost(b->host)) {
        for (int p : listenPorts(*c))
            taken.insert(p);
    }
    int candidate = port == 80 ? 8080 : port == 443 ? 8443 : port + 1;
    while (taken.contains(candidate) && candidate < 65535)
        ++candidate;
    const QString id = b->id;
    QStringList explicitLinks;
    for (const Link &l : d.links) {
        if (l.to == id && l.port && *l.port == port)
            explicitLinks.append(l.id);
    }
    step.doc().setSetting(id, key, candidate);
    for (const QString &l : std::as_const(explicitLinks))
        step.doc().setLinkField(l, LinkField::Port, candidate);
    return true;
}

bool fixReplication(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    if (f.elements.size() > 1) {
        // A cycle: drop the link that feeds a primary, else the one closing it.
        QString drop = f.elements.last();
        for (const QString &id : f.elements) {
            const Link *l = d.link(id);
            const Component *t = l ? d.component(l->to) : nullptr;
            if (t && isPrimary(*t)) {
                drop = id;
                break;
            }
        }
        return d.link(drop) && step.doc().removeElements({drop});
    }
    const QString id = f.elements.value(0);
    if (d.link(id))
        return step.doc().setLinkField(id, LinkField::ReadsOnly, true);
    const Component *replica = d.component(id);
    if (!replica)
        return false;
    for (const Component &c : d.components) {
        if (isPrimary(c)) {
            Link l;
            l.from = c.id;
            l.to = id;
            l.protocol = QStringLiteral("replication");
            return !step.doc().addLink(l).isEmpty();
        }
    }
    // No primary at all: this replica becomes it.
    return step.doc().setSetting(id, QStringLiteral("role"), QStringLiteral("primary"));
}

bool fixUnreachable(FixStep &step, const Finding &f)
{
    return linkFromUpstream(step, f.elements.value(0));
}

bool fixNoEntry(FixStep &step, const Finding &)
{
    const Design &d = step.design();
    QSet<QString> hasIncoming;
    for (const Link &l : d.links) {
        if (d.effectiveProtocol(l) != QLatin1String("replication") &&
            d.effectiveProtocol(l) != QLatin1String("metrics"))
            hasIncoming.insert(l.to);
    }
    QStringList entries;
    for (Kind k : {Kind::LoadBalancer, Kind::Firewall, Kind::WebServer, Kind::AppServer}) {
        for (const Component &c : d.components) {
            if (c.kind == k && !hasIncoming.contains(c.id))
                entries.append(c.id);
        }
        if (!entries.isEmpty())
            break;
    }
    if (entries.isEmpty())
        return false;
    Component users;
    users.kind = Kind::Internet;
    users.id = d.contains(QStringLiteral("users")) ? d.freeId(QStringLiteral("users"), 1)
                                                   : QStringLiteral("users");
    users.label = QStringLiteral("Users");
    qreal minX = 0, y = 0;
    bool any = false;
    for (const Host &h : d.hosts) {
        if (h.position && (!any || h.position->x() < minX)) {
            minX = h.position->x();
            y = h.position->y();
            any = true;
        }
    }
    if (any)
        users.position = QPointF(minX - 200, y);
    const QString id = step.doc().addComponent(users);
    for (const QString &e : std::as_const(entries)) {
        Link l;
        l.from = id;
        l.to = e;
        step.doc().addLink(l);
    }
    return true;
}

bool fixServerId(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const QString id = f.elements.value(1);
    if (!d.component(id))
        return false;
    int maxId = 0;
    for (const Component &c : d.components) {
        if (c.kind == Kind::Database)
            maxId = qMax(maxId, c.intSetting(u"server_id"));
    }
    return step.doc().setSetting(id, QStringLiteral("server_id"), maxId + 1);
}

bool fixCluster(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const Component *c = d.component(f.elements.value(0));
    if (!c)
        return false;
    const QString id = c->id;
    if (f.elements.size() >= 2) {
        const Component *ref = d.component(f.elements.value(1));
        if (!ref)
            return false;
        const Component refCopy = *ref;
        const Component mine = *c;
        for (const char *key : {"algorithm", "http_port", "https_port", "tls", "vip"}) {
            const QString k = QString::fromLatin1(key);
            if (mine.setting(k) == refCopy.setting(k))
                continue;
            step.doc().setSetting(id, k, refCopy.settings.value(k));
        }
        return step.changed();
    }
    // A vip without a cluster: every load balancer on that vip joins one.
    const QString vip = c->stringSetting(u"vip");
    QSet<QString> used;
    QStringList members;
    for (const Component &o : d.components) {
        used.insert(o.stringSetting(u"cluster"));
        if (o.kind == Kind::LoadBalancer && o.stringSetting(u"vip") == vip &&
            o.stringSetting(u"cluster").isEmpty())
            members.append(o.id);
    }
    const QString name = freeName(used, QStringLiteral("edge"));
    for (const QString &m : std::as_const(members))
        step.doc().setSetting(m, QStringLiteral("cluster"), name);
    return step.changed();
}

bool fixAddress(FixStep &step, const Finding &f)
{
    const Design &d = step.design();
    const QString second = f.elements.value(1);
    if (const Component *lb = d.component(f.elements.value(0))) {
        const QString vip = lb->stringSetting(u"vip");
        const QString fresh = freshAddress(d, vip);
        if (fresh.isEmpty())
            return false;
        QStringList members;
        for (const Component &o : d.components) {
            if (o.kind == Kind::LoadBalancer && o.stringSetting(u"vip") == vip)
                members.append(o.id);
        }
        for (const QString &m : std::as_const(members))
            step.doc().setSetting(m, QStringLiteral("vip"), fresh);
        return true;
    }
    const Host *h = d.host(second);
    if (!h)
        return false;
    const QString fresh = freshAddress(d, h->address);
    return !fresh.isEmpty() && step.doc().setHostField(second, HostField::Address, fresh);
}

using FixFn = bool (*)(FixStep &, const Finding &);

FixFn fixFor(const QString &rule)
{
    static const QHash<QString, FixFn> fixes{
        {QStringLiteral("SPOF000"), fixComponentSpof},
        {QStringLiteral("SPOF001"), fixLoadBalancerSpof},
        {QStringLiteral("SPOF002"), fixComponentSpof},
        {QStringLiteral("SPOF003"), fixComponentSpof},
        {QStringLiteral("SPOF004"), fixDatabaseSpof},
        {QStringLiteral("SPOF005"), fixHostSpof},
        {QStringLiteral("SPOF006"), fixZoneSpof},
        {QStringLiteral("SEC001"), fixFirewall},
        {QStringLiteral("SEC002"), fixExposedDatabase},
        {QStringLiteral("SEC003"), fixTls},
        {QStringLiteral("SEC004"), fixRedirect},
        {QStringLiteral("SEC005"), fixPlainLink},
        {QStringLiteral("SEC006"), fixUnusedPorts},
        {QStringLiteral("OPS001"), fixMonitoring},
        {QStringLiteral("OPS002"), fixNoCollector},
        {QStringLiteral("OPS003"), fixBackup},
        {QStringLiteral("OPS004"), fixNoReplica},
        {QStringLiteral("STR001"), fixNoBackends},
        {QStringLiteral("STR002"), fixIncompatibleLink},
        {QStringLiteral("STR003"), fixPortConflict},
        {QStringLiteral("STR004"), fixReplication},
        {QStringLiteral("STR005"), fixUnreachable},
        {QStringLiteral("STR006"), fixNoEntry},
        {QStringLiteral("STR007"), fixServerId},
        {QStringLiteral("STR008"), fixCluster},
        {QStringLiteral("STR009"), fixAddress},
    };
    return fixes.value(rule, nullptr);
}

bool applyFixWith(Document &document, const Finding &finding, const FixIndex *index)
{
    const FixFn fn = fixFor(finding.rule);
    if (!fn)
        return false;
    FixStep step(document, finding, index);
    fn(step, finding);
    return step.changed();
}

} // namespace

bool applyFix(Document &document, const Finding &finding)
{
    return applyFixWith(document, finding, nullptr);
}

int fixAll(Document &document, const QStringList &rules)
{
    // Fixes that only set fields of the elements they name stay valid while
    // other fixes run, so a round applies all of them on one validation;
    // fixes that add, move or remove elements run one a round.
    static const QSet<QString> batchable{QStringLiteral("SEC001"), QStringLiteral("SEC003"),
                                         QStringLiteral("SEC004"), QStringLiteral("SEC005"),
                                         QStringLiteral("SEC006"), QStringLiteral("OPS001"),
                                         QStringLiteral("OPS003"), QStringLiteral("STR007")};
    int applied = 0;
    QSet<QString> failed; // fixes that did not apply on a fresh validation
    const int limit = 64 + 8 * int(document.design().elementCount());
    for (int round = 0; round < limit; ++round) {
        const QList<Finding> findings = validate(document.design());
        const FixIndex index(document.design());
        bool progress = false;
        bool structural = false;
        for (const Finding &f : findings) {
            if (!f.fix || (!rules.isEmpty() && !rules.contains(f.rule)))
                continue;
            const bool batch = batchable.contains(f.rule);
            if (!batch && structural)
                continue; // waits for the next round's validation
            const QString key = f.rule + u':' + f.elements.join(u',') + u':' + f.message;
            if (failed.contains(key))
                continue;
            // After a structural fix the index no longer matches the design.
            if (applyFixWith(document, f, structural ? nullptr : &index)) {
                ++applied;
                progress = true;
                structural |= !batch;
            } else if (!progress) {
                failed.insert(key);
            }
        }
        if (!progress)
            break;
    }
    return applied;
}

} // namespace stackplan
