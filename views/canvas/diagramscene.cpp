#include "canvas/diagramscene.h"

#include "canvas/canvasitems.h"
#include "canvas/mimetypes.h"
#include "core/designio.h"
#include "core/schema.h"
#include "render/geometry.h"

#include <QGraphicsPathItem>
#include <QGraphicsSceneDragDropEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGuiApplication>
#include <QMimeData>
#include <QPalette>
#include <QRegularExpression>

#include <cmath>

namespace stackplan {

namespace {

constexpr qreal GuideThreshold = 6;
constexpr qreal SceneMargin = 2000;

QPointF snapped(const QPointF &p)
{
    return QPointF(std::round(p.x() / geometry::GridSize) * geometry::GridSize,
                   std::round(p.y() / geometry::GridSize) * geometry::GridSize);
}

bool samePosition(const std::optional<QPointF> &a, const QPointF &b)
{
    return a && std::abs(a->x() - b.x()) < 0.01 && std::abs(a->y() - b.y()) < 0.01;
}

// "web-01" -> "web": new ids for pasted hosts follow the copied one's pattern.
QString idPrefix(const QString &id, const QString &fallback)
{
    static const QRegularExpression tail(QStringLiteral("-?[0-9]+$"));
    QString prefix = id;
    prefix.remove(tail);
    return prefix.isEmpty() ? fallback : prefix;
}

} // namespace

DiagramScene::DiagramScene(Document *document, QObject *parent)
    : QGraphicsScene(parent)
    , m_document(document)
    , m_theme(&Theme::fromPalette(QGuiApplication::palette()))
{
    connect(document, &Document::designReset, this, &DiagramScene::rebuild);
    connect(document, &Document::hostAdded, this, &DiagramScene::addHostItem);
    connect(document, &Document::hostRemoved, this, &DiagramScene::removeHostItem);
    connect(document, &Document::hostChanged, this, &DiagramScene::syncHost);
    connect(document, &Document::componentAdded, this, &DiagramScene::addComponentItem);
    connect(document, &Document::componentRemoved, this, &DiagramScene::removeComponentItem);
    connect(document, &Document::componentChanged, this, &DiagramScene::syncComponent);
    connect(document, &Document::linkAdded, this, &DiagramScene::addLinkItem);
    connect(document, &Document::linkRemoved, this, &DiagramScene::removeLinkItem);
    connect(document, &Document::linkChanged, this, &DiagramScene::syncLink);
    connect(document, &Document::noteAdded, this, &DiagramScene::addNoteItem);
    connect(document, &Document::noteRemoved, this, &DiagramScene::removeNoteItem);
    connect(document, &Document::noteChanged, this, &DiagramScene::syncNote);
    connect(document, &Document::elementMoved, this, [this](const QString &id) {
        switch (design().elementType(id)) {
        case ElementType::Host:
            syncHost(id);
            break;
        case ElementType::Component:
            syncComponent(id);
            break;
        case ElementType::Note:
            syncNote(id);
            break;
        default:
            break;
        }
    });
    rebuild();
}

DiagramScene::~DiagramScene()
{
    // Items read the document while being destroyed by QGraphicsScene; drop
    // them first so none outlives the maps.
    m_syncing = true;
    clear();
}

void DiagramScene::setDarkTheme(bool dark)
{
    m_theme = &Theme::forDark(dark);
    update();
}

ElementItem *DiagramScene::elementItem(const QString &id) const
{
    if (ComponentItem *c = m_components.value(id))
        return c;
    if (HostItem *h = m_hosts.value(id))
        return h;
    if (LinkItem *l = m_links.value(id))
        return l;
    return m_notes.value(id);
}

// ---- building ----

void DiagramScene::rebuild()
{
    m_syncing = true;
    m_linkFrom = nullptr;
    m_linkTarget = nullptr;
    m_dropTarget = nullptr;
    m_linkPreview = nullptr;
    clear();
    m_hosts.clear();
    m_components.clear();
    m_links.clear();
    m_notes.clear();
    m_linksByComponent.clear();
    m_componentsByHost.clear();
    m_autoIndex = 0;
    ++m_rebuilds;

    const Design &d = design();
    const DesignGeometry g(d);
    // A fixed, generous scene rect: growing it item by item costs a re-index.
    setSceneRect(g.bounds().adjusted(-SceneMargin, -SceneMargin, SceneMargin, SceneMargin));

    m_hosts.reserve(d.hosts.size());
    for (const Host &h : d.hosts) {
        auto *item = new HostItem(this, h.id);
        item->setPos(g.hostPosition(h.id));
        m_hosts.insert(h.id, item);
        addItem(item);
    }
    m_components.reserve(d.components.size());
    for (const Component &c : d.components) {
        auto *item = new ComponentItem(this, c.id);
        const bool hosted = !c.host.isEmpty() && m_hosts.contains(c.host);
        item->setHostId(hosted ? c.host : QString());
        item->setKind(c.kind);
        item->setPos(g.componentRect(c.id).topLeft());
        m_components.insert(c.id, item);
        if (hosted)
            m_componentsByHost[c.host].insert(c.id);
        addItem(item);
    }
    for (HostItem *h : std::as_const(m_hosts))
        h->refreshGeometry();
    m_links.reserve(d.links.size());
    for (const Link &l : d.links) {
        auto *item = new LinkItem(this, l.id);
        m_links.insert(l.id, item);
        m_linksByComponent[l.from].insert(l.id);
        m_linksByComponent[l.to].insert(l.id);
        item->refreshGeometry();
        addItem(item);
    }
    for (const Note &n : d.notes) {
        auto *item = new NoteItem(this, n.id);
        item->setPos(g.notePosition(n.id));
        item->refreshGeometry();
        m_notes.insert(n.id, item);
        addItem(item);
    }
    // Tooltips are built lazily for big designs would be nicer; they are cheap.
    for (HostItem *h : std::as_const(m_hosts))
        h->refreshToolTip();
    for (ComponentItem *c : std::as_const(m_components))
        c->refreshToolTip();
    for (LinkItem *l : std::as_const(m_links))
        l->refreshToolTip();
    for (NoteItem *n : std::as_const(m_notes))
        n->refreshToolTip();
    m_syncing = false;
}

QPointF DiagramScene::hostScenePos(const Host &host) const
{
    if (host.position)
        return *host.position;
    if (HostItem *item = m_hosts.value(host.id))
        return item->pos();
    return const_cast<DiagramScene *>(this)->autoPosition();
}

QPointF DiagramScene::componentScenePos(const Component &c) const
{
    if (!c.host.isEmpty()) {
        if (HostItem *host = m_hosts.value(c.host)) {
            if (c.position)
                return host->pos() + *c.position;
            if (ComponentItem *item = m_components.value(c.id); item && item->hostId() == c.host)
                return item->pos();
            return host->pos() +
                   geometry::autoSlotOnHost(int(m_componentsByHost.value(c.host).size()));
        }
    }
    if (c.position)
        return *c.position;
    if (ComponentItem *item = m_components.value(c.id); item && item->hostId().isEmpty())
        return item->pos();
    return const_cast<DiagramScene *>(this)->autoPosition();
}

QPointF DiagramScene::autoPosition()
{
    const QRectF content = itemsBoundingRect();
    const qreal top = content.isEmpty() ? 40 : content.bottom() + 60;
    const qreal left = content.isEmpty() ? 40 : content.left();
    return snapped(QPointF(left + (m_autoIndex++ % 8) * geometry::AutoTopColumn, top));
}

void DiagramScene::growSceneRect(const QRectF &rect)
{
    if (!sceneRect().contains(rect))
        setSceneRect(sceneRect() |
                     rect.adjusted(-SceneMargin, -SceneMargin, SceneMargin, SceneMargin));
}

void DiagramScene::addHostItem(const QString &id)
{
    const Host *h = design().host(id);
    if (!h || m_hosts.contains(id))
        return;
    m_syncing = true;
    auto *item = new HostItem(this, id);
    item->setPos(hostScenePos(*h));
    m_hosts.insert(id, item);
    addItem(item);
    item->refreshGeometry();
    item->refreshToolTip();
    growSceneRect(item->sceneBoundingRect());
    m_syncing = false;
}

void DiagramScene::addComponentItem(const QString &id)
{
    const Component *c = design().component(id);
    if (!c || m_components.contains(id))
        return;
    m_syncing = true;
    auto *item = new ComponentItem(this, id);
    const bool hosted = !c->host.isEmpty() && m_hosts.contains(c->host);
    item->setPos(componentScenePos(*c));
    item->setHostId(hosted ? c->host : QString());
    item->setKind(c->kind);
    m_components.insert(id, item);
    if (hosted)
        m_componentsByHost[c->host].insert(id);
    addItem(item);
    item->refreshToolTip();
    if (hosted)
        refreshHost(c->host);
    // Undoing a removal re-adds a component whose links may come back first.
    refreshLinksOf(id);
    growSceneRect(item->sceneBoundingRect());
    m_syncing = false;
}

void DiagramScene::addLinkItem(const QString &id)
{
    const Link *l = design().link(id);
    if (!l || m_links.contains(id))
        return;
    auto *item = new LinkItem(this, id);
    m_links.insert(id, item);
    m_linksByComponent[l->from].insert(id);
    m_linksByComponent[l->to].insert(id);
    item->refreshGeometry();
    item->refreshToolTip();
    addItem(item);
}

void DiagramScene::addNoteItem(const QString &id)
{
    const Note *n = design().note(id);
    if (!n || m_notes.contains(id))
        return;
    m_syncing = true;
    auto *item = new NoteItem(this, id);
    item->setPos(n->position ? *n->position : autoPosition());
    item->refreshGeometry();
    item->refreshToolTip();
    m_notes.insert(id, item);
    addItem(item);
    growSceneRect(item->sceneBoundingRect());
    m_syncing = false;
}

void DiagramScene::removeHostItem(const QString &id)
{
    HostItem *item = m_hosts.take(id);
    if (m_dropTarget == item)
        m_dropTarget = nullptr;
    delete item;
    // Components still listed here are being removed with it, or re-hosted.
    const QSet<QString> children = m_componentsByHost.take(id);
    for (const QString &c : children) {
        if (ComponentItem *ci = m_components.value(c))
            ci->setHostId(QString());
    }
}

void DiagramScene::removeComponentItem(const QString &id)
{
    ComponentItem *item = m_components.take(id);
    if (!item)
        return;
    if (m_linkFrom == item || m_linkTarget == item) {
        delete m_linkPreview;
        m_linkPreview = nullptr;
        m_linkFrom = nullptr;
        m_linkTarget = nullptr;
    }
    const QString host = item->hostId();
    delete item;
    if (!host.isEmpty()) {
        m_componentsByHost[host].remove(id);
        refreshHost(host);
    }
    refreshLinksOf(id);
}

void DiagramScene::removeLinkItem(const QString &id)
{
    LinkItem *item = m_links.take(id);
    if (!item)
        return;
    for (auto it = m_linksByComponent.begin(); it != m_linksByComponent.end();) {
        it->remove(id);
        it = it->isEmpty() ? m_linksByComponent.erase(it) : std::next(it);
    }
    delete item;
}

void DiagramScene::removeNoteItem(const QString &id)
{
    delete m_notes.take(id);
}

// ---- following the document ----

void DiagramScene::syncHost(const QString &id)
{
    const Host *h = design().host(id);
    HostItem *item = m_hosts.value(id);
    if (!h || !item)
        return;
    m_syncing = true;
    item->setPos(hostScenePos(*h));
    for (const QString &cid : m_componentsByHost.value(id)) {
        if (const Component *c = design().component(cid)) {
            if (ComponentItem *ci = m_components.value(cid)) {
                ci->setPos(componentScenePos(*c));
                refreshLinksOf(cid);
            }
        }
    }
    item->refreshGeometry();
    item->refreshToolTip();
    item->update();
    growSceneRect(item->sceneBoundingRect());
    m_syncing = false;
}

void DiagramScene::syncComponent(const QString &id)
{
    const Component *c = design().component(id);
    ComponentItem *item = m_components.value(id);
    if (!c || !item)
        return;
    m_syncing = true;
    const QString oldHost = item->hostId();
    const QString newHost = m_hosts.contains(c->host) ? c->host : QString();
    if (oldHost != newHost) {
        if (!oldHost.isEmpty())
            m_componentsByHost[oldHost].remove(id);
        if (!newHost.isEmpty())
            m_componentsByHost[newHost].insert(id);
        item->setHostId(newHost);
    }
    item->setKind(c->kind);
    item->setPos(componentScenePos(*c));
    if (!oldHost.isEmpty())
        refreshHost(oldHost);
    if (!newHost.isEmpty() && newHost != oldHost)
        refreshHost(newHost);
    refreshLinksOf(id);
    item->refreshToolTip();
    item->update();
    growSceneRect(item->sceneBoundingRect());
    m_syncing = false;
}

void DiagramScene::syncLink(const QString &id)
{
    if (LinkItem *item = m_links.value(id)) {
        item->refreshGeometry();
        item->refreshToolTip();
        item->update();
    }
}

void DiagramScene::syncNote(const QString &id)
{
    const Note *n = design().note(id);
    NoteItem *item = m_notes.value(id);
    if (!n || !item)
        return;
    m_syncing = true;
    if (n->position)
        item->setPos(*n->position);
    item->refreshGeometry();
    item->refreshToolTip();
    item->update();
    m_syncing = false;
}

void DiagramScene::refreshLinksOf(const QString &componentId)
{
    for (const QString &lid : m_linksByComponent.value(componentId)) {
        if (LinkItem *l = m_links.value(lid))
            l->refreshGeometry();
    }
}

void DiagramScene::refreshHost(const QString &hostId)
{
    if (HostItem *h = m_hosts.value(hostId))
        h->refreshGeometry();
}

QList<ComponentItem *> DiagramScene::componentsOn(const QString &hostId) const
{
    QList<ComponentItem *> result;
    for (const QString &id : m_componentsByHost.value(hostId)) {
        if (ComponentItem *c = m_components.value(id))
            result.append(c);
    }
    return result;
}

// ---- selection, marks ----

QStringList DiagramScene::selectedIds() const
{
    QSet<QString> selected;
    for (QGraphicsItem *item : selectedItems()) {
        if (auto *e = dynamic_cast<ElementItem *>(item))
            selected.insert(e->id());
    }
    QStringList ids;
    const Design &d = design();
    for (const Host &h : d.hosts)
        if (selected.contains(h.id))
            ids.append(h.id);
    for (const Component &c : d.components)
        if (selected.contains(c.id))
            ids.append(c.id);
    for (const Link &l : d.links)
        if (selected.contains(l.id))
            ids.append(l.id);
    for (const Note &n : d.notes)
        if (selected.contains(n.id))
            ids.append(n.id);
    return ids;
}

void DiagramScene::selectIds(const QStringList &ids)
{
    const bool blocked = blockSignals(true);
    clearSelection();
    for (const QString &id : ids) {
        if (ElementItem *item = elementItem(id))
            item->setSelected(true);
    }
    blockSignals(blocked);
    emit selectionChanged();
}

QRectF DiagramScene::contentRect() const
{
    QRectF r;
    for (HostItem *h : m_hosts)
        r |= h->sceneContainerRect();
    for (ComponentItem *c : m_components)
        r |= c->sceneCardRect();
    for (NoteItem *n : m_notes)
        r |= n->noteRect().translated(n->pos());
    for (LinkItem *l : m_links)
        r |= l->sceneBoundingRect();
    return r;
}

void DiagramScene::updateElementState(const QString &id)
{
    if (ElementItem *item = elementItem(id)) {
        item->refreshToolTip();
        item->update();
    }
}

void DiagramScene::setMarks(const QList<Mark> &marks)
{
    QHash<QString, BadgeInfo> badges = badgesFromMarks(marks);
    QSet<QString> touched;
    for (auto it = m_badges.cbegin(); it != m_badges.cend(); ++it)
        touched.insert(it.key());
    for (auto it = badges.cbegin(); it != badges.cend(); ++it)
        touched.insert(it.key());
    m_badges = std::move(badges);
    for (const QString &id : touched)
        updateElementState(id);
}

void DiagramScene::setDarkElements(const QSet<QString> &ids)
{
    const QSet<QString> touched = m_dark + ids;
    m_dark = ids;
    for (const QString &id : touched) {
        updateElementState(id);
        for (const QString &lid : m_linksByComponent.value(id))
            updateElementState(lid);
    }
}

void DiagramScene::setLiveStates(const QHash<QString, LiveState> &states)
{
    QSet<QString> touched;
    for (auto it = m_live.cbegin(); it != m_live.cend(); ++it)
        touched.insert(it.key());
    for (auto it = states.cbegin(); it != states.cend(); ++it)
        touched.insert(it.key());
    m_live = states;
    for (const QString &id : touched)
        updateElementState(id);
}

std::optional<LiveState> DiagramScene::liveState(const QString &id) const
{
    auto it = m_live.constFind(id);
    if (it == m_live.constEnd())
        return std::nullopt;
    return it.value();
}

// ---- moving ----

HostItem *DiagramScene::hostAt(const QPointF &scenePos, const QSet<QString> &exclude) const
{
    const QList<QGraphicsItem *> under = items(scenePos);
    for (QGraphicsItem *item : under) {
        auto *h = qgraphicsitem_cast<HostItem *>(item);
        if (h && !exclude.contains(h->id()) && h->sceneContainerRect().contains(scenePos))
            return h;
    }
    return nullptr;
}

void DiagramScene::setDropTarget(HostItem *host)
{
    if (m_dropTarget == host)
        return;
    if (m_dropTarget)
        m_dropTarget->setDropTarget(false);
    m_dropTarget = host;
    if (m_dropTarget)
        m_dropTarget->setDropTarget(true);
}

QPointF DiagramScene::constrainPosition(ElementItem *item, const QPointF &proposed)
{
    if (!m_moving || !item->isSelected())
        return proposed;
    QPointF p = m_snap ? snapped(proposed) : proposed;
    const QList<QLineF> before = m_guides;
    m_guides.clear();
    auto *ci = qgraphicsitem_cast<ComponentItem *>(item);
    if (m_guidesEnabled && ci && selectedItems().size() == 1) {
        const QRectF mine = ci->cardRect().translated(p);
        const QRectF area = mine.adjusted(-800, -800, 800, 800);
        qreal bestDx = GuideThreshold + 1, bestDy = GuideThreshold + 1;
        QRectF matchX, matchY;
        const qreal xs[3] = {mine.left(), mine.center().x(), mine.right()};
        const qreal ys[3] = {mine.top(), mine.center().y(), mine.bottom()};
        for (QGraphicsItem *other : items(area, Qt::IntersectsItemBoundingRect)) {
            auto *oc = qgraphicsitem_cast<ComponentItem *>(other);
            if (!oc || oc == ci)
                continue;
            const QRectF r = oc->sceneCardRect();
            const qreal oxs[3] = {r.left(), r.center().x(), r.right()};
            const qreal oys[3] = {r.top(), r.center().y(), r.bottom()};
            for (int i = 0; i < 3; ++i) {
                const qreal dx = oxs[i] - xs[i];
                if (std::abs(dx) < std::abs(bestDx)) {
                    bestDx = dx;
                    matchX = r;
                }
                const qreal dy = oys[i] - ys[i];
                if (std::abs(dy) < std::abs(bestDy)) {
                    bestDy = dy;
                    matchY = r;
                }
            }
        }
        if (std::abs(bestDx) <= GuideThreshold) {
            p.rx() += bestDx;
            const QRectF m = ci->cardRect().translated(p);
            // The guide runs through the matched edge (or centre) of both cards.
            qreal x = m.left();
            if (std::abs(matchX.center().x() - m.center().x()) < 0.5)
                x = m.center().x();
            else if (std::abs(matchX.right() - m.right()) < 0.5 ||
                     std::abs(matchX.left() - m.right()) < 0.5)
                x = m.right();
            m_guides.append(QLineF(x, std::min(m.top(), matchX.top()) - 10, x,
                                   std::max(m.bottom(), matchX.bottom()) + 10));
        }
        if (std::abs(bestDy) <= GuideThreshold) {
            p.ry() += bestDy;
            const QRectF m = ci->cardRect().translated(p);
            qreal y = m.top();
            if (std::abs(matchY.center().y() - m.center().y()) < 0.5)
                y = m.center().y();
            else if (std::abs(matchY.bottom() - m.bottom()) < 0.5)
                y = m.bottom();
            m_guides.append(QLineF(std::min(m.left(), matchY.left()) - 10, y,
                                   std::max(m.right(), matchY.right()) + 10, y));
        }
    }
    if (m_guides != before)
        emit guidesChanged();
    return p;
}

void DiagramScene::itemMoved(ElementItem *item)
{
    auto *ci = qgraphicsitem_cast<ComponentItem *>(item);
    if (!ci)
        return;
    refreshLinksOf(ci->id());
    if (m_syncing)
        return;
    if (!ci->hostId().isEmpty())
        refreshHost(ci->hostId());
    if (m_moving && mouseGrabberItem() == ci) {
        const Component *c = design().component(ci->id());
        HostItem *target =
            c && kindSpec(c->kind).mayHaveHost ? hostAt(ci->sceneCardRect().center()) : nullptr;
        setDropTarget(target && target->id() != ci->hostId() ? target : nullptr);
    }
}

void DiagramScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mousePressEvent(event);
    if (event->button() == Qt::LeftButton && !m_linkFrom) {
        auto *grabbed = dynamic_cast<ElementItem *>(mouseGrabberItem());
        m_moving = grabbed && (grabbed->flags() & QGraphicsItem::ItemIsMovable);
    }
}

void DiagramScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mouseReleaseEvent(event);
    if (m_moving && event->button() == Qt::LeftButton)
        commitMove();
}

void DiagramScene::commitMove()
{
    m_moving = false;
    setDropTarget(nullptr);
    if (!m_guides.isEmpty()) {
        m_guides.clear();
        emit guidesChanged();
    }
    QHash<QString, QPointF> positions;
    struct Rehost
    {
        QString id;
        QString host;
        QPointF position;
    };
    QList<Rehost> rehosts;
    QSet<QString> selectedHosts;
    QSet<QString> touchedHosts;
    const QList<QGraphicsItem *> selection = selectedItems();
    for (QGraphicsItem *item : selection) {
        if (auto *h = qgraphicsitem_cast<HostItem *>(item))
            selectedHosts.insert(h->id());
    }
    const Design &d = design();
    for (QGraphicsItem *item : selection) {
        if (auto *h = qgraphicsitem_cast<HostItem *>(item)) {
            const Host *host = d.host(h->id());
            if (host && !samePosition(host->position, h->pos()))
                positions.insert(h->id(), h->pos());
        } else if (auto *n = qgraphicsitem_cast<NoteItem *>(item)) {
            const Note *note = d.note(n->id());
            if (note && !samePosition(note->position, n->pos()))
                positions.insert(n->id(), n->pos());
        } else if (auto *ci = qgraphicsitem_cast<ComponentItem *>(item)) {
            const Component *c = d.component(ci->id());
            if (!c)
                continue;
            QString target = ci->hostId();
            if (!selectedHosts.contains(target)) {
                HostItem *under = kindSpec(c->kind).mayHaveHost
                                      ? hostAt(ci->sceneCardRect().center(), selectedHosts)
                                      : nullptr;
                target = under ? under->id() : QString();
            }
            HostItem *targetItem = m_hosts.value(target);
            const QPointF pos = targetItem ? ci->pos() - targetItem->pos() : ci->pos();
            touchedHosts.insert(ci->hostId());
            if (target != ci->hostId()) {
                rehosts.append({ci->id(), target, pos});
                touchedHosts.insert(target);
            } else if (!samePosition(c->position, pos)) {
                positions.insert(ci->id(), pos);
            }
        }
    }
    if (!positions.isEmpty() || !rehosts.isEmpty()) {
        const bool macro = !rehosts.isEmpty();
        if (macro)
            m_document->beginMacro(
                rehosts.size() == 1 && positions.isEmpty()
                    ? tr("Move %1 to %2")
                          .arg(rehosts.front().id, rehosts.front().host.isEmpty()
                                                       ? tr("its own machine")
                                                       : rehosts.front().host)
                    : tr("Move %n elements", nullptr, int(positions.size() + rehosts.size())));
        if (!positions.isEmpty())
            m_document->moveElements(positions);
        for (const Rehost &r : std::as_const(rehosts))
            m_document->setComponentHost(r.id, r.host, r.position);
        if (macro)
            m_document->endMacro();
    }
    for (const QString &h : std::as_const(touchedHosts))
        refreshHost(h);
}

