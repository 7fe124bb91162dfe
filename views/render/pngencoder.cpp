#include "render/pngencoder.h"

#include <QImage>
#include <QtEndian>

#include <zlib.h>

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

QByteArray encodePng(const QImage &source)
{
    if (source.isNull())
        return {};
    const QImage image = source.format() == QImage::Format_RGB32
                                 || source.format() == QImage::Format_ARGB32
                             ? source
                             : source.convertToFormat(QImage::Format_RGB32);
    const int width = image.width();
    const int height = image.height();

    QByteArray out("\x89PNG\r\n\x1a\n", 8);
    QByteArray header(13, '\0');
    qToBigEndian<quint32>(quint32(width), header.data());
    qToBigEndian<quint32>(quint32(height), header.data() + 4);
    header[8] = 8; // bit depth
    header[9] = 2; // truecolour RGB
    appendChunk(out, "IHDR", header);

    z_stream zs{};
    if (deflateInit2(&zs, 1, Z_DEFLATED, 15, 9, Z_RLE) != Z_OK)
        return {};
    QByteArray compressed;
    compressed.reserve(qsizetype(width) * height / 8 + 1024);
    std::vector<unsigned char> row(size_t(width) * 3 + 1);
    std::vector<unsigned char> buffer(1 << 20);
    bool ok = true;
    for (int y = 0; y < height && ok; ++y) {
        const auto *pixels = reinterpret_cast<const QRgb *>(image.constScanLine(y));
        row[0] = 1; // Sub: each byte minus the same channel of the pixel before
        unsigned char *p = row.data() + 1;
        int pr = 0, pg = 0, pb = 0;
        for (int x = 0; x < width; ++x) {
            const int r = qRed(pixels[x]), g = qGreen(pixels[x]), b = qBlue(pixels[x]);
            *p++ = static_cast<unsigned char>(r - pr);
            *p++ = static_cast<unsigned char>(g - pg);
            *p++ = static_cast<unsigned char>(b - pb);
            pr = r;
            pg = g;
            pb = b;
        }
        zs.next_in = row.data();
        zs.avail_in = uInt(row.size());
        const int flush = y + 1 == height ? Z_FINISH : Z_NO_FLUSH;
        do {
            zs.next_out = buffer.data();
            zs.avail_out = uInt(buffer.size());
            const int rc = deflate(&zs, flush);
            if (rc == Z_STREAM_ERROR) {
                ok = false;
                break;
            }
            compressed.append(reinterpret_cast<const char *>(buffer.data()),
                              qsizetype(buffer.size() - zs.avail_out));
        } while (zs.avail_out == 0 || (flush == Z_FINISH && zs.avail_in > 0));
    }
    deflateEnd(&zs);
    if (!ok)
        return {};
    // IDAT chunks of at most 1 MiB keep every reader happy.
    const qsizetype chunk = 1 << 20;
    for (qsizetype i = 0; i < compressed.size(); i += chunk)
        appendChunk(out, "IDAT", compressed.mid(i, chunk));
    appendChunk(out, "IEND", QByteArray());
    return out;
}

} // namespace stackplan
