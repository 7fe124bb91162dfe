// Live status against real servers on the loopback range 127.0.77.x (the
// deployment: HAProxy with its stats page, two Nginx, two app servers this
// test serves) and 127.0.78.x (servers that misbehave). Every server is
// stopped in cleanupTestCase, by process group, even when a check failed.
#include "canvas/canvasitems.h"
#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "core/designio.h"
#include "core/document.h"
#include "generate/bundle.h"
#include "live/livemode.h"
#include "live/livestatus.h"
#include "live/prober.h"
#include "window/mainwindow.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <memory>

#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

using namespace stackplan;
using namespace stackplan::live;

namespace {

// How a test server treats a connection.
enum class Behaviour { Answer, AcceptAndClose, Silent, Garbage, AnswerShopOnly };

class TestServer : public QTcpServer
{
public:
    TestServer(Behaviour behaviour, QByteArray status, QByteArray body, QObject *parent)
        : QTcpServer(parent)
        , m_behaviour(behaviour)
        , m_status(std::move(status))
        , m_body(std::move(body))
    {
        connect(this, &QTcpServer::newConnection, this, &TestServer::serve);
    }

private:
    void serve()
    {
        while (QTcpSocket *socket = nextPendingConnection()) {
            connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            switch (m_behaviour) {
            case Behaviour::AcceptAndClose:
                socket->close();
                socket->deleteLater();
                break;
            case Behaviour::Silent:
                break;
            case Behaviour::Garbage:
                socket->write("SSH-2.0-OpenSSH_9.2\r\n");
                socket->disconnectFromHost();
                break;
            case Behaviour::Answer:
            case Behaviour::AnswerShopOnly: {
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    buffer->append(socket->readAll());
                    if (!buffer->contains("\r\n\r\n"))
                        return;
                    // A virtual host: only the site's name gets the site.
                    const bool misdirected =
                        m_behaviour == Behaviour::AnswerShopOnly &&
                        !buffer->toLower().contains("\r\nhost: shop.example.org\r\n");
                    socket->write("HTTP/1.1 " +
                                  (misdirected ? QByteArray("503 Unknown Site") : m_status) +
                                  "\r\nContent-Type: text/plain\r\n" +
                                  "Content-Length: " + QByteArray::number(m_body.size()) +
                                  "\r\nConnection: close\r\n\r\n" + m_body);
                    socket->disconnectFromHost();
                });
                break;
            }
            }
        }
    }

    Behaviour m_behaviour;
    QByteArray m_status;
    QByteArray m_body;
};

// Test servers on a thread of their own: Nginx's requests to the app servers
// arrive while the test thread waits on a process.
class ServerThread
{
public:
    ServerThread()
    {
        m_thread.start();
        m_context = new QObject;
        m_context->moveToThread(&m_thread);
    }
    ~ServerThread() { stopAll(); }

    bool listen(const QString &address, int port, Behaviour behaviour,
                const QByteArray &status = "200 OK", const QByteArray &body = "ok")
    {
        bool ok = false;
        QMetaObject::invokeMethod(
            m_context,
            [&] {
                auto *server = new TestServer(behaviour, status, body, m_context);
                ok = server->listen(QHostAddress(address), quint16(port));
                if (!ok)
                    delete server;
            },
            Qt::BlockingQueuedConnection);
        return ok;
    }

    void stopAll()
    {
        if (!m_context)
            return;
        QObject *context = m_context;
        m_context = nullptr;
        QMetaObject::invokeMethod(
            context, [context] { delete context; }, Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }

private:
    QThread m_thread;
    QObject *m_context = nullptr;
};

// A server process in a session of its own, so stopping it reaches every
// process it forked (Nginx's workers); killed with the test if it dies.
class Daemon
{
public:
    ~Daemon() { kill(); }