// ---- links ----

void DiagramScene::beginLinkDrag(ComponentItem *from, const QPointF &scenePos)
{
    m_linkFrom = from;
    m_moving = false;
    delete m_linkPreview;
    m_linkPreview = new QGraphicsPathItem;
    QPen pen(m_theme->handle, 2, Qt::DashLine);
    pen.setCosmetic(true);
    m_linkPreview->setPen(pen);
    m_linkPreview->setZValue(20);
    addItem(m_linkPreview);
    updateLinkDrag(scenePos);
}

void DiagramScene::updateLinkDrag(const QPointF &scenePos)
{
    if (!m_linkFrom || !m_linkPreview)
        return;
    ComponentItem *target = nullptr;
    for (QGraphicsItem *item : items(scenePos)) {
        auto *c = qgraphicsitem_cast<ComponentItem *>(item);
        if (c && c != m_linkFrom) {
            target = c;
            break;
        }
    }
    if (m_linkTarget != target) {
        ComponentItem *previous = m_linkTarget;
        m_linkTarget = target;
        if (previous)
            previous->update();
        if (target)
            target->update();
    }
    QPainterPath path;
    if (target) {
        path = stackplan::linkShape(m_linkFrom->sceneCardRect(), target->sceneCardRect()).path;
    } else {
        const QPointF start = m_linkFrom->sceneHandleCenter();
        const qreal pull = std::max(30.0, std::abs(scenePos.x() - start.x()) / 2);
        path.moveTo(start);
        path.cubicTo(start + QPointF(pull, 0), scenePos - QPointF(pull, 0), scenePos);
    }
    m_linkPreview->setPath(path);
}

