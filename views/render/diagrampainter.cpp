#include "render/diagrampainter.h"

#include "core/schema.h"
#include "render/iconcache.h"

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>
#include <QTextOption>

#include <algorithm>
#include <cmath>

namespace stackplan::painting {

namespace {

const QFont &fontCached(int px, bool bold)
{
    // QFont construction resolves the family each time; a handful are reused.
    static const QFont f9 = Theme::font(9), f10 = Theme::font(10), f11 = Theme::font(11),
                       f12b = Theme::font(12, true), f11b = Theme::font(11, true),
                       f10b = Theme::font(10, true), f18b = Theme::font(18, true),
                       f12 = Theme::font(12);
    if (bold) {
        if (px >= 18)
            return f18b;
        if (px >= 12)
            return f12b;
        return px >= 11 ? f11b : f10b;
    }
    if (px >= 12)
        return f12;
    if (px <= 9)
        return f9;
    return px >= 11 ? f11 : f10;
}

const QFontMetricsF &metrics(int px, bool bold)
{
    static const QFontMetricsF m9(fontCached(9, false)), m10(fontCached(10, false)),
        m11(fontCached(11, false)), m12b(fontCached(12, true)), m11b(fontCached(11, true)),
        m10b(fontCached(10, true)), m18b(fontCached(18, true)), m12(fontCached(12, false));
    if (bold) {
        if (px >= 18)
            return m18b;
        if (px >= 12)
            return m12b;
        return px >= 11 ? m11b : m10b;
    }
    if (px >= 12)
        return m12;
    if (px <= 9)
        return m9;
    return px >= 11 ? m11 : m10;
}

constexpr int LinkFont = 9;

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(
        a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
        a.blueF() * (1 - t) + b.blueF() * t, a.alphaF() * (1 - t) + b.alphaF() * t);
}

QColor greyOut(const Theme &theme, const QColor &c)
{
    const int g = qGray(c.rgb());
    return mix(QColor(g, g, g, c.alpha()), theme.background, 0.55);
}

} // namespace

QString componentSubtitle(const Component &component)
{
    QString text;
    switch (component.kind) {
    case Kind::AppServer:
        text = QStringLiteral("App server");
        break;
    case Kind::LoadBalancer:
        text = QStringLiteral("Load balancer");
        break;
    default:
        text = kindTitle(component.kind);
    }
    const int port = servicePort(component);
    if (port > 0 && component.kind != Kind::Firewall && component.kind != Kind::Dns)
        text += QStringLiteral(" :") + QString::number(port);
    return text;
}

QString linkLabelText(const Design &design, const Link &link)
{
    QString text = design.effectiveProtocol(link);
    const int port = design.effectivePort(link);
    if (port > 0)
        text += QLatin1Char(':') + QString::number(port);
    if (!link.label.isEmpty())
        text = link.label + QStringLiteral(" \u00b7 ") + text;
    return text;
}

