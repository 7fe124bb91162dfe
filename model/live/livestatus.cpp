#include "live/livestatus.h"

#include <QHostAddress>

namespace stackplan::live {

namespace {

QString endpointOf(const QString &address, int port)
{
    if (address.isEmpty())
        return {};
    const QString host = address.contains(u':') ? u'[' + address + u']' : address;
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

// One CSV line; HAProxy quotes a field only when it holds a comma or a quote.
QStringList splitCsvLine(const QString &line)
{
    QStringList fields;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar ch = line.at(i);
        if (quoted) {
            if (ch == u'"') {
                if (i + 1 < line.size() && line.at(i + 1) == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += ch;
            }
        } else if (ch == u'"') {
            quoted = true;
        } else if (ch == u',') {
            fields.append(field);
            field.clear();
        } else {
            field += ch;
        }
    }
    fields.append(field);
    return fields;
}

QString shortened(const QByteArray &bytes)
{
    QString text = QString::fromUtf8(bytes.left(40)).simplified();
    if (bytes.size() > 40)
        text += QStringLiteral("…");
    return text;
}

} // namespace

QString stateName(State state)
{
    switch (state) {
    case State::Up:
        return QStringLiteral("up");
    case State::Down:
        return QStringLiteral("down");
    case State::Degraded:
        return QStringLiteral("degraded");
    case State::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

QString ProbeSpec::describe() const
{
    const QString ep = endpointOf(address, port);
    switch (kind) {
    case ProbeKind::Tcp:
        return QStringLiteral("TCP connect to %1").arg(ep);
    case ProbeKind::Http:
        return QStringLiteral("HTTP GET %1 on %2").arg(path, ep);
    case ProbeKind::HaproxyStats:
        return QStringLiteral("HAProxy stats at http://%1%2").arg(ep, path);
    }
    return ep;
}

std::optional<bool> HaproxyView::healthy() const
{
    const QString status = row.status.trimmed().toUpper();
    if (status.isEmpty() || status.startsWith(QStringLiteral("NO CHECK")))
        return std::nullopt;
    // "UP 1/3" is still up (going down); "DOWN 1/2" is still down (coming up).
    return status.startsWith(QStringLiteral("UP"));
}

QString ComponentStatus::endpoint() const
{
    return endpointOf(address, port);
}

QList<ProbeSpec> probePlan(const Design &design, const Component &component, QString *why)
{
    QList<ProbeSpec> plan;
    auto reason = [why](const QString &text) {
        if (why)
            *why = text;
    };
    switch (component.kind) {
    case Kind::Internet:
        reason(QStringLiteral("not probed: the users' browsers"));
        return plan;
    case Kind::Dns:
        reason(QStringLiteral("not probed: a DNS record"));
        return plan;
    case Kind::Firewall:
        reason(QStringLiteral("not probed: a network firewall has no port of its own"));
        return plan;
    default:
        break;
    }
    const Host *host = design.hostOf(component);
    const QString address = host ? host->address.trimmed() : QString();
    if (address.isEmpty()) {
        reason(host ? QStringLiteral("no address: host %1 has none").arg(host->id)
                    : QStringLiteral("no address: the component has no host"));
        return plan;
    }
    if (QHostAddress(address).isNull()) {
        reason(QStringLiteral("not probed: %1 is not an IP address").arg(address));
        return plan;
    }
    auto add = [&](ProbeKind kind, int port, const QString &path = {},
                   HttpAccept accept = HttpAccept::Below500, const QString &hostHeader = {}) {
        ProbeSpec spec;
        spec.componentId = component.id;
        spec.kind = kind;
        spec.address = address;
        spec.port = port;
        spec.path = path;
        spec.accept = accept;
        spec.hostHeader = hostHeader;
        plan.append(spec);
    };
    switch (component.kind) {
    case Kind::LoadBalancer:
        add(ProbeKind::Tcp, component.intSetting(u"http_port"));
        if (component.boolSetting(u"tls"))
            add(ProbeKind::Tcp, component.intSetting(u"https_port"));
        if (component.boolSetting(u"stats"))
            add(ProbeKind::HaproxyStats, component.intSetting(u"stats_port"),
                QStringLiteral("/stats;csv"), HttpAccept::Success2xx);
        break;
    case Kind::WebServer: {
        QString serverName = component.stringSetting(u"server_name");
        if (serverName.isEmpty())
            serverName = design.domain;
        add(ProbeKind::Http, component.intSetting(u"port"), QStringLiteral("/"),
            HttpAccept::Below500, serverName);
        break;
    }
    case Kind::AppServer:
        // php-fpm speaks FastCGI, not HTTP: only its port can be checked.
        if (component.stringSetting(u"runtime") == QStringLiteral("php-fpm"))
            add(ProbeKind::Tcp, component.intSetting(u"port"));
        else
            add(ProbeKind::Http, component.intSetting(u"port"),
                component.stringSetting(u"health_path"), HttpAccept::Success2xx);
        break;
    case Kind::Database:
    case Kind::Cache:
        add(ProbeKind::Tcp, component.intSetting(u"port"));
        break;
    case Kind::Monitoring:
        if (component.stringSetting(u"system") == QStringLiteral("prometheus"))
            add(ProbeKind::Http, component.intSetting(u"port"), QStringLiteral("/-/ready"),
                HttpAccept::Success2xx);
        else
            add(ProbeKind::Tcp, component.intSetting(u"port"));
        break;
    default:
        break;
    }
    return plan;
}

std::optional<QList<HaproxyServer>> parseHaproxyCsv(const QByteArray &bytes, QString *error)
{
    auto fail = [&](const QString &text) -> std::optional<QList<HaproxyServer>> {
        if (error)
            *error = text;
        return std::nullopt;
    };
    if (!bytes.startsWith("# "))
        return fail(
            bytes.isEmpty()
                ? QStringLiteral("not HAProxy CSV: the page is empty")
                : QStringLiteral("not HAProxy CSV: it starts with \"%1\"").arg(shortened(bytes)));
    if (bytes.contains('\0'))
        return fail(QStringLiteral("not HAProxy CSV: binary data"));
    const QStringList lines = QString::fromUtf8(bytes).split(u'\n');
    const QStringList header = splitCsvLine(lines.front().mid(2).trimmed());
    const qsizetype px = header.indexOf(QStringLiteral("pxname"));
    const qsizetype sv = header.indexOf(QStringLiteral("svname"));
    const qsizetype st = header.indexOf(QStringLiteral("status"));
    const qsizetype ck = header.indexOf(QStringLiteral("check_status"));
    const qsizetype ty = header.indexOf(QStringLiteral("type"));
    if (px < 0 || sv < 0 || st < 0)
        return fail(
            QStringLiteral("not HAProxy CSV: the header has no pxname, svname and status columns"));
    const qsizetype needed = std::max({px, sv, st, ck, ty}) + 1;
    QList<HaproxyServer> servers;
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const QString line = lines.at(n).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList fields = splitCsvLine(line);
        if (fields.size() < needed)
            return fail(QStringLiteral("not HAProxy CSV: line %1 has %2 fields, the header %3")
                            .arg(n + 1)
                            .arg(fields.size())
                            .arg(header.size()));
        const QString name = fields.at(sv);
        const bool isServer =
            ty >= 0 ? fields.at(ty) == QStringLiteral("2")
                    : name != QStringLiteral("FRONTEND") && name != QStringLiteral("BACKEND");
        if (!isServer)
            continue;
        HaproxyServer server;
        server.proxy = fields.at(px);
        server.server = name;
        server.status = fields.at(st);
        if (ck >= 0)
            server.checkStatus = fields.at(ck);
        servers.append(server);
    }
    return servers;
}

QList<ComponentStatus> combine(const Design &design, const QList<ProbeResult> &results,
                               const QHash<QString, QList<HaproxyServer>> &statsByLoadBalancer)
{
    QHash<QString, QList<ProbeResult>> byComponent;
    for (const ProbeResult &r : results)
        byComponent[r.spec.componentId].append(r);
    QHash<QString, QList<HaproxyView>> views;
    // Load balancers in design order, so the views read the same every round.
    for (const Component &c : design.components) {
        const auto it = statsByLoadBalancer.constFind(c.id);
        if (it == statsByLoadBalancer.cend())
            continue;
        for (const HaproxyServer &row : *it) {
            if (design.component(row.server))
                views[row.server].append(HaproxyView{c.id, row});
        }
    }

    QList<ComponentStatus> out;
    out.reserve(design.components.size());
    for (const Component &c : design.components) {
        ComponentStatus status;
        status.id = c.id;
        status.host = c.host;
        if (const Host *h = design.hostOf(c))
            status.address = h->address.trimmed();
        status.port = servicePort(c);
        QString why;
        const QList<ProbeSpec> plan = probePlan(design, c, &why);
        status.probes = byComponent.value(c.id);
        status.haproxy = views.value(c.id);

        QStringList good;
        QStringList bad;
        for (const ProbeResult &r : std::as_const(status.probes)) {
            if (r.ok)
                good.append(r.detail);
            else
                bad.append(QStringLiteral("%1: %2").arg(r.spec.describe(), r.detail));
        }
        for (const HaproxyView &v : std::as_const(status.haproxy)) {
            const auto healthy = v.healthy();
            if (!healthy)
                continue;
            QString text =
                QStringLiteral("HAProxy %1 reports %2").arg(v.loadBalancer, v.row.status);
            if (!v.row.checkStatus.isEmpty())
                text += QStringLiteral(" (%1)").arg(v.row.checkStatus);
            (*healthy ? good : bad).append(text);
        }
        if (!status.probes.isEmpty() && status.probes.front().ok)
            status.latencyMs = status.probes.front().latencyMs;

        if (good.isEmpty() && bad.isEmpty()) {
            status.state = State::Unknown;
            status.detail = plan.isEmpty() ? why : QStringLiteral("not probed yet");
        } else if (bad.isEmpty()) {
            status.state = State::Up;
            status.detail = good.join(QStringLiteral("; "));
        } else {
            status.state = good.isEmpty() ? State::Down : State::Degraded;
            status.detail = bad.join(QStringLiteral("; "));
        }
        out.append(status);
    }
    return out;
}

bool anyFailing(const QList<ComponentStatus> &statuses)
{
    for (const ComponentStatus &s : statuses) {
        if (s.state == State::Down || s.state == State::Degraded)
            return true;
    }
    return false;
}

} // namespace stackplan::live
