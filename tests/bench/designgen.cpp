#include "designgen.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QRandomGenerator>

namespace stackplan::designgen {

namespace {

class Generator
{
public:
    Generator(int target, quint32 seed, const Options &options)
        : m_target(qMax(1, target))
        , m_random(seed)
        , m_options(options)
    {
        m_design.name = QStringLiteral("generated %1 components, seed %2").arg(m_target).arg(seed);
        m_design.domain = QStringLiteral("www.generated.example");
        m_design.components.reserve(m_target);
        m_design.hosts.reserve(m_target);
        m_design.links.reserve(m_target * 2);
    }

    Design run()
    {
        Component users;
        users.id = QStringLiteral("users");
        users.kind = Kind::Internet;
        users.label = QStringLiteral("Users");
        if (m_options.positions)
            users.position = QPointF(40, 40);
        addComponent(std::move(users));
        if (!full()) {
            Component dns;
            dns.id = QStringLiteral("dns");
            dns.kind = Kind::Dns;
            dns.settings.insert(QStringLiteral("ttl"), 60 + int(m_random.bounded(3600)));
            if (m_options.positions)
                dns.position = QPointF(40, 200);
            addComponent(std::move(dns));
        }
        for (int site = 1; !full(); ++site)
            addSite(site);
        m_design.reindex();
        return std::move(m_design);
    }

private:
    bool full() const { return m_design.components.size() >= m_target; }

    QString addHost(const QString &id, int site, int column, int row)
    {
        Host host;
        host.id = id;
        // 127.16.0.1 onwards: loopback, unique, never 127.0.0.x which tests use.
        const int n = m_nextAddress++;
        host.address = QStringLiteral("127.%1.%2.%3")
                           .arg(16 + n / (256 * 254))
                           .arg((n / 254) % 256)
                           .arg(1 + n % 254);
        host.zone = siteZone(site);
        host.firewallEnabled = m_random.bounded(4) != 0;
        if (host.firewallEnabled && m_random.bounded(5) == 0)
            host.firewallAllow = {22};
        host.monitoring = m_options.monitoring;
        if (m_options.positions)
            host.position = QPointF(300 + column * 260, siteTop(site) + row * 200);
        if (m_options.unknownKeys && m_random.bounded(10) == 0)
            host.extra.insert(QStringLiteral("x-rack"), QStringLiteral("r%1").arg(row));
        m_design.hosts.append(std::move(host));
        return id;
    }

    bool addComponent(Component component)
    {
        if (full())
            return false;
        if (m_options.positions && component.host.size() && !component.position)
            component.position = QPointF(20, 40);
        if (m_options.unknownKeys && m_random.bounded(10) == 0)
            component.extra.insert(QStringLiteral("x-owner"),
                                   QStringLiteral("team-%1").arg(m_random.bounded(9)));
        m_design.components.append(std::move(component));
        return true;
    }

    void addLink(const QString &from, const QString &to, const QString &protocol = {},
                 bool readsOnly = false)
    {
        Link link;
        link.id = QStringLiteral("l-%1").arg(++m_linkCount);
        link.from = from;
        link.to = to;
        link.protocol = protocol;
        link.readsOnly = readsOnly;
        m_design.links.append(std::move(link));
    }

    // Each component is added together with its links to the components
    // before it, so stopping at any point leaves a valid design.
    Component make(const QString &id, Kind kind, const QString &host)
    {
        Component c;
        c.id = id;
        c.kind = kind;
        c.host = host;
        return c;
    }

    static QString siteZone(int site) { return QStringLiteral("site-%1").arg(site); }
    static double siteTop(int site) { return 400.0 + (site - 1) * 1800.0; }

