#include "core/design.h"

#include "core/schema.h"

#include <QJsonArray>

#include <vector>

namespace stackplan {

QJsonValue Component::setting(QStringView key) const
{
    const qsizetype dot = key.indexOf(u'.');
    if (dot < 0) {
        // The QStringView lookup spares a string allocation per read, which
        // the rules feel: they read settings of thousands of components.
        const auto it = settings.constFind(key);
        if (it != settings.constEnd())
            return *it;
        const SettingSpec *spec = findSetting(kind, key);
        return spec ? spec->defaultFor(settings) : QJsonValue();
    }
    const QString head = key.left(dot).toString();
    const QString tail = key.mid(dot + 1).toString();
    const QJsonObject object = settings.value(head).toObject();
    const auto it = object.constFind(tail);
    if (it != object.constEnd())
        return *it;
    const SettingSpec *spec = findSetting(kind, key);
    return spec ? spec->defaultFor(settings) : QJsonValue();
}

QList<int> Component::intListSetting(QStringView key) const
{
    QList<int> out;
    const QJsonArray a = setting(key).toArray();
    out.reserve(a.size());
    for (const QJsonValue &v : a)
        out.append(v.toInt());
    return out;
}

QString Component::displayLabel() const
{
    if (!label.isEmpty())
        return label;
    const KindSpec &spec = kindSpec(kind);
    switch (kind) {
    case Kind::LoadBalancer:
    case Kind::WebServer:
        return spec.defaultLabel;
    case Kind::Database: {
        const QString engine = stringSetting(u"engine") == QStringLiteral("mariadb")
                                   ? QStringLiteral("MariaDB")
                                   : QStringLiteral("MySQL");
        return stringSetting(u"role") == QStringLiteral("replica")
                   ? engine + QStringLiteral(" replica")
                   : engine + QStringLiteral(" primary");
    }
    case Kind::Cache:
        return stringSetting(u"engine") == QStringLiteral("memcached") ? QStringLiteral("Memcached")
                                                                       : QStringLiteral("Redis");
    case Kind::Monitoring: {
        const QString system = stringSetting(u"system");
        if (system == QStringLiteral("datadog"))
            return QStringLiteral("Datadog");
        if (system == QStringLiteral("sumologic"))
            return QStringLiteral("Sumo Logic");
        return QStringLiteral("Prometheus");
    }
    case Kind::AppServer: {
        const QString runtime = stringSetting(u"runtime");
        if (runtime == QStringLiteral("gunicorn"))
            return QStringLiteral("Gunicorn");
        if (runtime == QStringLiteral("php-fpm"))
            return QStringLiteral("PHP-FPM");
        if (runtime == QStringLiteral("node"))
            return QStringLiteral("Node.js");
        return spec.defaultLabel;
    }
    case Kind::Internet:
    case Kind::Dns:
    case Kind::Firewall:
        return spec.defaultLabel;
    }
    return spec.defaultLabel;
}

bool Design::operator==(const Design &other) const
{
    return version == other.version && name == other.name && domain == other.domain &&
           hosts == other.hosts && components == other.components && links == other.links &&
           notes == other.notes && extra == other.extra;
}

void Design::reindex() const
{
    m_index.clear();
    m_index.reserve(elementCount());
    for (int i = 0; i < hosts.size(); ++i)
        m_index.insert(hosts[i].id, {ElementType::Host, i});
    for (int i = 0; i < components.size(); ++i)
        m_index.insert(components[i].id, {ElementType::Component, i});
    for (int i = 0; i < links.size(); ++i)
        m_index.insert(links[i].id, {ElementType::Link, i});
    for (int i = 0; i < notes.size(); ++i)
        m_index.insert(notes[i].id, {ElementType::Note, i});
}

Design::Slot Design::find(const QString &id) const
{
    auto valid = [this, &id](const Slot &s) {
        switch (s.type) {
        case ElementType::Host:
            return s.index < hosts.size() && hosts[s.index].id == id;
        case ElementType::Component:
            return s.index < components.size() && components[s.index].id == id;
        case ElementType::Link:
            return s.index < links.size() && links[s.index].id == id;
        case ElementType::Note:
            return s.index < notes.size() && notes[s.index].id == id;
        case ElementType::None:
            break;
        }
        return false;
    };
    auto it = m_index.constFind(id);
    if (it != m_index.constEnd() && valid(*it))
        return *it;
    // Ids are never empty ("no host" is the empty string): no need to look.
    if (id.isEmpty())
        return {};
    // A miss cannot trust the index: an element removed and another added
    // behind its back leave the counts equal. Rebuild and look again.
    reindex();
    it = m_index.constFind(id);
    if (it != m_index.constEnd() && valid(*it))
        return *it;
    return {};
}

const Host *Design::host(const QString &id) const
{
    const Slot s = find(id);
    return s.type == ElementType::Host ? &hosts[s.index] : nullptr;
}

const Component *Design::component(const QString &id) const
{
    const Slot s = find(id);
    return s.type == ElementType::Component ? &components[s.index] : nullptr;
}

const Link *Design::link(const QString &id) const
{
    const Slot s = find(id);
    return s.type == ElementType::Link ? &links[s.index] : nullptr;
}

const Note *Design::note(const QString &id) const
{
    const Slot s = find(id);
    return s.type == ElementType::Note ? &notes[s.index] : nullptr;
}

Host *Design::host(const QString &id)
{
    const Slot s = find(id);
    return s.type == ElementType::Host ? &hosts[s.index] : nullptr;
}

Component *Design::component(const QString &id)
{
    const Slot s = find(id);
    return s.type == ElementType::Component ? &components[s.index] : nullptr;
}

Link *Design::link(const QString &id)
{
    const Slot s = find(id);
    return s.type == ElementType::Link ? &links[s.index] : nullptr;
}

Note *Design::note(const QString &id)
{
    const Slot s = find(id);
    return s.type == ElementType::Note ? &notes[s.index] : nullptr;
}

int Design::hostIndex(const QString &id) const
{
    const Slot s = find(id);
    return s.type == ElementType::Host ? s.index : -1;
}

int Design::componentIndex(const QString &id) const
{
    const Slot s = find(id);
    return s.type == ElementType::Component ? s.index : -1;
}

int Design::linkIndex(const QString &id) const
{
    const Slot s = find(id);
    return s.type == ElementType::Link ? s.index : -1;
}

int Design::noteIndex(const QString &id) const
{
    const Slot s = find(id);
    return s.type == ElementType::Note ? s.index : -1;
}

ElementType Design::elementType(const QString &id) const
{
    return find(id).type;
}

QString Design::effectiveProtocol(const Link &l) const
{
    if (!l.protocol.isEmpty())
        return l.protocol;
    const Component *target = component(l.to);
    return target ? defaultProtocolFor(target->kind) : QStringLiteral("tcp");
}

int Design::effectivePort(const Link &l) const
{
    if (l.port)
        return *l.port;
    const Component *target = component(l.to);
    if (!target)
        return 0;
    const QString protocol = effectiveProtocol(l);
    if (protocol == QStringLiteral("https")) {
        if (target->kind == Kind::LoadBalancer || target->kind == Kind::WebServer)
            return target->intSetting(u"https_port");
        return 443;
    }
    if (protocol == QStringLiteral("metrics") && target->kind != Kind::Monitoring)
        return 9100;
    return servicePort(*target);
}

const Host *Design::hostOf(const Component &c) const
{
    return c.host.isEmpty() ? nullptr : host(c.host);
}

QList<const Component *> Design::componentsOnHost(const QString &hostId) const
{
    QList<const Component *> out;
    for (const Component &c : components) {
        if (c.host == hostId)
            out.append(&c);
    }
    return out;
}

QList<const Link *> Design::linksOf(const QString &componentId) const
{
    QList<const Link *> out;
    for (const Link &l : links) {
        if (l.from == componentId || l.to == componentId)
            out.append(&l);
    }
    return out;
}

QString Design::freeId(const QString &prefix, int width) const
{
    // One pass over every id marks the numbers "prefix-N" takes; the first
    // unmarked N is the answer. No index is needed, so a stale one costs
    // nothing, and no candidate string is built until the answer is known.
    const qsizetype total = elementCount();
    std::vector<bool> taken(size_t(total) + 2, false);
    const auto mark = [&](const QString &id) {
        if (id.size() <= prefix.size() + 1 || !id.startsWith(prefix) ||
            id.at(prefix.size()) != u'-')
            return;
        const QStringView digits = QStringView(id).mid(prefix.size() + 1);
        // Exactly as arg(n, width, 10, '0') writes it: zero-padded to width,
        // no other leading zero.
        if (digits.size() < width || (digits.size() > width && digits.front() == u'0'))
            return;
        qint64 n = 0;
        for (QChar c : digits) {
            if (c < u'0' || c > u'9')
                return;
            n = n * 10 + (c.unicode() - u'0');
            if (n > total + 1)
                return; // beyond any answer: cannot matter
        }
        if (n >= 1)
            taken[size_t(n)] = true;
    };
    for (const Host &h : hosts)
        mark(h.id);
    for (const Component &c : components)
        mark(c.id);
    for (const Link &l : links)
        mark(l.id);
    for (const Note &n : notes)
        mark(n.id);
    int n = 1;
    while (taken[size_t(n)])
        ++n;
    return QStringLiteral("%1-%2").arg(prefix).arg(n, width, 10, QLatin1Char('0'));
}

QString Design::freeLinkId() const
{
    return freeId(QStringLiteral("l"), 1);
}

int servicePort(const Component &c)
{
    switch (c.kind) {
    case Kind::LoadBalancer:
        return c.intSetting(u"http_port");
    case Kind::WebServer:
    case Kind::AppServer:
    case Kind::Database:
    case Kind::Cache:
    case Kind::Monitoring:
        return c.intSetting(u"port");
    case Kind::Dns:
        return 53;
    case Kind::Firewall: {
        const QList<int> allow = c.intListSetting(u"allow");
        return allow.isEmpty() ? 0 : allow.front();
    }
    case Kind::Internet:
        return 0;
    }
    return 0;
}

} // namespace stackplan
