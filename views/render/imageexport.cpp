#include "render/imageexport.h"

#include "render/diagrampainter.h"
#include "render/geometry.h"
#include "render/pngencoder.h"
#include "render/svgcanvas.h"
#include "render/theme.h"

#include <QBuffer>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <array>
#include <cmath>
#include <future>

namespace stackplan {

namespace {

QRectF drawnRect(const Design &design, const DesignGeometry &geometry, const ImageOptions &options)
{
    QRectF r = geometry.bounds();
    if (r.isEmpty())
        r = QRectF(0, 0, 320, 200);
    if (options.title)
        r |= titleRect(design, geometry);
    return r.adjusted(-options.margin, -options.margin, options.margin, options.margin);
}

void draw(QPainter *painter, const Design &design, const DesignGeometry &geometry,
          const QRectF &area, const ImageOptions &options, const QHash<QString, BadgeInfo> &badges,
          bool vector, const QRectF &visible = QRectF())
{
    const Theme &theme = Theme::forDark(options.dark);
    painter->fillRect(QRectF(0, 0, area.width() * options.scale, area.height() * options.scale),
                      theme.background);
    painter->scale(options.scale, options.scale);
    painter->translate(-area.topLeft());
    RenderOptions ro;
    ro.vector = vector;
    ro.badges = options.badges;
    ro.title = options.title;
    ro.visible = visible;
    if (options.badges)
        ro.marks = badges;
    renderDesign(painter, design, geometry, theme, ro);
}

} // namespace

std::optional<ImageFormat> imageFormatFromName(QStringView name)
{
    if (name.compare(u"png", Qt::CaseInsensitive) == 0)
        return ImageFormat::Png;
    if (name.compare(u"svg", Qt::CaseInsensitive) == 0)
        return ImageFormat::Svg;
    if (name.compare(u"pdf", Qt::CaseInsensitive) == 0)
        return ImageFormat::Pdf;
    return std::nullopt;
}

QSize exportImageSize(const Design &design, const ImageOptions &options)
{
    const DesignGeometry geometry(design);
    const QRectF area = drawnRect(design, geometry, options);
    return QSize(int(std::ceil(area.width() * options.scale)),
                 int(std::ceil(area.height() * options.scale)));
}

QByteArray exportImage(const Design &design, ImageFormat format, const ImageOptions &options,
                       const QList<Mark> &marks, QString *error)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return QByteArray();
    };
    if (!(options.scale > 0.0) || options.scale > 16.0)
        return fail(QStringLiteral("scale must be greater than 0 and at most 16"));

    const DesignGeometry geometry(design);
    const QRectF area = drawnRect(design, geometry, options);
    const QSize size(int(std::ceil(area.width() * options.scale)),
                     int(std::ceil(area.height() * options.scale)));
    if (size.isEmpty())
        return fail(QStringLiteral("nothing to draw"));
    const QHash<QString, BadgeInfo> badges =
        options.badges ? badgesFromMarks(marks) : QHash<QString, BadgeInfo>();

    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);

    switch (format) {
    case ImageFormat::Png: {
        if (qint64(size.width()) * size.height() > MaxImagePixels)
            return fail(QStringLiteral("the picture would be %1 x %2 pixels; lower --scale")
                            .arg(size.width())
                            .arg(size.height()));
        // Drawn and encoded in strips: memory stays small and each strip
        // only draws what crosses it. Strips of about 4 million pixels, at
        // least 256 rows: each strip walks the whole design, so a tall,
        // narrow picture gets a few tall strips rather than thousands of
        // short ones. A strip is compressed on a second thread while the
        // next one is drawn (compression costs as much as drawing), into two
        // images used in turn.
        const int stripHeight =
            std::min(size.height(), std::max(256, int(4'000'000 / std::max(1, size.width()))));
        std::array<QImage, 2> strips = {QImage(size.width(), stripHeight, QImage::Format_RGB32),
                                        QImage(size.width(), stripHeight, QImage::Format_RGB32)};
        if (strips[0].isNull() || strips[1].isNull())
            return fail(QStringLiteral("not enough memory for a %1 x %2 picture")
                            .arg(size.width())
                            .arg(size.height()));
        PngEncoder encoder(size.width(), size.height());
        bool encoded = true;
        std::future<bool> compressing; // the previous strip, if any
        int index = 0;
        for (int top = 0; top < size.height() && encoded; top += stripHeight, ++index) {
            const int rows = std::min(stripHeight, size.height() - top);
            // The image last held the strip before the previous one, whose
            // compression ended before the previous one's began.
            QImage &strip = strips[size_t(index % 2)];
            {
                QPainter painter(&strip);
                painter.setRenderHint(QPainter::TextAntialiasing);
                painter.translate(0, -top);
                const QRectF visible(area.left(), area.top() + top / options.scale, area.width(),
                                     (rows + 2) / options.scale);
                draw(&painter, design, geometry, area, options, badges, false,
                     visible.adjusted(0, -2, 0, 2));
            }
            if (compressing.valid())
                encoded = compressing.get();
            // On a thread of its own; in this one, later, if none can be made.
            if (encoded)
                compressing =
                    std::async(std::launch::async | std::launch::deferred,
                               [&encoder, &strip, rows] { return encoder.addRows(strip, rows); });
        }
        if (compressing.valid())
            encoded = compressing.get() && encoded;
        bytes = encoder.finish();
        if (bytes.isEmpty())
            return fail(QStringLiteral("could not encode the PNG"));
        break;
    }
    case ImageFormat::Svg: {
        SvgCanvas svg(size,
                      design.name.isEmpty() ? QStringLiteral("Stackplan design") : design.name,
                      QStringLiteral("Drawn by Stackplan"));
        QPainter painter;
        if (!painter.begin(&svg))
            return fail(QStringLiteral("could not start the SVG"));
        draw(&painter, design, geometry, area, options, badges, true);
        painter.end();
        bytes = svg.takeDocument();
        break;
    }
    case ImageFormat::Pdf: {
        QPdfWriter pdf(&buffer);
        pdf.setCreator(QStringLiteral("Stackplan"));
        pdf.setTitle(design.name);
        // One point per canvas unit (times scale), one page holding the diagram.
        pdf.setResolution(72);
        pdf.setPageSize(
            QPageSize(QSizeF(size), QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&pdf))
            return fail(QStringLiteral("could not start the PDF"));
        draw(&painter, design, geometry, area, options, badges, true);
        painter.end();
        break;
    }
    }
    buffer.close();
    if (bytes.isEmpty())
        return fail(QStringLiteral("the picture came out empty"));
    return bytes;
}

} // namespace stackplan
