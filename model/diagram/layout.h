// Automatic layout: places every host and component so no boxes overlap,
// keeping the positions of pinned elements. Small designs go through
// Graphviz's `dot` (hosts as clusters); large ones through a fast tiered
// layout whose ranks come from the kinds (internet, firewall, load balancer,
// web, app, cache, database, monitoring). Pure function of the design; the
// LayoutTask runs it on a worker thread with progress and cancellation.
#pragma once

#include "core/design.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <optional>

namespace stackplan {

struct LayoutOptions
{
    QString direction = QStringLiteral("LR"); // "LR" or "TB"
    enum class Engine { Auto, Graphviz, Tiered };
    Engine engine = Engine::Auto;
    // Auto uses Graphviz up to this many components, the tiered layout above.
    int graphvizLimit = 150;
};

// Shared between the caller and a running layout.
struct LayoutControl
{
    std::atomic<bool> cancelled{false};
    // Called from the layout's thread with 0..100.
    std::function<void(int percent)> progress;
};

// The design with new positions; nullopt when cancelled (or, with *error,
// when Graphviz failed and no fallback applied; the tiered layout never fails).
std::optional<Design> autoLayout(const Design &design, const LayoutOptions &options = {},
                                 LayoutControl *control = nullptr, QString *error = nullptr);

// Which engine Auto picks for a design.
LayoutOptions::Engine chooseEngine(const Design &design, const LayoutOptions &options);

// Runs autoLayout on a thread of its own. Emits progress() and exactly one of
// finished(), cancelled() or failed(), on the thread that owns the task.
class LayoutTask : public QObject
{
    Q_OBJECT
public:
    explicit LayoutTask(QObject *parent = nullptr);
    ~LayoutTask() override;

    void start(const Design &design, const LayoutOptions &options = {});
    void cancel();
    bool isRunning() const;

signals:
    void progress(int percent);
    void finished(const stackplan::Design &design);
    void cancelled();
    void failed(const QString &message);

private:
    struct Private;
    Private *d;
};

} // namespace stackplan
