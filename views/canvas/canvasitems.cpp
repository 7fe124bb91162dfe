#include "canvas/canvasitems.h"

#include "canvas/diagramscene.h"
#include "render/diagrampainter.h"

#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

namespace stackplan {

namespace {

constexpr qreal BadgeMargin = painting::BadgeRadius + 4;

QString liveText(LiveStatus status)
{
    switch (status) {
    case LiveStatus::Up:
        return QStringLiteral("up");
    case LiveStatus::Degraded:
        return QStringLiteral("degraded");
    case LiveStatus::Down:
        return QStringLiteral("down");
    case LiveStatus::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

// The tooltip's lines for marks and live state, HTML-escaped.
QString stateToolTip(const DiagramScene *scene, const QString &id)
{
    QString text;
    if (const std::optional<LiveState> live = scene->liveState(id)) {
        text += QStringLiteral("<br>Live: ") + liveText(live->status);
        if (!live->detail.isEmpty())
            text += QStringLiteral(" \u2014 ") + live->detail.toHtmlEscaped();
    }
    if (scene->isDark(id))
        text += QStringLiteral("<br><i>Down in this what-if</i>");
    const BadgeInfo badge = scene->badge(id);
    for (const QString &m : badge.messages)
        text += QStringLiteral("<br>\u2022 ") + m.toHtmlEscaped();
    return text;
}

} // namespace

ElementItem::ElementItem(DiagramScene *scene, const QString &id)
    : m_diagram(scene)
    , m_id(id)
{}

qreal ElementItem::lodFor(const QPainter *painter) const
{
    return QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
}

// ---- HostItem ----

HostItem::HostItem(DiagramScene *scene, const QString &id)
    : ElementItem(scene, id)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setZValue(0);
    m_rect = geometry::hostRectAround(QPointF(0, 0), {});
}

QRectF HostItem::boundingRect() const
{
    return m_rect.adjusted(-2, -BadgeMargin, BadgeMargin, 2);
}

QPainterPath HostItem::shape() const
{
    QPainterPath p;
    p.addRect(m_rect);
    return p;
}

void HostItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const Host *host = m_diagram->design().host(m_id);
    if (!host)
        return;
    PaintState state;
    state.selected = isSelected() || m_dropTarget;
    state.dark = m_diagram->isDark(m_id);
    state.lod = lodFor(painter);
    painting::paintHost(painter, m_diagram->theme(), *host, m_rect, state);
    const BadgeInfo badge = m_diagram->badge(m_id);
    if (!badge.isEmpty() && state.lod >= painting::DetailLod)
        painting::paintBadge(painter, painting::hostBadgeCenter(m_rect), badge);
}

void HostItem::refreshToolTip()
{
    const Host *host = m_diagram->design().host(m_id);
    if (!host)
        return;
    QString text = QStringLiteral("<b>") + host->effectiveHostname().toHtmlEscaped() +
                   QStringLiteral("</b> (host)");
    if (!host->address.isEmpty())
        text += QStringLiteral("<br>") + host->address.toHtmlEscaped();
    if (!host->zone.isEmpty())
        text += QStringLiteral("<br>Zone: ") + host->zone.toHtmlEscaped();
    setToolTip(text + stateToolTip(m_diagram, m_id));
}

void HostItem::refreshGeometry()
{
    QList<QRectF> children;
    const bool moving = m_diagram->isMoving();
    for (ComponentItem *c : m_diagram->componentsOn(m_id)) {
        // A component being dragged does not stretch its host, so it can be
        // dragged out of it.
        if (moving && c->isSelected() && !isSelected())
            continue;
        children.append(c->cardRect().translated(c->pos() - pos()));
    }
    const QRectF r = geometry::hostRectAround(QPointF(0, 0), children);
    if (r != m_rect) {
        prepareGeometryChange();
        m_rect = r;
    }
}

void HostItem::setDropTarget(bool on)
{
    if (m_dropTarget != on) {
        m_dropTarget = on;
        update();
    }
}

QVariant HostItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionChange && !m_diagram->isSyncing())
        return m_diagram->constrainPosition(this, value.toPointF());
    if (change == ItemPositionHasChanged) {
        const QPointF delta = pos() - m_lastPos;
        m_lastPos = pos();
        if (!m_diagram->isSyncing() && !delta.isNull()) {
            // Components travel with their host unless Qt moves them itself.
            for (ComponentItem *c : m_diagram->componentsOn(m_id)) {
                if (!c->isSelected())
                    c->setPos(c->pos() + delta);
            }
        }
    }
    return ElementItem::itemChange(change, value);
}