    bool start(const QString &program, const QStringList &args, const QString &log)
    {
        m_process.setProgram(program);
        m_process.setArguments(args);
        m_process.setStandardOutputFile(log);
        m_process.setStandardErrorFile(log, QIODevice::Append);
        m_process.setChildProcessModifier([] {
            ::setsid();
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        });
        m_process.start();
        return m_process.waitForStarted(5000);
    }
    bool running() const { return m_process.state() != QProcess::NotRunning; }
    // A clean shutdown, as an operator would stop it.
    bool stop()
    {
        if (!running())
            return true;
        ::kill(-pid_t(m_process.processId()), SIGTERM);
        if (m_process.waitForFinished(5000))
            return true;
        kill();
        return false;
    }
    void kill()
    {
        if (!running())
            return;
        ::kill(-pid_t(m_process.processId()), SIGKILL);
        m_process.waitForFinished(3000);
    }

private:
    QProcess m_process;
};

// Debian installs the servers in /usr/sbin, which a user's PATH may lack.
QString serverProgram(const QString &name)
{
    QString path = QStandardPaths::findExecutable(name);
    if (path.isEmpty())
        path = QStandardPaths::findExecutable(
            name, {QStringLiteral("/usr/sbin"), QStringLiteral("/sbin")});
    return path;
}

Design loadTestDesign(const QString &name)
{
    const LoadResult loaded = readDesignFile(QStringLiteral(STACKPLAN_TEST_DATA "/live/") + name);
    if (!loaded.ok())
        qFatal("%s", qPrintable(loaded.format(name)));
    return *loaded.design;
}

const ComponentStatus *find(const QList<ComponentStatus> &statuses, const QString &id)
{
    for (const ComponentStatus &s : statuses) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

State stateOf(const QList<ComponentStatus> &statuses, const QString &id)
{
    const ComponentStatus *s = find(statuses, id);
    return s ? s->state : State::Unknown;
}

QString haproxyStatusOf(const ComponentStatus *s)
{
    return s && !s->haproxy.isEmpty() ? s->haproxy.front().row.status : QString();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

CliRun runCli(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(STACKPLAN_BINARY), args);
    CliRun run;
    if (!p.waitForFinished(30000)) {
        p.kill();
        p.waitForFinished();
        return run;
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

Design singleHostDesign(const QString &address, const QList<Component> &components)
{
    Design d;
    Host h;
    h.id = QStringLiteral("box");
    h.address = address;
    d.hosts.append(h);
    for (Component c : components) {
        c.host = h.id;
        d.components.append(c);
    }
    return d;
}

Component component(const QString &id, Kind kind, const QJsonObject &settings)
{
    Component c;
    c.id = id;
    c.kind = kind;
    c.settings = settings;
    return c;
}

} // namespace

class TestLive : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void deploymentReadsUp();
    void statusVerbAllUp();
    void liveModeOffUntilTurnedOn();
    void liveModeShowsStates();
    void stoppedWebServerReadsDown();
    void statusVerbOneDown();
    void liveModeTurnsOff();
    void designerViewMenuHasLiveStatus();

    void unreachablePortsReadDown();
    void prometheusReadsUp();
    void misbehavingServers_data();
    void misbehavingServers();
    void roundIsConcurrentAndBounded();
    void manyProbesStayUnderTheFileLimit();
    void noAddressIsUnknown();
    void cancelAndDestroyMidRound();
    void parseHaproxyCsv_data();
    void parseHaproxyCsv();
    void combineFoldsHaproxyView();
    void statusVerbBadInput();

private:
    bool startDeployment(QString *why);
    bool allUp(const QList<ComponentStatus> &statuses) const;

    QTemporaryDir m_dir;
    Design m_design;
    QString m_designPath;
    std::unique_ptr<ServerThread> m_servers;
    std::unique_ptr<Daemon> m_haproxy;
    std::unique_ptr<Daemon> m_nginx1;
    std::unique_ptr<Daemon> m_nginx2;
    // The designer's live mode, kept across the tests that follow its states.
    std::unique_ptr<Document> m_document;
    std::unique_ptr<QMainWindow> m_window;
    DiagramScene *m_scene = nullptr;
    LiveMode *m_mode = nullptr;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

namespace {

QByteArray nginxMainConfig(const QString &prefix, const QString &serverConf)
{
    // A minimal nginx.conf around the site's server block, with every path in
    // the test's own folder.
    return QStringLiteral("daemon off;\n"
                          "worker_processes 1;\n"
                          "pid %1/nginx.pid;\n"
                          "error_log %1/error.log;\n"
                          "events { worker_connections 64; }\n"
                          "http {\n"
                          "  access_log off;\n"
                          "  client_body_temp_path %1/body;\n"
                          "  proxy_temp_path %1/proxy;\n"
                          "  fastcgi_temp_path %1/fastcgi;\n"
                          "  uwsgi_temp_path %1/uwsgi;\n"
                          "  scgi_temp_path %1/scgi;\n"
                          "  include %2;\n"
                          "}\n")
        .arg(prefix, serverConf)
        .toUtf8();
}

} // namespace

bool TestLive::startDeployment(QString *why)
{
    // The servers run the files the bundle generator writes for the design.
    BundleOptions options;
    options.only = {BundlePart::HAProxy, BundlePart::Nginx};
    options.withDocuments = false;
    const BundleResult bundle = generateBundle(m_design, options);
    if (!bundle.ok()) {
        *why = bundle.formatErrors();
        return false;
    }
    const QString root = m_dir.path();
    const QString bundleDir = root + QStringLiteral("/bundle");
    QString error;
    if (!writeBundle(bundle.files, bundleDir, &error)) {
        *why = error;
        return false;
    }
    m_servers = std::make_unique<ServerThread>();
    for (const QString &address : {QStringLiteral("127.0.77.11"), QStringLiteral("127.0.77.12")}) {
        if (!m_servers->listen(address, 28000, Behaviour::Answer)) {
            *why = QStringLiteral("cannot listen on %1:28000").arg(address);
            return false;
        }
    }
    const QString siteFile = QStringLiteral("/etc/nginx/conf.d/%1.conf").arg(m_design.domain);
    auto startNginx = [&](const QString &host) -> std::unique_ptr<Daemon> {
        const QString prefix = root + u'/' + host;
        QDir().mkpath(prefix);
        const QString site = bundleDir + QStringLiteral("/hosts/") + host + siteFile;
        const QString main = prefix + QStringLiteral("/nginx.conf");
        if (!QFile::exists(site))
            *why = QStringLiteral("the bundle has no %1").arg(site);
        writeFile(main, nginxMainConfig(prefix, site));
        auto daemon = std::make_unique<Daemon>();
        if (!daemon->start(serverProgram(QStringLiteral("nginx")),
                           {QStringLiteral("-p"), prefix, QStringLiteral("-e"),
                            prefix + QStringLiteral("/error.log"), QStringLiteral("-c"), main},
                           prefix + QStringLiteral("/stdout.log")))
            *why = QStringLiteral("cannot start nginx for %1").arg(host);
        return daemon;
    };
    m_nginx1 = startNginx(QStringLiteral("web-01"));
    m_nginx2 = startNginx(QStringLiteral("web-02"));
    const QString cfg = bundleDir + QStringLiteral("/hosts/lb-01/etc/haproxy/haproxy.cfg");
    if (::geteuid() != 0) {
        // Only root may switch to the haproxy user the bundle names.
        QFile file(cfg);
        if (file.open(QIODevice::ReadOnly)) {
            QByteArrayList lines = file.readAll().split('\n');
            file.close();
            lines.removeIf([](const QByteArray &line) {
                const QByteArray t = line.trimmed();
                return t.startsWith("user ") || t.startsWith("group ");
            });
            writeFile(cfg, lines.join('\n'));
        }
    }
    m_haproxy = std::make_unique<Daemon>();
    // -db: in the foreground, where the test can stop it.
    if (!m_haproxy->start(serverProgram(QStringLiteral("haproxy")),
                          {QStringLiteral("-db"), QStringLiteral("-f"), cfg},
                          root + QStringLiteral("/haproxy.log")))
        *why = QStringLiteral("cannot start haproxy");
    return why->isEmpty();
}

bool TestLive::allUp(const QList<ComponentStatus> &statuses) const
{
    for (const ComponentStatus &s : statuses) {
        if (s.id != QStringLiteral("users") && s.state != State::Up)
            return false;
    }
    return !statuses.isEmpty();
}

void TestLive::initTestCase()
{
    // The designer's window keeps settings and recovery files: not the user's.
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_design = loadTestDesign(QStringLiteral("deployment.stackplan"));
    m_designPath = m_dir.filePath(QStringLiteral("deployment.stackplan"));
    QVERIFY(writeFile(m_designPath, writeDesign(m_design)));
    for (const QString &program : {QStringLiteral("nginx"), QStringLiteral("haproxy")})
        QVERIFY2(!serverProgram(program).isEmpty(),
                 qPrintable(program +
                            QStringLiteral(" is not installed (scripts/packages/servers.list)")));
    QString why;
    QVERIFY2(startDeployment(&why), qPrintable(why));
    QList<ComponentStatus> last;
    if (!QTest::qWaitFor([&] { return allUp(last = probeOnce(m_design, 1000)); }, 20000)) {
        QString report;
        for (const ComponentStatus &s : std::as_const(last))
            report += QStringLiteral("%1: %2: %3\n").arg(s.id, stateName(s.state), s.detail);
        for (const QString &log :
             {QStringLiteral("haproxy.log"), QStringLiteral("web-01/error.log"),
              QStringLiteral("web-02/error.log")}) {
            QFile f(m_dir.filePath(log));
            if (f.open(QIODevice::ReadOnly))
                report += QStringLiteral("--- %1\n%2").arg(log, QString::fromUtf8(f.readAll()));
        }
        QFAIL(qPrintable(QStringLiteral("the deployment did not come up:\n") + report));
    }
}

void TestLive::cleanupTestCase()
{
    m_tester.reset();
    m_window.reset();
    m_document.reset();
    if (m_haproxy)
        m_haproxy->kill();
    if (m_nginx1)
        m_nginx1->kill();
    if (m_nginx2)
        m_nginx2->kill();
    if (m_servers)
        m_servers->stopAll();
}

void TestLive::deploymentReadsUp()
{
    const QList<ComponentStatus> statuses = probeOnce(m_design, 1000);
    QCOMPARE(statuses.size(), m_design.components.size());
    QCOMPARE(stateOf(statuses, QStringLiteral("users")), State::Unknown);
    for (const QString &id :
         {QStringLiteral("haproxy"), QStringLiteral("nginx-1"), QStringLiteral("nginx-2"),
          QStringLiteral("app-1"), QStringLiteral("app-2")}) {
        const ComponentStatus *s = find(statuses, id);
        QVERIFY(s);
        QCOMPARE(stateName(s->state), QStringLiteral("up"));
        QVERIFY2(s->latencyMs >= 0, qPrintable(id));
    }
    const ComponentStatus *lb = find(statuses, QStringLiteral("haproxy"));
    QCOMPARE(lb->probes.size(), 2); // its HTTP port and its stats page
    QCOMPARE(lb->probes.at(1).spec.kind, ProbeKind::HaproxyStats);
    QVERIFY2(lb->probes.at(1).ok, qPrintable(lb->probes.at(1).detail));
    // HAProxy's own view of its servers reaches the web servers' rows.
    for (const QString &id : {QStringLiteral("nginx-1"), QStringLiteral("nginx-2")}) {
        const ComponentStatus *web = find(statuses, id);
        QCOMPARE(web->haproxy.size(), 1);
        QCOMPARE(web->haproxy.front().loadBalancer, QStringLiteral("haproxy"));
        // "UP", or "UP 1/2" right after one slow check
        QVERIFY2(web->haproxy.front().healthy() == true, qPrintable(haproxyStatusOf(web)));
    }
    QCOMPARE(find(statuses, QStringLiteral("nginx-1"))->detail.contains(QStringLiteral("HTTP 200")),
             true);
    QCOMPARE(find(statuses, QStringLiteral("app-1"))->endpoint(),
             QStringLiteral("127.0.77.11:28000"));
}

void TestLive::statusVerbAllUp()
{
    const CliRun text = runCli({QStringLiteral("status"), m_designPath, QStringLiteral("--timeout"),
                                QStringLiteral("1500")});
    QCOMPARE(text.exitCode, 0);
    const QStringList lines = QString::fromUtf8(text.out).split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), m_design.components.size() + 1);
    QVERIFY(lines.front().startsWith(QStringLiteral("ID")));
    const QStringList nginx = lines.at(4).split(u' ', Qt::SkipEmptyParts);
    QCOMPARE(nginx.at(0), QStringLiteral("nginx-2"));
    QCOMPARE(nginx.at(1), QStringLiteral("web-02"));
    QCOMPARE(nginx.at(2), QStringLiteral("127.0.77.12:28081"));
    QCOMPARE(nginx.at(3), QStringLiteral("up"));

    const CliRun json = runCli({QStringLiteral("status"), m_designPath, QStringLiteral("--format"),
                                QStringLiteral("json")});
    QCOMPARE(json.exitCode, 0);
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(json.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(root.value(QStringLiteral("file")).toString(), m_designPath);
    const QJsonArray components = root.value(QStringLiteral("components")).toArray();
    QCOMPARE(components.size(), m_design.components.size());
    const QJsonObject lb = components.at(1).toObject();
    QCOMPARE(lb.value(QStringLiteral("id")).toString(), QStringLiteral("haproxy"));
    QCOMPARE(lb.value(QStringLiteral("host")).toString(), QStringLiteral("lb-01"));
    QCOMPARE(lb.value(QStringLiteral("address")).toString(), QStringLiteral("127.0.77.10"));
    QCOMPARE(lb.value(QStringLiteral("port")).toInt(), 28080);
    QCOMPARE(lb.value(QStringLiteral("state")).toString(), QStringLiteral("up"));
    QVERIFY(lb.value(QStringLiteral("latency_ms")).isDouble());
    QVERIFY(lb.contains(QStringLiteral("detail")));
    QCOMPARE(components.at(0).toObject().value(QStringLiteral("state")).toString(),
             QStringLiteral("unknown"));
}

void TestLive::liveModeOffUntilTurnedOn()
{
    m_document = std::make_unique<Document>();
    m_document->resetDesign(m_design);
    m_window = std::make_unique<QMainWindow>();
    m_scene = new DiagramScene(m_document.get(), m_window.get());
    auto *view = new DiagramView(m_scene, m_window.get());
    m_window->setCentralWidget(view);
    m_mode = installLiveMode(m_window.get(), m_document.get(), view);
    QVERIFY(m_mode);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        m_mode->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->show();
    QVERIFY(!m_mode->isEnabled());
    QVERIFY(!m_mode->toggleAction()->isChecked());
    auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("liveStatusDock"));
    QVERIFY(dock);
    QVERIFY(!dock->isVisible());
    // One row per component from the start, none probed.
    QCOMPARE(m_mode->model()->rowCount(), m_design.components.size());
    for (int row = 0; row < m_mode->model()->rowCount(); ++row)
        QCOMPARE(m_mode->model()->index(row, 0).data(LiveStatusModel::StateRole).toInt(),
                 int(State::Unknown));
    // The dock's interval box sets the mode's interval, in seconds.
    auto *every = dock->findChild<QSpinBox *>(QStringLiteral("liveInterval"));
    QVERIFY(every);
    QCOMPARE(every->value(), LiveMode::DefaultIntervalMs / 1000);
    every->setValue(7);
    QCOMPARE(m_mode->interval(), 7000);
    // Off means no round at all, even after several intervals.
    m_mode->setInterval(LiveMode::MinimumIntervalMs);
    QSignalSpy rounds(m_mode, &LiveMode::statesChanged);
    QVERIFY(!rounds.wait(3 * LiveMode::MinimumIntervalMs));
    QCOMPARE(m_mode->roundCount(), 0);
    // No marks on the canvas either.
    QVERIFY(!m_scene->liveState(QStringLiteral("nginx-1")));
    QVERIFY(!m_scene->componentItem(QStringLiteral("nginx-1"))
                 ->toolTip()
                 .contains(QStringLiteral("Live:")));
}

void TestLive::liveModeShowsStates()
{
    QVERIFY(m_mode);
    m_mode->setTimeout(1000);
    m_mode->setInterval(300);
    QCOMPARE(m_mode->interval(), 300);
    auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("liveStatusDock"));
    // The dock's switch and the View menu's action are one and the same.
    auto *toggle = dock->findChild<QCheckBox *>(QStringLiteral("liveToggle"));
    QVERIFY(toggle);
    toggle->setChecked(true);
    QVERIFY(m_mode->isEnabled());
    QVERIFY(m_mode->toggleAction()->isChecked());
    QVERIFY(dock->isVisible());
    LiveStatusModel *model = m_mode->model();
    auto allRowsUp = [model] {
        for (int row = 1; row < model->rowCount(); ++row) {
            if (model->index(row, 0).data(LiveStatusModel::StateRole).toInt() != int(State::Up))
                return false;
        }
        return model->rowCount() > 1;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allRowsUp(), 10000);
    // Rounds keep coming at the interval.
    const int rounds = m_mode->roundCount();
    QTRY_VERIFY_WITH_TIMEOUT(m_mode->roundCount() >= rounds + 2, 5000);
    QCOMPARE(model->index(2, LiveStatusModel::IdColumn).data().toString(),
             QStringLiteral("nginx-1"));
    QCOMPARE(model->index(2, LiveStatusModel::StateColumn).data().toString(), QStringLiteral("up"));
    QVERIFY(model->index(2, LiveStatusModel::LatencyColumn)
                .data()
                .toString()
                .endsWith(QStringLiteral(" ms")));
    const QString tip = model->index(2, 0).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.startsWith(QStringLiteral("nginx-1: up, ")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("HAProxy haproxy reports UP")), qPrintable(tip));
    QCOMPARE(m_mode->entry(QStringLiteral("nginx-1"))->status.state, State::Up);
    // The canvas: a mark per probed component, latency and detail in the tooltip.
    const auto mark = m_scene->liveState(QStringLiteral("nginx-1"));
    QVERIFY(mark);
    QCOMPARE(mark->status, LiveStatus::Up);
    QVERIFY2(mark->detail.contains(QStringLiteral(" ms \u00b7 HTTP 200")),
             qPrintable(mark->detail));
    const QString canvasTip = m_scene->componentItem(QStringLiteral("nginx-1"))->toolTip();
    QVERIFY2(canvasTip.contains(QStringLiteral("Live: up")), qPrintable(canvasTip));
    QCOMPARE(m_scene->liveState(QStringLiteral("app-2"))->status, LiveStatus::Up);

    // The rows follow the document: a component added while live mode runs
    // gets a row at once and its state at the next round.
    Component cache =
        component(QStringLiteral("cache-1"), Kind::Cache, {{QStringLiteral("port"), 28500}});
    cache.host = QStringLiteral("web-01");
    QCOMPARE(m_document->addComponent(cache), QStringLiteral("cache-1"));
    QCOMPARE(model->rowCount(), m_design.components.size() + 1);
    QVERIFY(m_mode->entry(QStringLiteral("cache-1")));
    QTRY_COMPARE_WITH_TIMEOUT(m_mode->entry(QStringLiteral("cache-1"))->status.state, State::Down,
                              5000);
    QCOMPARE(m_mode->entry(QStringLiteral("cache-1"))->status.detail,
             QStringLiteral("TCP connect to 127.0.77.11:28500: connection refused"));
    QVERIFY(m_document->removeElements({QStringLiteral("cache-1")}));
    QCOMPARE(model->rowCount(), m_design.components.size());
    QVERIFY(!m_mode->entry(QStringLiteral("cache-1")));
    m_window->statusBar()->clearMessage();
}