void paintHost(QPainter *p, const Theme &theme, const Host &host, const QRectF &rect,
               const PaintState &state)
{
    const QColor border = state.selected ? theme.selection
                          : state.dark   ? greyOut(theme, theme.hostBorder)
                                         : theme.hostBorder;
    if (state.lod < DetailLod) {
        p->fillRect(rect, theme.hostFill);
        p->setPen(QPen(border, 0));
        p->setBrush(Qt::NoBrush);
        p->drawRect(rect);
        return;
    }
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const qreal radius = 12;
    QPainterPath outline;
    outline.addRoundedRect(rect, radius, radius);
    p->setPen(Qt::NoPen);
    p->setBrush(state.dark ? greyOut(theme, theme.hostFill) : theme.hostFill);
    p->drawPath(outline);

    // Header band: clipped by the rounded outline so its top corners follow it.
    const qreal headerHeight = geometry::HostHeader - 8;
    QPainterPath header;
    header.addRect(QRectF(rect.topLeft(), QSizeF(rect.width(), headerHeight)));
    p->setBrush(state.dark ? greyOut(theme, theme.hostHeader) : theme.hostHeader);
    p->drawPath(outline.intersected(header));

    p->setBrush(Qt::NoBrush);
    p->setPen(QPen(border, state.selected ? 2.0 : 1.0));
    p->drawPath(outline);

    if (state.lod >= TextLod) {
        const QRectF iconRect(rect.left() + 10, rect.top() + (headerHeight - 18) / 2, 18, 18);
        IconCache::paint(p, iconPath(QStringLiteral("host")), iconRect, state.vector, state.dark);
        qreal x = iconRect.right() + 7;
        qreal right = rect.right() - 10;
        // Firewall and monitoring-agent markers on the right of the header.
        auto marker = [&](Kind kind) {
            const QRectF r(right - 14, rect.top() + (headerHeight - 14) / 2, 14, 14);
            IconCache::paint(p, kind, r, state.vector, state.dark);
            right -= 18;
        };
        if (host.firewallEnabled)
            marker(Kind::Firewall);
        if (host.monitoring)
            marker(Kind::Monitoring);
        const QColor text = state.dark ? greyOut(theme, theme.hostText) : theme.hostText;
        const QColor subtext = state.dark ? greyOut(theme, theme.hostSubtext) : theme.hostSubtext;
        const QString name = host.effectiveHostname();
        QStringList extra;
        if (!host.address.isEmpty())
            extra.append(host.address);
        if (!host.zone.isEmpty())
            extra.append(host.zone);
        const QString detail = extra.join(QStringLiteral(" \u00b7 "));
        const qreal avail = std::max(0.0, right - x - 4);
        const QFontMetricsF &bm = metrics(12, true);
        const QFontMetricsF &sm = metrics(11, false);
        const qreal oneLine = bm.horizontalAdvance(name) + 8 + sm.horizontalAdvance(detail);
        if (detail.isEmpty() || oneLine <= avail) {
            p->setFont(fontCached(12, true));
            p->setPen(text);
            const QString shownName = bm.elidedText(name, Qt::ElideRight, avail);
            p->drawText(QRectF(x, rect.top(), avail, headerHeight),
                        Qt::AlignLeft | Qt::AlignVCenter, shownName);
            if (!detail.isEmpty()) {
                const qreal dx = bm.horizontalAdvance(shownName) + 8;
                p->setFont(fontCached(11, false));
                p->setPen(subtext);
                p->drawText(QRectF(x + dx, rect.top(), avail - dx, headerHeight),
                            Qt::AlignLeft | Qt::AlignVCenter, detail);
            }
        } else {
            // Narrow hosts: the address goes under the name rather than being cut.
            const qreal mid = rect.top() + headerHeight / 2;
            p->setFont(fontCached(11, true));
            p->setPen(text);
            p->drawText(QRectF(x, mid - 14, avail, 14), Qt::AlignLeft | Qt::AlignBottom,
                        metrics(11, true).elidedText(name, Qt::ElideRight, avail));
            p->setFont(fontCached(10, false));
            p->setPen(subtext);
            p->drawText(QRectF(x, mid, avail, 13), Qt::AlignLeft | Qt::AlignTop,
                        metrics(10, false).elidedText(detail, Qt::ElideRight, avail));
        }
    }
    p->restore();
}

