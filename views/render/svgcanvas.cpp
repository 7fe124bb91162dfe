#include "render/svgcanvas.h"

#include <QBuffer>
#include <QFile>
#include <QHash>
#include <QImage>
#include <QMap>
#include <QPaintEngine>
#include <QPainter>
#include <QPainterPath>
#include <QPixmap>
#include <QTextItem>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <utility>

namespace stackplan {

namespace {

constexpr int Dpi = 96;

// A coordinate or length: at most two decimals, no trailing zeros.
void appendNumber(QByteArray &out, double value)
{
    if (!std::isfinite(value))
        value = 0;
    double rounded = std::round(value * 100.0) / 100.0;
    if (rounded == 0.0)
        rounded = 0.0; // no "-0"
    char buffer[64];
    const auto [end, ec] =
        std::to_chars(buffer, buffer + sizeof buffer, rounded, std::chars_format::fixed, 2);
    if (ec != std::errc()) {
        out += '0';
        return;
    }
    const char *last = end;
    while (last > buffer && last[-1] == '0')
        --last;
    if (last > buffer && last[-1] == '.')
        --last;
    out.append(buffer, last - buffer);
}

// A whole number of hundredths as a decimal: 1237 -> "12.37", -5 -> "-0.05".
void appendHundredths(QByteArray &out, qint64 value)
{
    if (value < 0) {
        out += '-';
        value = -value;
    }
    out += QByteArray::number(value / 100);
    const int fraction = int(value % 100);
    if (fraction != 0) {
        out += '.';
        out += char('0' + fraction / 10);
        if (fraction % 10 != 0)
            out += char('0' + fraction % 10);
    }
}

QByteArray number(double value)
{
    QByteArray out;
    appendNumber(out, value);
    return out;
}

// Text for XML content or attributes: markup escaped, and characters XML
// cannot hold at all left out.
void appendEscaped(QByteArray &out, const QString &text)
{
    QString clean;
    clean.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c.isHighSurrogate() && i + 1 < text.size() && text[i + 1].isLowSurrogate()) {
            clean += c;
            clean += text[++i];
            continue;
        }
        if (c.isSurrogate() || c.unicode() == 0xfffe || c.unicode() == 0xffff ||
            (c.unicode() < 0x20 && c != u'\t' && c != u'\n' && c != u'\r'))
            continue;
        switch (c.unicode()) {
        case '&':
            clean += QStringLiteral("&amp;");
            break;
        case '<':
            clean += QStringLiteral("&lt;");
            break;
        case '>':
            clean += QStringLiteral("&gt;");
            break;
        case '"':
            clean += QStringLiteral("&quot;");
            break;
        default:
            clean += c;
        }
    }
    out += clean.toUtf8();
}

QByteArray colour(const QColor &c)
{
    return c.name(QColor::HexRgb).toLatin1();
}

// The uniform scale of a transform, for stroke widths and font sizes.
double scaleOf(const QTransform &t)
{
    return std::sqrt(std::abs(t.m11() * t.m22() - t.m12() * t.m21()));
}

} // namespace

class SvgPaintEngine : public QPaintEngine
{
public:
    SvgPaintEngine()
        : QPaintEngine(QPaintEngine::PaintEngineFeatures(QPaintEngine::AllFeatures) &
                       ~QPaintEngine::PaintEngineFeatures(
                           QPaintEngine::PatternBrush | QPaintEngine::PerspectiveTransform |
                           QPaintEngine::ConicalGradientFill | QPaintEngine::PorterDuff))
    {
        m_body.reserve(ChunkSize + 65536);
    }

    bool begin(QPaintDevice *) override { return true; }
    bool end() override { return true; }
    Type type() const override { return QPaintEngine::User; }

    void updateState(const QPaintEngineState &changed) override
    {
        const DirtyFlags flags = changed.state();
        if (flags & DirtyPen)
            m_pen = changed.pen();
        if (flags & DirtyBrush)
            m_brush = changed.brush();
        if (flags & DirtyTransform)
            m_transform = changed.transform();
        if (flags & DirtyOpacity)
            m_opacity = changed.opacity();
    }

    void drawPath(const QPainterPath &path) override
    {
        writePath(path, path.fillRule() == Qt::OddEvenFill, true);
    }