void TestLive::stoppedWebServerReadsDown()
{
    QVERIFY(m_nginx2);
    QVERIFY(m_mode && m_mode->isEnabled());
    QSignalSpy down(m_mode, &LiveMode::componentWentDown);
    QVERIFY(m_nginx2->stop());

    // Down from its own probe and from HAProxy's health checks.
    QList<ComponentStatus> statuses;
    auto nginx2Down = [&] {
        statuses = probeOnce(m_design, 1000);
        const ComponentStatus *s = find(statuses, QStringLiteral("nginx-2"));
        return s && s->state == State::Down && haproxyStatusOf(s) == QStringLiteral("DOWN");
    };
    QTRY_VERIFY_WITH_TIMEOUT(nginx2Down(), 15000);
    const ComponentStatus *s = find(statuses, QStringLiteral("nginx-2"));
    QCOMPARE(s->probes.size(), 1);
    QVERIFY(!s->probes.front().ok);
    QCOMPARE(s->probes.front().detail, QStringLiteral("connection refused"));
    QVERIFY2(
        s->detail.contains(QStringLiteral("HTTP GET / on 127.0.77.12:28081: connection refused")),
        qPrintable(s->detail));
    QVERIFY2(s->detail.contains(QStringLiteral("HAProxy haproxy reports DOWN")),
             qPrintable(s->detail));
    QCOMPARE(s->latencyMs, -1);
    // The rest stays up: the app behind the stopped server too.
    for (const QString &id : {QStringLiteral("haproxy"), QStringLiteral("nginx-1"),
                              QStringLiteral("app-1"), QStringLiteral("app-2")})
        QVERIFY2(stateOf(statuses, id) == State::Up, qPrintable(id));
    QVERIFY(find(statuses, QStringLiteral("nginx-1"))->haproxy.front().healthy() == true);

    // The designer follows: the table, the tooltip and the status bar.
    LiveStatusModel *model = m_mode->model();
    const QModelIndex nginx2 = model->index(3, 0);
    QCOMPARE(nginx2.data().toString(), QStringLiteral("nginx-2"));
    QTRY_COMPARE_WITH_TIMEOUT(nginx2.data(LiveStatusModel::StateRole).toInt(), int(State::Down),
                              10000);
    QCOMPARE(model->index(3, LiveStatusModel::StateColumn).data().toString(),
             QStringLiteral("down"));
    QTRY_VERIFY(!down.isEmpty());
    QCOMPARE(down.front().at(0).toString(), QStringLiteral("nginx-2"));
    QVERIFY2(
        m_window->statusBar()->currentMessage().startsWith(QStringLiteral("nginx-2 is down: ")),
        qPrintable(m_window->statusBar()->currentMessage()));
    const QString tip = nginx2.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(QStringLiteral("Last error")) &&
                 tip.contains(QStringLiteral("connection refused")),
             qPrintable(tip));
    QCOMPARE(model->index(2, 0).data(LiveStatusModel::StateRole).toInt(), int(State::Up));
    QCOMPARE(m_scene->liveState(QStringLiteral("nginx-2"))->status, LiveStatus::Down);
    QCOMPARE(m_scene->liveState(QStringLiteral("nginx-1"))->status, LiveStatus::Up);
    const QString canvasTip = m_scene->componentItem(QStringLiteral("nginx-2"))->toolTip();
    QVERIFY2(canvasTip.contains(QStringLiteral("Live: down")) &&
                 canvasTip.contains(QStringLiteral("last error at ")),
             qPrintable(canvasTip));
    // Announced once, not every round.
    const int rounds = m_mode->roundCount();
    QTRY_VERIFY_WITH_TIMEOUT(m_mode->roundCount() >= rounds + 2, 5000);
    QCOMPARE(down.size(), 1);
}

