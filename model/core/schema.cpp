#include "core/schema.h"

#include <QJsonArray>

#include <cmath>

namespace stackplan {

namespace {

SettingSpec boolSetting(const QString &key, bool def, const QString &description)
{
    SettingSpec s;
    s.key = key;
    s.type = SettingType::Bool;
    s.defaultValue = def;
    s.description = description;
    return s;
}

SettingSpec intSetting(const QString &key, int def, int minimum, int maximum,
                       const QString &description)
{
    SettingSpec s;
    s.key = key;
    s.type = SettingType::Int;
    s.defaultValue = def;
    s.minimum = minimum;
    s.maximum = maximum;
    s.description = description;
    return s;
}

SettingSpec portSetting(const QString &key, int def, const QString &description)
{
    SettingSpec s = intSetting(key, def, 1, 65535, description);
    s.grammar = Grammar::Port;
    return s;
}

SettingSpec stringSetting(const QString &key, Grammar grammar, const QString &description,
                          const QString &def = QString())
{
    SettingSpec s;
    s.key = key;
    s.type = SettingType::String;
    s.defaultValue = def;
    s.grammar = grammar;
    s.allowEmpty = true;
    s.description = description;
    return s;
}

SettingSpec enumSetting(const QString &key, const QStringList &allowed, const QString &description)
{
    SettingSpec s;
    s.key = key;
    s.type = SettingType::Enum;
    s.allowed = allowed;
    s.defaultValue = allowed.front();
    s.description = description;
    return s;
}

SettingSpec portListSetting(const QString &key, QList<int> def, const QString &description)
{
    SettingSpec s;
    s.key = key;
    s.type = SettingType::IntList;
    s.grammar = Grammar::Port;
    QJsonArray a;
    for (int p : def)
        a.append(p);
    s.defaultValue = a;
    s.description = description;
    return s;
}

QList<KindSpec> buildSpecs()
{
    QList<KindSpec> specs;

    KindSpec internet{Kind::Internet,
                      QStringLiteral("internet"),
                      QStringLiteral("Internet"),
                      QStringLiteral("Users"),
                      QStringLiteral("users"),
                      false,
                      QStringLiteral("The users' browsers: where every request starts."),
                      {}};
    specs.append(internet);

    KindSpec dns{Kind::Dns,
                 QStringLiteral("dns"),
                 QStringLiteral("DNS"),
                 QStringLiteral("DNS"),
                 QStringLiteral("dns"),
                 false,
                 QStringLiteral("The DNS record of the design's domain."),
                 {}};
    dns.settings = {intSetting(QStringLiteral("ttl"), 300, 0, 2147483647,
                               QStringLiteral("Time to live of the record, in seconds."))};
    specs.append(dns);

    KindSpec lb{Kind::LoadBalancer,
                QStringLiteral("load_balancer"),
                QStringLiteral("Load balancer"),
                QStringLiteral("HAProxy"),
                QStringLiteral("lb"),
                true,
                QStringLiteral("Spreads requests over the servers behind it."),
                {}};
    {
        SettingSpec software = enumSetting(QStringLiteral("software"), {QStringLiteral("haproxy")},
                                           QStringLiteral("The load balancer software."));
        SettingSpec algorithm = enumSetting(
            QStringLiteral("algorithm"),
            {QStringLiteral("roundrobin"), QStringLiteral("leastconn"), QStringLiteral("source"),
             QStringLiteral("first")},
            QStringLiteral("How requests are spread: in turn, to the least busy server, by client "
                           "address, or filling the first server first."));
        SettingSpec mode =
            enumSetting(QStringLiteral("mode"), {QStringLiteral("http"), QStringLiteral("tcp")},
                        QStringLiteral("Balance HTTP requests or raw TCP connections."));
        SettingSpec health;
        health.key = QStringLiteral("health_check");
        health.type = SettingType::Object;
        health.description = QStringLiteral("How the load balancer checks its servers.");
        SettingSpec hcPath = stringSetting(
            QStringLiteral("path"), Grammar::HealthPath,
            QStringLiteral("Path requested by the HTTP health check."), QStringLiteral("/"));
        hcPath.allowEmpty = false;
        health.fields = {hcPath,
                         intSetting(QStringLiteral("interval_ms"), 2000, 100, 3600000,
                                    QStringLiteral("Time between two checks, in milliseconds.")),
                         intSetting(QStringLiteral("rise"), 2, 1, 100,
                                    QStringLiteral("Passed checks before a server is up again.")),
                         intSetting(QStringLiteral("fall"), 3, 1, 100,
                                    QStringLiteral("Failed checks before a server is down."))};
        QJsonObject hcDefault;
        for (const SettingSpec &f : health.fields)
            hcDefault.insert(f.key, f.defaultValue);
        health.defaultValue = hcDefault;
        SettingSpec redundancy = enumSetting(
            QStringLiteral("redundancy"),
            {QStringLiteral("active-active"), QStringLiteral("active-passive")},
            QStringLiteral("Whether every cluster member serves at once, or one stands by."));
        redundancy.dynamicDefault = [](const QJsonObject &settings) {
            const bool sharesVip = !settings.value(QStringLiteral("vip")).toString().isEmpty();
            return QJsonValue(sharesVip ? QStringLiteral("active-passive")
                                        : QStringLiteral("active-active"));
        };
        SettingSpec vip =
            stringSetting(QStringLiteral("vip"), Grammar::Address,
                          QStringLiteral("The virtual IP the cluster shares (VRRP)."));
        SettingSpec cluster = stringSetting(
            QStringLiteral("cluster"), Grammar::Id,
            QStringLiteral("Load balancers with the same cluster name stand in for each other."));
        lb.settings = {
            software,
            algorithm,
            mode,
            portSetting(QStringLiteral("http_port"), 80, QStringLiteral("Port for plain HTTP.")),
            portSetting(QStringLiteral("https_port"), 443, QStringLiteral("Port for HTTPS.")),
            boolSetting(QStringLiteral("tls"), false, QStringLiteral("Terminates HTTPS.")),
            stringSetting(QStringLiteral("certificate"), Grammar::CertificatePath,
                          QStringLiteral("Path of the PEM certificate and key (empty: "
                                         "/etc/haproxy/certs/DOMAIN.pem).")),
            boolSetting(QStringLiteral("redirect_http"), true,
                        QStringLiteral("Answers plain HTTP with a redirect to HTTPS (with tls).")),
            boolSetting(QStringLiteral("hsts"), true,
                        QStringLiteral("Sends Strict-Transport-Security (with tls).")),
            health,
            boolSetting(QStringLiteral("sticky"), false,
                        QStringLiteral("Keeps a client on one server with a cookie.")),
            boolSetting(QStringLiteral("stats"), false,
                        QStringLiteral("Serves the stats page and its Prometheus endpoint.")),
            portSetting(QStringLiteral("stats_port"), 8404,
                        QStringLiteral("Port of the stats page.")),
            cluster,
            vip,
            redundancy,
        };
    }
    specs.append(lb);

    KindSpec web{Kind::WebServer,
                 QStringLiteral("web_server"),
                 QStringLiteral("Web server"),
                 QStringLiteral("Nginx"),
                 QStringLiteral("web"),
                 true,
                 QStringLiteral("Serves static files and passes the rest to the application."),
                 {}};
    web.settings = {
        enumSetting(QStringLiteral("software"), {QStringLiteral("nginx")},
                    QStringLiteral("The web server software.")),
        portSetting(QStringLiteral("port"), 80, QStringLiteral("Port for plain HTTP.")),
        stringSetting(QStringLiteral("server_name"), Grammar::Domain,
                      QStringLiteral("Name the server answers to (empty: the design's domain).")),
        stringSetting(QStringLiteral("root"), Grammar::Path,
                      QStringLiteral("Folder of the static files (empty: /var/www/DOMAIN).")),
        boolSetting(QStringLiteral("tls"), false, QStringLiteral("Serves HTTPS itself.")),
        portSetting(QStringLiteral("https_port"), 443, QStringLiteral("Port for HTTPS.")),
        stringSetting(
            QStringLiteral("certificate"), Grammar::CertificatePath,
            QStringLiteral("Path of the PEM certificate (empty: "
                           "/etc/ssl/certs/DOMAIN.pem, key /etc/ssl/private/DOMAIN.key).")),
        boolSetting(QStringLiteral("gzip"), true, QStringLiteral("Compresses text responses.")),
        boolSetting(QStringLiteral("security_headers"), true,
                    QStringLiteral("Adds X-Frame-Options, X-Content-Type-Options and friends.")),
    };
    specs.append(web);

    KindSpec app{Kind::AppServer,
                 QStringLiteral("app_server"),
                 QStringLiteral("Application server"),
                 QStringLiteral("Application"),
                 QStringLiteral("app"),
                 true,
                 QStringLiteral("Runs the site's code."),
                 {}};
    {
        SettingSpec port = portSetting(QStringLiteral("port"), 8000,
                                       QStringLiteral("Port the application listens on."));
        port.dynamicDefault = [](const QJsonObject &settings) {
            return QJsonValue(settings.value(QStringLiteral("runtime")).toString() ==
                                      QStringLiteral("php-fpm")
                                  ? 9000
                                  : 8000);
        };
        SettingSpec health =
            stringSetting(QStringLiteral("health_path"), Grammar::HealthPath,
                          QStringLiteral("Path answering 2xx when the app is healthy."),
                          QStringLiteral("/health"));
        health.allowEmpty = false;
        app.settings = {
            enumSetting(QStringLiteral("runtime"),
                        {QStringLiteral("generic"), QStringLiteral("gunicorn"),
                         QStringLiteral("php-fpm"), QStringLiteral("node")},
                        QStringLiteral("The application's runtime.")),
            port,
            stringSetting(QStringLiteral("codebase"), Grammar::Path,
                          QStringLiteral("Folder of the code (empty: /var/www/DOMAIN/app).")),
            health,
        };
    }
    specs.append(app);

    KindSpec db{Kind::Database,
                QStringLiteral("database"),
                QStringLiteral("Database"),
                QStringLiteral("MySQL"),
                QStringLiteral("db"),
                true,
                QStringLiteral("Keeps the site's data."),
                {}};
    db.settings = {
        enumSetting(QStringLiteral("engine"), {QStringLiteral("mysql"), QStringLiteral("mariadb")},
                    QStringLiteral("The database server.")),
        enumSetting(QStringLiteral("role"), {QStringLiteral("primary"), QStringLiteral("replica")},
                    QStringLiteral("Primary takes writes; a replica copies it and serves reads.")),
        portSetting(QStringLiteral("port"), 3306, QStringLiteral("Port the server listens on.")),
        intSetting(QStringLiteral("server_id"), 0, 0, 4294967,
                   QStringLiteral("Replication server id (0: assigned automatically).")),
        enumSetting(QStringLiteral("failover"),
                    {QStringLiteral("none"), QStringLiteral("manual"), QStringLiteral("automatic")},
                    QStringLiteral("How a replica takes over when the primary fails.")),
        boolSetting(QStringLiteral("backup"), false, QStringLiteral("Regular backups are taken.")),
        boolSetting(QStringLiteral("tls"), false,
                    QStringLiteral("Clients must connect over TLS (require_secure_transport).")),
    };
    specs.append(db);

    KindSpec cache{Kind::Cache,
                   QStringLiteral("cache"),
                   QStringLiteral("Cache"),
                   QStringLiteral("Redis"),
                   QStringLiteral("cache"),
                   true,
                   QStringLiteral("Keeps hot data in memory."),
                   {}};
    {
        SettingSpec port =
            portSetting(QStringLiteral("port"), 6379, QStringLiteral("Port the cache listens on."));
        port.dynamicDefault = [](const QJsonObject &settings) {
            return QJsonValue(settings.value(QStringLiteral("engine")).toString() ==
                                      QStringLiteral("memcached")
                                  ? 11211
                                  : 6379);
        };
        cache.settings = {enumSetting(QStringLiteral("engine"),
                                      {QStringLiteral("redis"), QStringLiteral("memcached")},
                                      QStringLiteral("The cache server.")),
                          port};
    }
    specs.append(cache);

    KindSpec fw{Kind::Firewall,
                QStringLiteral("firewall"),
                QStringLiteral("Firewall"),
                QStringLiteral("Firewall"),
                QStringLiteral("fw"),
                true,
                QStringLiteral("A network firewall in the traffic path."),
                {}};
    fw.settings = {
        portListSetting(QStringLiteral("allow"), {80, 443}, QStringLiteral("Ports let through."))};
    specs.append(fw);

    KindSpec mon{Kind::Monitoring,
                 QStringLiteral("monitoring"),
                 QStringLiteral("Monitoring"),
                 QStringLiteral("Prometheus"),
                 QStringLiteral("mon"),
                 true,
                 QStringLiteral("Collects metrics from the hosts' agents."),
                 {}};
    mon.settings = {
        enumSetting(
            QStringLiteral("system"),
            {QStringLiteral("prometheus"), QStringLiteral("datadog"), QStringLiteral("sumologic")},
            QStringLiteral("The monitoring system.")),
        portSetting(QStringLiteral("port"), 9090, QStringLiteral("Port of the server.")),
    };
    specs.append(mon);

    return specs;
}

const QList<KindSpec> &specs()
{
    static const QList<KindSpec> all = buildSpecs();
    return all;
}

} // namespace

const KindSpec &kindSpec(Kind kind)
{
    return specs()[int(kind)];
}

const SettingSpec *findSetting(Kind kind, QStringView key)
{
    const KindSpec &spec = kindSpec(kind);
    const qsizetype dot = key.indexOf(u'.');
    const QStringView head = dot < 0 ? key : key.left(dot);
    for (const SettingSpec &s : spec.settings) {
        if (s.key != head)
            continue;
        if (dot < 0)
            return &s;
        const QStringView tail = key.mid(dot + 1);
        for (const SettingSpec &f : s.fields) {
            if (f.key == tail)
                return &f;
        }
        return nullptr;
    }
    return nullptr;
}

bool checkSettingValue(const SettingSpec &spec, const QJsonValue &value, QString *reason)
{
    auto fail = [reason](const QString &why) {
        if (reason)
            *reason = why;
        return false;
    };
    switch (spec.type) {
    case SettingType::Bool:
        if (!value.isBool())
            return fail(QStringLiteral("expected true or false"));
        return true;
    case SettingType::Int: {
        if (!value.isDouble())
            return fail(QStringLiteral("expected an integer"));
        const double d = value.toDouble();
        // Compared before any conversion: casting a huge double to an integer
        // is undefined.
        if (!std::isfinite(d) || d != std::floor(d))
            return fail(QStringLiteral("expected an integer"));
        if (d < spec.minimum || d > spec.maximum)
            return fail(QStringLiteral("expected an integer from %1 to %2")
                            .arg(spec.minimum)
                            .arg(spec.maximum));
        return true;
    }
    case SettingType::String: {
        if (!value.isString())
            return fail(QStringLiteral("expected a string"));
        const QString s = value.toString();
        if (s.isEmpty()) {
            if (spec.allowEmpty)
                return true;
            return fail(QStringLiteral("must not be empty"));
        }
        QString why;
        if (!matchesGrammar(spec.grammar, s, &why))
            return fail(QStringLiteral("not a valid %1: %2").arg(grammarName(spec.grammar), why));
        return true;
    }
    case SettingType::Enum:
        if (!value.isString() || !spec.allowed.contains(value.toString()))
            return fail(
                QStringLiteral("expected one of %1").arg(spec.allowed.join(QStringLiteral(", "))));
        return true;
    case SettingType::IntList: {
        if (!value.isArray())
            return fail(QStringLiteral("expected an array of ports"));
        const QJsonArray a = value.toArray();
        if (a.size() > 65535)
            return fail(QStringLiteral("too many ports"));
        for (const QJsonValue &v : a) {
            const double d = v.toDouble(-1);
            if (!v.isDouble() || d < 1 || d > 65535 || d != std::floor(d))
                return fail(QStringLiteral("expected ports from 1 to 65535"));
        }
        return true;
    }
    case SettingType::Object: {
        if (!value.isObject())
            return fail(QStringLiteral("expected an object"));
        const QJsonObject o = value.toObject();
        for (const SettingSpec &f : spec.fields) {
            if (!o.contains(f.key))
                continue;
            QString why;
            if (!checkSettingValue(f, o.value(f.key), &why))
                return fail(QStringLiteral("%1: %2").arg(f.key, why));
        }
        return true;
    }
    }
    return false;
}

QString defaultProtocolFor(Kind targetKind)
{
    switch (targetKind) {
    case Kind::Database:
        return QStringLiteral("mysql");
    case Kind::Cache:
        return QStringLiteral("redis");
    case Kind::Monitoring:
        return QStringLiteral("metrics");
    case Kind::Dns:
    case Kind::Internet:
        return QStringLiteral("tcp");
    case Kind::LoadBalancer:
    case Kind::WebServer:
    case Kind::AppServer:
    case Kind::Firewall:
        return QStringLiteral("http");
    }
    return QStringLiteral("tcp");
}

QStringList allProtocols()
{
    return {QStringLiteral("http"),   QStringLiteral("https"),       QStringLiteral("tcp"),
            QStringLiteral("mysql"),  QStringLiteral("replication"), QStringLiteral("redis"),
            QStringLiteral("metrics")};
}

} // namespace stackplan
