// The bundle proved by running it on loopback addresses (127.0.61.x and
// 127.0.62.x): real HAProxy in front of two real Nginx and two small
// application servers of the test's own, with one Nginx stopped in the middle
// of a request stream; HTTPS with a throwaway certificate; and a real MariaDB
// primary and replica started from the generated files. Every server runs in
// its own process group and is killed at the end, even on failure.
#include "generate_support.h"

#include "core/designio.h"
#include "generate/bundle.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <memory>
#include <unistd.h>

using namespace stackplan;

namespace {

// A tiny HTTP/1.1 server answering every request with its own name, keeping
// connections alive as Nginx's upstream keepalive expects.
class AppServer : public QTcpServer
{
public:
    explicit AppServer(const QByteArray &name)
        : m_name(name)
    {}
    int hits = 0;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        socket->setSocketDescriptor(descriptor);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
            buffer->append(socket->readAll());
            for (;;) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    break;
                buffer->remove(0, end + 4);
                ++hits;
                socket->write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                              QByteArray::number(m_name.size()) + "\r\n\r\n" + m_name);
            }
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }

private:
    QByteArray m_name;
};

// A server process in a process group of its own, killed whole.
class Server
{
public:
    Server() = default;
    Server(const Server &) = delete;
    Server &operator=(const Server &) = delete;
    ~Server() { kill(SIGKILL); }

    bool start(const QString &program, const QStringList &args)
    {
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.setChildProcessModifier([] { ::setsid(); });
        m_process.start(program, args);
        return m_process.waitForStarted(10000);
    }
    void kill(int signal)
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        ::kill(-pid_t(m_process.processId()), signal);
        if (signal == SIGKILL)
            m_process.waitForFinished(5000);
    }
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    QByteArray output() { return m_process.readAll(); }

private:
    QProcess m_process;
};

bool canConnect(const QString &address, int port)
{
    QTcpSocket s;
    s.connectToHost(address, quint16(port));
    return s.waitForConnected(200);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

Design loadDesign(const QByteArray &json)
{
    const LoadResult r = readDesign(json);
    if (!r.ok())
        qFatal("%s", qPrintable(r.format(QStringLiteral("test design"))));
    return *r.design;
}

const QByteArray WebDesign = R"({
  "stackplan": 1,
  "name": "running three-server",
  "domain": "www.foobar.com",
  "hosts": [
    {"id": "lb-01", "address": "127.0.61.1"},
    {"id": "web-01", "address": "127.0.61.11"},
    {"id": "web-02", "address": "127.0.61.12"}
  ],
  "components": [
    {"id": "users", "kind": "internet"},
    {"id": "haproxy", "kind": "load_balancer", "host": "lb-01", "settings": {"http_port": 18080, "https_port": 18443, "health_check": {"path": "/", "interval_ms": 300, "rise": 1, "fall": 2}}},
    {"id": "nginx-1", "kind": "web_server", "host": "web-01", "settings": {"port": 18081}},
    {"id": "nginx-2", "kind": "web_server", "host": "web-02", "settings": {"port": 18081}},
    {"id": "app-1", "kind": "app_server", "host": "web-01", "settings": {"port": 18000}},
    {"id": "app-2", "kind": "app_server", "host": "web-02", "settings": {"port": 18000}}
  ],
  "links": [
    {"from": "users", "to": "haproxy"},
    {"from": "haproxy", "to": "nginx-1"},
    {"from": "haproxy", "to": "nginx-2"},
    {"from": "nginx-1", "to": "app-1"},
    {"from": "nginx-2", "to": "app-2"}
  ]
})";

const QByteArray DatabaseDesign = R"({
  "stackplan": 1,
  "name": "running replication",
  "domain": "www.foobar.com",
  "hosts": [
    {"id": "db-01", "address": "127.0.62.1"},
    {"id": "db-02", "address": "127.0.62.2"}
  ],
  "components": [
    {"id": "primary", "kind": "database", "host": "db-01", "settings": {"engine": "mariadb", "port": 13306}},
    {"id": "replica", "kind": "database", "host": "db-02", "settings": {"engine": "mariadb", "role": "replica", "port": 13306}}
  ],
  "links": [
    {"from": "primary", "to": "replica", "protocol": "replication"}
  ]
})";