void DiagramScene::finishLinkDrag(const QPointF &scenePos)
{
    updateLinkDrag(scenePos);
    ComponentItem *from = m_linkFrom;
    ComponentItem *to = m_linkTarget;
    delete m_linkPreview;
    m_linkPreview = nullptr;
    m_linkFrom = nullptr;
    m_linkTarget = nullptr;
    if (!from || !to)
        return;
    const Design &d = design();
    for (const QString &lid : m_linksByComponent.value(from->id())) {
        const Link *existing = d.link(lid);
        if (existing && existing->from == from->id() && existing->to == to->id())
            return;
    }
    const Component *a = d.component(from->id());
    const Component *b = d.component(to->id());
    if (!a || !b)
        return;
    Link link;
    link.from = a->id;
    link.to = b->id;
    // The protocol follows from the two kinds; the port then from the target.
    if (a->kind == Kind::Database && b->kind == Kind::Database)
        link.protocol = QStringLiteral("replication");
    else if ((b->kind == Kind::LoadBalancer || b->kind == Kind::WebServer) &&
             b->boolSetting(u"tls"))
        link.protocol = QStringLiteral("https");
    const QString id = m_document->addLink(link);
    if (!id.isEmpty()) {
        selectIds({id});
        emit linkCreated(id);
    }
}

