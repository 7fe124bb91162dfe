#include "render/geometry.h"

#include <QLineF>
#include <QtMath>

#include <algorithm>
#include <cmath>

namespace stackplan {

namespace geometry {

QRectF hostRectAround(QPointF pos, const QList<QRectF> &childRelativeRects)
{
    QRectF inner(QPointF(0, 0), QSizeF(HostMinWidth, HostMinHeight));
    for (const QRectF &r : childRelativeRects)
        inner |= r.adjusted(-HostPadding, -HostHeader, HostPadding, HostPadding);
    return inner.translated(pos);
}

qreal noteHeight(const QString &text)
{
    // A rough wrap estimate keeps this free of font metrics (usable anywhere).
    const int perLine = 26;
    int lines = 0;
    for (const QStringView line : QStringView(text).split(u'\n'))
        lines += std::max<int>(1, int((line.size() + perLine - 1) / perLine));
    return std::max(NoteMinHeight, 20.0 + lines * 16.0);
}

} // namespace geometry

namespace {

QPointF cubicAt(const QPointF &p0, const QPointF &c1, const QPointF &c2, const QPointF &p1, qreal t)
{
    const qreal u = 1 - t;
    return u * u * u * p0 + 3 * u * u * t * c1 + 3 * u * t * t * c2 + t * t * t * p1;
}

} // namespace

LinkShape linkShape(const QRectF &from, const QRectF &to)
{
    LinkShape s;
    if (from.isEmpty() || to.isEmpty() || from == to)
        return s;
    const QPointF a = from.center();
    const QPointF b = to.center();
    const qreal dx = b.x() - a.x();
    const qreal dy = b.y() - a.y();
    // Horizontal when the cards are side by side, vertical when stacked: the
    // curve then leaves and enters through the facing sides, never a card.
    const bool horizontal = (dx > 0 ? to.left() >= from.right() : from.left() >= to.right()) &&
                            (std::abs(dx) >= std::abs(dy) * 0.5 ||
                             (dx > 0 ? to.left() - from.right() : from.left() - to.right()) > 30);
    QPointF c1, c2;
    if (horizontal) {
        const qreal sign = dx > 0 ? 1 : -1;
        s.start = QPointF(sign > 0 ? from.right() : from.left(), a.y());
        s.end = QPointF(sign > 0 ? to.left() : to.right(), b.y());
        const qreal pull = std::max(24.0, std::abs(s.end.x() - s.start.x()) / 2);
        c1 = s.start + QPointF(sign * pull, 0);
        c2 = s.end - QPointF(sign * pull, 0);
    } else {
        const qreal sign = dy > 0 ? 1 : -1;
        s.start = QPointF(a.x(), sign > 0 ? from.bottom() : from.top());
        s.end = QPointF(b.x(), sign > 0 ? to.top() : to.bottom());
        const qreal pull = std::max(24.0, std::abs(s.end.y() - s.start.y()) / 2);
        c1 = s.start + QPointF(0, sign * pull);
        c2 = s.end - QPointF(0, sign * pull);
    }
    s.path.moveTo(s.start);
    s.path.cubicTo(c1, c2, s.end);
    s.tip = s.end;
    const QLineF tangent(cubicAt(s.start, c1, c2, s.end, 0.97), s.end);
    s.angle = tangent.length() > 0.01 ? tangent.angle() : QLineF(c2, s.end).angle();
    // Straight links carry their label in the middle; bent ones a little
    // nearer the source, so two links crossing in an X keep theirs apart.
    const bool straight =
        std::abs(horizontal ? s.end.y() - s.start.y() : s.end.x() - s.start.x()) < 4;
    s.labelPos = cubicAt(s.start, c1, c2, s.end, straight ? 0.5 : 0.38);
    s.valid = true;
    return s;
}

DesignGeometry::DesignGeometry(const Design &design)
{
    using namespace geometry;
    QHash<QString, QList<QRectF>> children;
    QHash<QString, int> autoSlots;
    for (const Component &c : design.components) {
        if (c.host.isEmpty() || !design.host(c.host))
            continue;
        QPointF pos = c.position ? *c.position : autoSlotOnHost(autoSlots[c.host]++);
        m_componentPos.insert(c.id, pos);
        children[c.host].append(componentRectAt(pos));
    }

    // Unplaced hosts and hostless components go in rows below what is placed.
    qreal placedBottom = 0;
    bool anyPlaced = false;
    for (const Host &h : design.hosts) {
        if (h.position) {
            const QRectF r = hostRectAround(*h.position, children.value(h.id));
            placedBottom = anyPlaced ? std::max(placedBottom, r.bottom()) : r.bottom();
            anyPlaced = true;
        }
    }
    for (const Component &c : design.components) {
        if ((c.host.isEmpty() || !design.host(c.host)) && c.position) {
            const qreal bottom = c.position->y() + ComponentHeight;
            placedBottom = anyPlaced ? std::max(placedBottom, bottom) : bottom;
            anyPlaced = true;
        }
    }
    const qreal autoTop = anyPlaced ? placedBottom + 60 : 40;
    int autoIndex = 0;
    const int perRow = 8;
    auto nextAuto = [&](qreal rowHeight) {
        const QPointF p(40 + (autoIndex % perRow) * AutoTopColumn,
                        autoTop + (autoIndex / perRow) * rowHeight);
        ++autoIndex;
        return p;
    };

    for (const Host &h : design.hosts) {
        const QPointF pos = h.position ? *h.position : nextAuto(AutoTopRow);
        m_hostPos.insert(h.id, pos);
        const QRectF r = hostRectAround(pos, children.value(h.id));
        m_hosts.insert(h.id, r);
        m_bounds |= r;
    }
    for (const Component &c : design.components) {
        QRectF r;
        if (!c.host.isEmpty() && m_hostPos.contains(c.host)) {
            r = componentRectAt(m_hostPos.value(c.host) + m_componentPos.value(c.id));
        } else {
            const QPointF pos = c.position ? *c.position : nextAuto(AutoTopRow);
            m_componentPos.insert(c.id, pos);
            r = componentRectAt(pos);
        }
        m_components.insert(c.id, r);
        m_bounds |= r;
    }
    for (const Note &n : design.notes) {
        const QPointF pos = n.position ? *n.position : nextAuto(AutoTopRow);
        m_notePos.insert(n.id, pos);
        const QRectF r(pos, QSizeF(NoteWidth, noteHeight(n.text)));
        m_notes.insert(n.id, r);
        m_bounds |= r;
    }
    for (const Link &l : design.links) {
        const LinkShape s = linkShape(m_components.value(l.from), m_components.value(l.to));
        if (s.valid)
            m_bounds |= s.path.boundingRect().adjusted(-40, -12, 40, 12);
    }
}

} // namespace stackplan