void paintComponent(QPainter *p, const Theme &theme, const Component &component, const QRectF &rect,
                    const PaintState &state)
{
    const QColor tier = state.dark ? greyOut(theme, Theme::tierColor(component.kind))
                                   : Theme::tierColor(component.kind);
    if (state.lod < DetailLod) {
        p->fillRect(rect, state.selected ? theme.selection : tier);
        return;
    }
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const qreal radius = 9;
    if (!state.dark && state.lod >= TextLod) {
        p->setPen(Qt::NoPen);
        p->setBrush(theme.cardShadow);
        p->drawRoundedRect(rect.translated(0, 2).adjusted(-1, -1, 1, 1), radius + 1, radius + 1);
    }
    p->setBrush(state.dark ? greyOut(theme, theme.cardFill) : theme.cardFill);
    QColor border = state.dark ? greyOut(theme, theme.cardBorder) : theme.cardBorder;
    if (state.selected)
        border = theme.selection;
    else if (state.hovered)
        border = tier;
    p->setPen(QPen(border, state.selected ? 2.0 : 1.0));
    p->drawRoundedRect(rect, radius, radius);

    // The tier's colour as a thin band along the top edge.
    QPainterPath card;
    card.addRoundedRect(rect, radius, radius);
    QPainterPath band;
    band.addRect(QRectF(rect.topLeft(), QSizeF(rect.width(), 4)));
    p->setPen(Qt::NoPen);
    p->setBrush(tier);
    p->drawPath(card.intersected(band));

    const qreal iconSize = 38;
    const QRectF iconRect(rect.center().x() - iconSize / 2, rect.top() + 13, iconSize, iconSize);
    IconCache::paint(p, component.kind, iconRect, state.vector, state.dark);

    if (state.lod >= TextLod) {
        const qreal w = rect.width() - 12;
        const QColor text = state.dark ? greyOut(theme, theme.text) : theme.text;
        const QColor subtext = state.dark ? greyOut(theme, theme.subtext) : theme.subtext;
        // Long labels step down a size before they are cut.
        const QString label = component.displayLabel();
        const int labelSize = metrics(12, true).horizontalAdvance(label) <= w ? 12 : 11;
        p->setFont(fontCached(labelSize, true));
        p->setPen(text);
        p->drawText(QRectF(rect.left() + 6, iconRect.bottom() + 5, w, 17), Qt::AlignCenter,
                    metrics(labelSize, true).elidedText(label, Qt::ElideRight, w));
        p->setFont(fontCached(10, false));
        p->setPen(subtext);
        p->drawText(QRectF(rect.left() + 6, iconRect.bottom() + 22, w, 14), Qt::AlignCenter,
                    metrics(10, false).elidedText(componentSubtitle(component), Qt::ElideRight, w));
    }
    if (state.hasLive) {
        const QRectF dot(rect.left() + 8, rect.top() + 10, 9, 9);
        p->setPen(QPen(theme.cardFill, 1.5));
        p->setBrush(Theme::liveColor(state.live.status));
        p->drawEllipse(dot);
    }
    p->restore();
}

QRectF linkLabelRect(const LinkShape &shape, const QString &label)
{
    const QFontMetricsF &m = metrics(LinkFont, false);
    const qreal w = m.horizontalAdvance(label) + 10;
    const qreal h = 15;
    return QRectF(shape.labelPos.x() - w / 2, shape.labelPos.y() - h / 2, w, h);
}

QPointF linkBadgeCenter(const LinkShape &shape, const QString &label)
{
    const QRectF r =
        label.isEmpty() ? QRectF(shape.labelPos, QSizeF(0, 0)) : linkLabelRect(shape, label);
    return QPointF(r.right() + 2, r.top());
}

void paintLink(QPainter *p, const Theme &theme, const LinkShape &shape, const QString &protocol,
               const QString &label, bool readsOnly, const PaintState &state)
{
    if (!shape.valid)
        return;
    QColor colour = theme.linkColor(protocol);
    if (state.dark)
        colour = greyOut(theme, colour);
    if (state.selected)
        colour = theme.selection;
    if (state.lod < DetailLod) {
        p->setPen(QPen(colour, 0));
        p->drawLine(shape.start, shape.end);
        return;
    }
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    QPen pen(colour, state.selected ? 2.4 : 1.5);
    pen.setCapStyle(Qt::RoundCap);
    if (protocol == QStringLiteral("replication"))
        pen.setDashPattern({6, 3});
    else if (protocol == QStringLiteral("metrics"))
        pen.setDashPattern({1, 3});
    else if (readsOnly)
        pen.setDashPattern({4, 3});
    p->setPen(pen);
    p->setBrush(Qt::NoBrush);
    p->drawPath(shape.path);

    // Arrowhead
    const qreal a = qDegreesToRadians(shape.angle);
    const QPointF dir(std::cos(a), -std::sin(a));
    const QPointF normal(-dir.y(), dir.x());
    const qreal len = 9, half = 4.2;
    const QPointF base = shape.tip - dir * len;
    const QPointF tri[3] = {shape.tip, base + normal * half, base - normal * half};
    p->setPen(Qt::NoPen);
    p->setBrush(colour);
    p->drawPolygon(tri, 3);

    if (!label.isEmpty() && state.lod >= TextLod) {
        const QRectF r = linkLabelRect(shape, label);
        QColor edge = colour;
        edge.setAlpha(state.selected ? 255 : 110);
        p->setPen(QPen(edge, 1));
        p->setBrush(state.dark ? greyOut(theme, theme.linkLabelFill) : theme.linkLabelFill);
        p->drawRoundedRect(r, r.height() / 2, r.height() / 2);
        p->setFont(fontCached(LinkFont, false));
        p->setPen(state.dark ? greyOut(theme, theme.linkLabelText) : theme.linkLabelText);
        p->drawText(r, Qt::AlignCenter, label);
    }
    p->restore();
}

