// A compact SVG writer behind QPainter. Every paint style becomes one CSS
// class, coordinates are written in the picture's own units (no group and
// matrix around each primitive), and each icon is written once in <defs>
// and drawn again with <use>. QSvgGenerator repeats the whole painter state
// around every primitive: 200 MB for a 10,000-component design, where this
// writes a small fraction of it.
#pragma once

#include <QByteArray>
#include <QPaintDevice>
#include <QRectF>
#include <QSize>
#include <QString>

#include <memory>

namespace stackplan {

class SvgPaintEngine;

class SvgCanvas : public QPaintDevice
{
public:
    // size: the picture in pixels (96 per inch); title and description go
    // into the document's <title> and <desc>.
    SvgCanvas(const QSize &size, const QString &title, const QString &description);
    ~SvgCanvas() override;
    SvgCanvas(const SvgCanvas &) = delete;
    SvgCanvas &operator=(const SvgCanvas &) = delete;

    QPaintEngine *paintEngine() const override;

    // Draws the SVG icon file at rect (in the painter's coordinates, mapped by
    // its transform) with the painter's opacity times extraOpacity: the file
    // is written once, in <defs>. False when the file cannot be read.
    bool drawIcon(QPainter *painter, const QString &file, const QRectF &rect,
                  qreal extraOpacity = 1.0);

    // The whole document, once the painter has ended; the canvas is empty
    // afterwards.
    QByteArray takeDocument();

protected:
    int metric(PaintDeviceMetric metric) const override;

private:
    std::unique_ptr<SvgPaintEngine> m_engine;
    QSize m_size;
    QString m_title;
    QString m_description;
};

} // namespace stackplan
