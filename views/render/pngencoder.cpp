#include "render/pngencoder.h"

#include <QImage>
#include <QtEndian>

#include <zlib.h>

#include <algorithm>
#include <vector>

namespace stackplan {

namespace {

void appendChunk(QByteArray &out, const char type[4], const QByteArray &data)
{
    char length[4];
    qToBigEndian<quint32>(quint32(data.size()), length);
    out.append(length, 4);
    const qsizetype start = out.size();
    out.append(type, 4);
    out.append(data);
    uLong crc = crc32(0L, Z_NULL, 0);
    crc = crc32(crc, reinterpret_cast<const Bytef *>(out.constData() + start),
                uInt(out.size() - start));
    char crcBytes[4];
    qToBigEndian<quint32>(quint32(crc), crcBytes);
    out.append(crcBytes, 4);
}

} // namespace

struct PngEncoder::State
{
    int width = 0;
    int height = 0;
    int rowsDone = 0;
    bool ok = true;
    z_stream zs{};
    QByteArray compressed;
    std::vector<unsigned char> row;
    std::vector<unsigned char> buffer;
};

PngEncoder::PngEncoder(int width, int height)
    : d(new State)
{
    d->width = width;
    d->height = height;
    d->ok = width > 0 && height > 0 && deflateInit2(&d->zs, 1, Z_DEFLATED, 15, 9, Z_RLE) == Z_OK;
    d->row.resize(size_t(std::max(width, 0)) * 3 + 1);
    d->buffer.resize(1 << 20);
    d->compressed.reserve(qsizetype(std::max(width, 0)) * std::max(height, 0) / 16 + 1024);
}

PngEncoder::~PngEncoder()
{
    deflateEnd(&d->zs);
    delete d;
}

bool PngEncoder::deflateRows(const unsigned char *data, size_t size, bool last)
{
    d->zs.next_in = const_cast<unsigned char *>(data);
    d->zs.avail_in = uInt(size);
    const int flush = last ? Z_FINISH : Z_NO_FLUSH;
    do {
        d->zs.next_out = d->buffer.data();
        d->zs.avail_out = uInt(d->buffer.size());
        if (deflate(&d->zs, flush) == Z_STREAM_ERROR)
            return false;
        d->compressed.append(reinterpret_cast<const char *>(d->buffer.data()),
                             qsizetype(d->buffer.size() - d->zs.avail_out));
    } while (d->zs.avail_out == 0 || (last && d->zs.avail_in > 0));
    return true;
}

bool PngEncoder::addRows(const QImage &strip, int rows)
{
    if (!d->ok || strip.width() < d->width || rows > strip.height() ||
        d->rowsDone + rows > d->height)
        return d->ok = false;
    for (int y = 0; y < rows && d->ok; ++y) {
        const auto *pixels = reinterpret_cast<const QRgb *>(strip.constScanLine(y));
        d->row[0] = 1; // Sub: each byte minus the same channel of the pixel before
        unsigned char *p = d->row.data() + 1;
        int pr = 0, pg = 0, pb = 0;
        for (int x = 0; x < d->width; ++x) {
            const int r = qRed(pixels[x]), g = qGreen(pixels[x]), b = qBlue(pixels[x]);
            *p++ = static_cast<unsigned char>(r - pr);
            *p++ = static_cast<unsigned char>(g - pg);
            *p++ = static_cast<unsigned char>(b - pb);
            pr = r;
            pg = g;
            pb = b;
        }
        ++d->rowsDone;
        d->ok = deflateRows(d->row.data(), d->row.size(), d->rowsDone == d->height);
    }
    return d->ok;
}

QByteArray PngEncoder::finish()
{
    if (!d->ok || d->rowsDone != d->height)
        return {};
    QByteArray out("\x89PNG\r\n\x1a\n", 8);
    QByteArray header(13, '\0');
    qToBigEndian<quint32>(quint32(d->width), header.data());
    qToBigEndian<quint32>(quint32(d->height), header.data() + 4);
    header[8] = 8; // bit depth
    header[9] = 2; // truecolour RGB
    appendChunk(out, "IHDR", header);
    // IDAT chunks of at most 1 MiB keep every reader happy.
    const qsizetype chunk = 1 << 20;
    for (qsizetype i = 0; i < d->compressed.size(); i += chunk)
        appendChunk(out, "IDAT", d->compressed.mid(i, chunk));
    appendChunk(out, "IEND", QByteArray());
    return out;
}

QByteArray encodePng(const QImage &source)
{
    if (source.isNull())
        return {};
    const QImage image =
        source.format() == QImage::Format_RGB32 || source.format() == QImage::Format_ARGB32
            ? source
            : source.convertToFormat(QImage::Format_RGB32);
    PngEncoder encoder(image.width(), image.height());
    if (!encoder.addRows(image, image.height()))
        return {};
    return encoder.finish();
}

} // namespace stackplan
