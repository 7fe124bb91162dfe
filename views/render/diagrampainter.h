// Draws the elements of a design: host containers, component cards, links with
// their protocol:port labels, notes and finding badges. The canvas's items call
// these for themselves and the image export calls renderDesign() for the whole
// design, so the two always draw the same picture.
#pragma once

#include "core/design.h"
#include "render/geometry.h"
#include "render/marks.h"
#include "render/theme.h"

#include <QHash>
#include <QRectF>
#include <QSet>

class QPainter;

namespace stackplan {

struct PaintState
{
    bool selected = false;
    bool hovered = false;
    bool dark = false;   // gone dark in the what-if mode: greyed out
    qreal lod = 1.0;     // level of detail (QStyleOptionGraphicsItem)
    bool vector = false; // SVG/PDF output: icons as vectors
    LiveState live;
    bool hasLive = false;
};

namespace painting {

// Below these levels of detail the items drop text, then icons.
inline constexpr qreal TextLod = 0.45;
inline constexpr qreal DetailLod = 0.25;

QString componentSubtitle(const Component &component);
QString linkLabelText(const Design &design, const Link &link);

void paintHost(QPainter *painter, const Theme &theme, const Host &host, const QRectF &rect,
               const PaintState &state);
void paintComponent(QPainter *painter, const Theme &theme, const Component &component,
                    const QRectF &rect, const PaintState &state);
// protocol picks the colour; label is the pill's text ("" = none).
void paintLink(QPainter *painter, const Theme &theme, const LinkShape &shape,
               const QString &protocol, const QString &label, bool readsOnly,
               const PaintState &state);
void paintNote(QPainter *painter, const Theme &theme, const Note &note, const QRectF &rect,
               const PaintState &state);
void paintBadge(QPainter *painter, const QPointF &center, const BadgeInfo &badge);

// Where each element carries its badge.
QPointF componentBadgeCenter(const QRectF &rect);
QPointF hostBadgeCenter(const QRectF &rect);
QPointF noteBadgeCenter(const QRectF &rect);
QRectF linkLabelRect(const LinkShape &shape, const QString &label);
QPointF linkBadgeCenter(const LinkShape &shape, const QString &label);
inline constexpr qreal BadgeRadius = 9;

} // namespace painting

struct RenderOptions
{
    bool vector = false;
    bool badges = true;
    bool title = true;
    QHash<QString, BadgeInfo> marks;
    QSet<QString> darkIds;
    // Only elements crossing this rectangle are drawn (empty: all).
    QRectF visible;
};

// Draws the whole design with the painter's current transform (scene
// coordinates); the export sets the transform, the background is not drawn.
void renderDesign(QPainter *painter, const Design &design, const DesignGeometry &geometry,
                  const Theme &theme, const RenderOptions &options);
// The title block's rectangle above the diagram (empty when no title).
QRectF titleRect(const Design &design, const DesignGeometry &geometry);

} // namespace stackplan