// ---- drop ----

void DiagramScene::dragEnterEvent(QGraphicsSceneDragDropEvent *event)
{
    const QMimeData *data = event->mimeData();
    if (data->hasFormat(mime::Kind) || data->hasFormat(mime::Host) || data->hasFormat(mime::Note) ||
        data->hasFormat(mime::Elements)) {
        event->setDropAction(Qt::CopyAction);
        event->accept();
    } else {
        event->ignore();
    }
}

void DiagramScene::dragMoveEvent(QGraphicsSceneDragDropEvent *event)
{
    dragEnterEvent(event);
    if (!event->isAccepted())
        return;
    HostItem *target = nullptr;
    if (event->mimeData()->hasFormat(mime::Kind)) {
        const auto kind = kindFromName(QString::fromUtf8(event->mimeData()->data(mime::Kind)));
        if (kind && kindSpec(*kind).mayHaveHost)
            target = hostAt(event->scenePos());
    }
    setDropTarget(target);
}

void DiagramScene::dragLeaveEvent(QGraphicsSceneDragDropEvent *event)
{
    setDropTarget(nullptr);
    event->accept();
}

void DiagramScene::dropEvent(QGraphicsSceneDragDropEvent *event)
{
    setDropTarget(nullptr);
    const QMimeData *data = event->mimeData();
    QStringList ids;
    if (data->hasFormat(mime::Kind)) {
        const auto kind = kindFromName(QString::fromUtf8(data->data(mime::Kind)));
        if (kind) {
            const QString id = dropComponent(*kind, event->scenePos());
            if (!id.isEmpty())
                ids.append(id);
        }
    } else if (data->hasFormat(mime::Host)) {
        const QString id = dropHost(event->scenePos());
        if (!id.isEmpty())
            ids.append(id);
    } else if (data->hasFormat(mime::Note)) {
        const QString id = dropNote(QString::fromUtf8(data->data(mime::Note)), event->scenePos());
        if (!id.isEmpty())
            ids.append(id);
    } else if (data->hasFormat(mime::Elements)) {
        ids = paste(data->data(mime::Elements), event->scenePos());
    }
    if (ids.isEmpty()) {
        event->ignore();
        return;
    }
    event->setDropAction(Qt::CopyAction);
    event->accept();
    selectIds(ids);
    emit elementsDropped(ids);
}

