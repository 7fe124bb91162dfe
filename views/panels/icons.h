// Icons the panels draw themselves: kinds (from the product's SVG set when it
// is compiled in, else a drawn badge), finding severities and element types.
// Colours follow the current palette, so they suit light and dark themes.
#pragma once

#include "core/kinds.h"

#include <QColor>
#include <QIcon>

namespace stackplan {

enum class SeverityLevel { Error, Warning, Info };

QIcon kindIcon(Kind kind);
QIcon hostIcon();
QIcon noteIcon();
QIcon linkIcon();
QIcon severityIcon(SeverityLevel level);
// Toolbar glyphs for actions without a theme icon: "zoomIn", "zoomOut",
// "zoomFit", "arrange", "whatIf", "bundle".
QIcon actionIcon(const QString &name);
QColor severityColor(SeverityLevel level);

// True when the application palette is dark (light text on a dark window).
bool isDarkPalette();

} // namespace stackplan
