// Graphviz DOT export of a design, written through cgraph. Every element
// carries what the design knows about it as attributes (kind, host,
// settings, positions, pinned, explicit labels, unknown keys), so importing
// our own DOT (importDot in import.h) gives back the same design. The
// attributes are listed in docs/diagrams.md.
#pragma once

#include "core/design.h"

#include <QByteArray>

namespace stackplan {

struct DotOptions
{
    QString rankdir = QStringLiteral("LR");
};

QByteArray exportDot(const Design &design, const DotOptions &options = {});

} // namespace stackplan