    void drawPolygon(const QPointF *points, int count, PolygonDrawMode mode) override
    {
        if (count <= 0)
            return;
        QPainterPath path(points[0]);
        for (int i = 1; i < count; ++i)
            path.lineTo(points[i]);
        if (mode != PolylineMode)
            path.closeSubpath();
        writePath(path, mode == OddEvenMode, mode != PolylineMode);
    }

    void drawTextItem(const QPointF &p, const QTextItem &item) override
    {
        const QString text = item.text();
        if (text.isEmpty() || m_pen.style() == Qt::NoPen)
            return;
        const QFont font = item.font();
        const bool plain = m_transform.m12() == 0 && m_transform.m21() == 0;
        const double scale = plain ? scaleOf(m_transform) : 1.0;
        const double pixels =
            (font.pixelSize() > 0 ? font.pixelSize() : font.pointSizeF() * Dpi / 72.0) * scale;
        // Qt's SVG renderer reads a single family only; the whole list, for
        // renderers without the first font, goes in an @supports rule Qt skips.
        const QList<QByteArray> families = fontFamilies(font);
        QByteArray style = "font-family:" + families.front();
        style += ";font-size:" + number(pixels) + "px";
        if (font.weight() != QFont::Normal)
            style += ";font-weight:" + QByteArray::number(int(font.weight()));
        if (font.italic())
            style += ";font-style:italic";
        style += ";fill:" + colour(m_pen.color());
        appendOpacity(style, "fill-opacity", m_pen.color().alphaF() * m_opacity);
        style += ";white-space:pre";
        const QPointF at = plain ? m_transform.map(p) : p;
        const QByteArray name = className(style);
        if (families.size() > 1)
            m_fallbacks.insert(name, families.join(','));
        m_body += "<text class=\"";
        m_body += name;
        m_body += "\" x=\"";
        appendNumber(m_body, at.x());
        m_body += "\" y=\"";
        appendNumber(m_body, at.y());
        m_body += '"';
        if (!plain)
            appendMatrix(m_body, m_transform);
        m_body += '>';
        appendEscaped(m_body, text);
        m_body += "</text>\n";
        seal();
    }

    void drawPixmap(const QRectF &r, const QPixmap &pixmap, const QRectF &source) override
    {
        drawImage(r, pixmap.toImage(), source, Qt::AutoColor);
    }

    void drawImage(const QRectF &r, const QImage &image, const QRectF &source,
                   Qt::ImageConversionFlags) override
    {
        const QImage part = source.toRect() == image.rect() ? image : image.copy(source.toRect());
        QByteArray png;
        QBuffer buffer(&png);
        buffer.open(QIODevice::WriteOnly);
        part.save(&buffer, "PNG");
        const QRectF at = m_transform.mapRect(r);
        m_body += "<image x=\"" + number(at.x()) + "\" y=\"" + number(at.y()) + "\" width=\"" +
                  number(at.width()) + "\" height=\"" + number(at.height()) +
                  "\" preserveAspectRatio=\"none\" xlink:href=\"data:image/png;base64," +
                  png.toBase64() + "\"/>\n";
        seal();
    }

    // A <use> of the icon's group in <defs>, over rect (device coordinates).
    bool drawIcon(const QString &file, const QRectF &rect, qreal opacity)
    {
        const Icon *icon = iconFor(file);
        if (!icon)
            return false;
        const double sx = rect.width() / icon->viewBox.width();
        const double sy = rect.height() / icon->viewBox.height();
        m_body += "<use xlink:href=\"#" + icon->id + "\" transform=\"matrix(" + number(sx) +
                  " 0 0 " + number(sy) + ' ' + number(rect.x() - icon->viewBox.x() * sx) + ' ' +
                  number(rect.y() - icon->viewBox.y() * sy) + ")\"";
        if (opacity < 0.999)
            m_body += " opacity=\"" + number(opacity) + '"';
        m_body += "/>\n";
        seal();
        return true;
    }