void paintNote(QPainter *p, const Theme &theme, const Note &note, const QRectF &rect,
               const PaintState &state)
{
    if (state.lod < DetailLod) {
        p->fillRect(rect, theme.noteFill);
        return;
    }
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const qreal fold = 14;
    QPainterPath path;
    path.moveTo(rect.topLeft());
    path.lineTo(rect.right() - fold, rect.top());
    path.lineTo(rect.right(), rect.top() + fold);
    path.lineTo(rect.bottomRight());
    path.lineTo(rect.bottomLeft());
    path.closeSubpath();
    p->setPen(QPen(state.selected ? theme.selection : theme.noteBorder, state.selected ? 2 : 1));
    p->setBrush(theme.noteFill);
    p->drawPath(path);
    QPainterPath corner;
    corner.moveTo(rect.right() - fold, rect.top());
    corner.lineTo(rect.right() - fold, rect.top() + fold);
    corner.lineTo(rect.right(), rect.top() + fold);
    p->setBrush(theme.noteBorder);
    p->drawPath(corner);
    if (state.lod >= TextLod) {
        p->setFont(fontCached(11, false));
        p->setPen(theme.noteText);
        QTextOption option(Qt::AlignLeft | Qt::AlignTop);
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        p->drawText(rect.adjusted(10, 8, -fold - 2, -6), note.text, option);
    }
    p->restore();
}

void paintBadge(QPainter *p, const QPointF &center, const BadgeInfo &badge)
{
    if (badge.isEmpty())
        return;
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    const qreal r = BadgeRadius;
    p->setPen(QPen(Qt::white, 1.6));
    p->setBrush(Theme::severityColor(badge.severity));
    p->drawEllipse(center, r, r);
    p->setPen(Qt::white);
    p->setFont(fontCached(11, true));
    const QString glyph = badge.count > 1                        ? QString::number(badge.count)
                          : badge.severity == MarkSeverity::Info ? QStringLiteral("i")
                                                                 : QStringLiteral("!");
    p->drawText(QRectF(center.x() - r, center.y() - r, 2 * r, 2 * r), Qt::AlignCenter, glyph);
    p->restore();
}

QPointF componentBadgeCenter(const QRectF &rect)
{
    return QPointF(rect.right() - 3, rect.top() + 3);
}

QPointF hostBadgeCenter(const QRectF &rect)
{
    return QPointF(rect.right() - 3, rect.top() + 3);
}

QPointF noteBadgeCenter(const QRectF &rect)
{
    return QPointF(rect.right() - 3, rect.top() + 3);
}

} // namespace stackplan::painting