    void addSite(int site)
    {
        const QString s = QStringLiteral("s%1-").arg(site);
        const int webCount = tierSize();
        const int appCount = tierSize();
        const bool tls = m_random.bounded(2) == 0;
        const QString cluster = QStringLiteral("edge-%1").arg(site);
        const QString vip =
            QStringLiteral("127.200.%1.%2").arg(site / 254 % 256).arg(1 + site % 254);
        static const char *const algorithms[] = {"roundrobin", "leastconn", "source", "first"};
        const QString algorithm = QLatin1StringView(algorithms[m_random.bounded(4)]);

        QString entry = QStringLiteral("users");
        if (m_options.firewalls) {
            Component fw = make(s + QStringLiteral("fw"), Kind::Firewall, {});
            if (m_options.positions)
                fw.position = QPointF(160, siteTop(site) + 300);
            if (!addComponent(std::move(fw)))
                return;
            addLink(QStringLiteral("users"), s + QStringLiteral("fw"),
                    tls ? QStringLiteral("https") : QString());
            entry = s + QStringLiteral("fw");
        }

        QStringList lbs;
        for (int i = 1; i <= 2; ++i) {
            const QString host = addHost(
                s + QStringLiteral("lb-%1").arg(i, 2, 10, QLatin1Char('0')), site, 0, i - 1);
            Component lb = make(s + QStringLiteral("haproxy-%1").arg(i), Kind::LoadBalancer, host);
            lb.settings.insert(QStringLiteral("algorithm"), algorithm);
            lb.settings.insert(QStringLiteral("cluster"), cluster);
            lb.settings.insert(QStringLiteral("vip"), vip);
            if (tls)
                lb.settings.insert(QStringLiteral("tls"), true);
            if (m_random.bounded(3) == 0)
                lb.settings.insert(QStringLiteral("health_check"),
                                   QJsonObject{{QStringLiteral("path"), QStringLiteral("/health")},
                                               {QStringLiteral("interval_ms"),
                                                1000 + int(m_random.bounded(4000))}});
            const QString id = lb.id;
            if (!addComponent(std::move(lb)))
                return;
            addLink(entry, id, tls ? QStringLiteral("https") : QString());
            lbs.append(id);
        }

        QStringList webs;
        QStringList webHosts;
        for (int i = 1; i <= webCount; ++i) {
            const QString host = addHost(
                s + QStringLiteral("web-%1").arg(i, 2, 10, QLatin1Char('0')), site, 1, i - 1);
            webHosts.append(host);
            Component web = make(s + QStringLiteral("nginx-%1").arg(i), Kind::WebServer, host);
            if (m_random.bounded(4) == 0)
                web.settings.insert(QStringLiteral("gzip"), false);
            const QString id = web.id;
            if (!addComponent(std::move(web)))
                return;
            for (const QString &lb : std::as_const(lbs))
                addLink(lb, id);
            webs.append(id);
        }

        QStringList apps;
        static const char *const runtimes[] = {"gunicorn", "php-fpm", "node", "generic"};
        const QString runtime = QLatin1StringView(runtimes[m_random.bounded(4)]);
        for (int i = 1; i <= appCount; ++i) {
            QString host;
            bool colocated = false;
            if (m_options.colocate && i <= webHosts.size() && m_random.bounded(3) != 0) {
                host = webHosts.at(i - 1);
                colocated = true;
            } else {
                host = addHost(s + QStringLiteral("app-%1").arg(i, 2, 10, QLatin1Char('0')), site,
                               2, i - 1);
            }
            Component app = make(s + QStringLiteral("app-%1").arg(i), Kind::AppServer, host);
            app.settings.insert(QStringLiteral("runtime"), runtime);
            if (host.contains(QStringLiteral("-web-")) && m_options.positions)
                app.position = QPointF(20, 110);
            const QString id = app.id;
            if (!addComponent(std::move(app)))
                return;
            // Each app server behind two web servers, so links stay linear in size.
            addLink(webs.at((i - 1) % webs.size()), id);
            // An app server next to its web server is reached only from it.
            if (webs.size() > 1 && !colocated)
                addLink(webs.at(i % webs.size()), id);
            apps.append(id);
        }

        const QString engine =
            m_random.bounded(2) ? QStringLiteral("mysql") : QStringLiteral("mariadb");
        const QString failover =
            m_random.bounded(2) ? QStringLiteral("automatic") : QStringLiteral("manual");
        const QString primary = s + QStringLiteral("db-primary");
        {
            const QString host = addHost(s + QStringLiteral("db-01"), site, 3, 0);
            Component db = make(primary, Kind::Database, host);
            db.settings.insert(QStringLiteral("engine"), engine);
            db.settings.insert(QStringLiteral("role"), QStringLiteral("primary"));
            db.settings.insert(QStringLiteral("failover"), failover);
            db.settings.insert(QStringLiteral("backup"), m_random.bounded(2) == 0);
            if (!addComponent(std::move(db)))
                return;
            for (const QString &app : std::as_const(apps))
                addLink(app, primary);
        }
        const QString replica = s + QStringLiteral("db-replica");
        {
            const QString host = addHost(s + QStringLiteral("db-02"), site, 3, 1);
            Component db = make(replica, Kind::Database, host);
            db.settings.insert(QStringLiteral("engine"), engine);
            db.settings.insert(QStringLiteral("role"), QStringLiteral("replica"));
            db.settings.insert(QStringLiteral("failover"), failover);
            if (!addComponent(std::move(db)))
                return;
            for (const QString &app : std::as_const(apps))
                addLink(app, replica, {}, true);
            addLink(primary, replica, QStringLiteral("replication"));
        }

        if (m_options.caches) {
            const QString host = addHost(s + QStringLiteral("cache-01"), site, 3, 2);
            Component cache = make(s + QStringLiteral("redis"), Kind::Cache, host);
            if (m_random.bounded(3) == 0) {
                cache.settings.insert(QStringLiteral("engine"), QStringLiteral("memcached"));
                cache.label = QStringLiteral("Memcached");
            }
            const QString id = cache.id;
            if (!addComponent(std::move(cache)))
                return;
            for (const QString &app : std::as_const(apps))
                addLink(app, id);
        }

        if (m_options.monitoring) {
            // Every Prometheus server scrapes every monitored host (bundle.md):
            // a shared pair on the first site, or one server on each site.
            if (!m_options.sharedMonitoring || site == 1) {
                const int count = m_options.sharedMonitoring ? 2 : 1;
                for (int i = 1; i <= count; ++i) {
                    const QString host =
                        addHost(s + QStringLiteral("mon-%1").arg(i, 2, 10, QLatin1Char('0')), site,
                                4, i - 1);
                    Component mon = make(s + (i == 1 ? QStringLiteral("prometheus")
                                                     : QStringLiteral("prometheus-%1").arg(i)),
                                         Kind::Monitoring, host);
                    const QString id = mon.id;
                    if (!addComponent(std::move(mon)))
                        return;
                    m_monitors.append(id);
                }
            }
            const QStringList monitors =
                m_options.sharedMonitoring ? m_monitors : QStringList{m_monitors.constLast()};
            for (const QString &id : monitors) {
                for (const QString &lb : std::as_const(lbs))
                    addLink(id, lb, QStringLiteral("metrics"));
                addLink(id, primary, QStringLiteral("metrics"));
            }
        }

        if (m_options.notes) {
            Note note;
            note.id = QStringLiteral("n-%1").arg(site);
            note.text = QStringLiteral("Site %1: %2 web and %3 app servers behind %4.")
                            .arg(site)
                            .arg(webCount)
                            .arg(appCount)
                            .arg(vip);
            if (m_options.positions)
                note.position = QPointF(40, siteTop(site));
            m_design.notes.append(std::move(note));
        }
    }

    int tierSize()
    {
        const int lo = qMax(1, m_options.minTierSize);
        const int hi = qMax(lo, m_options.maxTierSize);
        return lo + int(m_random.bounded(hi - lo + 1));
    }

    int m_target;
    QRandomGenerator m_random;
    Options m_options;
    Design m_design;
    QStringList m_monitors; // the monitoring servers so far
    int m_nextAddress = 0;
    int m_linkCount = 0;
};

} // namespace

Design generateDesign(int components, quint32 seed, const Options &options)
{
    return Generator(components, seed, options).run();
}

} // namespace stackplan::designgen
