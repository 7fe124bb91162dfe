// The diagram's geometry as exporters and the layout see it: the size of a
// component's box and of a host drawn around its components, in canvas
// units (1 unit = 1 pixel at scale 1 = 1 point in DOT). Positions come from
// the design; a component's position is relative to its host's top-left.
#pragma once

#include "core/design.h"

#include <QRectF>
#include <QSizeF>

namespace stackplan::diagram {

inline constexpr double ComponentWidth = 140;
inline constexpr double ComponentHeight = 60;
inline constexpr double HostPadding = 20; // left, right and bottom
inline constexpr double HostHeader = 40;  // room for the host's title
inline constexpr double HostMinWidth = 180;
inline constexpr double HostMinHeight = 120;
inline constexpr double NoteWidth = 180;
inline constexpr double NoteHeight = 80;

// "pinned": true on a host, component or note: automatic layout never moves
// it (an extension of the file format, docs/file-format-extensions.md).
bool isPinned(const QJsonObject &extra);
void setPinned(QJsonObject &extra, bool pinned);

// Where each element sits on the canvas (absolute, top-left based). An
// element without a position is placed at the origin of its host (or of the
// canvas): run the layout first for sensible pictures.
QRectF componentRect(const Design &design, const Component &component);
QRectF hostRect(const Design &design, const Host &host);
QRectF noteRect(const Note &note);
// Everything together.
QRectF designBounds(const Design &design);

} // namespace stackplan::diagram