void TestLive::statusVerbOneDown()
{
    const CliRun json =
        runCli({QStringLiteral("status"), m_designPath, QStringLiteral("--format"),
                QStringLiteral("json"), QStringLiteral("--timeout"), QStringLiteral("1000")});
    QCOMPARE(json.exitCode, 1);
    const QJsonArray components =
        QJsonDocument::fromJson(json.out).object().value(QStringLiteral("components")).toArray();
    QCOMPARE(components.size(), m_design.components.size());
    for (const QJsonValue &v : components) {
        const QJsonObject c = v.toObject();
        const QString id = c.value(QStringLiteral("id")).toString();
        const QString state = c.value(QStringLiteral("state")).toString();
        if (id == QStringLiteral("users"))
            QCOMPARE(state, QStringLiteral("unknown"));
        else if (id == QStringLiteral("nginx-2")) {
            QCOMPARE(state, QStringLiteral("down"));
            QVERIFY(c.value(QStringLiteral("latency_ms")).isNull());
            QVERIFY(c.value(QStringLiteral("detail"))
                        .toString()
                        .contains(QStringLiteral("connection refused")));
        } else
            QVERIFY2(state == QStringLiteral("up"), qPrintable(id));
    }
    const CliRun text = runCli({QStringLiteral("status"), m_designPath});
    QCOMPARE(text.exitCode, 1);
    QVERIFY(text.out.contains("nginx-2  web-02  127.0.77.12:28081  down"));
}

