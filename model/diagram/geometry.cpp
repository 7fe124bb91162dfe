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
    return hostRectFor(host, design.componentsOnHost(host.id));
}

QRectF hostRectFor(const Host &host, const QList<const Component *> &members)
{
    double right = HostMinWidth;
    double bottom = HostMinHeight;
    for (const Component *c : members) {
        const QPointF p = c->position.value_or(QPointF(HostPadding, HostHeader));
        right = std::max(right, p.x() + ComponentWidth + HostPadding);
        bottom = std::max(bottom, p.y() + ComponentHeight + HostPadding);
    }
    return QRectF(hostOrigin(host), QSizeF(right, bottom));
}

QHash<QString, QList<const Component *>> componentsByHost(const Design &design)
{
    QHash<QString, QList<const Component *>> out;
    for (const Component &c : design.components)
        if (!c.host.isEmpty())
            out[c.host].append(&c);
    return out;
}

QRectF noteRect(const Note &note)
{
    return QRectF(note.position.value_or(QPointF()), QSizeF(NoteWidth, NoteHeight));
}

QRectF designBounds(const Design &design)
{
    QRectF bounds;
    const auto byHost = componentsByHost(design);
    for (const Host &h : design.hosts)
        bounds |= hostRectFor(h, byHost.value(h.id));
    for (const Component &c : design.components)
        bounds |= componentRect(design, c);
    for (const Note &n : design.notes)
        bounds |= noteRect(n);
    return bounds;
}

} // namespace stackplan::diagram
