#include "diagram/layout.h"

#include "diagram/geometry.h"
#include "diagram/graphviz.h"

#include <QHash>
#include <QPointer>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <memory>

namespace stackplan {

using namespace diagram;

namespace {

constexpr double UnitGap = 40;  // between boxes across a rank
constexpr double RankGap = 120; // between ranks
constexpr double InnerGap = 20; // between components inside a host

bool cancelled(LayoutControl *control)
{
    return control && control->cancelled.load(std::memory_order_relaxed);
}

void report(LayoutControl *control, int percent)
{
    if (control && control->progress)
        control->progress(percent);
}

// Boxes already placed, bucketed in a grid so checking a new box costs only
// its neighbourhood, even with tens of thousands of boxes.
class Occupancy
{
public:
    explicit Occupancy(double cell)
        : m_cell(cell)
    {}

    void add(const QRectF &r)
    {
        const int index = int(m_rects.size());
        m_rects.append(r);
        forCells(r, [&](qint64 key) { m_grid[key].append(index); });
    }

    // The first placed box r overlaps (with the margin), or nullptr.
    const QRectF *overlapping(const QRectF &r, double margin) const
    {
        const QRectF grown = r.adjusted(-margin, -margin, margin, margin);
        const QRectF *found = nullptr;
        forCells(grown, [&](qint64 key) {
            if (found)
                return;
            const auto it = m_grid.constFind(key);
            if (it == m_grid.constEnd())
                return;
            for (const int i : *it) {
                if (m_rects[i].intersects(grown)) {
                    found = &m_rects[i];
                    return;
                }
            }
        });
        return found;
    }

private:
    template<typename F>
    void forCells(const QRectF &r, F &&f) const
    {
        // Clamped so absurd coordinates from a file cannot overflow the keys.
        const auto cell = [this](double v) {
            return qint64(std::floor(std::clamp(v, -1e12, 1e12) / m_cell));
        };
        const qint64 x0 = cell(r.left());
        const qint64 x1 = std::min(cell(r.right()), x0 + 4096);
        const qint64 y0 = cell(r.top());
        const qint64 y1 = std::min(cell(r.bottom()), y0 + 4096);
        for (qint64 x = x0; x <= x1; ++x)
            for (qint64 y = y0; y <= y1; ++y)
                f((x << 32) ^ (y & 0xffffffff));
    }