void TestLive::liveModeTurnsOff()
{
    QVERIFY(m_mode);
    QSignalSpy changed(m_mode, &LiveMode::enabledChanged);
    m_mode->toggleAction()->trigger();
    QVERIFY(!m_mode->isEnabled());
    QCOMPARE(changed.size(), 1);
    // Old states would read as current: the rows forget them.
    for (int row = 0; row < m_mode->model()->rowCount(); ++row)
        QCOMPARE(m_mode->model()->index(row, 0).data(LiveStatusModel::StateRole).toInt(),
                 int(State::Unknown));
    QVERIFY(!m_scene->liveState(QStringLiteral("nginx-2")));
    QVERIFY(!m_scene->componentItem(QStringLiteral("nginx-2"))
                 ->toolTip()
                 .contains(QStringLiteral("Live:")));
    const int rounds = m_mode->roundCount();
    QSignalSpy states(m_mode, &LiveMode::statesChanged);
    QVERIFY(!states.wait(3 * m_mode->interval()));
    QCOMPARE(m_mode->roundCount(), rounds);
}

void TestLive::designerViewMenuHasLiveStatus()
{
    MainWindow window;
    QVERIFY(window.openFile(m_designPath));
    window.show();
    QAction *live = nullptr;
    for (QAction *menu : window.menuBar()->actions()) {
        if (menu->menu() && menu->text() == QStringLiteral("&View")) {
            for (QAction *a : menu->menu()->actions()) {
                if (a->objectName() == QStringLiteral("liveStatusAction"))
                    live = a;
            }
        }
    }
    QVERIFY2(live, "no Live Status action in the View menu");
    QVERIFY(live->isCheckable());
    QVERIFY(!live->isChecked());
    auto *dock = window.findChild<QDockWidget *>(QStringLiteral("liveStatusDock"));
    QVERIFY(dock);
    live->trigger();
    QVERIFY(dock->isVisible());
    DiagramScene *scene = window.view()->diagramScene();
    QTRY_VERIFY_WITH_TIMEOUT(scene->liveState(QStringLiteral("nginx-2")).has_value(), 5000);
    QCOMPARE(scene->liveState(QStringLiteral("nginx-1"))->status, LiveStatus::Up);
    QCOMPARE(scene->liveState(QStringLiteral("nginx-2"))->status, LiveStatus::Down);
    QTRY_VERIFY(window.statusBar()->currentMessage().startsWith(QStringLiteral("nginx-2 is down")));
    live->trigger();
    QVERIFY(!scene->liveState(QStringLiteral("nginx-1")));
}

