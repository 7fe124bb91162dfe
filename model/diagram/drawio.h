// draw.io (diagrams.net) export: an uncompressed .drawio file (mxfile with
// one mxGraphModel) where hosts are containers holding their components, so
// the diagram stays editable there. Uses the design's positions as they are.
#pragma once

#include "core/design.h"

#include <QByteArray>

namespace stackplan {

QByteArray exportDrawio(const Design &design);

} // namespace stackplan
