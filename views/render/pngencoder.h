// A PNG encoder for the image export. Diagrams are large flat areas; with the
// Sub filter they become runs of zeros that zlib's run-length strategy packs
// at hundreds of MB/s, where the generic encoder spends seconds on a
// thousand-component picture.
#pragma once

#include <QByteArray>

class QImage;

namespace stackplan {

// The image (any format; converted to 8-bit RGB, alpha dropped) as PNG bytes;
// empty on failure.
QByteArray encodePng(const QImage &image);

} // namespace stackplan
