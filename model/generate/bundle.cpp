// The generators of the configuration bundle. Every value taken from the
// design passes its field's grammar in checkGeneratedFields() before any file
// is written; the writers below then only ever put grammar-checked ids,
// addresses, host names, domain names, paths and integers into the files.
// Labels and the design's name never reach a configuration file.
#include "generate/documents.h"

#include "core/designio.h"
#include "core/schema.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QSet>

#include <algorithm>
#include <functional>

namespace stackplan {

namespace {

QString q(const char *text)
{
    return QString::fromUtf8(text);
}

// ----------------------------------------------------------------------------
// Checking

class Checker
{
public:
    QList<GenerateError> errors;

    void check(const QString &element, const QString &field, Grammar grammar, const QString &value)
    {
        QString why;
        if (!matchesGrammar(grammar, value, &why))
            add(element, field,
                QStringLiteral("not a valid %1: %2").arg(grammarName(grammar), why));
    }
    void add(const QString &element, const QString &field, const QString &message)
    {
        errors.append({element, field, message});
    }
};

// The element's name in messages: its id when that id is safe to print,
// otherwise its place in the design.
QString elementName(const QString &id, const char *list, qsizetype index)
{
    if (matchesGrammar(Grammar::Id, id))
        return id;
    return QStringLiteral("%1[%2]").arg(QString::fromUtf8(list)).arg(index);
}

void checkSettings(Checker &checker, const QString &element, const Component &c)
{
    for (auto it = c.settings.constBegin(); it != c.settings.constEnd(); ++it) {
        const SettingSpec *spec = findSetting(c.kind, it.key());
        if (!spec)
            continue; // unknown settings are kept but never generated
        QString why;
        if (!checkSettingValue(*spec, it.value(), &why))
            checker.add(element, QStringLiteral("settings.") + it.key(), why);
    }
}

// ----------------------------------------------------------------------------
// What the generators share: the machines, their addresses, the links.

struct Context
{
    const Design &design;
    QStringList machines; // host ids, then ids of components on their own machine
    QHash<QString, QList<const Component *>> onMachine;
    QHash<QString, QList<const Link *>> incoming; // by target component id
    QHash<QString, QList<const Link *>> outgoing; // by source component id
    QHash<QString, int> serverIds;                // database component -> server-id
    QStringList clusters;                         // load balancer clusters with a vip
    QHash<QString, int> clusterIndex;             // cluster -> its index in clusters
    // Every load balancer by its cluster, in design order: looked up per
    // machine, so scanning the components there would be quadratic.
    QHash<QString, QList<const Component *>> clusterMembers;
    QList<const Component *> monitors;            // Prometheus servers, asked for once per machine
    QHash<QString, const Component *> primaryFor; // replica id -> its primary
    QHash<QString, QList<const Component *>> replicasFor; // primary id -> its replicas

    explicit Context(const Design &d)
        : design(d)
    {
        for (const Host &h : d.hosts)
            machines.append(h.id);
        for (const Component &c : d.components) {
            if (c.kind == Kind::Internet || c.kind == Kind::Dns)
                continue;
            if (c.host.isEmpty() || !d.host(c.host)) {
                machines.append(c.id);
                onMachine[c.id].append(&c);
            } else {
                onMachine[c.host].append(&c);
            }
        }
        for (const Link &l : d.links) {
            incoming[l.to].append(&l);
            outgoing[l.from].append(&l);
        }
        QSet<int> taken;
        for (const Component &c : d.components) {
            if (c.kind == Kind::Database && c.intSetting(u"server_id") > 0)
                taken.insert(c.intSetting(u"server_id"));
        }
        int next = 1;
        for (const Component &c : d.components) {
            if (c.kind != Kind::Database)
                continue;
            int id = c.intSetting(u"server_id");
            if (id <= 0) {
                while (taken.contains(next))
                    ++next;
                id = next;
                taken.insert(id);
            }
            serverIds.insert(c.id, id);
        }
        computeReplication();
        for (const Component &c : d.components) {
            if (c.kind == Kind::Monitoring &&
                c.stringSetting(u"system") == QStringLiteral("prometheus"))
                monitors.append(&c);
        }
        for (const Component &c : d.components) {
            if (c.kind != Kind::LoadBalancer)
                continue;
            const QString cluster = c.stringSetting(u"cluster");
            clusterMembers[cluster].append(&c);
            if (!cluster.isEmpty() && !c.stringSetting(u"vip").isEmpty() &&
                !clusterIndex.contains(cluster)) {
                clusterIndex.insert(cluster, int(clusters.size()));
                clusters.append(cluster);
            }
        }
    }

    // The primary a replica copies: the source of its replication link, else
    // the design's first primary of the same engine.
    void computeReplication()
    {
        const Component *firstPrimary[2] = {nullptr, nullptr};
        for (const Component &c : design.components) {
            if (c.kind != Kind::Database || c.stringSetting(u"role") == QStringLiteral("replica"))
                continue;
            const int engine = c.stringSetting(u"engine") == QStringLiteral("mariadb") ? 1 : 0;
            if (!firstPrimary[engine])
                firstPrimary[engine] = &c;
        }
        for (const Component &c : design.components) {
            if (c.kind != Kind::Database || c.stringSetting(u"role") != QStringLiteral("replica"))
                continue;
            const Component *primary = nullptr;
            for (const Link *l : incoming.value(c.id)) {
                const Component *from = design.component(l->from);
                if (from && from->kind == Kind::Database &&
                    from->stringSetting(u"role") != QStringLiteral("replica") &&
                    design.effectiveProtocol(*l) == QStringLiteral("replication")) {
                    primary = from;
                    break;
                }
            }
            if (!primary)
                primary =
                    firstPrimary[c.stringSetting(u"engine") == QStringLiteral("mariadb") ? 1 : 0];
            if (primary) {
                primaryFor.insert(c.id, primary);
                replicasFor[primary->id].append(&c);
            }
        }
    }

