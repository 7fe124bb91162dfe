#include "live/prober.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

namespace stackplan::live {

namespace {

// Probes in flight at once: every probe of an ordinary design, while a huge
// one stays under the usual limit of open files.
constexpr int MaxInFlight = 256;

// A stats page larger than this is not one HAProxy would serve for a design.
constexpr qint64 MaxStatsBytes = 8 * 1024 * 1024;

QString socketErrorText(QAbstractSocket::SocketError error, const QString &fallback)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("connection closed by the server");
    case QAbstractSocket::HostNotFoundError:
        return QStringLiteral("host not found");
    case QAbstractSocket::NetworkError:
        return QStringLiteral("network unreachable");
    default:
        return fallback;
    }
}

QString replyErrorText(QNetworkReply::NetworkError error, const QString &fallback)
{
    switch (error) {
    case QNetworkReply::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QNetworkReply::RemoteHostClosedError:
        return QStringLiteral("connection closed by the server before it answered");
    case QNetworkReply::HostNotFoundError:
        return QStringLiteral("host not found");
    case QNetworkReply::ProtocolFailure:
    case QNetworkReply::ProtocolUnknownError:
        return QStringLiteral("not an HTTP answer");
    default:
        return fallback;
    }
}

} // namespace

// Owns the sockets and replies of one round; deleting it abandons them.
class Prober::Round : public QObject
{
public:
    Round(Prober *prober, const Design &design)
        : QObject(prober)
        , m_prober(prober)
        , m_design(design)
    {}

    void startAll()
    {
        for (const Component &c : m_design.components) {
            const QList<ProbeSpec> plan = probePlan(m_design, c, nullptr);
            for (const ProbeSpec &spec : plan)
                m_results.append(ProbeResult{spec, false, -1, QStringLiteral("not finished")});
        }
        // Held while starting, so a probe that fails at once cannot end the
        // round before the others start; the round always ends asynchronously.
        m_pending = int(m_results.size()) + 1;
        while (m_next < m_results.size() && m_next < MaxInFlight)
            startNext();
        if (--m_pending == 0)
            QTimer::singleShot(0, this, [this] { m_prober->roundDone(this); });
    }

    QList<ComponentStatus> statuses() const { return combine(m_design, m_results, m_stats); }

private:
    void startNext()
    {
        // Every finished probe asks for the next one: past the end, no-op.
        if (m_next >= m_results.size())
            return;
        const int index = m_next++;
        if (m_results.at(index).spec.kind == ProbeKind::Tcp)
            startTcp(index);
        else
            startHttp(index);
    }

    void finish(int index, bool ok, const QString &detail, int latencyMs)
    {
        ProbeResult &r = m_results[index];
        r.ok = ok;
        r.detail = detail;
        r.latencyMs = latencyMs;
        // After the finished probe's socket is gone (dispose() came first).
        if (m_next < m_results.size())
            QMetaObject::invokeMethod(
                this, [this] { startNext(); }, Qt::QueuedConnection);
        if (--m_pending == 0)
            m_prober->roundDone(this);
    }

    // Deletes obj soon, outside its own signal. Not deleteLater(): inside a
    // local event loop (probeOnce) deferred deletes wait for the loop to end,
    // and a round of many probes would run out of file descriptors.
    void dispose(QObject *obj)
    {
        QMetaObject::invokeMethod(
            this, [obj] { delete obj; }, Qt::QueuedConnection);
    }

    QString timeoutText() const
    {
        return QStringLiteral("no answer within %1 ms").arg(m_prober->m_timeoutMs);
    }

    void startTcp(int index)
    {
        const ProbeSpec spec = m_results.at(index).spec;
        auto *socket = new QTcpSocket(this);
        socket->setProxy(QNetworkProxy::NoProxy);
        auto *timer = new QTimer(socket);
        timer->setSingleShot(true);
        auto clock = std::make_shared<QElapsedTimer>();
        auto done = std::make_shared<bool>(false);
        auto conclude = [this, index, socket, done](bool ok, const QString &detail, int latency) {
            if (*done)
                return;
            *done = true;
            socket->disconnect(this);
            socket->abort();
            dispose(socket);
            finish(index, ok, detail, latency);
        };
        connect(socket, &QTcpSocket::connected, this, [conclude, clock] {
            conclude(true, QStringLiteral("connected"), int(clock->elapsed()));
        });
        connect(socket, &QTcpSocket::errorOccurred, this,
                [conclude, socket](QAbstractSocket::SocketError error) {
                    conclude(false, socketErrorText(error, socket->errorString()), -1);
                });
        connect(timer, &QTimer::timeout, this,
                [this, conclude] { conclude(false, timeoutText(), -1); });
        clock->start();
        timer->start(m_prober->m_timeoutMs);
        socket->connectToHost(QHostAddress(spec.address), quint16(spec.port));
    }

