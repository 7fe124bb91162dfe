// The bundle of a 1,000-host design: generated and written (as a folder and
// as a .tar.gz) in under 2 s. Prints the figures for docs/performance.md.
// Usage: bench_generate [FOLDER] (default: the temp folder).
#include "generate/bundle.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>

using namespace stackplan;

namespace {

QString address(int n)
{
    return QStringLiteral("10.0.%1.%2").arg(n / 250).arg(n % 250 + 1);
}

// 20 load balancers (10 clusters with a vip), 400 web, 400 application and
// 160 database hosts (80 primaries, 80 replicas), 20 monitoring hosts; every
// host firewalled and monitored.
Design bigDesign()
{
    Design d;
    d.name = QStringLiteral("benchmark");
    d.domain = QStringLiteral("www.example.com");
    int n = 0;
    auto addHost = [&](const QString &id) {
        Host h;
        h.id = id;
        h.address = address(n++);
        h.firewallEnabled = true;
        h.monitoring = true;
        d.hosts.append(h);
    };
    auto addComponent = [&](const QString &id, Kind kind, const QString &host,
                            QJsonObject settings = {}) {
        Component c;
        c.id = id;
        c.kind = kind;
        c.host = host;
        c.settings = settings;
        d.components.append(c);
    };
    int links = 0;
    auto link = [&](const QString &from, const QString &to, const QString &protocol = {}) {
        Link l;
        l.id = QStringLiteral("l-%1").arg(++links);
        l.from = from;
        l.to = to;
        l.protocol = protocol;
        d.links.append(l);
    };
    addComponent(QStringLiteral("users"), Kind::Internet, QString());
    for (int i = 0; i < 20; ++i) {
        const QString host = QStringLiteral("lb-%1").arg(i);
        addHost(host);
        addComponent(QStringLiteral("haproxy-%1").arg(i), Kind::LoadBalancer, host,
                     {{QStringLiteral("tls"), true},
                      {QStringLiteral("stats"), true},
                      {QStringLiteral("cluster"), QStringLiteral("edge-%1").arg(i / 2)},
                      {QStringLiteral("vip"), QStringLiteral("192.0.2.%1").arg(i / 2 + 1)}});
        link(QStringLiteral("users"), QStringLiteral("haproxy-%1").arg(i), QStringLiteral("https"));
    }
    for (int i = 0; i < 400; ++i) {
        addHost(QStringLiteral("web-%1").arg(i));
        addComponent(QStringLiteral("nginx-%1").arg(i), Kind::WebServer,
                     QStringLiteral("web-%1").arg(i));
        link(QStringLiteral("haproxy-%1").arg(i % 20), QStringLiteral("nginx-%1").arg(i));
        link(QStringLiteral("haproxy-%1").arg((i + 1) % 20), QStringLiteral("nginx-%1").arg(i));
    }
    for (int i = 0; i < 400; ++i) {
        addHost(QStringLiteral("app-%1").arg(i));
        addComponent(QStringLiteral("app-%1-svc").arg(i), Kind::AppServer,
                     QStringLiteral("app-%1").arg(i));
        link(QStringLiteral("nginx-%1").arg(i), QStringLiteral("app-%1-svc").arg(i));
        link(QStringLiteral("nginx-%1").arg((i + 1) % 400), QStringLiteral("app-%1-svc").arg(i));
    }
    for (int i = 0; i < 80; ++i) {
        addHost(QStringLiteral("db-p-%1").arg(i));
        addHost(QStringLiteral("db-r-%1").arg(i));
        addComponent(QStringLiteral("primary-%1").arg(i), Kind::Database,
                     QStringLiteral("db-p-%1").arg(i));
        addComponent(QStringLiteral("replica-%1").arg(i), Kind::Database,
                     QStringLiteral("db-r-%1").arg(i),
                     {{QStringLiteral("role"), QStringLiteral("replica")}});
        link(QStringLiteral("primary-%1").arg(i), QStringLiteral("replica-%1").arg(i),
             QStringLiteral("replication"));
    }
    for (int i = 0; i < 400; ++i) {
        link(QStringLiteral("app-%1-svc").arg(i), QStringLiteral("primary-%1").arg(i % 80));
        link(QStringLiteral("app-%1-svc").arg(i), QStringLiteral("replica-%1").arg(i % 80));
    }
    for (int i = 0; i < 20; ++i) {
        addHost(QStringLiteral("mon-%1").arg(i));
        if (i == 0)
            addComponent(QStringLiteral("prometheus"), Kind::Monitoring, QStringLiteral("mon-0"));
    }
    return d;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const Design design = bigDesign();
    std::printf("design: %lld hosts, %lld components, %lld links\n", qint64(design.hosts.size()),
                qint64(design.components.size()), qint64(design.links.size()));
    // Where the bundles go: a folder given on the command line, else the temp folder.
    const QString base = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QDir::tempPath();
    QTemporaryDir tmp(base + QStringLiteral("/bench_generate-XXXXXX"));
    if (!tmp.isValid())
        return 2;
    std::printf("writing under %s\n", qPrintable(base));
    double worst = 0;
    for (int round = 0; round < 3; ++round) {
        QElapsedTimer t;
        t.start();
        const BundleResult r = generateBundle(design);
        const qint64 generated = t.elapsed();
        if (!r.ok()) {
            std::fprintf(stderr, "%s\n", qPrintable(r.formatErrors()));
            return 1;
        }
        QString error;
        if (!writeBundle(r.files, tmp.path() + QStringLiteral("/out-%1").arg(round), &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        const qint64 folder = t.elapsed();
        t.restart();
        const BundleResult again = generateBundle(design);
        if (!writeBundle(again.files, tmp.path() + QStringLiteral("/out-%1.tar.gz").arg(round),
                         &error)) {
            std::fprintf(stderr, "%s\n", qPrintable(error));
            return 1;
        }
        const qint64 archive = t.elapsed();
        qint64 bytes = 0;
        for (const GeneratedFile &f : r.files)
            bytes += f.content.size();
        std::printf(
            "round %d: %lld files, %.1f MB; generate %lld ms, generate+write folder %lld ms, "
            "generate+write .tar.gz %lld ms\n",
            round + 1, qint64(r.files.size()), double(bytes) / 1e6, generated, folder, archive);
        worst = std::max({worst, double(folder), double(archive)});
    }
    std::printf("worst: %.0f ms (limit 2000 ms): %s\n", worst, worst < 2000 ? "ok" : "TOO SLOW");
    return worst < 2000 ? 0 : 1;
}
