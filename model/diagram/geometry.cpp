#include "diagram/geometry.h"

#include <algorithm>

namespace stackplan::diagram {

bool isPinned(const QJsonObject &extra)
{
    return extra.value(QStringLiteral("pinned")).toBool(false);
}

void setPinned(QJsonObject &extra, bool pinned)
{
    if (pinned)
        extra.insert(QStringLiteral("pinned"), true);
    else
        extra.remove(QStringLiteral("pinned"));
}

static QPointF hostOrigin(const Host &host)
{
    return host.position.value_or(QPointF());
}

QRectF componentRect(const Design &design, const Component &component)
{
    QPointF topLeft = component.position.value_or(QPointF(HostPadding, HostHeader));
    if (!component.position && component.host.isEmpty())
        topLeft = QPointF();
    if (const Host *host = design.hostOf(component))
        topLeft += hostOrigin(*host);
    return QRectF(topLeft, QSizeF(ComponentWidth, ComponentHeight));
}

QRectF hostRect(const Design &design, const Host &host)
{
    double right = HostMinWidth;
    double bottom = HostMinHeight;
    for (const Component *c : design.componentsOnHost(host.id)) {
        const QPointF p = c->position.value_or(QPointF(HostPadding, HostHeader));
        right = std::max(right, p.x() + ComponentWidth + HostPadding);
        bottom = std::max(bottom, p.y() + ComponentHeight + HostPadding);
    }
    return QRectF(hostOrigin(host), QSizeF(right, bottom));
}

QRectF noteRect(const Note &note)
{
    return QRectF(note.position.value_or(QPointF()), QSizeF(NoteWidth, NoteHeight));
}

QRectF designBounds(const Design &design)
{
    QRectF bounds;
    for (const Host &h : design.hosts)
        bounds |= hostRect(design, h);
    for (const Component &c : design.components)
        bounds |= componentRect(design, c);
    for (const Note &n : design.notes)
        bounds |= noteRect(n);
    return bounds;
}

} // namespace stackplan::diagram
