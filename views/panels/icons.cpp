#include "panels/icons.h"

#include <QApplication>
#include <QFile>
#include <QHash>

#include <QPainter>
#include <QPainterPath>
#include <QPalette>
#include <functional>

namespace stackplan {

namespace {

QColor kindColor(Kind kind)
{
    switch (kind) {
    case Kind::Internet:
        return QColor(0x5b, 0x8d, 0xef);
    case Kind::Dns:
        return QColor(0x8e, 0x6b, 0xd8);
    case Kind::LoadBalancer:
        return QColor(0x1f, 0x9e, 0x89);
    case Kind::WebServer:
        return QColor(0x2e, 0x8b, 0x57);
    case Kind::AppServer:
        return QColor(0xd9, 0x82, 0x1e);
    case Kind::Database:
        return QColor(0x2f, 0x6f, 0xb5);
    case Kind::Cache:
        return QColor(0xc2, 0x3b, 0x3b);
    case Kind::Firewall:
        return QColor(0xb8, 0x4a, 0x2b);
    case Kind::Monitoring:
        return QColor(0x6a, 0x7f, 0x2a);
    }
    return Qt::gray;
}

QString kindGlyph(Kind kind)
{
    switch (kind) {
    case Kind::Internet:
        return QStringLiteral("U");
    case Kind::Dns:
        return QStringLiteral("D");
    case Kind::LoadBalancer:
        return QStringLiteral("LB");
    case Kind::WebServer:
        return QStringLiteral("W");
    case Kind::AppServer:
        return QStringLiteral("A");
    case Kind::Database:
        return QStringLiteral("DB");
    case Kind::Cache:
        return QStringLiteral("C");
    case Kind::Firewall:
        return QStringLiteral("FW");
    case Kind::Monitoring:
        return QStringLiteral("M");
    }
    return QString();
}

// Draws at several device sizes so the icon stays sharp on HiDPI screens.
template<typename Paint>
QIcon drawnIcon(Paint paint)
{
    QIcon icon;
    for (int size : {16, 20, 24, 32, 48, 64}) {
        QPixmap pixmap(size, size);
        pixmap.fill(Qt::transparent);
        QPainter painter(&pixmap);
        painter.setRenderHint(QPainter::Antialiasing);
        paint(painter, QRectF(0, 0, size, size));
        painter.end();
        icon.addPixmap(pixmap);
    }
    return icon;
}

QIcon badge(const QColor &color, const QString &glyph, bool round)
{
    return drawnIcon([&](QPainter &p, const QRectF &r) {
        const QRectF box =
            r.adjusted(r.width() * 0.06, r.height() * 0.06, -r.width() * 0.06, -r.height() * 0.06);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        if (round)
            p.drawEllipse(box);
        else
            p.drawRoundedRect(box, r.width() * 0.18, r.height() * 0.18);
        QFont font = QApplication::font();
        font.setBold(true);
        font.setPixelSize(qMax(6, int(r.height() * (glyph.size() > 1 ? 0.40 : 0.55))));
        p.setFont(font);
        p.setPen(Qt::white);
        p.drawText(box, Qt::AlignCenter, glyph);
    });
}

} // namespace

QIcon makeKindIcon(Kind kind);
QIcon makeHostIcon();
QIcon makeNoteIcon();
QIcon makeLinkIcon();
QIcon makeSeverityIcon(SeverityLevel level);
QIcon cachedIcon(const QString &key, const std::function<QIcon()> &make);

bool isDarkPalette()
{
    const QPalette palette = QApplication::palette();
    return palette.color(QPalette::Window).lightness() <
           palette.color(QPalette::WindowText).lightness();
}

// Icons are asked for per row and per paint: build each once. The cache
// is keyed by the palette's darkness too, for the drawn ones.
QIcon cachedIcon(const QString &key, const std::function<QIcon()> &make)
{
    static QHash<QString, QIcon> cache;
    const QString full =
        key + (isDarkPalette() ? QStringLiteral(":dark") : QStringLiteral(":light"));
    auto it = cache.find(full);
    if (it == cache.end())
        it = cache.insert(full, make());
    return *it;
}

QIcon kindIcon(Kind kind)
{
    return cachedIcon(QStringLiteral("kind:") + kindName(kind),
                      [kind] { return makeKindIcon(kind); });
}

QIcon makeKindIcon(Kind kind)
{
    // The product's own drawings, when the canvas library compiled them in.
    const QString svg = QStringLiteral(":/icons/%1.svg").arg(kindName(kind));
    if (QFile::exists(svg))
        return QIcon(svg);
    return badge(kindColor(kind), kindGlyph(kind), false);
}

QIcon hostIcon()
{
    return cachedIcon(QStringLiteral("host"), [] { return makeHostIcon(); });
}

QIcon makeHostIcon()
{
    const QString svg = QStringLiteral(":/icons/host.svg");
    if (QFile::exists(svg))
        return QIcon(svg);
    return drawnIcon([](QPainter &p, const QRectF &r) {
        const QColor ink = isDarkPalette() ? QColor(0xc8, 0xcf, 0xd8) : QColor(0x4a, 0x55, 0x66);
        QPen pen(ink, qMax(1.0, r.width() / 14));
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        const QRectF box =
            r.adjusted(r.width() * 0.1, r.height() * 0.16, -r.width() * 0.1, -r.height() * 0.16);
        p.drawRoundedRect(box, r.width() * 0.1, r.width() * 0.1);
        p.drawLine(QPointF(box.left(), box.center().y()), QPointF(box.right(), box.center().y()));
        p.setBrush(ink);
        const qreal d = r.width() * 0.1;
        p.drawEllipse(QRectF(box.right() - 2.5 * d, box.top() + d * 0.8, d, d));
        p.drawEllipse(QRectF(box.right() - 2.5 * d, box.center().y() + d * 0.8, d, d));
    });
}

QIcon noteIcon()
{
    return cachedIcon(QStringLiteral("note"), [] { return makeNoteIcon(); });
}

QIcon makeNoteIcon()
{
    const QString svg = QStringLiteral(":/icons/note.svg");
    if (QFile::exists(svg))
        return QIcon(svg);
    return drawnIcon([](QPainter &p, const QRectF &r) {
        const QRectF box =
            r.adjusted(r.width() * 0.15, r.height() * 0.1, -r.width() * 0.15, -r.height() * 0.1);
        p.setPen(QPen(QColor(0xa8, 0x8a, 0x1c), qMax(1.0, r.width() / 16)));
        p.setBrush(QColor(0xff, 0xe8, 0x8a));
        p.drawRect(box);
        for (int i = 1; i <= 3; ++i) {
            const qreal y = box.top() + box.height() * i / 4.5;
            p.drawLine(QPointF(box.left() + box.width() * 0.2, y),
                       QPointF(box.right() - box.width() * 0.2, y));
        }
    });
}

QIcon linkIcon()
{
    return cachedIcon(QStringLiteral("link"), [] { return makeLinkIcon(); });
}

QIcon makeLinkIcon()
{
    return drawnIcon([](QPainter &p, const QRectF &r) {
        const QColor ink = isDarkPalette() ? QColor(0xc8, 0xcf, 0xd8) : QColor(0x4a, 0x55, 0x66);
        p.setPen(QPen(ink, qMax(1.0, r.width() / 12), Qt::SolidLine, Qt::RoundCap));
        const QPointF a(r.width() * 0.2, r.height() * 0.75);
        const QPointF b(r.width() * 0.8, r.height() * 0.25);
        p.drawLine(a, b);
        p.setBrush(ink);
        const qreal d = r.width() * 0.22;
        p.drawEllipse(QRectF(a.x() - d / 2, a.y() - d / 2, d, d));
        p.drawEllipse(QRectF(b.x() - d / 2, b.y() - d / 2, d, d));
    });
}

QColor severityColor(SeverityLevel level)
{
    switch (level) {
    case SeverityLevel::Error:
        return QColor(0xd6, 0x3a, 0x3a);
    case SeverityLevel::Warning:
        return QColor(0xe0, 0x9b, 0x16);
    case SeverityLevel::Info:
        return QColor(0x3a, 0x7f, 0xd6);
    }
    return Qt::gray;
}

QIcon severityIcon(SeverityLevel level)
{
    return cachedIcon(QStringLiteral("severity:%1").arg(int(level)),
                      [level] { return makeSeverityIcon(level); });
}

QIcon makeSeverityIcon(SeverityLevel level)
{
    const QColor color = severityColor(level);
    return drawnIcon([&](QPainter &p, const QRectF &r) {
        const QRectF box =
            r.adjusted(r.width() * 0.08, r.height() * 0.08, -r.width() * 0.08, -r.height() * 0.08);
        p.setPen(Qt::NoPen);
        p.setBrush(color);
        if (level == SeverityLevel::Warning) {
            QPainterPath triangle;
            triangle.moveTo(box.center().x(), box.top());
            triangle.lineTo(box.right(), box.bottom());
            triangle.lineTo(box.left(), box.bottom());
            triangle.closeSubpath();
            p.drawPath(triangle);
        } else {
            p.drawEllipse(box);
        }
        QFont font = QApplication::font();
        font.setBold(true);
        font.setPixelSize(qMax(6, int(r.height() * 0.62)));
        p.setFont(font);
        p.setPen(Qt::white);
        QRectF text = box;
        if (level == SeverityLevel::Warning)
            text.setTop(box.top() + box.height() * 0.22);
        p.drawText(text, Qt::AlignCenter,
                   level == SeverityLevel::Info ? QStringLiteral("i") : QStringLiteral("!"));
    });
}

QIcon actionIcon(const QString &name)
{
    return drawnIcon([&name](QPainter &p, const QRectF &r) {
        const QColor ink = isDarkPalette() ? QColor(0xd0, 0xd6, 0xde) : QColor(0x3c, 0x46, 0x54);
        const qreal w = r.width();
        QPen pen(ink, qMax(1.2, w / 12), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        if (name.startsWith(QLatin1String("zoom"))) {
            const QRectF lens(w * 0.12, w * 0.12, w * 0.56, w * 0.56);
            p.drawEllipse(lens);
            p.drawLine(QPointF(w * 0.62, w * 0.62), QPointF(w * 0.88, w * 0.88));
            const QPointF c = lens.center();
            const qreal a = w * 0.14;
            if (name == QLatin1String("zoomIn") || name == QLatin1String("zoomOut"))
                p.drawLine(QPointF(c.x() - a, c.y()), QPointF(c.x() + a, c.y()));
            if (name == QLatin1String("zoomIn"))
                p.drawLine(QPointF(c.x(), c.y() - a), QPointF(c.x(), c.y() + a));
            if (name == QLatin1String("zoomFit")) {
                const QRectF box(c.x() - a, c.y() - a * 0.8, 2 * a, 1.6 * a);
                p.drawRect(box);
            }
        } else if (name == QLatin1String("arrange")) {
            const qreal s = w * 0.28;
            p.drawRoundedRect(QRectF(w * 0.1, w * 0.36, s, s), 1.5, 1.5);
            p.drawRoundedRect(QRectF(w * 0.62, w * 0.1, s, s), 1.5, 1.5);
            p.drawRoundedRect(QRectF(w * 0.62, w * 0.62, s, s), 1.5, 1.5);
            p.drawLine(QPointF(w * 0.38, w * 0.5), QPointF(w * 0.62, w * 0.24));
            p.drawLine(QPointF(w * 0.38, w * 0.5), QPointF(w * 0.62, w * 0.76));
        } else if (name == QLatin1String("whatIf")) {
            // A lightning bolt: something fails.
            QPainterPath bolt;
            bolt.moveTo(w * 0.58, w * 0.06);
            bolt.lineTo(w * 0.22, w * 0.56);
            bolt.lineTo(w * 0.48, w * 0.56);
            bolt.lineTo(w * 0.40, w * 0.94);
            bolt.lineTo(w * 0.78, w * 0.40);
            bolt.lineTo(w * 0.52, w * 0.40);
            bolt.closeSubpath();
            p.setBrush(QColor(0xe0, 0x9b, 0x16));
            p.setPen(QPen(QColor(0xa8, 0x6a, 0x00), qMax(1.0, w / 20)));
            p.drawPath(bolt);
        } else if (name == QLatin1String("bundle")) {
            QPainterPath box;
            box.moveTo(w * 0.5, w * 0.1);
            box.lineTo(w * 0.88, w * 0.28);
            box.lineTo(w * 0.88, w * 0.72);
            box.lineTo(w * 0.5, w * 0.9);
            box.lineTo(w * 0.12, w * 0.72);
            box.lineTo(w * 0.12, w * 0.28);
            box.closeSubpath();
            p.drawPath(box);
            p.drawLine(QPointF(w * 0.12, w * 0.28), QPointF(w * 0.5, w * 0.46));
            p.drawLine(QPointF(w * 0.88, w * 0.28), QPointF(w * 0.5, w * 0.46));
            p.drawLine(QPointF(w * 0.5, w * 0.46), QPointF(w * 0.5, w * 0.9));
        }
    });
}

} // namespace stackplan
