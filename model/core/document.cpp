#include "core/document.h"

#include "core/commands.h"
#include "core/grammar.h"
#include "core/schema.h"

#include <QJsonArray>

#include <cmath>

namespace stackplan {

Document::Document(QObject *parent)
    : QObject(parent)
{}

Document::~Document()
{
    // The stack's commands refer to this document; drop them first.
    m_undoStack.clear();
}

void Document::resetDesign(const Design &design)
{
    m_undoStack.clear();
    m_design = design;
    m_design.reindex();
    emit designReset();
    emit changed();
}

void Document::replaceDesign(const Design &design, const QString &text)
{
    if (design == m_design)
        return;
    m_undoStack.push(new ReplaceDesignCommand(this, design, text));
}

namespace {

bool validPosition(const std::optional<QPointF> &p)
{
    return !p || (std::isfinite(p->x()) && std::isfinite(p->y()) && std::abs(p->x()) <= 1e9 &&
                  std::abs(p->y()) <= 1e9);
}

bool validOptional(Grammar grammar, const QString &value)
{
    return value.isEmpty() || matchesGrammar(grammar, value);
}

bool validSettings(Kind kind, const QJsonObject &settings)
{
    for (auto it = settings.begin(); it != settings.end(); ++it) {
        const SettingSpec *spec = findSetting(kind, it.key());
        if (spec && !checkSettingValue(*spec, it.value(), nullptr))
            return false;
    }
    return true;
}

bool validPorts(const QJsonValue &value)
{
    if (!value.isArray())
        return false;
    const QJsonArray a = value.toArray();
    for (const QJsonValue &v : a) {
        const double d = v.toDouble(-1);
        if (!v.isDouble() || d != std::floor(d) || d < 1 || d > 65535)
            return false;
    }
    return true;
}

} // namespace

QString Document::addHost(Host host)
{
    if (host.id.isEmpty())
        host.id = m_design.freeId(QStringLiteral("host"));
    if (!matchesGrammar(Grammar::Id, host.id) || m_design.contains(host.id) ||
        !validOptional(Grammar::Hostname, host.hostname) ||
        !validOptional(Grammar::Address, host.address) ||
        !validOptional(Grammar::Zone, host.zone) || !validPosition(host.position))
        return {};
    m_undoStack.push(new AddHostCommand(this, host));
    return host.id;
}

QString Document::addComponent(Component component)
{
    const KindSpec &spec = kindSpec(component.kind);
    if (component.id.isEmpty())
        component.id = m_design.freeId(spec.idPrefix);
    if (!matchesGrammar(Grammar::Id, component.id) || m_design.contains(component.id))
        return {};
    if (!component.host.isEmpty() && (!spec.mayHaveHost || !m_design.host(component.host)))
        return {};
    if (!matchesGrammar(Grammar::Text, component.label) || component.label.size() > MaxNameLength ||
        !validSettings(component.kind, component.settings) || !validPosition(component.position))
        return {};
    m_undoStack.push(new AddComponentCommand(this, component));
    return component.id;
}

QString Document::addLink(Link link)
{
    if (link.id.isEmpty())
        link.id = m_design.freeLinkId();
    if (!matchesGrammar(Grammar::Id, link.id) || m_design.contains(link.id))
        return {};
    if (link.from == link.to || !m_design.component(link.from) || !m_design.component(link.to))
        return {};
    if (!link.protocol.isEmpty() && !allProtocols().contains(link.protocol))
        return {};
    if (link.port && (*link.port < 1 || *link.port > 65535))
        return {};
    if (!matchesGrammar(Grammar::Text, link.label) || link.label.size() > MaxNameLength)
        return {};
    m_undoStack.push(new AddLinkCommand(this, link));
    return link.id;
}

QString Document::addNote(Note note)
{
    if (note.id.isEmpty())
        note.id = m_design.freeId(QStringLiteral("n"), 1);
    if (!matchesGrammar(Grammar::Id, note.id) || m_design.contains(note.id) ||
        note.text.size() > MaxTextLength || !validPosition(note.position))
        return {};
    m_undoStack.push(new AddNoteCommand(this, note));
    return note.id;
}

bool Document::removeElements(const QStringList &ids)
{
    bool any = false;
    for (const QString &id : ids)
        any = any || m_design.contains(id);
    if (!any)
        return false;
    m_undoStack.push(new RemoveElementsCommand(this, ids));
    return true;
}

bool Document::moveElements(const QHash<QString, QPointF> &positions)
{
    QHash<QString, std::optional<QPointF>> target;
    for (auto it = positions.begin(); it != positions.end(); ++it) {
        const ElementType type = m_design.elementType(it.key());
        if (type == ElementType::None || type == ElementType::Link || !validPosition(it.value()))
            return false;
        target.insert(it.key(), it.value());
    }
    if (target.isEmpty())
        return false;
    m_undoStack.push(new MoveElementsCommand(
        this, target,
        target.size() == 1 ? tr("Move %1").arg(target.begin().key())
                           : tr("Move %n elements", nullptr, int(target.size()))));
    return true;
}

bool Document::clearPositions(const QStringList &ids)
{
    QHash<QString, std::optional<QPointF>> target;
    for (const QString &id : ids) {
        const ElementType type = m_design.elementType(id);
        if (type == ElementType::None || type == ElementType::Link)
            return false;
        target.insert(id, std::nullopt);
    }
    if (target.isEmpty())
        return false;
    m_undoStack.push(new MoveElementsCommand(this, target, tr("Place automatically")));
    return true;
}

bool Document::setComponentHost(const QString &componentId, const QString &hostId,
                                std::optional<QPointF> position)
{
    const Component *c = m_design.component(componentId);
    if (!c || !validPosition(position))
        return false;
    if (!hostId.isEmpty() && (!kindSpec(c->kind).mayHaveHost || !m_design.host(hostId)))
        return false;
    m_undoStack.push(new SetComponentHostCommand(this, componentId, hostId, position));
    return true;
}

bool Document::setSetting(const QString &componentId, const QString &key, const QJsonValue &value)
{
    const Component *c = m_design.component(componentId);
    if (!c)
        return false;
    const SettingSpec *spec = findSetting(c->kind, key);
    if (!spec)
        return false;
    if (!value.isUndefined() && !checkSettingValue(*spec, value, nullptr))
        return false;
    m_undoStack.push(new SetSettingCommand(this, componentId, key, value));
    return true;
}

bool Document::setComponentLabel(const QString &componentId, const QString &label)
{
    const Component *c = m_design.component(componentId);
    if (!c || !matchesGrammar(Grammar::Text, label) || label.size() > MaxNameLength)
        return false;
    if (c->label == label)
        return true;
    m_undoStack.push(new SetComponentLabelCommand(this, componentId, label));
    return true;
}

bool Document::setHostField(const QString &hostId, HostField field, const QJsonValue &value)
{
    if (!m_design.host(hostId))
        return false;
    switch (field) {
    case HostField::Hostname:
        if (!value.isString() || !validOptional(Grammar::Hostname, value.toString()))
            return false;
        break;
    case HostField::Address:
        if (!value.isString() || !validOptional(Grammar::Address, value.toString()))
            return false;
        break;
    case HostField::Zone:
        if (!value.isString() || !validOptional(Grammar::Zone, value.toString()))
            return false;
        break;
    case HostField::FirewallEnabled:
    case HostField::Monitoring:
        if (!value.isBool())
            return false;
        break;
    case HostField::FirewallAllow:
        if (!validPorts(value))
            return false;
        break;
    }
    m_undoStack.push(new SetHostFieldCommand(this, hostId, field, value));
    return true;
}

bool Document::setLinkField(const QString &linkId, LinkField field, const QJsonValue &value)
{
    if (!m_design.link(linkId))
        return false;
    switch (field) {
    case LinkField::Protocol:
        if (!value.isString() ||
            (!value.toString().isEmpty() && !allProtocols().contains(value.toString())))
            return false;
        break;
    case LinkField::Port: {
        if (value.isUndefined() || value.isNull())
            break;
        const double d = value.toDouble(-1);
        if (!value.isDouble() || d != std::floor(d) || d < 1 || d > 65535)
            return false;
        break;
    }
    case LinkField::Label:
        if (!value.isString() || !matchesGrammar(Grammar::Text, value.toString()) ||
            value.toString().size() > MaxNameLength)
            return false;
        break;
    case LinkField::ReadsOnly:
        if (!value.isBool())
            return false;
        break;
    }
    m_undoStack.push(new SetLinkFieldCommand(this, linkId, field, value));
    return true;
}

bool Document::setNoteText(const QString &noteId, const QString &text)
{
    if (!m_design.note(noteId) || text.size() > MaxTextLength)
        return false;
    m_undoStack.push(new SetNoteTextCommand(this, noteId, text));
    return true;
}

bool Document::setDesignField(DesignField field, const QString &value)
{
    if (field == DesignField::Name &&
        (!matchesGrammar(Grammar::Text, value) || value.size() > MaxNameLength))
        return false;
    if (field == DesignField::Domain && !matchesGrammar(Grammar::Domain, value))
        return false;
    m_undoStack.push(new SetDesignFieldCommand(this, field, value));
    return true;
}

void Document::beginMacro(const QString &text)
{
    m_undoStack.beginMacro(text);
}

void Document::endMacro()
{
    m_undoStack.endMacro();
}

} // namespace stackplan
