#include "render/iconcache.h"

#include "render/svgcanvas.h"
#include "render/theme.h"

#include <QHash>
#include <QMutex>
#include <QPainter>
#include <QSvgRenderer>

#include <cmath>
#include <memory>

namespace stackplan {

namespace {

struct Cache
{
    QMutex mutex;
    QHash<QString, std::shared_ptr<QSvgRenderer>> renderers;
    QHash<QString, QImage> images;
};

Cache &cache()
{
    static Cache c;
    return c;
}

std::shared_ptr<QSvgRenderer> rendererLocked(Cache &c, const QString &path)
{
    auto it = c.renderers.find(path);
    if (it == c.renderers.end())
        it = c.renderers.insert(path, std::make_shared<QSvgRenderer>(path));
    return it.value();
}

int quantize(int px)
{
    // Few sizes keep the cache small while zooming; steps of 8 are sharp enough.
    px = std::max(8, px);
    return ((px + 7) / 8) * 8;
}

} // namespace

QImage IconCache::image(const QString &path, int pixelSize, bool greyed)
{
    const int size = quantize(pixelSize);
    const QString key = path + QLatin1Char('@') + QString::number(size) +
                        (greyed ? QStringLiteral("g") : QString());
    Cache &c = cache();
    QMutexLocker lock(&c.mutex);
    auto found = c.images.constFind(key);
    if (found != c.images.constEnd())
        return found.value();
    QImage img(size, size, QImage::Format_ARGB32_Premultiplied);
    img.fill(Qt::transparent);
    {
        QPainter p(&img);
        p.setRenderHint(QPainter::Antialiasing);
        rendererLocked(c, path)->render(&p, QRectF(0, 0, size, size));
    }
    if (greyed) {
        for (int y = 0; y < img.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(img.scanLine(y));
            for (int x = 0; x < img.width(); ++x) {
                const int a = qAlpha(line[x]);
                const int g = (qGray(line[x]) + 2 * a) / 3; // lighter grey on premultiplied
                line[x] = qRgba(std::min(g, a), std::min(g, a), std::min(g, a), a);
            }
        }
    }
    c.images.insert(key, img);
    return img;
}

void IconCache::paint(QPainter *painter, const QString &path, const QRectF &rect, bool vector,
                      bool greyed)
{
    if (vector) {
        // An SVG picture holds each icon once and draws it again by reference.
        if (auto *svg = dynamic_cast<SvgCanvas *>(painter->device());
            svg && svg->drawIcon(painter, path, rect, greyed ? 0.35 : 1.0))
            return;
        std::shared_ptr<QSvgRenderer> r;
        {
            Cache &c = cache();
            QMutexLocker lock(&c.mutex);
            r = rendererLocked(c, path);
        }
        if (greyed) {
            const qreal old = painter->opacity();
            painter->setOpacity(old * 0.35);
            r->render(painter, rect);
            painter->setOpacity(old);
        } else {
            r->render(painter, rect);
        }
        return;
    }
    const QTransform &t = painter->deviceTransform();
    const qreal scale = std::sqrt(t.m11() * t.m11() + t.m12() * t.m12());
    const int px = int(std::ceil(rect.width() * scale));
    const bool smooth = painter->testRenderHint(QPainter::SmoothPixmapTransform);
    painter->setRenderHint(QPainter::SmoothPixmapTransform);
    painter->drawImage(rect, image(path, px, greyed));
    painter->setRenderHint(QPainter::SmoothPixmapTransform, smooth);
}

void IconCache::paint(QPainter *painter, Kind kind, const QRectF &rect, bool vector, bool greyed)
{
    paint(painter, kindIconPath(kind), rect, vector, greyed);
}

} // namespace stackplan
