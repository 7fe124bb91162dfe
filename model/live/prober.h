// Runs probe rounds over the network: every probe of every component at once,
// asynchronously (QNetworkAccessManager, QTcpSocket), each bounded by the
// timeout, and only to the addresses written in the design. Emits finished()
// when a round is complete; results() then holds every component's state.
// Starting a round while one runs abandons the old one.
#pragma once

#include "live/livestatus.h"

#include <QObject>

#include <memory>

class QNetworkAccessManager;

namespace stackplan::live {

inline constexpr int DefaultTimeoutMs = 2000;

class Prober : public QObject
{
    Q_OBJECT

public:
    explicit Prober(QObject *parent = nullptr);
    ~Prober() override;

    void setTimeout(int ms);
    int timeout() const { return m_timeoutMs; }

    // Starts one round on a copy of design.
    void start(const Design &design);
    // Abandons the running round; finished() is not emitted for it.
    void cancel();
    bool isRunning() const;

    // The last completed round, in the design's component order.
    const QList<ComponentStatus> &results() const { return m_results; }

signals:
    void finished();

private:
    class Round;
    void roundDone(Round *round);
    void disposeRound(Round *round);

    int m_timeoutMs = DefaultTimeoutMs;
    QNetworkAccessManager *m_network = nullptr;
    Round *m_round = nullptr;
    QList<ComponentStatus> m_results;
};

// One round, waiting for it in a local event loop (the command line, tests).
QList<ComponentStatus> probeOnce(const Design &design, int timeoutMs = DefaultTimeoutMs);

} // namespace stackplan::live