    void startHttp(int index)
    {
        const ProbeSpec spec = m_results.at(index).spec;
        QUrl url;
        url.setScheme(QStringLiteral("http"));
        url.setHost(spec.address);
        url.setPort(spec.port);
        // The stats path holds a ';' that must reach HAProxy as it is.
        url.setPath(spec.path, QUrl::TolerantMode);
        QNetworkRequest request(url);
        // A redirect could lead anywhere: only the design's addresses are probed.
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                             QNetworkRequest::ManualRedirectPolicy);
        request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                             QNetworkRequest::AlwaysNetwork);
        request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
        // A fresh connection each round, so a stopped server cannot hide
        // behind a kept-alive one and the latency includes the connect.
        request.setRawHeader("Connection", "close");
        // Nor may a finished probe's connection linger in the cache, holding
        // a file descriptor per address and port.
        request.setAttribute(QNetworkRequest::ConnectionCacheExpiryTimeoutSecondsAttribute, 0);
        request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("stackplan-status"));
        if (!spec.hostHeader.isEmpty())
            request.setRawHeader("Host", spec.hostHeader.toUtf8());

        QNetworkReply *reply = m_prober->m_network->get(request);
        reply->setParent(this);
        auto *timer = new QTimer(reply);
        timer->setSingleShot(true);
        auto clock = std::make_shared<QElapsedTimer>();
        auto done = std::make_shared<bool>(false);
        const bool isStats = spec.kind == ProbeKind::HaproxyStats;
        auto conclude = [this, index, reply, done](bool ok, const QString &detail, int latency) {
            if (*done)
                return;
            *done = true;
            reply->disconnect(this);
            // Deleting it (soon, outside its own signal) aborts it; aborting
            // here, inside metaDataChanged, would report a second error.
            dispose(reply);
            finish(index, ok, detail, latency);
        };
        auto judge = [spec, reply]() -> std::pair<bool, QString> {
            const int code = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QString reason =
                reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
            const QString text = reason.isEmpty()
                                     ? QStringLiteral("HTTP %1").arg(code)
                                     : QStringLiteral("HTTP %1 %2").arg(code).arg(reason);
            const bool ok = spec.accept == HttpAccept::Success2xx ? (code >= 200 && code < 300)
                                                                  : (code >= 100 && code < 500);
            return {ok, text};
        };
        if (!isStats) {
            // The status line is the answer: no need to read the body.
            connect(reply, &QNetworkReply::metaDataChanged, this, [reply, judge, conclude, clock] {
                if (!reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid())
                    return;
                const auto [ok, text] = judge();
                conclude(ok, text, int(clock->elapsed()));
            });
        } else {
            connect(
                reply, &QNetworkReply::downloadProgress, this, [conclude](qint64 received, qint64) {
                    if (received > MaxStatsBytes)
                        conclude(
                            false,
                            QStringLiteral("stats page larger than %1 bytes").arg(MaxStatsBytes),
                            -1);
                });
        }
        connect(reply, &QNetworkReply::finished, this,
                [this, index, reply, judge, conclude, clock, isStats] {
                    const int latency = int(clock->elapsed());
                    const bool hasStatus =
                        reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).isValid();
                    if (!hasStatus) {
                        conclude(false, replyErrorText(reply->error(), reply->errorString()), -1);
                        return;
                    }
                    const auto [ok, text] = judge();
                    if (!isStats || !ok) {
                        conclude(ok, text, latency);
                        return;
                    }
                    QString error;
                    const auto rows = parseHaproxyCsv(reply->read(MaxStatsBytes), &error);
                    if (!rows) {
                        conclude(false, error, latency);
                        return;
                    }
                    m_stats.insert(m_results.at(index).spec.componentId, *rows);
                    conclude(true, QStringLiteral("stats list %1 servers").arg(rows->size()),
                             latency);
                });
        connect(timer, &QTimer::timeout, this,
                [this, conclude] { conclude(false, timeoutText(), -1); });
        clock->start();
        timer->start(m_prober->m_timeoutMs);
    }

    Prober *m_prober;
    const Design m_design;
    QList<ProbeResult> m_results;
    QHash<QString, QList<HaproxyServer>> m_stats;
    int m_pending = 0;
    int m_next = 0; // the next probe to start
};

Prober::Prober(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setProxy(QNetworkProxy::NoProxy);
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

Prober::~Prober()
{
    // Before the network manager goes: the rounds' replies come from it.
    m_round = nullptr;
    const QObjectList children = this->children();
    for (QObject *child : children) {
        if (dynamic_cast<Round *>(child))
            delete child;
    }
}

void Prober::setTimeout(int ms)
{
    m_timeoutMs = std::max(1, ms);
}

void Prober::start(const Design &design)
{
    cancel();
    m_round = new Round(this, design);
    m_round->startAll();
}

void Prober::cancel()
{
    if (!m_round)
        return;
    Round *round = m_round;
    m_round = nullptr;
    disposeRound(round);
}

void Prober::disposeRound(Round *round)
{
    QMetaObject::invokeMethod(
        this, [round] { delete round; }, Qt::QueuedConnection);
}

bool Prober::isRunning() const
{
    return m_round != nullptr;
}

void Prober::roundDone(Round *round)
{
    if (round != m_round)
        return;
    m_results = round->statuses();
    m_round = nullptr;
    // Called from inside the round's own slots: delete it afterwards.
    disposeRound(round);
    emit finished();
}

QList<ComponentStatus> probeOnce(const Design &design, int timeoutMs)
{
    Prober prober;
    prober.setTimeout(timeoutMs);
    QEventLoop loop;
    QObject::connect(&prober, &Prober::finished, &loop, &QEventLoop::quit);
    prober.start(design);
    if (prober.isRunning())
        loop.exec();
    return prober.results();
}

} // namespace stackplan::live