struct StreamResult
{
    int ok = 0;
    int failed = 0;
    QSet<QByteArray> answeredBeforeStop;
    QByteArray firstFailure;
};

} // namespace

class TestBundleRun : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void failoverWithoutFailedRequests();
    void negativeControlWithoutRetries();
    void https();
    void mariadbReplication();

private:
    // Writes the bundle's files under m_dir/name and returns the folder.
    QString writeBundleFiles(const Design &design, const QString &name);
    bool startNginx(Server &server, const QString &bundle, const QString &host,
                    const QString &name);
    void stream(const QString &url, Server &toStop, StreamResult &result);
    void runStream(bool withRetries);

    QTemporaryDir m_tmp;
    QString m_dir;
    std::unique_ptr<AppServer> m_app1;
    std::unique_ptr<AppServer> m_app2;
};

void TestBundleRun::initTestCase()
{
    QVERIFY(m_tmp.isValid());
    m_dir = m_tmp.path();
    m_app1 = std::make_unique<AppServer>("app-1");
    m_app2 = std::make_unique<AppServer>("app-2");
    QVERIFY(m_app1->listen(QHostAddress(QStringLiteral("127.0.61.11")), 18000));
    QVERIFY(m_app2->listen(QHostAddress(QStringLiteral("127.0.61.12")), 18000));
}

QString TestBundleRun::writeBundleFiles(const Design &design, const QString &name)
{
    const BundleResult r = generateBundle(design);
    if (!r.ok())
        qFatal("%s", qPrintable(r.formatErrors()));
    const QString dir = m_dir + u'/' + name;
    QString error;
    if (!writeBundle(r.files, dir, &error))
        qFatal("%s", qPrintable(error));
    return dir;
}

bool TestBundleRun::startNginx(Server &server, const QString &bundle, const QString &host,
                               const QString &name)
{
    const QString prefix = m_dir + QStringLiteral("/prefix-") + name;
    QDir().mkpath(prefix + QStringLiteral("/conf"));
    QDir().mkpath(prefix + QStringLiteral("/logs"));
    QFile::copy(QStringLiteral("/etc/nginx/mime.types"),
                prefix + QStringLiteral("/conf/mime.types"));
    // The minimal main file a Debian nginx.conf would be; the site is the generated one.
    const QString conf =
        QStringLiteral(
            "user root;\nworker_processes 1;\npid %1/logs/nginx.pid;\n"
            "error_log %1/logs/error.log;\nevents { worker_connections 256; }\n"
            "http {\n    include mime.types;\n    access_log off;\n"
            "    client_body_temp_path %1/logs/body;\n    proxy_temp_path %1/logs/proxy;\n"
            "    fastcgi_temp_path %1/logs/fastcgi;\n    uwsgi_temp_path %1/logs/uwsgi;\n"
            "    scgi_temp_path %1/logs/scgi;\n"
            "    include %2/hosts/%3/etc/nginx/conf.d/*.conf;\n}\n")
            .arg(prefix, bundle, host);
    if (!writeFile(prefix + QStringLiteral("/conf/nginx.conf"), conf.toUtf8()))
        return false;
    return server.start(QStringLiteral("nginx"),
                        {QStringLiteral("-p"), prefix, QStringLiteral("-c"),
                         prefix + QStringLiteral("/conf/nginx.conf"), QStringLiteral("-e"),
                         prefix + QStringLiteral("/logs/error.log"), QStringLiteral("-g"),
                         QStringLiteral("daemon off;")});
}