    // The document, the body moved into it chunk by chunk (each freed once
    // copied), so memory holds little more than one copy of it.
    QByteArray takeDocument(const QSize &size, const QString &title, const QString &description)
    {
        qsizetype bodySize = m_body.size();
        for (const QByteArray &chunk : std::as_const(m_chunks))
            bodySize += chunk.size();
        QByteArray out;
        out.reserve(bodySize + 65536 + 128 * m_styles.size());
        out += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<svg xmlns=\"http://www.w3.org/2000/svg\" "
               "xmlns:xlink=\"http://www.w3.org/1999/xlink\" version=\"1.1\" width=\"";
        out += QByteArray::number(size.width()) + "\" height=\"" +
               QByteArray::number(size.height()) + "\" viewBox=\"0 0 " +
               QByteArray::number(size.width()) + ' ' + QByteArray::number(size.height()) +
               "\">\n<title>";
        appendEscaped(out, title);
        out += "</title>\n<desc>";
        appendEscaped(out, description);
        out += "</desc>\n<style type=\"text/css\">\n";
        for (qsizetype i = 0; i < m_styles.size(); ++i)
            out += ".s" + QByteArray::number(i) + '{' + m_styles[i] + "}\n";
        QMap<QByteArray, QByteArrayList> byList; // fallback list -> its classes
        for (auto it = m_fallbacks.constBegin(); it != m_fallbacks.constEnd(); ++it)
            byList[it.value()].append('.' + it.key());
        if (!byList.isEmpty()) {
            out += "@supports (font-family:sans-serif){\n";
            for (auto it = byList.constBegin(); it != byList.constEnd(); ++it)
                out += it.value().join(',') + "{font-family:" + it.key() + "}\n";
            out += "}\n";
        }
        out += "</style>\n<defs>\n";
        for (const Icon &icon : m_icons)
            out += icon.definition;
        out += "</defs>\n";
        for (QByteArray &chunk : m_chunks) {
            out += chunk;
            chunk = QByteArray();
        }
        m_chunks.clear();
        out += m_body;
        m_body = QByteArray();
        out += "</svg>\n";
        return out;
    }

private:
    static constexpr qsizetype ChunkSize = 4 << 20;

    // Moves a full body into the list of chunks and starts the next.
    void seal()
    {
        if (m_body.size() < ChunkSize)
            return;
        m_chunks.append(std::exchange(m_body, QByteArray()));
        m_body.reserve(ChunkSize + 65536);
    }

    struct Icon
    {
        QByteArray id;
        QRectF viewBox;
        QByteArray definition; // <g id="…">the file's drawing</g>
    };

    // The font's families, each reduced to letters, digits, spaces, '-' and
    // '_', then the generic family.
    static QList<QByteArray> fontFamilies(const QFont &font)
    {
        QList<QByteArray> list;
        const QStringList families =
            font.families().isEmpty() ? QStringList{font.family()} : font.families();
        for (const QString &family : families) {
            QByteArray name;
            for (QChar c : family) {
                if (c.isLetterOrNumber() || c == u' ' || c == u'-' || c == u'_')
                    name += QString(c).toUtf8();
            }
            name = name.simplified();
            if (!name.isEmpty() && !(name[0] >= '0' && name[0] <= '9'))
                list.append(name);
        }
        list.append("sans-serif");
        return list;
    }

    static void appendOpacity(QByteArray &style, const char *property, double opacity)
    {
        if (opacity < 0.999) {
            style += ';';
            style += property;
            style += ':';
            appendNumber(style, std::max(0.0, opacity));
        }
    }

    static void appendMatrix(QByteArray &out, const QTransform &t)
    {
        out += " transform=\"matrix(" + number(t.m11()) + ' ' + number(t.m12()) + ' ' +
               number(t.m21()) + ' ' + number(t.m22()) + ' ' + number(t.dx()) + ' ' +
               number(t.dy()) + ")\"";
    }

    QByteArray className(const QByteArray &style)
    {
        auto it = m_styleIndex.constFind(style);
        if (it == m_styleIndex.constEnd()) {
            it = m_styleIndex.insert(style, int(m_styles.size()));
            m_styles.append(style);
        }
        return "s" + QByteArray::number(*it);
    }