void TestLive::unreachablePortsReadDown()
{
    // Nothing listens on 127.0.78.1.
    const Design design = singleHostDesign(
        QStringLiteral("127.0.78.1"),
        {component(QStringLiteral("lb"), Kind::LoadBalancer,
                   {{QStringLiteral("http_port"), 28180},
                    {QStringLiteral("stats"), true},
                    {QStringLiteral("stats_port"), 28181},
                    {QStringLiteral("tls"), true},
                    {QStringLiteral("https_port"), 28182}}),
         component(QStringLiteral("web"), Kind::WebServer, {{QStringLiteral("port"), 28183}}),
         component(QStringLiteral("app"), Kind::AppServer, {{QStringLiteral("port"), 28184}}),
         component(QStringLiteral("db"), Kind::Database, {{QStringLiteral("port"), 28185}}),
         component(QStringLiteral("cache"), Kind::Cache, {{QStringLiteral("port"), 28186}}),
         component(QStringLiteral("prom"), Kind::Monitoring, {{QStringLiteral("port"), 28187}})});
    QElapsedTimer clock;
    clock.start();
    const QList<ComponentStatus> statuses = probeOnce(design, 1000);
    QVERIFY(clock.elapsed() < 3000);
    QCOMPARE(statuses.size(), 6);
    for (const ComponentStatus &s : statuses) {
        QVERIFY2(s.state == State::Down, qPrintable(s.id));
        QVERIFY2(s.detail.contains(QStringLiteral("connection refused")), qPrintable(s.detail));
    }
    QCOMPARE(find(statuses, QStringLiteral("lb"))->probes.size(), 3);
    QVERIFY(find(statuses, QStringLiteral("prom"))
                ->detail.startsWith(QStringLiteral("HTTP GET /-/ready on 127.0.78.1:28187")));
}

void TestLive::prometheusReadsUp()
{
    const QString program = serverProgram(QStringLiteral("prometheus"));
    QVERIFY2(!program.isEmpty(), "prometheus is not installed (scripts/packages/servers.list)");
    const QString dir = m_dir.filePath(QStringLiteral("prometheus"));
    QVERIFY(QDir().mkpath(dir));
    QVERIFY(
        writeFile(dir + QStringLiteral("/prometheus.yml"), "global:\n  scrape_interval: 15s\n"));
    Daemon prometheus;
    QVERIFY(prometheus.start(
        program,
        {QStringLiteral("--config.file=") + dir + QStringLiteral("/prometheus.yml"),
         QStringLiteral("--web.listen-address=127.0.78.60:29090"),
         QStringLiteral("--storage.tsdb.path=") + dir + QStringLiteral("/data")},
        dir + QStringLiteral("/prometheus.log")));
    const Design design = singleHostDesign(
        QStringLiteral("127.0.78.60"),
        {component(QStringLiteral("prom"), Kind::Monitoring, {{QStringLiteral("port"), 29090}})});
    QList<ComponentStatus> statuses;
    // Ready once it has loaded its storage: 503 until then.
    QTRY_VERIFY_WITH_TIMEOUT((statuses = probeOnce(design, 1000)).front().state == State::Up,
                             20000);
    QCOMPARE(statuses.front().detail, QStringLiteral("HTTP 200 OK"));
    QVERIFY(prometheus.stop());
    statuses = probeOnce(design, 1000);
    QCOMPARE(statuses.front().state, State::Down);
    QCOMPARE(statuses.front().detail,
             QStringLiteral("HTTP GET /-/ready on 127.0.78.60:29090: connection refused"));
}

void TestLive::misbehavingServers_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<int>("behaviour");
    QTest::addColumn<QByteArray>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("detail");

    QTest::newRow("web accepts and closes")
        << "127.0.78.10" << int(Behaviour::AcceptAndClose) << QByteArray() << QByteArray()
        << int(Kind::WebServer) << "down"
        << "connection closed by the server";
    QTest::newRow("web never answers") << "127.0.78.11" << int(Behaviour::Silent) << QByteArray()
                                       << QByteArray() << int(Kind::WebServer) << "down"
                                       << "no answer within 400 ms";
    QTest::newRow("web answers 404")
        << "127.0.78.12" << int(Behaviour::Answer) << QByteArray("404 Not Found")
        << QByteArray("no") << int(Kind::WebServer) << "up"
        << "HTTP 404";
    QTest::newRow("web gets its server name")
        << "127.0.78.21" << int(Behaviour::AnswerShopOnly) << QByteArray("200 OK")
        << QByteArray("shop") << int(Kind::WebServer) << "up"
        << "HTTP 200 OK";
    QTest::newRow("web answers 502")
        << "127.0.78.13" << int(Behaviour::Answer) << QByteArray("502 Bad Gateway")
        << QByteArray("no") << int(Kind::WebServer) << "down"
        << "HTTP 502 Bad Gateway";
    QTest::newRow("app health 404")
        << "127.0.78.14" << int(Behaviour::Answer) << QByteArray("404 Not Found")
        << QByteArray("no") << int(Kind::AppServer) << "down"
        << "HTTP GET /health on 127.0.78.14:28200: HTTP 404";
    QTest::newRow("app speaks no HTTP") << "127.0.78.15" << int(Behaviour::Garbage) << QByteArray()
                                        << QByteArray() << int(Kind::AppServer) << "down"
                                        << "";
    QTest::newRow("database accepts and closes")
        << "127.0.78.16" << int(Behaviour::AcceptAndClose) << QByteArray() << QByteArray()
        << int(Kind::Database) << "up"
        << "connected";
    QTest::newRow("stats page is HTML")
        << "127.0.78.17" << int(Behaviour::Answer) << QByteArray("200 OK")
        << QByteArray("<html><body>Statistics Report</body></html>") << int(Kind::LoadBalancer)
        << "degraded"
        << "not HAProxy CSV: it starts with \"<html>";
    QTest::newRow("stats page is missing")
        << "127.0.78.18" << int(Behaviour::Answer) << QByteArray("404 Not Found")
        << QByteArray("no") << int(Kind::LoadBalancer) << "degraded"
        << "/stats;csv: HTTP 404";
    QTest::newRow("stats page is cut short")
        << "127.0.78.19" << int(Behaviour::Answer) << QByteArray("200 OK")
        << QByteArray("# pxname,svname,status,\nweb,nginx-1\n") << int(Kind::LoadBalancer)
        << "degraded"
        << "line 2 has 2 fields";
    QTest::newRow("stats port never answers")
        << "127.0.78.20" << int(Behaviour::Silent) << QByteArray() << QByteArray()
        << int(Kind::LoadBalancer) << "degraded"
        << "/stats;csv: no answer within 400 ms";
}