// A steady stream of requests (four at a time) through HAProxy; toStop is
// stopped once both application servers have answered, and the stream goes
// on for two more seconds.
void TestBundleRun::stream(const QString &url, Server &toStop, StreamResult &result)
{
    QNetworkAccessManager manager;
    bool stopped = false;
    QElapsedTimer sinceStop;
    QElapsedTimer total;
    total.start();
    int inFlight = 0;
    std::function<void()> send = [&] {
        QNetworkRequest request{QUrl(url)};
        request.setTransferTimeout(5000);
        QNetworkReply *reply = manager.get(request);
        ++inFlight;
        QObject::connect(reply, &QNetworkReply::finished, reply, [&, reply] {
            --inFlight;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QByteArray body = reply->readAll();
            if (reply->error() == QNetworkReply::NoError && status == 200) {
                ++result.ok;
                if (!stopped)
                    result.answeredBeforeStop.insert(body);
            } else {
                if (result.failed++ == 0)
                    result.firstFailure = QByteArray::number(status) + ' ' +
                                          reply->errorString().toUtf8() + ' ' + body;
            }
            reply->deleteLater();
            const bool done = (stopped && sinceStop.elapsed() > 2000) || total.elapsed() > 20000;
            if (!done)
                send();
        });
    };
    // Whatever way this returns, no reply may call back into these locals.
    const auto detach = qScopeGuard([&manager] {
        for (QNetworkReply *reply : manager.findChildren<QNetworkReply *>()) {
            reply->disconnect();
            reply->abort();
        }
    });
    for (int i = 0; i < 4; ++i)
        send();
    QTRY_VERIFY_WITH_TIMEOUT(total.elapsed() > 1000 && result.answeredBeforeStop.size() == 2,
                             10000);
    toStop.kill(SIGTERM);
    stopped = true;
    sinceStop.start();
    QTRY_VERIFY_WITH_TIMEOUT(inFlight == 0, 25000);
}

