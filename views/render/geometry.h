// Where every element of a design sits on the canvas, in scene coordinates:
// component cards, host containers sized around their components, notes, and
// the curves of links. The canvas and the image export both use it, so an
// exported picture is the canvas's picture.
#pragma once

#include "core/design.h"

#include <QHash>
#include <QPainterPath>
#include <QPointF>
#include <QRectF>
#include <QString>

namespace stackplan {

namespace geometry {
inline constexpr qreal ComponentWidth = 106;
inline constexpr qreal ComponentHeight = 100;
inline constexpr qreal HostPadding = 20;
inline constexpr qreal HostHeader = 40;
inline constexpr qreal HostMinWidth = ComponentWidth + 2 * HostPadding;
inline constexpr qreal HostMinHeight = HostHeader + ComponentHeight + HostPadding;
inline constexpr qreal NoteWidth = 180;
inline constexpr qreal NoteMinHeight = 56;
inline constexpr qreal GridSize = 10;
// Spacing of automatically placed elements.
inline constexpr qreal AutoColumn = 170;
inline constexpr qreal AutoTopColumn = 260;
inline constexpr qreal AutoTopRow = 240;

// The card of a component whose top-left is at pos.
inline QRectF componentRectAt(QPointF pos)
{
    return QRectF(pos, QSizeF(ComponentWidth, ComponentHeight));
}
// The position of the n-th component placed automatically on a host.
inline QPointF autoSlotOnHost(int n)
{
    return QPointF(HostPadding + n * AutoColumn, HostHeader);
}
// A host's rectangle at pos holding children at the given relative rects.
QRectF hostRectAround(QPointF pos, const QList<QRectF> &childRelativeRects);
// The height of a note's box for its text.
qreal noteHeight(const QString &text);
} // namespace geometry

// The drawn shape of a link between two cards.
struct LinkShape
{
    QPainterPath path;
    QPointF start;
    QPointF end;
    QPointF tip;     // where the arrow points (== end)
    qreal angle = 0; // of the arrow, degrees, Qt's convention (counter-clockwise)
    QPointF labelPos;
    bool valid = false;
};
LinkShape linkShape(const QRectF &from, const QRectF &to);

// The geometry of a whole design at once, with automatic positions for
// elements the file leaves unplaced (deterministic: same design, same picture).
class DesignGeometry
{
public:
    explicit DesignGeometry(const Design &design);

    QRectF hostRect(const QString &id) const { return m_hosts.value(id); }
    QRectF componentRect(const QString &id) const { return m_components.value(id); }
    QRectF noteRect(const QString &id) const { return m_notes.value(id); }
    // A component's top-left relative to its host (or absolute when hostless).
    QPointF componentPosition(const QString &id) const { return m_componentPos.value(id); }
    QPointF hostPosition(const QString &id) const { return m_hostPos.value(id); }
    QPointF notePosition(const QString &id) const { return m_notePos.value(id); }
    // Everything drawn, links' labels included.
    QRectF bounds() const { return m_bounds; }

private:
    QHash<QString, QRectF> m_hosts;
    QHash<QString, QRectF> m_components;
    QHash<QString, QRectF> m_notes;
    QHash<QString, QPointF> m_componentPos;
    QHash<QString, QPointF> m_hostPos;
    QHash<QString, QPointF> m_notePos;
    QRectF m_bounds;
};

} // namespace stackplan
