// PNG, SVG and PDF pictures of a design, drawn by the canvas's own painting
// code (diagrampainter.h). Works offscreen with only a QGuiApplication: the
// `export` verb and the designer's File → Export both call exportImage().
#pragma once

#include "core/design.h"
#include "render/marks.h"

#include <QByteArray>
#include <QList>
#include <QSize>
#include <QString>

#include <optional>

namespace stackplan {

enum class ImageFormat { Png, Svg, Pdf };

// "png", "svg", "pdf" (case-insensitive); nullopt otherwise.
std::optional<ImageFormat> imageFormatFromName(QStringView name);

struct ImageOptions
{
    qreal scale = 1.0;  // PNG pixels per canvas unit (and SVG/PDF size)
    bool dark = false;  // the dark theme
    bool badges = true; // draw the marks' badges
    bool title = true;  // the design's name and counts above the diagram
    int margin = 32;    // around the drawing, canvas units
};

// Largest PNG exportImage() draws (pixels), beyond which it refuses.
inline constexpr qint64 MaxImagePixels = 20000LL * 20000LL;

// The size in pixels (PNG) or units (SVG, PDF) of the picture of design.
QSize exportImageSize(const Design &design, const ImageOptions &options);

// The file's bytes; empty with *error set on failure (too large, bad scale).
QByteArray exportImage(const Design &design, ImageFormat format, const ImageOptions &options,
                       const QList<Mark> &marks = {}, QString *error = nullptr);

} // namespace stackplan