void TestBundleRun::runStream(bool withRetries)
{
    const QString bundle = writeBundleFiles(
        loadDesign(WebDesign), withRetries ? QStringLiteral("web") : QStringLiteral("web-control"));
    QString cfgPath = bundle + QStringLiteral("/hosts/lb-01/etc/haproxy/haproxy.cfg");
    if (!withRetries) {
        // The control: the same file with retries and redispatch taken out.
        QFile f(cfgPath);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray cfg = f.readAll();
        f.close();
        QVERIFY(cfg.contains("    retries 3\n"));
        cfg.replace("    retries 3\n", "    retries 0\n");
        cfg.replace("    option redispatch 1\n", "");
        cfg.replace("    retry-on conn-failure empty-response response-timeout\n", "");
        QVERIFY(!cfg.contains("redispatch") && !cfg.contains("retry-on"));
        QVERIFY(writeFile(cfgPath, cfg));
    }
    Server nginx1;
    Server nginx2;
    Server haproxy;
    QVERIFY(startNginx(nginx1, bundle, QStringLiteral("web-01"), QStringLiteral("nginx-1")));
    QVERIFY(startNginx(nginx2, bundle, QStringLiteral("web-02"), QStringLiteral("nginx-2")));
    QVERIFY(haproxy.start(QStringLiteral("haproxy"),
                          {QStringLiteral("-db"), QStringLiteral("-f"), cfgPath}));
    QTRY_VERIFY2_WITH_TIMEOUT(canConnect(QStringLiteral("127.0.61.11"), 18081),
                              nginx1.output().constData(), 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(canConnect(QStringLiteral("127.0.61.12"), 18081),
                              nginx2.output().constData(), 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(canConnect(QStringLiteral("127.0.61.1"), 18080),
                              haproxy.output().constData(), 10000);
    StreamResult r;
    stream(QStringLiteral("http://127.0.61.1:18080/"), nginx1, r);
    if (QTest::currentTestFailed())
        return;
    qInfo("%s: %d answered, %d failed", withRetries ? "with retries" : "control", r.ok, r.failed);
    QVERIFY(r.answeredBeforeStop.contains("app-1"));
    QVERIFY(r.answeredBeforeStop.contains("app-2"));
    QVERIFY(r.ok > 50);
    if (withRetries)
        QVERIFY2(r.failed == 0, r.firstFailure.constData());
    else
        QVERIFY2(r.failed > 0, "the control saw no failure: the test could not fail");
}

void TestBundleRun::failoverWithoutFailedRequests()
{
    runStream(true);
}

void TestBundleRun::negativeControlWithoutRetries()
{
    runStream(false);
}

void TestBundleRun::https()
{
    const QString certDir = m_dir + QStringLiteral("/cert");
    QDir().mkpath(certDir);
    QVERIFY(makeCertificate(certDir, QStringLiteral("www.foobar.com")));
    Design design = loadDesign(WebDesign);
    Component *lb = design.component(QStringLiteral("haproxy"));
    lb->settings.insert(QStringLiteral("tls"), true);
    lb->settings.insert(QStringLiteral("certificate"), certDir + QStringLiteral("/combined.pem"));
    const QString bundle = writeBundleFiles(design, QStringLiteral("tls"));
    Server nginx2;
    Server haproxy;
    QVERIFY(startNginx(nginx2, bundle, QStringLiteral("web-02"), QStringLiteral("tls-nginx-2")));
    QVERIFY(haproxy.start(QStringLiteral("haproxy"),
                          {QStringLiteral("-db"), QStringLiteral("-f"),
                           bundle + QStringLiteral("/hosts/lb-01/etc/haproxy/haproxy.cfg")}));
    QTRY_VERIFY_WITH_TIMEOUT(canConnect(QStringLiteral("127.0.61.12"), 18081), 10000);
    QTRY_VERIFY2_WITH_TIMEOUT(canConnect(QStringLiteral("127.0.61.1"), 18443),
                              haproxy.output().constData(), 10000);

    QNetworkAccessManager manager;
    auto get = [&](const QString &url) {
        QNetworkRequest request{QUrl(url)};
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        request.setTransferTimeout(10000);
        QNetworkReply *reply = manager.get(request);
        // The throwaway certificate is self-signed.
        QObject::connect(reply, &QNetworkReply::sslErrors, reply,
                         [reply](const QList<QSslError> &) { reply->ignoreSslErrors(); });
        return reply;
    };
    // HTTPS answers, through HAProxy and Nginx to the application, with HSTS.
    std::unique_ptr<QNetworkReply> secure(get(QStringLiteral("https://127.0.61.1:18443/")));
    QTRY_VERIFY_WITH_TIMEOUT(secure->isFinished(), 15000);
    QCOMPARE(secure->error(), QNetworkReply::NoError);
    QCOMPARE(secure->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    QCOMPARE(secure->readAll(), QByteArray("app-2"));
    QVERIFY(secure->rawHeader("Strict-Transport-Security").startsWith("max-age="));
    // Plain HTTP is redirected to HTTPS, without HSTS (meaningless over HTTP).
    std::unique_ptr<QNetworkReply> plain(
        get(QStringLiteral("http://127.0.61.1:18080/some/page?x=1")));
    QTRY_VERIFY_WITH_TIMEOUT(plain->isFinished(), 15000);
    QCOMPARE(plain->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 301);
    QCOMPARE(plain->rawHeader("Location"), QByteArray("https://127.0.61.1:18080/some/page?x=1"));
    QVERIFY(!plain->hasRawHeader("Strict-Transport-Security"));
}

void TestBundleRun::mariadbReplication()
{
    const QString bundle = writeBundleFiles(loadDesign(DatabaseDesign), QStringLiteral("db"));
    const QStringList names = {QStringLiteral("db-01"), QStringLiteral("db-02")};
    // Fresh data folders, made in parallel.
    QList<std::shared_ptr<QProcess>> installs;
    for (const QString &name : names) {
        const QString tmp = m_dir + u'/' + name + QStringLiteral("-tmp");
        QVERIFY(QDir().mkpath(tmp));
        auto p = std::make_shared<QProcess>();
        p->setProcessChannelMode(QProcess::MergedChannels);
        p->start(QStringLiteral("mariadb-install-db"),
                 {QStringLiteral("--no-defaults"), QStringLiteral("--user=root"),
                  QStringLiteral("--datadir=") + m_dir + u'/' + name + QStringLiteral("-data"),
                  // A temporary folder of each server's own: two set-ups side
                  // by side name their temporary tables alike.
                  QStringLiteral("--tmpdir=") + tmp,
                  QStringLiteral("--auth-root-authentication-method=socket"),
                  QStringLiteral("--skip-test-db")});
        installs.append(p);
    }
    for (const auto &p : installs) {
        QVERIFY(p->waitForFinished(60000));
        QVERIFY2(p->exitCode() == 0, p->readAll().constData());
    }
    // Both servers in one network namespace whose loopback source address is
    // the replica's, so the primary sees the replica connect from the address
    // its replication account is limited to.
    QString script = QStringLiteral(
        "ip link set lo up && "
        "ip route replace local 127.0.0.0/8 dev lo src 127.0.62.2 table local || exit 1\n");
    for (const QString &name : names) {
        const QString data = m_dir + u'/' + name + QStringLiteral("-data");
        script += QStringLiteral("exec mariadbd --defaults-file=%1 --user=root --datadir=%2 "
                                 "--socket=%2/sock --pid-file=%2/pid --log-error=%2/error.log "
                                 "--innodb-buffer-pool-size=32M --skip-name-resolve &\n")
                      .arg(shellQuote(bundle + QStringLiteral("/hosts/") + name +
                                      QStringLiteral("/etc/mysql/conf.d/stackplan.cnf")),
                           shellQuote(data));
    }
    script += QStringLiteral("wait\n");
    Server servers;
    QVERIFY(servers.start(QStringLiteral("unshare"),
                          {QStringLiteral("-n"), QStringLiteral("--"), QStringLiteral("sh"),
                           QStringLiteral("-c"), script}));
    auto sql = [&](const QString &name, const QByteArray &statements) {
        return runTool(QStringLiteral("mariadb"),
                       {QStringLiteral("--no-defaults"), QStringLiteral("-u"),
                        QStringLiteral("root"), QStringLiteral("-S"),
                        m_dir + u'/' + name + QStringLiteral("-data/sock"), QStringLiteral("-N"),
                        QStringLiteral("-B")},
                       20000, statements);
    };
    for (const QString &name : names)
        QTRY_VERIFY2_WITH_TIMEOUT(sql(name, "SELECT 1;").exitCode == 0,
                                  servers.output().constData(), 30000);

    // The password is supplied at deploy time, as the README says.
    const QByteArray password = "SET @replication_password = 'it''s a secret';\n";
    for (const QString &name : names) {
        QFile f(bundle + QStringLiteral("/hosts/") + name +
                QStringLiteral("/etc/mysql/replication.sql"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray file = f.readAll();
        QVERIFY(!file.contains("secret"));
        // Without the password nothing is changed.
        if (name == names.front()) {
            QVERIFY(sql(name, file).exitCode != 0);
            QCOMPARE(sql(name, "SELECT COUNT(*) FROM mysql.user WHERE user = 'replication';")
                         .output.trimmed(),
                     QByteArray("0"));
        }
        const ToolResult applied = sql(name, password + file);
        QVERIFY2(applied.exitCode == 0, applied.output.constData());
    }
    QCOMPARE(sql(QStringLiteral("db-02"), "SELECT @@read_only;").output.trimmed(), QByteArray("1"));
    QCOMPARE(sql(QStringLiteral("db-01"), "SELECT host FROM mysql.user WHERE user = 'replication';")
                 .output.trimmed(),
             QByteArray("127.0.62.2"));
    const ToolResult write =
        sql(QStringLiteral("db-01"),
            "CREATE DATABASE shop; CREATE TABLE shop.orders (id INT PRIMARY KEY, "
            "item VARCHAR(40)); INSERT INTO shop.orders VALUES (1, 'written on the primary');");
    QVERIFY2(write.exitCode == 0, write.output.constData());
    QTRY_VERIFY2_WITH_TIMEOUT(
        sql(QStringLiteral("db-02"), "SELECT item FROM shop.orders WHERE id = 1;")
                .output.trimmed() == "written on the primary",
        sql(QStringLiteral("db-02"), "SHOW SLAVE STATUS\\G").output.constData(), 30000);
    servers.kill(SIGKILL);
}

QTEST_GUILESS_MAIN(TestBundleRun)
#include "tst_bundle_run.moc"