void TestLive::misbehavingServers()
{
    QFETCH(QString, address);
    QFETCH(int, behaviour);
    QFETCH(QByteArray, status);
    QFETCH(QByteArray, body);
    QFETCH(int, kind);
    QFETCH(QString, state);
    QFETCH(QString, detail);

    ServerThread servers;
    const int port = 28200;
    QVERIFY(servers.listen(address, port, Behaviour(behaviour), status, body));
    Component c = component(QStringLiteral("c"), Kind(kind),
                            {{QStringLiteral("port"), port},
                             {QStringLiteral("server_name"), QStringLiteral("shop.example.org")}});
    if (Kind(kind) != Kind::WebServer)
        c.settings.remove(QStringLiteral("server_name"));
    if (Kind(kind) == Kind::LoadBalancer) {
        // The stats page misbehaves; its HTTP port is the same server.
        c.settings = {{QStringLiteral("http_port"), port},
                      {QStringLiteral("stats"), true},
                      {QStringLiteral("stats_port"), port}};
    }
    const Design design = singleHostDesign(address, {c});
    QElapsedTimer clock;
    clock.start();
    const QList<ComponentStatus> statuses = probeOnce(design, 400);
    const qint64 elapsed = clock.elapsed();
    QVERIFY2(elapsed < 2000, qPrintable(QString::number(elapsed)));
    QCOMPARE(statuses.size(), 1);
    const ComponentStatus &s = statuses.front();
    QCOMPARE(stateName(s.state), state);
    QVERIFY(!s.detail.isEmpty());
    QVERIFY2(s.detail.contains(detail), qPrintable(s.detail));
}

void TestLive::roundIsConcurrentAndBounded()
{
    ServerThread servers;
    QList<Component> components;
    for (int i = 0; i < 12; ++i) {
        QVERIFY(servers.listen(QStringLiteral("127.0.78.30"), 28300 + i, Behaviour::Silent));
        components.append(component(QStringLiteral("web-%1").arg(i), Kind::WebServer,
                                    {{QStringLiteral("port"), 28300 + i}}));
    }
    const Design design = singleHostDesign(QStringLiteral("127.0.78.30"), components);
    QElapsedTimer clock;
    clock.start();
    const QList<ComponentStatus> statuses = probeOnce(design, 500);
    // Twelve probes of 500 ms each, at once: one timeout, not twelve.
    QVERIFY2(clock.elapsed() < 1500, qPrintable(QString::number(clock.elapsed())));
    QCOMPARE(statuses.size(), 12);
    for (const ComponentStatus &s : statuses)
        QCOMPARE(s.detail,
                 QStringLiteral("HTTP GET / on %1: no answer within 500 ms").arg(s.endpoint()));
}

void TestLive::manyProbesStayUnderTheFileLimit()
{
    // 600 probes with room for 300 more open files: they take turns instead
    // of failing for want of a socket.
    rlimit saved{};
    QCOMPARE(::getrlimit(RLIMIT_NOFILE, &saved), 0);
    const qsizetype open =
        QDir(QStringLiteral("/proc/self/fd")).entryList(QDir::Files | QDir::System).size();
    rlimit lowered = saved;
    lowered.rlim_cur = std::min<rlim_t>(saved.rlim_cur, rlim_t(open + 300));
    QCOMPARE(::setrlimit(RLIMIT_NOFILE, &lowered), 0);
    QList<Component> components;
    for (int i = 0; i < 600; ++i)
        components.append(component(QStringLiteral("db-%1").arg(i), Kind::Database,
                                    {{QStringLiteral("port"), 29000 + i}}));
    const Design design = singleHostDesign(QStringLiteral("127.0.78.50"), components);
    const QList<ComponentStatus> statuses = probeOnce(design, 1000);
    ::setrlimit(RLIMIT_NOFILE, &saved);
    QCOMPARE(statuses.size(), 600);
    for (const ComponentStatus &s : statuses)
        QCOMPARE(s.detail,
                 QStringLiteral("TCP connect to %1: connection refused").arg(s.endpoint()));
}

void TestLive::noAddressIsUnknown()
{
    Design design =
        singleHostDesign(QString(), {component(QStringLiteral("web"), Kind::WebServer, {})});
    Component dns = component(QStringLiteral("dns"), Kind::Dns, {});
    design.components.append(dns);
    const QList<ComponentStatus> statuses = probeOnce(design, 200);
    QCOMPARE(statuses.size(), 2);
    QCOMPARE(statuses.at(0).state, State::Unknown);
    QCOMPARE(statuses.at(0).detail, QStringLiteral("no address: host box has none"));
    QCOMPARE(statuses.at(1).state, State::Unknown);
    QCOMPARE(statuses.at(1).detail, QStringLiteral("not probed: a DNS record"));
    QVERIFY(!anyFailing(statuses));
}

void TestLive::cancelAndDestroyMidRound()
{
    ServerThread servers;
    QVERIFY(servers.listen(QStringLiteral("127.0.78.40"), 28400, Behaviour::Silent));
    const Design design = singleHostDesign(
        QStringLiteral("127.0.78.40"),
        {component(QStringLiteral("web"), Kind::WebServer, {{QStringLiteral("port"), 28400}}),
         component(QStringLiteral("db"), Kind::Database, {{QStringLiteral("port"), 28401}})});
    {
        auto prober = std::make_unique<Prober>();
        prober->setTimeout(5000);
        prober->start(design);
        QVERIFY(prober->isRunning());
        QTest::qWait(50); // let the request reach the silent server
    }                     // destroyed with a request in flight
    Prober prober;
    prober.setTimeout(300);
    QSignalSpy finished(&prober, &Prober::finished);
    prober.start(design);
    prober.cancel();
    QVERIFY(!prober.isRunning());
    prober.start(design);
    prober.start(design); // restarts: the first round is dropped
    QVERIFY(finished.wait(3000));
    QVERIFY(!finished.wait(600));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(prober.results().size(), 2);
    QCOMPARE(prober.results().at(1).detail,
             QStringLiteral("TCP connect to 127.0.78.40:28401: connection refused"));
}

