#include "live/livemode.h"

#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "core/document.h"
#include "live/prober.h"

#include <QAction>
#include <QCheckBox>
#include <QDockWidget>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMainWindow>
#include <QPointer>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace stackplan::live {

LiveMode::LiveMode(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_prober(new Prober(this))
    , m_timer(new QTimer(this))
    , m_action(new QAction(tr("&Live Status"), this))
    , m_model(new LiveStatusModel(this))
    , m_timeoutMs(DefaultTimeoutMs)
{
    m_action->setCheckable(true);
    m_action->setObjectName(QStringLiteral("liveStatusAction"));
    m_action->setStatusTip(tr("Probe the servers at the addresses written in the design"));
    connect(m_action, &QAction::toggled, this, &LiveMode::setEnabled);
    m_timer->setInterval(m_intervalMs);
    connect(m_timer, &QTimer::timeout, this, &LiveMode::probeNow);
    connect(m_prober, &Prober::finished, this, &LiveMode::roundFinished);
    connect(m_document, &Document::designReset, this, [this] {
        // Another design: nothing known about it yet.
        m_prober->cancel();
        m_model->setEntries({});
        syncRows();
        emit statesChanged();
        if (m_enabled)
            probeNow();
    });
    connect(m_document, &Document::componentAdded, this, &LiveMode::syncRows);
    connect(m_document, &Document::componentRemoved, this, &LiveMode::syncRows);
    syncRows();
}

LiveMode::~LiveMode() = default;

void LiveMode::setTimeout(int ms)
{
    m_timeoutMs = std::max(1, ms);
}

int LiveMode::timeout() const
{
    return std::min(m_timeoutMs, m_intervalMs);
}

const LiveEntry *LiveMode::entry(const QString &id) const
{
    for (const LiveEntry &e : m_model->entries()) {
        if (e.status.id == id)
            return &e;
    }
    return nullptr;
}

void LiveMode::setEnabled(bool on)
{
    if (on == m_enabled)
        return;
    m_enabled = on;
    m_action->setChecked(on);
    if (on) {
        m_timer->start();
        probeNow();
    } else {
        m_timer->stop();
        m_prober->cancel();
        // Stale states would read as current: forget them.
        m_model->setEntries({});
        syncRows();
        emit statesChanged();
    }
    emit enabledChanged(on);
}

void LiveMode::setInterval(int ms)
{
    ms = std::clamp(ms, MinimumIntervalMs, MaximumIntervalMs);
    if (ms == m_intervalMs)
        return;
    m_intervalMs = ms;
    m_timer->setInterval(ms);
    emit intervalChanged(ms);
}

void LiveMode::probeNow()
{
    // A slow round is not stacked on: the next tick tries again.
    if (!m_enabled || m_prober->isRunning())
        return;
    m_prober->setTimeout(timeout());
    m_prober->start(m_document->design());
}

void LiveMode::roundFinished()
{
    if (!m_enabled)
        return;
    ++m_rounds;
    const QDateTime now = QDateTime::currentDateTime();
    QHash<QString, LiveEntry> previous;
    for (const LiveEntry &e : m_model->entries())
        previous.insert(e.status.id, e);
    QList<LiveEntry> entries;
    QList<std::pair<QString, QString>> wentDown;
    const Design &design = m_document->design();
    for (const ComponentStatus &status : m_prober->results()) {
        // The design may have lost the component while the round ran.
        if (!design.component(status.id))
            continue;
        LiveEntry entry = previous.value(status.id);
        const State before = entry.checkedAt.isValid() ? entry.status.state : State::Unknown;
        entry.status = status;
        entry.checkedAt = now;
        if (status.state == State::Down || status.state == State::Degraded) {
            entry.lastError = status.detail;
            entry.lastErrorAt = now;
        }
        if (status.state == State::Down && before != State::Down)
            wentDown.append({status.id, status.detail});
        entries.append(entry);
    }
    m_model->setEntries(entries);
    syncRows();
    emit statesChanged();
    for (const auto &[id, detail] : wentDown)
        emit componentWentDown(id, detail);
}

void LiveMode::syncRows()
{
    // One row per component of the current design, keeping what is known.
    QHash<QString, LiveEntry> known;
    for (const LiveEntry &e : m_model->entries())
        known.insert(e.status.id, e);
    QList<LiveEntry> rows;
    const Design &design = m_document->design();
    for (const Component &c : design.components) {
        LiveEntry entry = known.value(c.id);
        if (entry.status.id.isEmpty()) {
            entry.status.id = c.id;
            entry.status.host = c.host;
            if (const Host *h = design.hostOf(c))
                entry.status.address = h->address.trimmed();
            entry.status.port = servicePort(c);
            QString why;
            const bool probed = !probePlan(design, c, &why).isEmpty();
            entry.status.detail = m_enabled && probed ? tr("not probed yet") : why;
        }
        rows.append(entry);
    }
    m_model->setEntries(rows);
}

QHash<QString, LiveState> canvasStates(const LiveMode *mode)
{
    QHash<QString, LiveState> states;
    if (!mode->isEnabled())
        return states;
    for (const LiveEntry &e : mode->model()->entries()) {
        if (!e.checkedAt.isValid())
            continue;
        LiveState state;
        switch (e.status.state) {
        case State::Up:
            state.status = LiveStatus::Up;
            break;
        case State::Down:
            state.status = LiveStatus::Down;
            break;
        case State::Degraded:
            state.status = LiveStatus::Degraded;
            break;
        case State::Unknown:
            state.status = LiveStatus::Unknown;
            break;
        }
        // One line: the canvas tooltip lays its lines out itself.
        QStringList parts;
        if (e.status.latencyMs >= 0)
            parts.append(LiveMode::tr("%1 ms").arg(e.status.latencyMs));
        if (!e.status.detail.isEmpty())
            parts.append(e.status.detail);
        if (!e.lastError.isEmpty())
            parts.append(
                LiveMode::tr("last error at %1: %2")
                    .arg(e.lastErrorAt.time().toString(QStringLiteral("HH:mm:ss")), e.lastError));
        state.detail = parts.join(QStringLiteral(" \u00b7 "));
        states.insert(e.status.id, state);
    }
    return states;
}

QDockWidget *createLiveDock(LiveMode *mode, QWidget *parent)
{
    auto *dock = new QDockWidget(LiveMode::tr("Live Status"), parent);
    dock->setObjectName(QStringLiteral("liveStatusDock"));
    auto *body = new QWidget(dock);
    auto *layout = new QVBoxLayout(body);
    layout->setContentsMargins(4, 4, 4, 4);
    auto *controls = new QHBoxLayout;
    auto *toggle = new QCheckBox(LiveMode::tr("Probe the deployment"), body);
    toggle->setObjectName(QStringLiteral("liveToggle"));
    toggle->setToolTip(LiveMode::tr("Sends traffic to the addresses written in the design"));
    toggle->setChecked(mode->isEnabled());
    auto *every = new QSpinBox(body);
    every->setObjectName(QStringLiteral("liveInterval"));
    every->setRange(1, LiveMode::MaximumIntervalMs / 1000);
    every->setSuffix(LiveMode::tr(" s"));
    every->setPrefix(LiveMode::tr("every "));
    every->setValue(std::max(1, mode->interval() / 1000));
    auto *last = new QLabel(body);
    last->setObjectName(QStringLiteral("liveLastRound"));
    controls->addWidget(toggle);
    controls->addWidget(every);
    controls->addStretch();
    controls->addWidget(last);
    layout->addLayout(controls);
    auto *table = new QTableView(body);
    table->setObjectName(QStringLiteral("liveTable"));
    table->setModel(mode->model());
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->verticalHeader()->hide();
    table->horizontalHeader()->setStretchLastSection(true);
    table->setWordWrap(false);
    layout->addWidget(table);
    dock->setWidget(body);

    QObject::connect(toggle, &QCheckBox::toggled, mode, &LiveMode::setEnabled);
    QObject::connect(mode, &LiveMode::enabledChanged, toggle, &QCheckBox::setChecked);
    QObject::connect(every, &QSpinBox::valueChanged, mode,
                     [mode](int seconds) { mode->setInterval(seconds * 1000); });
    QObject::connect(mode, &LiveMode::intervalChanged, every,
                     [every](int ms) { every->setValue(std::max(1, ms / 1000)); });
    QObject::connect(mode, &LiveMode::statesChanged, last, [mode, last] {
        last->setText(mode->isEnabled()
                          ? LiveMode::tr("checked %1")
                                .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")))
                          : QString());
    });
    return dock;
}

LiveMode *installLiveMode(QMainWindow *window, Document *document, DiagramView *view)
{
    auto *mode = new LiveMode(document, window);
    QDockWidget *dock = createLiveDock(mode, window);
    window->addDockWidget(Qt::BottomDockWidgetArea, dock);
    dock->hide();
    QObject::connect(mode, &LiveMode::enabledChanged, dock, [dock](bool on) {
        if (on)
            dock->show();
    });
    QObject::connect(mode, &LiveMode::componentWentDown, window,
                     [window](const QString &id, const QString &detail) {
                         window->statusBar()->showMessage(
                             LiveMode::tr("%1 is down: %2").arg(id, detail), 15000);
                     });
    if (view) {
        QPointer<DiagramView> canvas(view);
        QObject::connect(mode, &LiveMode::statesChanged, view, [mode, canvas] {
            if (canvas && canvas->diagramScene())
                canvas->diagramScene()->setLiveStates(canvasStates(mode));
        });
    }
    return mode;
}

} // namespace stackplan::live