QString DiagramScene::dropComponent(Kind kind, const QPointF &scenePos)
{
    Component c;
    c.kind = kind;
    QPointF topLeft =
        snapped(scenePos - QPointF(geometry::ComponentWidth / 2, geometry::ComponentHeight / 2));
    if (HostItem *host = kindSpec(kind).mayHaveHost ? hostAt(scenePos) : nullptr) {
        c.host = host->id();
        QPointF rel = topLeft - host->pos();
        rel.setX(std::max(rel.x(), geometry::HostPadding));
        rel.setY(std::max(rel.y(), geometry::HostHeader));
        c.position = rel;
    } else {
        c.position = topLeft;
    }
    return m_document->addComponent(c);
}

QString DiagramScene::dropHost(const QPointF &scenePos)
{
    Host h;
    h.position =
        snapped(scenePos - QPointF(geometry::HostMinWidth / 2, geometry::HostMinHeight / 2));
    return m_document->addHost(h);
}

QString DiagramScene::dropNote(const QString &text, const QPointF &scenePos)
{
    Note n;
    n.text = text.isEmpty() ? tr("Note") : text;
    n.position = snapped(scenePos - QPointF(geometry::NoteWidth / 2, geometry::NoteMinHeight / 2));
    return m_document->addNote(n);
}

