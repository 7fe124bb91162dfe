// The product's SVG icons, rendered once per size and kept: painting a large
// canvas or exporting a thousand components must not parse SVG per item.
// Thread-safe; vector output (SVG, PDF) draws the SVG itself.
#pragma once

#include "core/kinds.h"

#include <QImage>
#include <QRectF>
#include <QString>

class QPainter;

namespace stackplan {

class IconCache
{
public:
    // The icon at path rendered to a square image of pixelSize (rounded up
    // to a cached step); greyed = desaturated, for elements gone dark.
    static QImage image(const QString &path, int pixelSize, bool greyed = false);
    // Draws the icon into rect: as vectors when vector is set, else from the
    // cache at the painter's device resolution.
    static void paint(QPainter *painter, const QString &path, const QRectF &rect, bool vector,
                      bool greyed = false);
    static void paint(QPainter *painter, Kind kind, const QRectF &rect, bool vector,
                      bool greyed = false);
};

} // namespace stackplan