    QByteArray shapeStyle(bool evenOdd, bool filled) const
    {
        QByteArray style;
        const Qt::BrushStyle brush = filled ? m_brush.style() : Qt::NoBrush;
        if (brush == Qt::NoBrush) {
            style += "fill:none";
        } else {
            QColor c = m_brush.color();
            if (const QGradient *g = m_brush.gradient(); g && !g->stops().isEmpty())
                c = g->stops().front().second;
            style += "fill:" + colour(c);
            appendOpacity(style, "fill-opacity", c.alphaF() * m_opacity);
            if (evenOdd)
                style += ";fill-rule:evenodd";
        }
        if (m_pen.style() == Qt::NoPen || m_pen.brush().style() == Qt::NoBrush) {
            style += ";stroke:none";
            return style;
        }
        const double width = m_pen.isCosmetic() ? (m_pen.widthF() > 0 ? m_pen.widthF() : 1.0)
                                                : m_pen.widthF() * scaleOf(m_transform);
        style += ";stroke:" + colour(m_pen.color());
        appendOpacity(style, "stroke-opacity", m_pen.color().alphaF() * m_opacity);
        style += ";stroke-width:" + number(width);
        switch (m_pen.capStyle()) {
        case Qt::FlatCap:
            break; // butt: the default
        case Qt::RoundCap:
            style += ";stroke-linecap:round";
            break;
        default:
            style += ";stroke-linecap:square";
        }
        switch (m_pen.joinStyle()) {
        case Qt::RoundJoin:
            style += ";stroke-linejoin:round";
            break;
        case Qt::MiterJoin:
        case Qt::SvgMiterJoin:
            break; // miter: the default
        default:
            style += ";stroke-linejoin:bevel";
        }
        if (m_pen.style() != Qt::SolidLine) {
            const QList<qreal> pattern = m_pen.dashPattern();
            const double unit = m_pen.isCosmetic() ? std::max(width, 1.0) : width;
            style += ";stroke-dasharray:";
            for (qsizetype i = 0; i < pattern.size(); ++i) {
                if (i)
                    style += ',';
                appendNumber(style, pattern[i] * unit);
            }
        }
        return style;
    }

    // Path data in relative commands ("l", "h", "v", "c"), computed from
    // coordinates rounded to hundredths, so the deltas add up exactly.
    void writePath(const QPainterPath &path, bool evenOdd, bool filled)
    {
        if (path.isEmpty())
            return;
        m_body += "<path class=\"";
        m_body += className(shapeStyle(evenOdd, filled));
        m_body += "\" d=\"";
        using Point = std::pair<qint64, qint64>; // hundredths
        auto grid = [this](const QPointF &p) {
            const QPointF d = m_transform.map(p);
            auto round = [](double v) {
                return std::isfinite(v) ? qint64(std::llround(std::clamp(v, -1e12, 1e12) * 100.0))
                                        : qint64(0);
            };
            return Point{round(d.x()), round(d.y())};
        };
        bool letter = true; // the last thing written is a command letter
        auto value = [&](qint64 v) {
            if (!letter && v >= 0)
                m_body += ' ';
            appendHundredths(m_body, v);
            letter = false;
        };
        auto command = [&](char c) {
            m_body += c;
            letter = true;
        };
        Point start;
        Point current;
        bool open = false;
        auto closeIfBack = [&] {
            if (open && current == start) {
                command('z');
                current = start;
            }
        };
        const int count = path.elementCount();
        for (int i = 0; i < count; ++i) {
            const QPainterPath::Element e = path.elementAt(i);
            switch (e.type) {
            case QPainterPath::MoveToElement: {
                closeIfBack();
                const Point p = grid(e);
                command('M');
                value(p.first);
                value(p.second);
                start = current = p;
                open = true;
                break;
            }
            case QPainterPath::LineToElement: {
                const Point p = grid(e);
                const qint64 dx = p.first - current.first;
                const qint64 dy = p.second - current.second;
                if (dy == 0) {
                    command('h');
                    value(dx);
                } else if (dx == 0) {
                    command('v');
                    value(dy);
                } else {
                    command('l');
                    value(dx);
                    value(dy);
                }
                current = p;
                break;
            }
            case QPainterPath::CurveToElement:
                if (i + 2 < count) {
                    command('c');
                    for (int k = 0; k < 3; ++k) {
                        const Point p = grid(path.elementAt(i + k));
                        value(p.first - current.first);
                        value(p.second - current.second);
                    }
                    current = grid(path.elementAt(i + 2));
                    i += 2;
                }
                break;
            case QPainterPath::CurveToDataElement:
                break;
            }
        }
        closeIfBack();
        m_body += "\"/>\n";
        seal();
    }