    double m_cell;
    QList<QRectF> m_rects;
    QHash<qint64, QList<int>> m_grid;
};

// Moves each unpinned box along the cross axis (down for LR, right for TB)
// until it overlaps nothing placed before it. Pinned boxes go first and never
// move. Returns the new top-left of every box.
QList<QPointF> resolveOverlaps(const QList<QRectF> &boxes, const QList<bool> &pinned, bool lr,
                               double margin)
{
    QList<QPointF> out(boxes.size());
    double cell = 200;
    for (const QRectF &b : boxes)
        cell = std::max(cell, std::max(b.width(), b.height()));
    Occupancy occupied(std::min(cell, 2000.0));
    QList<int> order;
    for (int i = 0; i < boxes.size(); ++i) {
        out[i] = boxes[i].topLeft();
        if (pinned[i])
            occupied.add(boxes[i]);
        else
            order.append(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
        const QPointF pa = boxes[a].topLeft(), pb = boxes[b].topLeft();
        return lr ? std::pair(pa.x(), pa.y()) < std::pair(pb.x(), pb.y())
                  : std::pair(pa.y(), pa.x()) < std::pair(pb.y(), pb.x());
    });
    for (const int i : order) {
        QRectF r = boxes[i];
        while (const QRectF *hit = occupied.overlapping(r, margin / 2)) {
            if (lr)
                r.moveTop(hit->bottom() + margin);
            else
                r.moveLeft(hit->right() + margin);
        }
        occupied.add(r);
        out[i] = r.topLeft();
    }
    return out;
}

struct Unit
{
    int host = -1;      // index into design.hosts, or
    int component = -1; // index of a hostless component
    QSizeF size;
    int rank = 0;
    bool pinned = false;
    QPointF position;
};

// Arranges the components inside each host: stacked across the ranks, in
// rank then file order; pinned ones stay.
void arrangeInsideHosts(Design &d, bool lr, LayoutControl *control)
{
    QHash<QString, QList<int>> byHost;
    for (int i = 0; i < d.components.size(); ++i)
        if (!d.components[i].host.isEmpty())
            byHost[d.components[i].host].append(i);
    int done = 0;
    for (Host &h : d.hosts) {
        if (++done % 256 == 0 && cancelled(control))
            return;
        QList<int> members = byHost.value(h.id);
        std::stable_sort(members.begin(), members.end(), [&](int a, int b) {
            return tierOf(d.components[a].kind) < tierOf(d.components[b].kind);
        });
        QList<QRectF> boxes;
        QList<bool> pinned;
        int slot = 0;
        for (const int i : members) {
            Component &c = d.components[i];
            const bool keep = isPinned(c.extra) && c.position;
            QPointF p;
            if (keep) {
                p = *c.position;
            } else if (lr) {
                p = QPointF(HostPadding, HostHeader + slot++ * (ComponentHeight + InnerGap));
            } else {
                p = QPointF(HostPadding + slot++ * (ComponentWidth + InnerGap), HostHeader);
            }
            boxes.append(QRectF(p, QSizeF(ComponentWidth, ComponentHeight)));
            pinned.append(keep);
        }
        const QList<QPointF> placed = resolveOverlaps(boxes, pinned, lr, InnerGap);
        for (int k = 0; k < members.size(); ++k)
            d.components[members[k]].position = placed[k];
    }
}

QList<Unit> unitsOf(const Design &d)
{
    QList<Unit> units;
    QHash<QString, int> minRank;
    for (const Component &c : d.components) {
        if (c.host.isEmpty())
            continue;
        const int r = tierOf(c.kind);
        const auto it = minRank.find(c.host);
        if (it == minRank.end())
            minRank.insert(c.host, r);
        else
            *it = std::min(*it, r);
    }
    const auto byHost = componentsByHost(d);
    for (int i = 0; i < d.hosts.size(); ++i) {
        Unit u;
        u.host = i;
        u.size = hostRectFor(d.hosts[i], byHost.value(d.hosts[i].id)).size();
        u.rank = minRank.value(d.hosts[i].id, 4);
        u.pinned = isPinned(d.hosts[i].extra) && d.hosts[i].position;
        u.position = d.hosts[i].position.value_or(QPointF());
        units.append(u);
    }
    for (int i = 0; i < d.components.size(); ++i) {
        const Component &c = d.components[i];
        if (!c.host.isEmpty() && d.host(c.host))
            continue;
        Unit u;
        u.component = i;
        u.size = QSizeF(ComponentWidth, ComponentHeight);
        u.rank = tierOf(c.kind);
        u.pinned = isPinned(c.extra) && c.position;
        u.position = c.position.value_or(QPointF());
        units.append(u);
    }
    return units;
}

void applyUnits(Design &d, const QList<Unit> &units)
{
    for (const Unit &u : units) {
        if (u.host >= 0)
            d.hosts[u.host].position = u.position;
        else
            d.components[u.component].position = u.position;
    }
}

// Final pass shared by both engines: pinned units back where they were, then
// no two top-level boxes overlap.
void separate(Design &d, QList<Unit> &units, bool lr)
{
    QList<QRectF> boxes;
    QList<bool> pinned;
    for (const Unit &u : units) {
        boxes.append(QRectF(u.position, u.size));
        pinned.append(u.pinned);
    }
    const QList<QPointF> placed = resolveOverlaps(boxes, pinned, lr, UnitGap);
    for (int i = 0; i < units.size(); ++i)
        units[i].position = placed[i];
    applyUnits(d, units);
}

// The tiered layout: one column (LR) or row (TB) per rank, wrapped when a
// rank holds very many boxes, ordered by the barycentre of their neighbours
// in earlier ranks to keep crossings down.
bool tieredLayout(Design &d, bool lr, LayoutControl *control)
{
    arrangeInsideHosts(d, lr, control);
    if (cancelled(control))
        return false;
    report(control, 30);
    QList<Unit> units = unitsOf(d);
    QHash<QString, int> unitOfComponent;
    for (int i = 0; i < units.size(); ++i) {
        const Unit &u = units[i];
        if (u.component >= 0)
            unitOfComponent.insert(d.components[u.component].id, i);
    }
    QHash<QString, int> unitOfHost;
    for (int i = 0; i < units.size(); ++i)
        if (units[i].host >= 0)
            unitOfHost.insert(d.hosts[units[i].host].id, i);
    for (const Component &c : d.components)
        if (!c.host.isEmpty() && unitOfHost.contains(c.host))
            unitOfComponent.insert(c.id, unitOfHost.value(c.host));
    QList<QList<int>> neighbours(units.size());
    for (const Link &l : d.links) {
        const int a = unitOfComponent.value(l.from, -1);
        const int b = unitOfComponent.value(l.to, -1);
        if (a < 0 || b < 0 || a == b)
            continue;
        neighbours[a].append(b);
        neighbours[b].append(a);
    }
    if (cancelled(control))
        return false;
    report(control, 45);

    constexpr int Ranks = 8;
    QList<QList<int>> columns(Ranks);
    for (int i = 0; i < units.size(); ++i)
        columns[std::clamp(units[i].rank, 0, Ranks - 1)].append(i);
    // Order within each rank by the mean place of earlier-ranked neighbours.
    QList<double> place(units.size(), -1);
    for (int r = 0; r < Ranks; ++r) {
        QList<int> &col = columns[r];
        QList<double> key(col.size());
        for (int k = 0; k < col.size(); ++k) {
            double sum = 0;
            int n = 0;
            for (const int nb : neighbours[col[k]]) {
                if (place[nb] >= 0) {
                    sum += place[nb];
                    ++n;
                }
            }
            key[k] = n ? sum / n : double(k) / std::max<qsizetype>(1, col.size());
        }
        QList<int> idx(col.size());
        for (int k = 0; k < col.size(); ++k)
            idx[k] = k;
        std::stable_sort(idx.begin(), idx.end(), [&](int a, int b) { return key[a] < key[b]; });
        QList<int> sorted;
        sorted.reserve(col.size());
        for (const int k : idx)
            sorted.append(col[k]);
        col = sorted;
        for (int k = 0; k < col.size(); ++k)
            place[col[k]] = double(k) / std::max<qsizetype>(1, col.size());
        if (cancelled(control))
            return false;
    }
    report(control, 65);

    // Wrap tall ranks so the picture stays roughly as tall as it is wide.
    double area = 0;
    for (const Unit &u : units)
        area += (u.size.width() + UnitGap) * (u.size.height() + UnitGap);
    const double maxExtent = std::max(1200.0, std::sqrt(area) * 1.2);

    double along = 0; // x for LR, y for TB
    QList<double> extents;
    QList<QList<QList<int>>> wrapped(Ranks);
    for (int r = 0; r < Ranks; ++r) {
        QList<int> current;
        double extent = 0;
        for (const int i : columns[r]) {
            const double size = lr ? units[i].size.height() : units[i].size.width();
            if (!current.isEmpty() && extent + size > maxExtent) {
                wrapped[r].append(current);
                current.clear();
                extent = 0;
            }
            current.append(i);
            extent += size + UnitGap;
        }
        if (!current.isEmpty())
            wrapped[r].append(current);
    }
    double tallest = 0;
    for (const auto &rank : wrapped)
        for (const auto &line : rank) {
            double extent = 0;
            for (const int i : line)
                extent += (lr ? units[i].size.height() : units[i].size.width()) + UnitGap;
            tallest = std::max(tallest, extent);
        }
    for (const auto &rank : wrapped) {
        for (const auto &line : rank) {
            double thickness = 0;
            double extent = 0;
            for (const int i : line) {
                thickness =
                    std::max(thickness, lr ? units[i].size.width() : units[i].size.height());
                extent += (lr ? units[i].size.height() : units[i].size.width()) + UnitGap;
            }
            double across = (tallest - extent) / 2; // centred
            for (const int i : line) {
                Unit &u = units[i];
                if (!u.pinned)
                    u.position = lr ? QPointF(along, across) : QPointF(across, along);
                across += (lr ? u.size.height() : u.size.width()) + UnitGap;
            }
            along += thickness + UnitGap;
        }
        if (!rank.isEmpty())
            along += RankGap - UnitGap;
    }
    if (cancelled(control))
        return false;
    report(control, 85);
    separate(d, units, lr);
    return true;
}

bool graphvizLayout(Design &d, bool lr, LayoutControl *control, QString *error)
{
    const Design original = d;
    graphviz::GvGraph g;
    g.name = QStringLiteral("layout");
    const QString w = QString::number(ComponentWidth / 72.0);
    const QString h = QString::number(ComponentHeight / 72.0);
    for (const Host &host : d.hosts) {
        graphviz::GvGraph::Cluster c;
        c.name = QStringLiteral("cluster_") + host.id;
        // Room for the host's title without a label: measuring text would
        // pull in Graphviz's font machinery for nothing.
        c.attributes.insert(QStringLiteral("margin"), QString::number(HostHeader));
        g.clusters.append(c);
    }
    for (const Component &c : d.components) {
        graphviz::GvGraph::Node n;
        n.name = c.id;
        if (!c.host.isEmpty() && d.host(c.host))
            n.cluster = QStringLiteral("cluster_") + c.host;
        n.attributes.insert(QStringLiteral("width"), w);
        n.attributes.insert(QStringLiteral("height"), h);
        g.nodes.append(n);
    }
    for (const Link &l : d.links) {
        if (!d.component(l.from) || !d.component(l.to))
            continue;
        graphviz::GvGraph::Edge e;
        e.tail = l.from;
        e.head = l.to;
        // Replication should not push the replica a rank further away.
        if (d.effectiveProtocol(l) == QStringLiteral("replication"))
            e.attributes.insert(QStringLiteral("constraint"), QStringLiteral("false"));
        g.edges.append(e);
    }
    graphviz::LayoutParameters params;
    params.rankdir = lr ? QStringLiteral("LR") : QStringLiteral("TB");
    report(control, 10);
    const std::optional<graphviz::LayoutGeometry> geometry =
        graphviz::layoutWithDot(g, params, error);
    if (!geometry)
        return false;
    if (cancelled(control))
        return false;
    report(control, 70);

    // Hosts: from the extent of their components; components relative.
    QHash<QString, QRectF> extent;
    for (const Component &c : d.components) {
        if (c.host.isEmpty())
            continue;
        extent[c.host] |= geometry->nodes.value(c.id);
    }
    for (Host &host : d.hosts) {
        if (isPinned(host.extra) && host.position)
            continue;
        const auto it = extent.constFind(host.id);
        host.position = it != extent.constEnd()
                            ? QPointF(it->left() - HostPadding, it->top() - HostHeader)
                            : QPointF(0, geometry->bounds.bottom() + UnitGap);
    }
    for (Component &c : d.components) {
        if (isPinned(c.extra) && c.position)
            continue;
        QPointF p = geometry->nodes.value(c.id).topLeft();
        if (const Host *host = d.host(c.host)) {
            const Host *before = original.host(c.host);
            if (isPinned(host->extra) && before && before->position) {
                // A pinned host keeps its whole inside as it was.
                if (const Component *was = original.component(c.id); was && was->position)
                    p = *was->position;
                else
                    p = QPointF(HostPadding, HostHeader);
            } else {
                p -= *host->position;
            }
        }
        c.position = p;
    }
    // Pinned components may now sit on top of others inside their host.
    QHash<QString, QList<int>> byHost;
    for (int i = 0; i < d.components.size(); ++i)
        if (!d.components[i].host.isEmpty())
            byHost[d.components[i].host].append(i);
    for (auto it = byHost.begin(); it != byHost.end(); ++it) {
        QList<QRectF> boxes;
        QList<bool> pinned;
        for (const int i : *it) {
            boxes.append(
                QRectF(*d.components[i].position, QSizeF(ComponentWidth, ComponentHeight)));
            pinned.append(isPinned(d.components[i].extra));
        }
        const QList<QPointF> placed = resolveOverlaps(boxes, pinned, lr, InnerGap);
        for (int k = 0; k < it->size(); ++k)
            d.components[(*it)[k]].position = placed[k];
    }
    QList<Unit> units = unitsOf(d);
    separate(d, units, lr);
    return true;
}

void placeNotes(Design &d)
{
    double right = 0;
    double bottom = 0;
    const auto byHost = componentsByHost(d);
    for (const Host &h : d.hosts) {
        const QRectF r = hostRectFor(h, byHost.value(h.id));
        bottom = std::max(bottom, r.bottom());
    }
    for (const Component &c : d.components) {
        if (c.host.isEmpty())
            bottom = std::max(bottom, componentRect(d, c).bottom());
    }
    for (const Note &n : d.notes)
        if (n.position)
            bottom = std::max(bottom, noteRect(n).bottom());
    for (Note &n : d.notes) {
        if (n.position)
            continue;
        n.position = QPointF(right, bottom + UnitGap);
        right += NoteWidth + UnitGap;
    }
}

} // namespace

LayoutOptions::Engine chooseEngine(const Design &design, const LayoutOptions &options)
{
    if (options.engine != LayoutOptions::Engine::Auto)
        return options.engine;
    return design.components.size() <= options.graphvizLimit ? LayoutOptions::Engine::Graphviz
                                                             : LayoutOptions::Engine::Tiered;
}

std::optional<Design> autoLayout(const Design &design, const LayoutOptions &options,
                                 LayoutControl *control, QString *error)
{
    Design d = design;
    d.reindex();
    const bool lr = options.direction != QStringLiteral("TB");
    report(control, 0);
    bool ok = false;
    if (chooseEngine(d, options) == LayoutOptions::Engine::Graphviz) {
        QString gvError;
        ok = graphvizLayout(d, lr, control, &gvError);
        if (!ok && !cancelled(control)) {
            // Graphviz refused: the tiered layout always works.
            d = design;
            d.reindex();
            ok = tieredLayout(d, lr, control);
            if (error)
                *error = gvError;
        }
    } else {
        ok = tieredLayout(d, lr, control);
    }
    if (!ok || cancelled(control))
        return std::nullopt;
    placeNotes(d);
    report(control, 100);
    return d;
}

// ---------------------------------------------------------------------------

struct LayoutTask::Private
{
    QThread *thread = nullptr;
    std::shared_ptr<LayoutControl> control;
};

LayoutTask::LayoutTask(QObject *parent)
    : QObject(parent)
    , d(new Private)
{}

LayoutTask::~LayoutTask()
{
    cancel();
    if (d->thread) {
        d->thread->wait();
        delete d->thread;
    }
    delete d;
}

bool LayoutTask::isRunning() const
{
    return d->thread && d->thread->isRunning();
}

void LayoutTask::cancel()
{
    if (d->control)
        d->control->cancelled = true;
}

void LayoutTask::start(const Design &design, const LayoutOptions &options)
{
    cancel();
    if (d->thread) {
        d->thread->wait();
        delete d->thread;
        d->thread = nullptr;
    }
    auto control = std::make_shared<LayoutControl>();
    d->control = control;
    QPointer<LayoutTask> self(this);
    // The control owns this callback, so it holds the control weakly: a strong
    // reference would keep both alive for ever.
    control->progress = [self, weak = std::weak_ptr<LayoutControl>(control)](int percent) {
        const std::shared_ptr<LayoutControl> live = weak.lock();
        if (!live || live->cancelled)
            return;
        QMetaObject::invokeMethod(
            self.data(),
            [self, live, percent] {
                if (self && !live->cancelled)
                    emit self->progress(percent);
            },
            Qt::QueuedConnection);
    };
    d->thread = QThread::create([self, control, design, options] {
        QString error;
        std::optional<Design> result = autoLayout(design, options, control.get(), &error);
        QMetaObject::invokeMethod(
            self.data(),
            [self, control, result = std::move(result)] {
                if (!self || self->d->control != control)
                    return; // a newer run replaced this one
                if (control->cancelled)
                    emit self->cancelled();
                else if (result)
                    emit self->finished(*result);
                else
                    emit self->failed(tr("The layout failed."));
            },
            Qt::QueuedConnection);
    });
    d->thread->start();
}

} // namespace stackplan