namespace stackplan {

QRectF titleRect(const Design &design, const DesignGeometry &geometry)
{
    if (design.name.isEmpty())
        return {};
    const QRectF b = geometry.bounds();
    return QRectF(b.left(), b.top() - 56, std::max(b.width(), 200.0), 44);
}

void renderDesign(QPainter *p, const Design &design, const DesignGeometry &geometry,
                  const Theme &theme, const RenderOptions &options)
{
    using namespace painting;
    const QTransform &t = p->worldTransform();
    PaintState base;
    base.vector = options.vector;
    base.lod = std::sqrt(t.m11() * t.m11() + t.m12() * t.m12());
    auto stateFor = [&](const QString &id) {
        PaintState s = base;
        s.dark = options.darkIds.contains(id);
        return s;
    };

    if (options.title && !design.name.isEmpty()) {
        const QRectF r = titleRect(design, geometry);
        p->setFont(fontCached(18, true));
        p->setPen(theme.title);
        p->drawText(QRectF(r.left(), r.top(), r.width(), 24), Qt::AlignLeft | Qt::AlignVCenter,
                    design.name);
        p->setFont(fontCached(12, false));
        p->setPen(theme.subtext);
        auto count = [](qsizetype n, const char *one, const char *many) {
            return QString::number(n) + QLatin1Char(' ') + QString::fromLatin1(n == 1 ? one : many);
        };
        const QString sub = design.domain + QStringLiteral("  \u00b7  ") +
                            count(design.hosts.size(), "host", "hosts") + QStringLiteral(", ") +
                            count(design.components.size(), "component", "components") +
                            QStringLiteral(", ") + count(design.links.size(), "link", "links");
        p->drawText(QRectF(r.left(), r.top() + 24, r.width(), 18), Qt::AlignLeft | Qt::AlignVCenter,
                    sub);
    }

    const QRectF &visible = options.visible;
    auto shown = [&](const QRectF &r, qreal margin = 12) {
        return visible.isEmpty() ||
               r.adjusted(-margin, -margin, margin, margin).intersects(visible);
    };
    for (const Host &h : design.hosts) {
        const QRectF r = geometry.hostRect(h.id);
        if (shown(r))
            paintHost(p, theme, h, r, stateFor(h.id));
    }

    for (const Link &l : design.links) {
        const QRectF a = geometry.componentRect(l.from);
        const QRectF b = geometry.componentRect(l.to);
        if (!shown(a | b, 80)) // the label may stick out of the cards' box
            continue;
        const LinkShape s = linkShape(a, b);
        PaintState st = stateFor(l.id);
        st.dark = st.dark || options.darkIds.contains(l.from) || options.darkIds.contains(l.to);
        paintLink(p, theme, s, design.effectiveProtocol(l), linkLabelText(design, l), l.readsOnly,
                  st);
    }
    for (const Component &c : design.components) {
        const QRectF r = geometry.componentRect(c.id);
        if (shown(r))
            paintComponent(p, theme, c, r, stateFor(c.id));
    }
    for (const Note &n : design.notes) {
        const QRectF r = geometry.noteRect(n.id);
        if (shown(r))
            paintNote(p, theme, n, r, stateFor(n.id));
    }

    if (!options.badges || options.marks.isEmpty())
        return;
    // Badges stick out of their element's corner: drawn where they are seen.
    auto badge = [&](const QPointF &centre, const BadgeInfo &b) {
        if (!b.isEmpty() && shown(QRectF(centre - QPointF(12, 12), QSizeF(24, 24))))
            paintBadge(p, centre, b);
    };
    for (const Host &h : design.hosts) {
        if (const auto it = options.marks.constFind(h.id); it != options.marks.constEnd())
            badge(hostBadgeCenter(geometry.hostRect(h.id)), *it);
    }
    for (const Link &l : design.links) {
        const auto it = options.marks.constFind(l.id);
        if (it == options.marks.constEnd() || it->isEmpty())
            continue;
        const QRectF a = geometry.componentRect(l.from);
        const QRectF b = geometry.componentRect(l.to);
        if (!shown(a | b, 80))
            continue;
        const LinkShape s = linkShape(a, b);
        if (s.valid)
            badge(linkBadgeCenter(s, linkLabelText(design, l)), *it);
    }
    for (const Component &c : design.components) {
        if (const auto it = options.marks.constFind(c.id); it != options.marks.constEnd())
            badge(componentBadgeCenter(geometry.componentRect(c.id)), *it);
    }
    for (const Note &n : design.notes) {
        if (const auto it = options.marks.constFind(n.id); it != options.marks.constEnd())
            badge(noteBadgeCenter(geometry.noteRect(n.id)), *it);
    }
}

} // namespace stackplan
