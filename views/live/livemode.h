// Live mode: while the user has it on, probes the deployment the open design
// describes every few seconds (Prober, asynchronous: the interface never
// waits on the network) and keeps each component's state, latency and last
// error for the canvas, the tooltips and the dock's table. Off until turned
// on, since it sends traffic to the design's addresses. Owned by the window.
#pragma once

#include "live/livestatusmodel.h"
#include "render/marks.h"

#include <QObject>

class QAction;
class QDockWidget;
class QMainWindow;
class QTimer;

namespace stackplan {

class Document;
class DiagramView;

namespace live {

class Prober;

class LiveMode : public QObject
{
    Q_OBJECT

public:
    static constexpr int DefaultIntervalMs = 5000;
    static constexpr int MinimumIntervalMs = 200;
    static constexpr int MaximumIntervalMs = 3600 * 1000;

    explicit LiveMode(Document *document, QObject *parent = nullptr);
    ~LiveMode() override;

    bool isEnabled() const { return m_enabled; }
    int interval() const { return m_intervalMs; }
    // Each probe's timeout; never longer than the interval.
    void setTimeout(int ms);
    int timeout() const;

    LiveStatusModel *model() const { return m_model; }
    // "Live status", checkable, in step with isEnabled().
    QAction *toggleAction() const { return m_action; }
    // The component's entry; nullptr when the design has no such component.
    const LiveEntry *entry(const QString &id) const;
    // Rounds finished since the mode was created.
    int roundCount() const { return m_rounds; }

public slots:
    void setEnabled(bool on);
    void setInterval(int ms);
    // Starts a round now unless one is running.
    void probeNow();

signals:
    void enabledChanged(bool on);
    void intervalChanged(int ms);
    // After every round (and when the mode is turned off or the design
    // changes): the entries changed.
    void statesChanged();
    // A component that was not down reads down.
    void componentWentDown(const QString &id, const QString &detail);

private:
    void roundFinished();
    void syncRows();

    Document *m_document;
    Prober *m_prober;
    QTimer *m_timer;
    QAction *m_action;
    LiveStatusModel *m_model;
    bool m_enabled = false;
    int m_intervalMs = DefaultIntervalMs;
    int m_timeoutMs;
    int m_rounds = 0;
};

// The states the canvas shows (marks and tooltips); empty while the mode is off.
QHash<QString, LiveState> canvasStates(const LiveMode *mode);

// The dock with the table, the on/off switch and the interval.
QDockWidget *createLiveDock(LiveMode *mode, QWidget *parent);

// Adds live mode to a main window: the dock (shown when the mode is turned
// on), the canvas marks and tooltips on view, and a status-bar message when a
// component goes down. The window adds toggleAction() to its View menu.
LiveMode *installLiveMode(QMainWindow *window, Document *document, DiagramView *view);

} // namespace live
} // namespace stackplan
