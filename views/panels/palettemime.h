// The MIME data a palette drag carries, in the canvas's drop format. Kept in
// one place so the palette and the canvas cannot disagree.
#pragma once

#include "core/kinds.h"

#include <QMimeData>
#include <QString>

namespace stackplan {

QString paletteMimeType();
void setPaletteMimeHost(QMimeData *mime);
void setPaletteMimeNote(QMimeData *mime);
void setPaletteMimeKind(QMimeData *mime, Kind kind);

} // namespace stackplan