    const Icon *iconFor(const QString &file)
    {
        if (const auto it = m_iconIndex.constFind(file); it != m_iconIndex.constEnd())
            return it->has_value() ? &m_icons[**it] : nullptr;
        QFile f(file);
        std::optional<qsizetype> index;
        if (f.open(QIODevice::ReadOnly)) {
            Icon icon;
            icon.id = "i" + QByteArray::number(m_icons.size());
            if (copyDrawing(f.readAll(), icon)) {
                index = m_icons.size();
                m_icons.append(std::move(icon));
            }
        }
        m_iconIndex.insert(file, index);
        return index ? &m_icons[*index] : nullptr;
    }

    // The icon file's drawing (the children of its root) inside a group.
    static bool copyDrawing(const QByteArray &svg, Icon &icon)
    {
        QXmlStreamReader in(svg);
        QByteArray inner;
        QXmlStreamWriter out(&inner);
        int depth = 0;
        while (!in.atEnd()) {
            in.readNext();
            if (in.isStartElement()) {
                if (depth == 0) {
                    const QStringList box = in.attributes()
                                                .value(QStringLiteral("viewBox"))
                                                .toString()
                                                .split(u' ', Qt::SkipEmptyParts);
                    if (box.size() != 4)
                        return false;
                    icon.viewBox = QRectF(box[0].toDouble(), box[1].toDouble(), box[2].toDouble(),
                                          box[3].toDouble());
                    if (icon.viewBox.isEmpty())
                        return false;
                } else {
                    out.writeStartElement(in.name().toString());
                    for (const QXmlStreamAttribute &a : in.attributes())
                        out.writeAttribute(a.name().toString(), a.value().toString());
                }
                ++depth;
            } else if (in.isEndElement()) {
                if (--depth > 0)
                    out.writeEndElement();
            }
        }
        if (in.hasError())
            return false;
        icon.definition = "<g id=\"" + icon.id + "\">" + inner + "</g>\n";
        return true;
    }

    QPen m_pen;
    QBrush m_brush;
    QTransform m_transform;
    qreal m_opacity = 1.0;
    QByteArray m_body;          // the drawing so far, after the sealed chunks
    QList<QByteArray> m_chunks; // sealed parts of the drawing, in order
    QList<QByteArray> m_styles;
    QHash<QByteArray, int> m_styleIndex;
    QMap<QByteArray, QByteArray> m_fallbacks; // text class -> its font families
    QList<Icon> m_icons;
    QHash<QString, std::optional<qsizetype>> m_iconIndex;

    friend class SvgCanvas;
};

// ----------------------------------------------------------------------------

SvgCanvas::SvgCanvas(const QSize &size, const QString &title, const QString &description)
    : m_engine(std::make_unique<SvgPaintEngine>())
    , m_size(size)
    , m_title(title)
    , m_description(description)
{}

SvgCanvas::~SvgCanvas() = default;

QPaintEngine *SvgCanvas::paintEngine() const
{
    return m_engine.get();
}

bool SvgCanvas::drawIcon(QPainter *painter, const QString &file, const QRectF &rect,
                         qreal extraOpacity)
{
    return m_engine->drawIcon(file, painter->deviceTransform().mapRect(rect),
                              painter->opacity() * extraOpacity);
}

QByteArray SvgCanvas::takeDocument()
{
    return m_engine->takeDocument(m_size, m_title, m_description);
}

int SvgCanvas::metric(PaintDeviceMetric metric) const
{
    switch (metric) {
    case PdmWidth:
        return m_size.width();
    case PdmHeight:
        return m_size.height();
    case PdmWidthMM:
        return qRound(m_size.width() * 25.4 / Dpi);
    case PdmHeightMM:
        return qRound(m_size.height() * 25.4 / Dpi);
    case PdmNumColors:
        return 0x7fffffff;
    case PdmDepth:
        return 32;
    case PdmDpiX:
    case PdmDpiY:
    case PdmPhysicalDpiX:
    case PdmPhysicalDpiY:
        return Dpi;
    case PdmDevicePixelRatio:
        return 1;
    case PdmDevicePixelRatioScaled:
        return int(QPaintDevice::devicePixelRatioFScale());
    }
    return 0;
}

} // namespace stackplan