// ---- clipboard ----

namespace {

// The selected elements as a design of their own. Hosts bring their
// components; components whose host stays behind become hostless at their
// place on the canvas unless keepHosts.
Design fragmentOf(const DiagramScene *scene, const QStringList &ids, bool keepHosts)
{
    const Design &d = scene->design();
    const QSet<QString> selected(ids.begin(), ids.end());
    Design f;
    f.name.clear();
    f.domain = d.domain;
    QSet<QString> components;
    for (const Host &h : d.hosts) {
        if (!selected.contains(h.id))
            continue;
        Host copy = h;
        if (HostItem *item = scene->hostItem(h.id))
            copy.position = item->pos();
        f.hosts.append(copy);
    }
    QSet<QString> hosts;
    for (const Host &h : f.hosts)
        hosts.insert(h.id);
    for (const Component &c : d.components) {
        if (!selected.contains(c.id) && !hosts.contains(c.host))
            continue;
        Component copy = c;
        ComponentItem *item = scene->componentItem(c.id);
        if (!c.host.isEmpty() && !hosts.contains(c.host) && !keepHosts) {
            copy.host.clear();
            if (item)
                copy.position = item->pos();
        } else if (item) {
            HostItem *host = scene->hostItem(c.host);
            copy.position = host ? item->pos() - host->pos() : item->pos();
        }
        f.components.append(copy);
        components.insert(c.id);
    }
    for (const Link &l : d.links) {
        if (components.contains(l.from) && components.contains(l.to))
            f.links.append(l);
    }
    for (const Note &n : d.notes) {
        if (selected.contains(n.id)) {
            Note copy = n;
            if (NoteItem *item = scene->noteItem(n.id))
                copy.position = item->pos();
            f.notes.append(copy);
        }
    }
    f.reindex();
    return f;
}

QStringList pasteDesign(Document *document, const Design &fragment, const QPointF &offset)
{
    QStringList added;
    if (fragment.elementCount() == 0)
        return added;
    const DesignGeometry g(fragment);
    QHash<QString, QString> ids;
    document->beginMacro(QObject::tr("Paste %n elements", nullptr, fragment.elementCount()));
    for (Host h : fragment.hosts) {
        const QString old = h.id;
        h.id = document->design().freeId(idPrefix(old, QStringLiteral("host")));
        if (h.hostname == old)
            h.hostname.clear();
        h.address.clear(); // two machines never share an address
        h.position = g.hostPosition(old) + offset;
        const QString id = document->addHost(h);
        if (!id.isEmpty()) {
            ids.insert(old, id);
            added.append(id);
        }
    }
    for (Component c : fragment.components) {
        const QString old = c.id;
        c.id = document->design().freeId(kindSpec(c.kind).idPrefix);
        if (!c.host.isEmpty() && ids.contains(c.host)) {
            c.host = ids.value(c.host);
            c.position = g.componentPosition(old);
        } else if (!c.host.isEmpty() && document->design().host(c.host)) {
            c.position = g.componentPosition(old) + offset; // duplicated within its host
        } else {
            c.host.clear();
            c.position = g.componentRect(old).topLeft() + offset;
        }
        const QString id = document->addComponent(c);
        if (!id.isEmpty()) {
            ids.insert(old, id);
            added.append(id);
        }
    }
    for (Link l : fragment.links) {
        if (!ids.contains(l.from) || !ids.contains(l.to))
            continue;
        l.id.clear();
        l.from = ids.value(l.from);
        l.to = ids.value(l.to);
        const QString id = document->addLink(l);
        if (!id.isEmpty())
            added.append(id);
    }
    for (Note n : fragment.notes) {
        const QString old = n.id;
        n.id.clear();
        n.position = g.notePosition(old) + offset;
        const QString id = document->addNote(n);
        if (!id.isEmpty())
            added.append(id);
    }
    document->endMacro();
    return added;
}

} // namespace