// ---- ComponentItem ----

ComponentItem::ComponentItem(DiagramScene *scene, const QString &id)
    : ElementItem(scene, id)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setAcceptHoverEvents(true);
    setZValue(2);
}

QRectF ComponentItem::boundingRect() const
{
    return cardRect().adjusted(-4, -BadgeMargin, BadgeMargin + 6, 6);
}

QRectF ComponentItem::handleRect() const
{
    const QRectF c = cardRect();
    return QRectF(c.right() - 7, c.center().y() - 7, 14, 14);
}

QPainterPath ComponentItem::shape() const
{
    QPainterPath p;
    p.addRoundedRect(cardRect(), 9, 9);
    p.addEllipse(handleRect());
    return p;
}

void ComponentItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const Component *component = m_diagram->design().component(m_id);
    if (!component)
        return;
    PaintState state;
    state.selected = isSelected();
    state.hovered = m_hovered || m_diagram->linkTarget() == this;
    state.dark = m_diagram->isDark(m_id);
    state.lod = lodFor(painter);
    if (const std::optional<LiveState> live = m_diagram->liveState(m_id)) {
        state.live = *live;
        state.hasLive = true;
    }
    painting::paintComponent(painter, m_diagram->theme(), *component, cardRect(), state);
    if (state.lod < painting::DetailLod)
        return;
    const BadgeInfo badge = m_diagram->badge(m_id);
    if (!badge.isEmpty())
        painting::paintBadge(painter, painting::componentBadgeCenter(cardRect()), badge);
    if ((m_hovered || isSelected()) && state.lod >= painting::TextLod) {
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing);
        painter->setPen(QPen(m_diagram->theme().cardFill, 2));
        painter->setBrush(m_diagram->theme().handle);
        painter->drawEllipse(handleRect().adjusted(1, 1, -1, -1));
        painter->restore();
    }
}

void ComponentItem::refreshToolTip()
{
    const Component *c = m_diagram->design().component(m_id);
    if (!c)
        return;
    QString text = QStringLiteral("<b>") + c->displayLabel().toHtmlEscaped() +
                   QStringLiteral("</b> (") + m_id.toHtmlEscaped() + QStringLiteral(")<br>") +
                   painting::componentSubtitle(*c).toHtmlEscaped();
    if (!c->host.isEmpty())
        text += QStringLiteral("<br>On ") + c->host.toHtmlEscaped();
    setToolTip(text + stateToolTip(m_diagram, m_id));
}

QVariant ComponentItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionChange && !m_diagram->isSyncing())
        return m_diagram->constrainPosition(this, value.toPointF());
    if (change == ItemPositionHasChanged)
        m_diagram->itemMoved(this);
    return ElementItem::itemChange(change, value);
}

void ComponentItem::hoverEnterEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = true;
    update();
    ElementItem::hoverEnterEvent(event);
}

void ComponentItem::hoverLeaveEvent(QGraphicsSceneHoverEvent *event)
{
    m_hovered = false;
    update();
    ElementItem::hoverLeaveEvent(event);
}

void ComponentItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() == Qt::LeftButton &&
        handleRect().adjusted(-3, -3, 3, 3).contains(event->pos())) {
        m_linking = true;
        m_diagram->beginLinkDrag(this, event->scenePos());
        event->accept();
        return;
    }
    ElementItem::mousePressEvent(event);
}

void ComponentItem::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_linking) {
        m_diagram->updateLinkDrag(event->scenePos());
        return;
    }
    ElementItem::mouseMoveEvent(event);
}

