// The drag-and-drop and clipboard formats of the canvas. The palette puts one
// of these on its drags; the canvas accepts them, and copy/paste use the
// elements format (a fragment of a .stackplan file).
#pragma once

#include "core/kinds.h"

#include <QString>

class QMimeData;

namespace stackplan::mime {

// Payload: the kind's file-format name, "web_server".
inline const QString Kind = QStringLiteral("application/x-stackplan-kind");
// Payload: empty (a new host).
inline const QString Host = QStringLiteral("application/x-stackplan-host");
// Payload: the note's text, may be empty.
inline const QString Note = QStringLiteral("application/x-stackplan-note");
// Payload: a .stackplan document holding the copied elements.
inline const QString Elements = QStringLiteral("application/x-stackplan-elements");

// Ready-made drag data for the palette.
QMimeData *kindMimeData(stackplan::Kind kind);
QMimeData *hostMimeData();
QMimeData *noteMimeData(const QString &text = {});

} // namespace stackplan::mime