QByteArray DiagramScene::copySelection() const
{
    const QStringList ids = selectedIds();
    if (ids.isEmpty())
        return {};
    return writeDesign(fragmentOf(this, ids, false));
}

QStringList DiagramScene::paste(const QByteArray &bytes, std::optional<QPointF> at)
{
    const LoadResult loaded = readDesign(bytes);
    if (!loaded.ok())
        return {};
    const Design &fragment = *loaded.design;
    QPointF offset(30, 30);
    if (at) {
        const DesignGeometry g(fragment);
        QRectF box;
        for (const Host &h : fragment.hosts)
            box |= g.hostRect(h.id);
        for (const Component &c : fragment.components)
            box |= g.componentRect(c.id);
        for (const Note &n : fragment.notes)
            box |= g.noteRect(n.id);
        offset = snapped(*at - box.center());
    }
    const QStringList added = pasteDesign(m_document, fragment, offset);
    selectIds(added);
    return added;
}

QStringList DiagramScene::duplicateSelection()
{
    const QStringList ids = selectedIds();
    if (ids.isEmpty())
        return {};
    const QStringList added = pasteDesign(m_document, fragmentOf(this, ids, true), QPointF(30, 30));
    selectIds(added);
    return added;
}

bool DiagramScene::deleteSelection()
{
    const QStringList ids = selectedIds();
    return !ids.isEmpty() && m_document->removeElements(ids);
}

} // namespace stackplan