void ComponentItem::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_linking) {
        m_linking = false;
        m_diagram->finishLinkDrag(event->scenePos());
        return;
    }
    ElementItem::mouseReleaseEvent(event);
}

// ---- LinkItem ----

LinkItem::LinkItem(DiagramScene *scene, const QString &id)
    : ElementItem(scene, id)
{
    setFlags(ItemIsSelectable);
    setZValue(1);
}

void LinkItem::refreshGeometry()
{
    const Link *link = m_diagram->design().link(m_id);
    ComponentItem *from = link ? m_diagram->componentItem(link->from) : nullptr;
    ComponentItem *to = link ? m_diagram->componentItem(link->to) : nullptr;
    prepareGeometryChange();
    if (!from || !to) {
        m_shape = LinkShape();
        m_bounds = QRectF();
        return;
    }
    m_shape = stackplan::linkShape(from->sceneCardRect(), to->sceneCardRect());
    m_label = painting::linkLabelText(m_diagram->design(), *link);
    m_bounds = m_shape.path.boundingRect().adjusted(-10, -10, 10, 10);
    if (m_shape.valid)
        m_bounds |= painting::linkLabelRect(m_shape, m_label)
                        .adjusted(-4, -BadgeMargin, BadgeMargin + 4, 4);
}

QPainterPath LinkItem::shape() const
{
    if (!m_shape.valid)
        return {};
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    QPainterPath p = stroker.createStroke(m_shape.path);
    p.addRect(painting::linkLabelRect(m_shape, m_label));
    return p;
}

void LinkItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const Link *link = m_diagram->design().link(m_id);
    if (!link || !m_shape.valid)
        return;
    PaintState state;
    state.selected = isSelected();
    state.dark =
        m_diagram->isDark(m_id) || m_diagram->isDark(link->from) || m_diagram->isDark(link->to);
    state.lod = lodFor(painter);
    painting::paintLink(painter, m_diagram->theme(), m_shape,
                        m_diagram->design().effectiveProtocol(*link), m_label, link->readsOnly,
                        state);
    const BadgeInfo badge = m_diagram->badge(m_id);
    if (!badge.isEmpty() && state.lod >= painting::TextLod)
        painting::paintBadge(painter, painting::linkBadgeCenter(m_shape, m_label), badge);
}

void LinkItem::refreshToolTip()
{
    const Link *link = m_diagram->design().link(m_id);
    if (!link)
        return;
    QString text = QStringLiteral("<b>") + link->from.toHtmlEscaped() + QStringLiteral(" \u2192 ") +
                   link->to.toHtmlEscaped() + QStringLiteral("</b><br>") +
                   painting::linkLabelText(m_diagram->design(), *link).toHtmlEscaped();
    if (link->readsOnly)
        text += QStringLiteral("<br>Reads only");
    setToolTip(text + stateToolTip(m_diagram, m_id));
}

// ---- NoteItem ----

NoteItem::NoteItem(DiagramScene *scene, const QString &id)
    : ElementItem(scene, id)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setZValue(3);
}

QRectF NoteItem::boundingRect() const
{
    return m_rect.adjusted(-2, -BadgeMargin, BadgeMargin, 2);
}

void NoteItem::refreshGeometry()
{
    const Note *note = m_diagram->design().note(m_id);
    const QRectF r(0, 0, geometry::NoteWidth, geometry::noteHeight(note ? note->text : QString()));
    if (r != m_rect) {
        prepareGeometryChange();
        m_rect = r;
    }
}

void NoteItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const Note *note = m_diagram->design().note(m_id);
    if (!note)
        return;
    PaintState state;
    state.selected = isSelected();
    state.lod = lodFor(painter);
    painting::paintNote(painter, m_diagram->theme(), *note, m_rect, state);
    const BadgeInfo badge = m_diagram->badge(m_id);
    if (!badge.isEmpty() && state.lod >= painting::DetailLod)
        painting::paintBadge(painter, painting::noteBadgeCenter(m_rect), badge);
}

void NoteItem::refreshToolTip()
{
    setToolTip(QStringLiteral("<b>Note</b>") + stateToolTip(m_diagram, m_id));
}