    QString machineOf(const Component &c) const
    {
        return c.host.isEmpty() || !design.host(c.host) ? c.id : c.host;
    }
    // The address other machines reach the component at: the host's address,
    // else its host name (resolved by DNS), else the component's id as the
    // name of its own machine.
    QString addressOf(const Component &c) const
    {
        if (const Host *h = design.hostOf(c))
            return h->address.isEmpty() ? h->effectiveHostname() : h->address;
        return c.id;
    }
    bool hasAddress(const Component &c) const
    {
        const Host *h = design.hostOf(c);
        return h && !h->address.isEmpty();
    }
    QString machineAddress(const QString &machine) const
    {
        if (const Host *h = design.host(machine))
            return h->address.isEmpty() ? h->effectiveHostname() : h->address;
        return machine;
    }
    QString domain() const { return design.domain.isEmpty() ? DefaultDomain : design.domain; }
    QList<const Component *> targets(const Component &c, Kind kind) const
    {
        QList<const Component *> out;
        for (const Link *l : outgoing.value(c.id)) {
            const Component *t = design.component(l->to);
            if (t && t->kind == kind && !out.contains(t))
                out.append(t);
        }
        return out;
    }
    int linkPort(const Component &from, const Component &to) const
    {
        for (const Link *l : outgoing.value(from.id)) {
            if (l->to == to.id)
                return design.effectivePort(*l);
        }
        return servicePort(to);
    }
};

bool isIpv6(const QString &address)
{
    return address.contains(u':');
}

// "203.0.113.10:80", "[2001:db8::1]:80"
QString hostPort(const QString &address, int port)
{
    return (isIpv6(address) ? u'[' + address + u']' : address) + u':' + QString::number(port);
}

QString header(const QString &commentPrefix, const QString &what)
{
    return QStringLiteral("%1 %2\n%1 Generated by Stackplan from the design; edit the design and "
                          "generate again\n%1 rather than editing this file.\n\n")
        .arg(commentPrefix, what);
}

// ----------------------------------------------------------------------------
// HAProxy

QString tierName(Kind kind)
{
    return kindName(kind) + u's';
}

QString haproxyFor(const Context &ctx, const QString &machine, const QList<const Component *> &lbs)
{
    QString out = header(
        QStringLiteral("#"),
        QStringLiteral("HAProxy configuration of %1 (/etc/haproxy/haproxy.cfg).").arg(machine));
    out += q("global\n"
             "    log /dev/log local0\n"
             "    # Modest, so HAProxy starts under the default file-descriptor limit.\n"
             "    maxconn 4096\n"
             "    user haproxy\n"
             "    group haproxy\n"
             "    ssl-default-bind-options ssl-min-ver TLSv1.2\n"
             "\n"
             "defaults\n"
             "    log global\n"
             "    option dontlognull\n"
             "    timeout connect 3s\n"
             "    timeout client 30s\n"
             "    timeout server 30s\n"
             "    # A failed server costs no client request: retry elsewhere.\n"
             "    retries 3\n"
             "    option redispatch 1\n");
    for (const Component *lb : lbs) {
        const bool http = lb->stringSetting(u"mode") == QStringLiteral("http");
        const bool tls = lb->boolSetting(u"tls");
        const QString id = lb->id;
        const bool sharesVip = !lb->stringSetting(u"vip").isEmpty();
        // With a vip the address moves between members: listen on every address.
        const QString bindAddress =
            sharesVip || !ctx.hasAddress(*lb) ? QString() : ctx.addressOf(*lb);
        const QString certificate =
            lb->stringSetting(u"certificate").isEmpty()
                ? QStringLiteral("/etc/haproxy/certs/%1.pem").arg(ctx.domain())
                : lb->stringSetting(u"certificate");
        // Backends: one per tier (kind of target) the load balancer feeds.
        QList<Kind> tiers;
        QHash<int, QList<const Component *>> servers;
        for (const Link *l : ctx.outgoing.value(id)) {
            const Component *t = ctx.design.component(l->to);
            if (!t || t->kind == Kind::Monitoring)
                continue;
            if (!tiers.contains(t->kind))
                tiers.append(t->kind);
            if (!servers[int(t->kind)].contains(t))
                servers[int(t->kind)].append(t);
        }
        out += QStringLiteral("\nfrontend %1\n").arg(id);
        out += QStringLiteral("    mode %1\n").arg(http ? q("http") : q("tcp"));
        out += http ? q("    option httplog\n    option forwardfor\n") : q("    option tcplog\n");
        out += QStringLiteral("    bind %1\n")
                   .arg(hostPort(bindAddress, lb->intSetting(u"http_port")));
        if (tls)
            out += QStringLiteral("    bind %1 ssl crt %2\n")
                       .arg(hostPort(bindAddress, lb->intSetting(u"https_port")), certificate);
        if (http) {
            out += q("    timeout http-request 10s\n");
            // Always set, so a client can never choose the scheme the servers see.
            out += q("    http-request set-header X-Forwarded-Proto https if { ssl_fc }\n"
                     "    http-request set-header X-Forwarded-Proto http if !{ ssl_fc }\n");
            if (tls) {
                if (lb->boolSetting(u"redirect_http"))
                    out += q("    http-request redirect scheme https code 301 unless { ssl_fc }\n");
                if (lb->boolSetting(u"hsts"))
                    out += q("    http-response set-header Strict-Transport-Security "
                             "\"max-age=63072000; includeSubDomains\" if { ssl_fc }\n");
            }
        }
        if (!tiers.isEmpty())
            out += QStringLiteral("    default_backend %1-%2\n").arg(id, tierName(tiers.front()));
        for (Kind tier : tiers) {
            out += QStringLiteral("\nbackend %1-%2\n").arg(id, tierName(tier));
            out += QStringLiteral("    mode %1\n").arg(http ? q("http") : q("tcp"));
            out += QStringLiteral("    balance %1\n").arg(lb->stringSetting(u"algorithm"));
            if (http) {
                out += q("    retry-on conn-failure empty-response response-timeout\n");
                out += q("    option httpchk\n");
                out +=
                    QStringLiteral("    http-check send meth GET uri %1 ver HTTP/1.1 hdr Host %2\n")
                        .arg(lb->stringSetting(u"health_check.path"), ctx.domain());
                out += q("    http-check expect status 200-399\n");
            }
            const bool sticky = lb->boolSetting(u"sticky") && http;
            if (sticky)
                out += QStringLiteral("    cookie SERVERID insert indirect nocache httponly%1\n")
                           .arg(tls ? q(" secure") : QString());
            out += QStringLiteral("    default-server inter %1ms rise %2 fall %3\n")
                       .arg(lb->intSetting(u"health_check.interval_ms"))
                       .arg(lb->intSetting(u"health_check.rise"))
                       .arg(lb->intSetting(u"health_check.fall"));
            for (const Component *s : servers.value(int(tier))) {
                // A web server that terminates TLS itself is reached over TLS,
                // its certificate checked against its name.
                const bool tlsServer = s->kind == Kind::WebServer && s->boolSetting(u"tls");
                const int port = tlsServer ? s->intSetting(u"https_port") : ctx.linkPort(*lb, *s);
                out += QStringLiteral("    server %1 %2 check")
                           .arg(s->id, hostPort(ctx.addressOf(*s), port));
                if (tlsServer) {
                    const QString name = s->stringSetting(u"server_name").isEmpty()
                                             ? ctx.domain()
                                             : s->stringSetting(u"server_name");
                    out += QStringLiteral(" ssl verify required ca-file @system-ca sni str(%1) "
                                          "verifyhost %1")
                               .arg(name);
                }
                if (sticky)
                    out += QStringLiteral(" cookie %1").arg(s->id);
                // A host name resolved at start; HAProxy starts even before DNS knows it.
                if (!ctx.hasAddress(*s))
                    out += q(" init-addr last,libc,none");
                out += u'\n';
            }
        }
        if (lb->boolSetting(u"stats")) {
            out += QStringLiteral("\nfrontend %1-stats\n").arg(id);
            out += q("    mode http\n");
            out += QStringLiteral("    bind %1\n")
                       .arg(hostPort(ctx.hasAddress(*lb) ? ctx.addressOf(*lb) : QString(),
                                     lb->intSetting(u"stats_port")));
            out += q("    http-request use-service prometheus-exporter if { path /metrics }\n"
                     "    stats enable\n"
                     "    stats uri /stats\n"
                     "    stats refresh 10s\n"
                     "    no log\n");
        }
    }
    return out;
}

// ----------------------------------------------------------------------------
// Nginx

QString nginxHeaders(bool securityHeaders, bool hsts, const QString &indent)
{
    if (!securityHeaders)
        return {};
    // Repeated in every location: a location with an add_header of its own
    // would otherwise drop the server's.
    QString out;
    out += indent + q("add_header X-Frame-Options \"SAMEORIGIN\" always;\n");
    out += indent + q("add_header X-Content-Type-Options \"nosniff\" always;\n");
    out += indent + q("add_header Referrer-Policy \"strict-origin-when-cross-origin\" always;\n");
    out += indent + q("add_header Content-Security-Policy \"frame-ancestors 'self'\" always;\n");
    if (hsts)
        out += indent +
               q("add_header Strict-Transport-Security \"max-age=63072000; includeSubDomains\" "
                 "always;\n");
    return out;
}

QString nginxFor(const Context &ctx, const Component &web)
{
    const QString serverName = web.stringSetting(u"server_name").isEmpty()
                                   ? ctx.domain()
                                   : web.stringSetting(u"server_name");
    const QString root = web.stringSetting(u"root").isEmpty()
                             ? QStringLiteral("/var/www/%1").arg(ctx.domain())
                             : web.stringSetting(u"root");
    const bool tls = web.boolSetting(u"tls");
    const bool headers = web.boolSetting(u"security_headers");
    const QString certificate = web.stringSetting(u"certificate").isEmpty()
                                    ? QStringLiteral("/etc/ssl/certs/%1.pem").arg(ctx.domain())
                                    : web.stringSetting(u"certificate");
    const QString key = web.stringSetting(u"certificate").isEmpty()
                            ? QStringLiteral("/etc/ssl/private/%1.key").arg(ctx.domain())
                            : web.stringSetting(u"certificate");
    const QList<const Component *> apps = ctx.targets(web, Kind::AppServer);
    bool fastcgi = false;
    for (const Component *a : apps)
        fastcgi = fastcgi || a->stringSetting(u"runtime") == QStringLiteral("php-fpm");
    const QString upstream = web.id + QStringLiteral("-app");
    const QString listenHost = ctx.hasAddress(web) ? ctx.addressOf(web) : QString();
    auto listen = [&](int port, bool ssl) {
        return QStringLiteral("    listen %1%2;\n")
            .arg(listenHost.isEmpty() ? QString::number(port) : hostPort(listenHost, port),
                 ssl ? q(" ssl") : QString());
    };

    // Behind load balancers: the client's address and scheme come from their
    // headers, trusted from their addresses only.
    QStringList balancers;
    for (const Link *l : ctx.incoming.value(web.id)) {
        const Component *from = ctx.design.component(l->from);
        if (from && from->kind == Kind::LoadBalancer &&
            from->stringSetting(u"mode") == QStringLiteral("http")) {
            const QString address = ctx.addressOf(*from);
            if (ctx.hasAddress(*from) && !balancers.contains(address))
                balancers.append(address);
        }
    }
    const QString protoVariable =
        QStringLiteral("$stackplan_proto_") + QString(web.id).replace(u'-', u'_');

    QString out = header(
        QStringLiteral("#"),
        QStringLiteral("Nginx site of %1 for %2 (/etc/nginx/conf.d/).").arg(web.id, serverName));
    if (!balancers.isEmpty())
        out += QStringLiteral("map $http_x_forwarded_proto %1 {\n"
                              "    default $http_x_forwarded_proto;\n"
                              "    \"\" $scheme;\n"
                              "}\n\n")
                   .arg(protoVariable);
    if (!apps.isEmpty()) {
        out += QStringLiteral("upstream %1 {\n").arg(upstream);
        for (const Component *a : apps)
            out += QStringLiteral("    server %1 max_fails=3 fail_timeout=10s;\n")
                       .arg(hostPort(ctx.addressOf(*a), ctx.linkPort(web, *a)));
        if (!fastcgi)
            out += q("    keepalive 16;\n");
        out += q("}\n\n");
    }
    if (tls) {
        out += q("server {\n");
        out += listen(web.intSetting(u"port"), false);
        out += QStringLiteral("    server_name %1;\n").arg(serverName);
        out += q("    return 301 https://$host$request_uri;\n}\n\n");
    }
    out += q("server {\n");
    out +=
        tls ? listen(web.intSetting(u"https_port"), true) : listen(web.intSetting(u"port"), false);
    out += QStringLiteral("    server_name %1;\n").arg(serverName);
    out += QStringLiteral("    root %1;\n").arg(root);
    out += q("    server_tokens off;\n");
    out += q("    client_max_body_size 16m;\n");
    for (const QString &b : balancers)
        out += QStringLiteral("    set_real_ip_from %1;\n").arg(b);
    if (!balancers.isEmpty())
        out += q("    real_ip_header X-Forwarded-For;\n");
    if (tls) {
        out += QStringLiteral("    ssl_certificate %1;\n").arg(certificate);
        out += QStringLiteral("    ssl_certificate_key %1;\n").arg(key);
        out += q("    ssl_protocols TLSv1.2 TLSv1.3;\n");
        out += q("    ssl_session_cache shared:SSL:10m;\n");
    }
    if (web.boolSetting(u"gzip")) {
        out += q("    gzip on;\n"
                 "    gzip_vary on;\n"
                 "    gzip_proxied any;\n"
                 "    gzip_min_length 1024;\n"
                 "    gzip_types text/plain text/css application/javascript application/json "
                 "image/svg+xml application/xml;\n");
    }
    out += nginxHeaders(headers, tls, QStringLiteral("    "));
    const QString inner = QStringLiteral("        ");
    out += q("\n    location /static/ {\n");
    out += nginxHeaders(headers, tls, inner);
    out += q("        expires 7d;\n        try_files $uri =404;\n    }\n");
    if (apps.isEmpty()) {
        out += q("\n    location / {\n");
        out += nginxHeaders(headers, tls, inner);
        out += q("        try_files $uri $uri/ =404;\n    }\n");
    } else if (fastcgi) {
        const Component *php = apps.front();
        const QString codebase = php->stringSetting(u"codebase").isEmpty()
                                     ? QStringLiteral("/var/www/%1/app").arg(ctx.domain())
                                     : php->stringSetting(u"codebase");
        out += q("\n    location / {\n");
        out += nginxHeaders(headers, tls, inner);
        out += q("        try_files $uri $uri/ /index.php$is_args$args;\n    }\n");
        out += q("\n    location ~ \\.php$ {\n");
        out += nginxHeaders(headers, tls, inner);
        out += q("        include fastcgi_params;\n");
        out += QStringLiteral("        fastcgi_param SCRIPT_FILENAME %1$fastcgi_script_name;\n")
                   .arg(codebase);
        out += QStringLiteral("        fastcgi_pass %1;\n    }\n").arg(upstream);
    } else {
        out += q("\n    location / {\n");
        out += nginxHeaders(headers, tls, inner);
        out += QStringLiteral("        proxy_pass http://%1;\n").arg(upstream);
        out += q("        proxy_http_version 1.1;\n"
                 "        proxy_set_header Connection \"\";\n"
                 "        proxy_set_header Host $host;\n"
                 "        proxy_set_header X-Real-IP $remote_addr;\n"
                 "        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n"
                 "        proxy_next_upstream error timeout http_502 http_503;\n"
                 "        proxy_connect_timeout 3s;\n");
        out += QStringLiteral("        proxy_set_header X-Forwarded-Proto %1;\n    }\n")
                   .arg(balancers.isEmpty() ? q("$scheme") : protoVariable);
    }
    out += q("}\n");
    return out;
}

// ----------------------------------------------------------------------------
// MySQL / MariaDB

bool isMariaDb(const Component &db)
{
    return db.stringSetting(u"engine") == QStringLiteral("mariadb");
}
bool isReplica(const Component &db)
{
    return db.stringSetting(u"role") == QStringLiteral("replica");
}

const Component *primaryOf(const Context &ctx, const Component &replica)
{
    return ctx.primaryFor.value(replica.id);
}

QList<const Component *> replicasOf(const Context &ctx, const Component &primary)
{
    return ctx.replicasFor.value(primary.id);
}

QString mysqlConfigFor(const Context &ctx, const Component &db)
{
    const bool maria = isMariaDb(db);
    const bool replica = isReplica(db);
    QString out =
        header(QStringLiteral("#"), QStringLiteral("%1 %2 %3 (/etc/mysql/conf.d/).")
                                        .arg(maria ? q("MariaDB") : q("MySQL"),
                                             replica ? q("replica") : q("primary"), db.id));
    out += q("[mysqld]\n");
    out += QStringLiteral("server-id = %1\n").arg(ctx.serverIds.value(db.id));
    if (ctx.hasAddress(db))
        out += QStringLiteral("bind-address = %1\n").arg(ctx.addressOf(db));
    out += QStringLiteral("port = %1\n").arg(db.intSetting(u"port"));
    out += q("log_bin = mysql-bin\n"
             "binlog_format = ROW\n");
    if (maria) {
        out += q("log_slave_updates = ON\n"
                 "gtid_strict_mode = ON\n");
    } else {
        out += q("log_replica_updates = ON\n"
                 "gtid_mode = ON\n"
                 "enforce_gtid_consistency = ON\n");
    }
    if (replica) {
        out += q("relay_log = relay-bin\n"
                 "read_only = ON\n");
        if (!maria)
            out += q("super_read_only = ON\n");
    }
    if (db.boolSetting(u"tls"))
        out += q("# Clients must use TLS: the server's certificate and key go here.\n"
                 "ssl_ca = /etc/mysql/certs/ca.pem\n"
                 "ssl_cert = /etc/mysql/certs/server-cert.pem\n"
                 "ssl_key = /etc/mysql/certs/server-key.pem\n"
                 "require_secure_transport = ON\n");
    return out;
}

// SQL string literal of a grammar-checked value (ids and addresses hold no quote).
QString sqlString(const QString &value)
{
    return u'\'' + value + u'\'';
}

const QString ReplicationUser = QStringLiteral("replication");

QString replicationSqlFor(const Context &ctx, const Component &db)
{
    const bool maria = isMariaDb(db);
    const QString client = maria ? q("mariadb") : q("mysql");
    QString out =
        header(QStringLiteral("--"), QStringLiteral("Replication set-up of %1 (%2).")
                                         .arg(db.id, isReplica(db) ? q("replica") : q("primary")));
    out +=
        QStringLiteral("-- The replication password is never written here. Supply it when you run\n"
                       "-- this file, for example:\n"
                       "--   read -rs REPLICATION_PASSWORD\n"
                       "--   { printf \"SET %1 = '%s';\\n\" \"$REPLICATION_PASSWORD\"; "
                       "cat replication.sql; } | %2\n"
                       "-- (double any single quote in the password). Without it every statement\n"
                       "-- that needs it fails and nothing is changed.\n\n")
            .arg(ReplicationPasswordVariable, client);
    if (!isReplica(db)) {
        const QList<const Component *> replicas = replicasOf(ctx, db);
        if (replicas.isEmpty())
            out += q("-- No replica copies this primary in the design.\n");
        for (const Component *r : replicas) {
            const QString account =
                sqlString(ReplicationUser) + u'@' + sqlString(ctx.addressOf(*r));
            out += QStringLiteral("-- The account %1 uses, limited to its address.\n").arg(r->id);
            const QString create =
                QStringLiteral("CREATE USER IF NOT EXISTS %1 IDENTIFIED BY ").arg(account);
            out += QStringLiteral("SET @stackplan_sql = CONCAT(%1, QUOTE(%2));\n")
                       .arg(sqlString(QString(create).replace(u'\'', QStringLiteral("''"))),
                            ReplicationPasswordVariable);
            out += q("PREPARE stackplan_stmt FROM @stackplan_sql;\n"
                     "EXECUTE stackplan_stmt;\n"
                     "DEALLOCATE PREPARE stackplan_stmt;\n");
            out += QStringLiteral("GRANT REPLICATION SLAVE ON *.* TO %1;\n\n").arg(account);
        }
        return out;
    }
    const Component *primary = primaryOf(ctx, db);
    if (!primary) {
        out += q("-- This replica has no primary in the design; nothing to set up.\n");
        return out;
    }
    const QString primaryAddress = ctx.addressOf(*primary);
    const int primaryPort = primary->intSetting(u"port");
    // A primary that requires TLS is reached over TLS.
    const bool primaryTls = primary->boolSetting(u"tls");
    out += QStringLiteral("-- Copies %1 at %2, using GTID auto-positioning.\n")
               .arg(primary->id, hostPort(primaryAddress, primaryPort));
    QString change;
    if (maria) {
        out += q("STOP SLAVE;\n");
        change = QStringLiteral("CHANGE MASTER TO MASTER_HOST = %1, MASTER_PORT = %2, "
                                "MASTER_USER = %3, MASTER_USE_GTID = slave_pos, "
                                "MASTER_CONNECT_RETRY = 5, %4MASTER_PASSWORD = ")
                     .arg(sqlString(primaryAddress))
                     .arg(primaryPort)
                     .arg(sqlString(ReplicationUser))
                     .arg(primaryTls ? q("MASTER_SSL = 1, ") : QString());
    } else {
        out += q("STOP REPLICA;\n");
        change = QStringLiteral("CHANGE REPLICATION SOURCE TO SOURCE_HOST = %1, SOURCE_PORT = %2, "
                                "SOURCE_USER = %3, SOURCE_AUTO_POSITION = 1, "
                                "GET_SOURCE_PUBLIC_KEY = 1, SOURCE_CONNECT_RETRY = 5, "
                                "%4SOURCE_PASSWORD = ")
                     .arg(sqlString(primaryAddress))
                     .arg(primaryPort)
                     .arg(sqlString(ReplicationUser))
                     .arg(primaryTls ? q("SOURCE_SSL = 1, ") : QString());
    }
    out += QStringLiteral("SET @stackplan_sql = CONCAT(%1, QUOTE(%2));\n")
               .arg(sqlString(change.replace(u'\'', QStringLiteral("''"))),
                    ReplicationPasswordVariable);
    out += q("PREPARE stackplan_stmt FROM @stackplan_sql;\n"
             "EXECUTE stackplan_stmt;\n"
             "DEALLOCATE PREPARE stackplan_stmt;\n");
    out += maria ? q("START SLAVE;\n") : q("START REPLICA;\n");
    return out;
}

// ----------------------------------------------------------------------------
// Monitoring ports the generated files expect on monitored hosts.

constexpr int NodeExporterPort = 9100;
constexpr int MysqldExporterPort = 9104;

const QList<const Component *> &monitoringServers(const Context &ctx)
{
    return ctx.monitors;
}

// ----------------------------------------------------------------------------
// nftables

struct PortRule
{
    int port = 0;
    bool anywhere = false;
    QStringList sources; // addresses or host names
    QString why;         // fixed text naming ids only
    QSet<QString> seen;  // sources, for lookups: a host may hear from every monitoring server
};

QString firewallFor(const Context &ctx, const Host &host)
{
    QList<PortRule> rules;
    auto rule = [&](int port) -> PortRule & {
        for (PortRule &r : rules) {
            if (r.port == port)
                return r;
        }
        rules.append(PortRule{port, false, {}, {}, {}});
        return rules.back();
    };
    auto allowFrom = [&](int port, const QString &source, const QString &why) {
        PortRule &r = rule(port);
        if (!r.seen.contains(source)) {
            r.seen.insert(source);
            r.sources.append(source);
        }
        if (r.why.isEmpty())
            r.why = why;
    };
    const QList<const Component *> here = ctx.onMachine.value(host.id);
    for (const Component *c : here) {
        for (const Link *l : ctx.incoming.value(c->id)) {
            const Component *from = ctx.design.component(l->from);
            if (!from)
                continue;
            const int port = ctx.design.effectivePort(*l);
            if (port <= 0)
                continue;
            if (from->kind == Kind::Internet) {
                PortRule &r = rule(port);
                r.anywhere = true;
                r.why = c->id;
                // HTTPS users also need the plain port for the redirect, and the reverse.
                if (c->kind == Kind::LoadBalancer && c->boolSetting(u"tls")) {
                    rule(c->intSetting(u"http_port")).anywhere = true;
                    rule(c->intSetting(u"https_port")).anywhere = true;
                }
                continue;
            }
            if (from->kind == Kind::Dns)
                continue;
            if (ctx.machineOf(*from) == host.id)
                continue; // loopback traffic on the same machine
            if (ctx.design.effectiveProtocol(*l) == QStringLiteral("replication"))
                continue; // the replica connects to the primary: below
            allowFrom(port, ctx.addressOf(*from), c->id);
        }
        // Replicas connect to their primary's port.
        if (c->kind == Kind::Database && !isReplica(*c)) {
            for (const Component *r : replicasOf(ctx, *c)) {
                if (ctx.machineOf(*r) != host.id)
                    allowFrom(c->intSetting(u"port"), ctx.addressOf(*r), c->id);
            }
        }
    }
    const QList<const Component *> &monitors = monitoringServers(ctx);
    for (const Component *m : monitors) {
        if (ctx.machineOf(*m) == host.id)
            continue;
        const QString source = ctx.addressOf(*m);
        if (host.monitoring)
            allowFrom(NodeExporterPort, source, QStringLiteral("node_exporter"));
        for (const Component *c : here) {
            if (c->kind == Kind::LoadBalancer && c->boolSetting(u"stats"))
                allowFrom(c->intSetting(u"stats_port"), source, QStringLiteral("haproxy-stats"));
            if (c->kind == Kind::Database && host.monitoring)
                allowFrom(MysqldExporterPort, source, QStringLiteral("mysqld_exporter"));
        }
    }
    for (int port : host.firewallAllow)
        rule(port).anywhere = true;
    // VRRP between the members of a load balancer cluster.
    QStringList vrrpPeers;
    for (const Component *c : here) {
        if (c->kind != Kind::LoadBalancer ||
            !ctx.clusterIndex.contains(c->stringSetting(u"cluster")))
            continue;
        for (const Component *other : ctx.clusterMembers.value(c->stringSetting(u"cluster"))) {
            if (other != c && ctx.machineOf(*other) != host.id &&
                !vrrpPeers.contains(ctx.addressOf(*other)))
                vrrpPeers.append(ctx.addressOf(*other));
        }
    }
    std::sort(rules.begin(), rules.end(),
              [](const PortRule &a, const PortRule &b) { return a.port < b.port; });

    QString out = QStringLiteral("#!/usr/sbin/nft -f\n");
    out += header(QStringLiteral("#"),
                  QStringLiteral("nftables rules of %1 (/etc/nftables.conf).").arg(host.id));
    out += q("flush ruleset\n\n"
             "table inet filter {\n"
             "    chain input {\n"
             "        type filter hook input priority filter; policy drop;\n"
             "        iif \"lo\" accept\n"
             "        ct state established,related accept\n"
             "        ct state invalid drop\n"
             "        meta l4proto { icmp, ipv6-icmp } accept\n"
             "        # SSH stays open so the machine can still be managed.\n"
             "        tcp dport 22 accept\n");
    auto sourceRules = [&](const QStringList &sources, const QString &match) {
        QStringList v4;
        QStringList v6;
        for (const QString &s : sources)
            (isIpv6(s) ? v6 : v4).append(s);
        QString r;
        if (!v4.isEmpty())
            r += QStringLiteral("        ip saddr { %1 } %2 accept\n").arg(v4.join(q(", ")), match);
        if (!v6.isEmpty())
            r +=
                QStringLiteral("        ip6 saddr { %1 } %2 accept\n").arg(v6.join(q(", ")), match);
        return r;
    };
    for (const PortRule &r : rules) {
        if (r.port == 22)
            continue;
        if (!r.why.isEmpty())
            out += QStringLiteral("        # %1\n").arg(r.why);
        if (r.anywhere)
            out += QStringLiteral("        tcp dport %1 accept\n").arg(r.port);
        else
            out += sourceRules(r.sources, QStringLiteral("tcp dport %1").arg(r.port));
    }
    if (!vrrpPeers.isEmpty()) {
        out += q("        # VRRP between the load balancer cluster's members\n");
        out += sourceRules(vrrpPeers, QStringLiteral("ip protocol vrrp"));
    }
    out += q("    }\n\n"
             "    chain forward {\n"
             "        type filter hook forward priority filter; policy drop;\n"
             "    }\n\n"
             "    chain output {\n"
             "        type filter hook output priority filter; policy accept;\n"
             "    }\n"
             "}\n");
    return out;
}

// ----------------------------------------------------------------------------
// keepalived

QString keepalivedFor(const Context &ctx, const QString &machine,
                      const QList<const Component *> &lbs)
{
    QString out = header(
        QStringLiteral("#"),
        QStringLiteral("keepalived VRRP of %1 (/etc/keepalived/keepalived.conf).").arg(machine));
    out += QStringLiteral("global_defs {\n"
                          "    router_id %1\n"
                          "    enable_script_security\n"
                          "    script_user root\n"
                          "}\n\n"
                          "vrrp_script chk_haproxy {\n"
                          "    script \"/bin/pidof haproxy\"\n"
                          "    interval 2\n"
                          "    fall 2\n"
                          "    rise 2\n"
                          "}\n")
               .arg(machine);
    for (const Component *lb : lbs) {
        const QString cluster = lb->stringSetting(u"cluster");
        const QList<const Component *> members = ctx.clusterMembers.value(cluster);
        const qsizetype rank = members.indexOf(lb);
        const int priority = std::max(1, 150 - 10 * int(rank));
        out += QStringLiteral("\nvrrp_instance %1 {\n").arg(cluster);
        out += QStringLiteral("    state %1\n").arg(rank == 0 ? q("MASTER") : q("BACKUP"));
        out += q("    # The network interface that carries the virtual IP: check it.\n"
                 "    interface eth0\n");
        out += QStringLiteral("    virtual_router_id %1\n")
                   .arg(50 + ctx.clusterIndex.value(cluster, -1) % 200 + 1);
        out += QStringLiteral("    priority %1\n").arg(priority);
        out += q("    advert_int 1\n");
        if (ctx.hasAddress(*lb)) {
            out += QStringLiteral("    unicast_src_ip %1\n").arg(ctx.addressOf(*lb));
            out += q("    unicast_peer {\n");
            for (const Component *m : members) {
                if (m != lb)
                    out += QStringLiteral("        %1\n").arg(ctx.addressOf(*m));
            }
            out += q("    }\n");
        }
        out += QStringLiteral("    virtual_ipaddress {\n        %1\n    }\n")
                   .arg(lb->stringSetting(u"vip"));
        out += q("    track_script {\n        chk_haproxy\n    }\n}\n");
    }
    return out;
}

// ----------------------------------------------------------------------------
// Prometheus

QString yamlString(const QString &value)
{
    return u'\'' + value + u'\'';
}

QString prometheusFor(const Context &ctx)
{
    QString out =
        header(QStringLiteral("#"),
               QStringLiteral("Prometheus scrape configuration (/etc/prometheus/prometheus.yml)."));
    out += q("global:\n"
             "  scrape_interval: 15s\n"
             "  evaluation_interval: 15s\n\n"
             "scrape_configs:\n");
    auto job = [&](const QString &name, const QList<QPair<QString, QString>> &targets,
                   const QString &path) {
        if (targets.isEmpty())
            return;
        out += QStringLiteral("  - job_name: %1\n").arg(yamlString(name));
        if (!path.isEmpty())
            out += QStringLiteral("    metrics_path: %1\n").arg(yamlString(path));
        out += q("    static_configs:\n");
        for (const auto &[target, instance] : targets)
            out += QStringLiteral("      - targets: [%1]\n        labels:\n          host: %2\n")
                       .arg(yamlString(target), yamlString(instance));
    };
    QList<QPair<QString, QString>> self;
    for (const Component *m : monitoringServers(ctx))
        self.append({hostPort(ctx.addressOf(*m), m->intSetting(u"port")), ctx.machineOf(*m)});
    job(QStringLiteral("prometheus"), self, QString());
    QList<QPair<QString, QString>> nodes;
    for (const Host &h : ctx.design.hosts) {
        if (h.monitoring)
            nodes.append({hostPort(ctx.machineAddress(h.id), NodeExporterPort), h.id});
    }
    job(QStringLiteral("node"), nodes, QString());
    QList<QPair<QString, QString>> haproxy;
    QList<QPair<QString, QString>> mysqld;
    for (const Component &c : ctx.design.components) {
        if (c.kind == Kind::LoadBalancer && c.boolSetting(u"stats"))
            haproxy.append(
                {hostPort(ctx.addressOf(c), c.intSetting(u"stats_port")), ctx.machineOf(c)});
        if (c.kind == Kind::Database)
            mysqld.append({hostPort(ctx.addressOf(c), MysqldExporterPort), ctx.machineOf(c)});
    }
    job(QStringLiteral("haproxy"), haproxy, QStringLiteral("/metrics"));
    job(QStringLiteral("mysqld"), mysqld, QString());
    return out;
}

bool wantsPrometheus(const Context &ctx)
{
    if (!monitoringServers(ctx).isEmpty())
        return true;
    for (const Host &h : ctx.design.hosts) {
        if (h.monitoring)
            return true;
    }
    return false;
}

// ----------------------------------------------------------------------------

bool wanted(const BundleOptions &options, BundlePart part)
{
    return options.only.isEmpty() || options.only.contains(part);
}

QString nginxFileName(const Context &ctx, const Component &web,
                      const QList<const Component *> &here)
{
    const QString name = web.stringSetting(u"server_name").isEmpty()
                             ? ctx.domain()
                             : web.stringSetting(u"server_name");
    int same = 0;
    for (const Component *c : here) {
        if (c->kind == Kind::WebServer &&
            (c->stringSetting(u"server_name").isEmpty() ? ctx.domain()
                                                        : c->stringSetting(u"server_name")) == name)
            ++same;
    }
    return same > 1 ? QStringLiteral("%1-%2.conf").arg(name, web.id)
                    : name + QStringLiteral(".conf");
}

void machineFiles(const Context &ctx, const QString &machine, const BundleOptions &options,
                  QList<GeneratedFile> &files)
{
    const QString base = QStringLiteral("hosts/%1/").arg(machine);
    const QList<const Component *> here = ctx.onMachine.value(machine);
    QList<const Component *> lbs;
    QList<const Component *> vrrp;
    QList<const Component *> dbs;
    for (const Component *c : here) {
        if (c->kind == Kind::LoadBalancer) {
            lbs.append(c);
            if (ctx.clusterIndex.contains(c->stringSetting(u"cluster")))
                vrrp.append(c);
        }
        if (c->kind == Kind::Database)
            dbs.append(c);
    }
    if (!lbs.isEmpty() && wanted(options, BundlePart::HAProxy))
        files.append({base + QStringLiteral("etc/haproxy/haproxy.cfg"),
                      haproxyFor(ctx, machine, lbs).toUtf8()});
    if (!vrrp.isEmpty() && wanted(options, BundlePart::Keepalived))
        files.append({base + QStringLiteral("etc/keepalived/keepalived.conf"),
                      keepalivedFor(ctx, machine, vrrp).toUtf8()});
    if (wanted(options, BundlePart::Nginx)) {
        for (const Component *c : here) {
            if (c->kind == Kind::WebServer)
                files.append(
                    {base + QStringLiteral("etc/nginx/conf.d/") + nginxFileName(ctx, *c, here),
                     nginxFor(ctx, *c).toUtf8()});
        }
    }
    if (wanted(options, BundlePart::MySql)) {
        for (const Component *db : dbs) {
            const QString suffix = dbs.size() > 1 ? u'-' + db->id : QString();
            files.append({base + QStringLiteral("etc/mysql/conf.d/stackplan%1.cnf").arg(suffix),
                          mysqlConfigFor(ctx, *db).toUtf8()});
            files.append({base + QStringLiteral("etc/mysql/replication%1.sql").arg(suffix),
                          replicationSqlFor(ctx, *db).toUtf8()});
        }
    }
    if (wanted(options, BundlePart::Firewall)) {
        const Host *h = ctx.design.host(machine);
        if (h && h->firewallEnabled)
            files.append(
                {base + QStringLiteral("etc/nftables.conf"), firewallFor(ctx, *h).toUtf8()});
    }
}

void sortFiles(QList<GeneratedFile> &files)
{
    std::sort(files.begin(), files.end(),
              [](const GeneratedFile &a, const GeneratedFile &b) { return a.path < b.path; });
}

} // namespace

// ----------------------------------------------------------------------------

QString bundlePartName(BundlePart part)
{
    switch (part) {
    case BundlePart::HAProxy:
        return QStringLiteral("haproxy");
    case BundlePart::Nginx:
        return QStringLiteral("nginx");
    case BundlePart::MySql:
        return QStringLiteral("mysql");
    case BundlePart::Firewall:
        return QStringLiteral("firewall");
    case BundlePart::Keepalived:
        return QStringLiteral("keepalived");
    case BundlePart::Monitoring:
        return QStringLiteral("monitoring");
    }
    return {};
}

const QList<BundlePart> &allBundleParts()
{
    static const QList<BundlePart> all = {BundlePart::HAProxy,    BundlePart::Nginx,
                                          BundlePart::MySql,      BundlePart::Firewall,
                                          BundlePart::Keepalived, BundlePart::Monitoring};
    return all;
}

std::optional<BundlePart> bundlePartFromName(QStringView name)
{
    for (BundlePart p : allBundleParts()) {
        if (bundlePartName(p) == name)
            return p;
    }
    return std::nullopt;
}

QString GenerateError::format() const
{
    return QStringLiteral("%1: %2: %3").arg(element, field, message);
}

QString BundleResult::formatErrors() const
{
    QStringList lines;
    for (const GenerateError &e : errors)
        lines.append(e.format());
    return lines.join(u'\n');
}

const GeneratedFile *BundleResult::file(const QString &path) const
{
    for (const GeneratedFile &f : files) {
        if (f.path == path)
            return &f;
    }
    return nullptr;
}

QList<GenerateError> checkGeneratedFields(const Design &design)
{
    Checker checker;
    const QString designName = QStringLiteral("design");
    if (!design.domain.isEmpty())
        checker.check(designName, QStringLiteral("domain"), Grammar::Domain, design.domain);
    checker.check(designName, QStringLiteral("name"), Grammar::Text, design.name);
    for (qsizetype i = 0; i < design.hosts.size(); ++i) {
        const Host &h = design.hosts[i];
        const QString element = elementName(h.id, "hosts", i);
        checker.check(element, QStringLiteral("id"), Grammar::Id, h.id);
        if (!h.hostname.isEmpty())
            checker.check(element, QStringLiteral("hostname"), Grammar::Hostname, h.hostname);
        if (!h.address.isEmpty())
            checker.check(element, QStringLiteral("address"), Grammar::Address, h.address);
        if (!h.zone.isEmpty())
            checker.check(element, QStringLiteral("zone"), Grammar::Zone, h.zone);
        for (int port : h.firewallAllow) {
            if (port < 1 || port > 65535)
                checker.add(element, QStringLiteral("firewall.allow"),
                            QStringLiteral("not a valid port: %1").arg(port));
        }
    }
    for (qsizetype i = 0; i < design.components.size(); ++i) {
        const Component &c = design.components[i];
        const QString element = elementName(c.id, "components", i);
        checker.check(element, QStringLiteral("id"), Grammar::Id, c.id);
        if (!c.host.isEmpty())
            checker.check(element, QStringLiteral("host"), Grammar::Id, c.host);
        checker.check(element, QStringLiteral("label"), Grammar::Text, c.label);
        checkSettings(checker, element, c);
    }
    for (qsizetype i = 0; i < design.links.size(); ++i) {
        const Link &l = design.links[i];
        const QString element = elementName(l.id, "links", i);
        if (!l.id.isEmpty())
            checker.check(element, QStringLiteral("id"), Grammar::Id, l.id);
        checker.check(element, QStringLiteral("from"), Grammar::Id, l.from);
        checker.check(element, QStringLiteral("to"), Grammar::Id, l.to);
        if (l.port && (*l.port < 1 || *l.port > 65535))
            checker.add(element, QStringLiteral("port"),
                        QStringLiteral("not a valid port: %1").arg(*l.port));
        if (!l.protocol.isEmpty() && !allProtocols().contains(l.protocol))
            checker.add(element, QStringLiteral("protocol"),
                        QStringLiteral("not a known protocol"));
        checker.check(element, QStringLiteral("label"), Grammar::Text, l.label);
    }
    return checker.errors;
}

BundleResult generateHostFiles(const Design &design, const QString &hostId,
                               const BundleOptions &options)
{
    BundleResult result;
    result.errors = checkGeneratedFields(design);
    if (!result.ok())
        return result;
    const Context ctx(design);
    if (!ctx.machines.contains(hostId))
        return result;
    machineFiles(ctx, hostId, options, result.files);
    sortFiles(result.files);
    return result;
}

QList<GenerateError> streamBundle(const Design &design, const BundleOptions &options,
                                  const BundleSink &sink, bool *stopped)
{
    if (stopped)
        *stopped = false;
    QList<GenerateError> errors = checkGeneratedFields(design);
    if (!errors.isEmpty())
        return errors;
    const Context ctx(design);
    BundleFacts facts;
    auto give = [&](const GeneratedFile &file) {
        if (sink(file))
            return true;
        if (stopped)
            *stopped = true;
        return false;
    };
    // Machines in the order of their folders' paths ("a-1/" sorts before "a/").
    QStringList folders;
    folders.reserve(ctx.machines.size());
    for (const QString &machine : ctx.machines)
        folders.append(machine + u'/');
    std::sort(folders.begin(), folders.end());
    QList<GeneratedFile> files;
    for (const QString &folder : std::as_const(folders)) {
        files.clear();
        machineFiles(ctx, folder.chopped(1), options, files);
        sortFiles(files);
        for (const GeneratedFile &f : std::as_const(files)) {
            if (options.withDocuments)
                facts.note(f);
            if (!give(f))
                return errors;
        }
    }
    if (wanted(options, BundlePart::Monitoring) && wantsPrometheus(ctx)) {
        const GeneratedFile prometheus{QStringLiteral("monitoring/prometheus.yml"),
                                       prometheusFor(ctx).toUtf8()};
        if (options.withDocuments)
            facts.note(prometheus);
        if (!give(prometheus))
            return errors;
    }
    if (options.withDocuments) {
        if (!give({QStringLiteral("README.md"), bundleReadme(design, std::move(facts))}) ||
            !give({QStringLiteral("design.stackplan"), writeDesign(design)}))
            return errors;
        give({QStringLiteral("findings.md"), bundleFindings(design)});
    }
    return errors;
}

BundleResult generateBundle(const Design &design, const BundleOptions &options)
{
    BundleResult result;
    result.errors = streamBundle(design, options, [&result](const GeneratedFile &file) {
        result.files.append(file);
        return true;
    });
    sortFiles(result.files);
    return result;
}

} // namespace stackplan
