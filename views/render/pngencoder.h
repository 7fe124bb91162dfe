// A PNG encoder for the image export. Diagrams are large flat areas; with the
// Sub filter they become runs of zeros that zlib's run-length strategy packs
// at hundreds of MB/s, where the generic encoder spends seconds on a
// thousand-component picture.
#pragma once

#include <QByteArray>

class QImage;

namespace stackplan {

// Streams a PNG of width x height: rows are added in strips from top to
// bottom, so a large picture never needs to exist whole in memory.
class PngEncoder
{
public:
    PngEncoder(int width, int height);
    ~PngEncoder();
    PngEncoder(const PngEncoder &) = delete;
    PngEncoder &operator=(const PngEncoder &) = delete;

    // Adds the first `rows` rows of strip (RGB32 or ARGB32; alpha dropped).
    bool addRows(const QImage &strip, int rows);
    // The PNG's bytes once every row was added; empty on failure.
    QByteArray finish();

private:
    bool deflateRows(const unsigned char *data, size_t size, bool last);

    struct State;
    State *d;
};

// The image (any format; converted to 8-bit RGB, alpha dropped) as PNG bytes;
// empty on failure.
QByteArray encodePng(const QImage &image);

} // namespace stackplan