QVariant NoteItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionChange && !m_diagram->isSyncing())
        return m_diagram->constrainPosition(this, value.toPointF());
    return ElementItem::itemChange(change, value);
}

// ---- overview ----

void OverviewPainter::rebuild(const DiagramScene *scene)
{
    const Theme &theme = scene->theme();
    m_theme = &theme;
    m_below.clear();
    m_above.clear();
    m_lines.clear();
    m_selectedLines.clear();
    m_badges.clear();

    Batch hosts{{}, theme.hostFill, theme.hostBorder};
    Batch darkHosts{{}, theme.background, theme.hostBorder};
    Batch selectedHosts{{}, theme.hostFill, theme.selection};
    hosts.rects.reserve(scene->hostItems().size());
    for (HostItem *h : scene->hostItems()) {
        const QRectF r = h->sceneContainerRect();
        (h->isSelected()          ? selectedHosts
         : scene->isDark(h->id()) ? darkHosts
                                  : hosts)
            .rects.append(r);
    }
    m_below = {hosts, darkHosts, selectedHosts};

    m_lines.reserve(scene->linkItems().size());
    for (LinkItem *l : scene->linkItems()) {
        const LinkShape &s = l->linkShape();
        if (s.valid)
            (l->isSelected() ? m_selectedLines : m_lines).append(QLineF(s.start, s.end));
    }

    // One batch per colour: the tiers, gone dark, selected.
    QList<Batch> byKind;
    for (Kind kind : allKinds())
        byKind.append(Batch{{}, Theme::tierColor(kind), QColor()});
    Batch dark{{}, theme.hostBorder, QColor()};
    // Not the selection blue: far out it would read as a database.
    Batch selected{{}, theme.text, QColor()};
    for (ComponentItem *c : scene->componentItems()) {
        const QRectF r = c->sceneCardRect();
        if (c->isSelected())
            selected.rects.append(r);
        else if (scene->isDark(c->id()))
            dark.rects.append(r);
        else
            byKind[int(c->kind())].rects.append(r);
    }
    Batch notes{{}, theme.noteFill, theme.noteBorder};
    for (NoteItem *n : scene->noteItems())
        notes.rects.append(n->noteRect().translated(n->pos()));
    m_above = byKind;
    m_above << dark << selected << notes;

    for (const auto &[id, badge] : scene->badges().asKeyValueRange()) {
        if (ComponentItem *c = scene->componentItem(id))
            m_badges.append({painting::componentBadgeCenter(c->sceneCardRect()), badge.severity});
        else if (HostItem *h = scene->hostItem(id))
            m_badges.append({painting::hostBadgeCenter(h->sceneContainerRect()), badge.severity});
    }
    m_dirty = false;
}

void OverviewPainter::paint(QPainter *painter, const DiagramScene *scene, const QRectF &exposed)
{
    if (m_dirty || m_theme != &scene->theme())
        rebuild(scene);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    auto draw = [&](const Batch &b) {
        if (b.rects.isEmpty())
            return;
        painter->setPen(b.edge.isValid() ? QPen(b.edge, 0) : QPen(Qt::NoPen));
        painter->setBrush(b.fill);
        painter->drawRects(b.rects.constData(), int(b.rects.size()));
    };
    for (const Batch &b : std::as_const(m_below))
        draw(b);
    painter->setPen(QPen(m_theme->link, 0));
    painter->drawLines(m_lines.constData(), int(m_lines.size()));
    painter->setPen(QPen(m_theme->selection, 0));
    painter->drawLines(m_selectedLines.constData(), int(m_selectedLines.size()));
    for (const Batch &b : std::as_const(m_above))
        draw(b);

    // Findings stay visible from afar: a dot of constant screen size.
    const qreal lod =
        QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    const qreal radius = 4.5 / std::max(lod, 0.001);
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(Qt::NoPen);
    for (const auto &[at, severity] : std::as_const(m_badges)) {
        if (!exposed.contains(at))
            continue;
        painter->setBrush(Theme::severityColor(severity));
        painter->drawEllipse(at, radius, radius);
    }
    painter->restore();
}

} // namespace stackplan