void TestLive::parseHaproxyCsv_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("error");
    QTest::newRow("empty") << QByteArray() << "not HAProxy CSV: the page is empty";
    QTest::newRow("html") << QByteArray("<!DOCTYPE html>\n<html>")
                          << "not HAProxy CSV: it starts with \"<!DOCTYPE html> <html>\"";
    QTest::newRow("no columns")
        << QByteArray("# a,b,c\n1,2,3\n")
        << "not HAProxy CSV: the header has no pxname, svname and status columns";
    QTest::newRow("short row") << QByteArray("# pxname,svname,status\nweb,nginx-1\n")
                               << "not HAProxy CSV: line 2 has 2 fields, the header 3";
    QTest::newRow("binary") << QByteArray("# pxname,svname,status\n\0\0", 26)
                            << "not HAProxy CSV: binary data";
}

void TestLive::parseHaproxyCsv()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, error);
    QString why;
    QVERIFY(!stackplan::live::parseHaproxyCsv(bytes, &why));
    QCOMPARE(why, error);

    // A page HAProxy 2.6 served, with a quoted field holding a comma.
    QFile sample(QStringLiteral(STACKPLAN_TEST_DATA "/live/haproxy-stats.csv"));
    QVERIFY(sample.open(QIODevice::ReadOnly));
    const auto rows = stackplan::live::parseHaproxyCsv(sample.readAll(), &why);
    QVERIFY(rows);
    QCOMPARE(rows->size(), 2);
    QCOMPARE(rows->at(0).proxy, QStringLiteral("web-tier"));
    QCOMPARE(rows->at(0).server, QStringLiteral("nginx-1"));
    QCOMPARE(rows->at(0).status, QStringLiteral("UP"));
    QCOMPARE(rows->at(0).checkStatus, QStringLiteral("L7OK"));
    QCOMPARE(rows->at(1).server, QStringLiteral("nginx-2"));
    QCOMPARE(rows->at(1).status, QStringLiteral("DOWN"));
    QCOMPARE(rows->at(1).checkStatus, QStringLiteral("L4CON"));
}

void TestLive::combineFoldsHaproxyView()
{
    const Design design = loadTestDesign(QStringLiteral("deployment.stackplan"));
    auto result = [&](const QString &id, bool ok) {
        QString why;
        const QList<ProbeSpec> plan = probePlan(design, *design.component(id), &why);
        return ProbeResult{plan.front(), ok, ok ? 3 : -1,
                           ok ? QStringLiteral("HTTP 200") : QStringLiteral("connection refused")};
    };
    auto row = [](const QString &server, const QString &status) {
        return HaproxyServer{QStringLiteral("web-tier"), server, status, QStringLiteral("L7OK")};
    };
    const QList<ProbeResult> results{
        result(QStringLiteral("nginx-1"), true), result(QStringLiteral("nginx-2"), false),
        result(QStringLiteral("app-1"), true), result(QStringLiteral("app-2"), false)};
    const QHash<QString, QList<HaproxyServer>> stats{
        {QStringLiteral("haproxy"),
         {row(QStringLiteral("nginx-1"), QStringLiteral("DOWN")),
          row(QStringLiteral("nginx-2"), QStringLiteral("UP 2/3")),
          row(QStringLiteral("app-1"), QStringLiteral("no check")),
          row(QStringLiteral("app-2"), QStringLiteral("MAINT")),
          row(QStringLiteral("elsewhere"), QStringLiteral("DOWN"))}}};
    const QList<ComponentStatus> statuses = combine(design, results, stats);
    // Up itself but HAProxy sends it nothing: degraded.
    QCOMPARE(stateOf(statuses, QStringLiteral("nginx-1")), State::Degraded);
    QVERIFY(find(statuses, QStringLiteral("nginx-1"))
                ->detail.contains(QStringLiteral("HAProxy haproxy reports DOWN (L7OK)")));
    QCOMPARE(find(statuses, QStringLiteral("nginx-1"))->latencyMs, 3);
    // Its own probe fails while HAProxy still counts it up: degraded.
    QCOMPARE(stateOf(statuses, QStringLiteral("nginx-2")), State::Degraded);
    // Unchecked servers say nothing.
    QCOMPARE(stateOf(statuses, QStringLiteral("app-1")), State::Up);
    QCOMPARE(stateOf(statuses, QStringLiteral("app-2")), State::Down);
    // The load balancer was not probed in this round.
    QCOMPARE(stateOf(statuses, QStringLiteral("haproxy")), State::Unknown);
    QCOMPARE(find(statuses, QStringLiteral("haproxy"))->detail, QStringLiteral("not probed yet"));
    QVERIFY(anyFailing(statuses));
}

void TestLive::statusVerbBadInput()
{
    const QString bad = m_dir.filePath(QStringLiteral("bad.stackplan"));
    QVERIFY(writeFile(bad, "{\"stackplan\": 1, \"components\": [{\"id\": \"x\"}]}\n"));
    CliRun run = runCli({QStringLiteral("status"), bad});
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(bad.toUtf8()) && run.err.contains("components[0]"),
             run.err.constData());
    run = runCli({QStringLiteral("status"), m_dir.filePath(QStringLiteral("missing.stackplan"))});
    QCOMPARE(run.exitCode, 2);
    run = runCli({QStringLiteral("status"), m_designPath, QStringLiteral("--timeout"),
                  QStringLiteral("soon")});
    QCOMPARE(run.exitCode, 2);
    QVERIFY(run.err.contains("--timeout"));
    run = runCli({QStringLiteral("status"), m_designPath, QStringLiteral("--format"),
                  QStringLiteral("xml")});
    QCOMPARE(run.exitCode, 2);
    run = runCli({QStringLiteral("status")});
    QCOMPARE(run.exitCode, 2);
}

QTEST_MAIN(TestLive)
#include "tst_live.moc"
