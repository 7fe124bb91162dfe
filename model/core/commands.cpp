#include "core/commands.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>

namespace stackplan {

namespace {

QString tr(const char *text, int n = -1)
{
    return QCoreApplication::translate("stackplan::Document", text, nullptr, n);
}

template<typename T>
void removeById(QList<T> &list, const QString &id, int index)
{
    if (index >= 0 && index < list.size() && list[index].id == id)
        list.removeAt(index);
}

void applyHostField(Host &host, HostField field, const QJsonValue &value)
{
    switch (field) {
    case HostField::Hostname:
        host.hostname = value.toString();
        break;
    case HostField::Address:
        host.address = value.toString();
        break;
    case HostField::Zone:
        host.zone = value.toString();
        break;
    case HostField::FirewallEnabled:
        host.firewallEnabled = value.toBool();
        break;
    case HostField::FirewallAllow: {
        host.firewallAllow.clear();
        const QJsonArray a = value.toArray();
        for (const QJsonValue &v : a)
            host.firewallAllow.append(v.toInt());
        break;
    }
    case HostField::Monitoring:
        host.monitoring = value.toBool();
        break;
    }
}

void applyLinkField(Link &link, LinkField field, const QJsonValue &value)
{
    switch (field) {
    case LinkField::Protocol:
        link.protocol = value.toString();
        break;
    case LinkField::Port:
        if (value.isUndefined() || value.isNull())
            link.port.reset();
        else
            link.port = value.toInt();
        break;
    case LinkField::Label:
        link.label = value.toString();
        break;
    case LinkField::ReadsOnly:
        link.readsOnly = value.toBool();
        break;
    }
}

} // namespace

// ---- DocumentEditor ----

void DocumentEditor::insertHost(int index, const Host &host)
{
    design().hosts.insert(qBound(0, index, int(design().hosts.size())), host);
    emit m_document->hostAdded(host.id);
}

void DocumentEditor::insertComponent(int index, const Component &component)
{
    design().components.insert(qBound(0, index, int(design().components.size())), component);
    emit m_document->componentAdded(component.id);
}

void DocumentEditor::insertLink(int index, const Link &link)
{
    design().links.insert(qBound(0, index, int(design().links.size())), link);
    emit m_document->linkAdded(link.id);
}

void DocumentEditor::insertNote(int index, const Note &note)
{
    design().notes.insert(qBound(0, index, int(design().notes.size())), note);
    emit m_document->noteAdded(note.id);
}

void DocumentEditor::removeHost(const QString &id)
{
    removeById(design().hosts, id, design().hostIndex(id));
    emit m_document->hostRemoved(id);
}

void DocumentEditor::removeComponent(const QString &id)
{
    removeById(design().components, id, design().componentIndex(id));
    emit m_document->componentRemoved(id);
}

void DocumentEditor::removeLink(const QString &id)
{
    removeById(design().links, id, design().linkIndex(id));
    emit m_document->linkRemoved(id);
}

void DocumentEditor::removeNote(const QString &id)
{
    removeById(design().notes, id, design().noteIndex(id));
    emit m_document->noteRemoved(id);
}

void DocumentEditor::setPosition(const QString &id, const std::optional<QPointF> &position)
{
    if (Host *h = design().host(id))
        h->position = position;
    else if (Component *c = design().component(id))
        c->position = position;
    else if (Note *n = design().note(id))
        n->position = position;
    else
        return;
    emit m_document->elementMoved(id);
}

void DocumentEditor::replaceHost(const Host &host)
{
    if (Host *h = design().host(host.id)) {
        *h = host;
        emit m_document->hostChanged(host.id);
    }
}

void DocumentEditor::replaceComponent(const Component &component)
{
    if (Component *c = design().component(component.id)) {
        *c = component;
        emit m_document->componentChanged(component.id);
    }
}

void DocumentEditor::replaceLink(const Link &link)
{
    if (Link *l = design().link(link.id)) {
        *l = link;
        emit m_document->linkChanged(link.id);
    }
}

void DocumentEditor::replaceNote(const Note &note)
{
    if (Note *n = design().note(note.id)) {
        *n = note;
        emit m_document->noteChanged(note.id);
    }
}

void DocumentEditor::setDesignField(DesignField field, const QString &value)
{
    if (field == DesignField::Name)
        design().name = value;
    else
        design().domain = value;
    emit m_document->propertiesChanged();
}

void DocumentEditor::replaceDesign(const Design &d)
{
    design() = d;
    design().reindex();
    emit m_document->designReset();
}

void DocumentEditor::changed()
{
    emit m_document->changed();
}

// ---- additions ----

AddHostCommand::AddHostCommand(Document *document, const Host &host)
    : m_editor(document)
    , m_host(host)
{
    setText(tr("Add host %1").arg(host.id));
}

void AddHostCommand::redo()
{
    m_editor.insertHost(int(m_editor.design().hosts.size()), m_host);
    m_editor.changed();
}

void AddHostCommand::undo()
{
    m_editor.removeHost(m_host.id);
    m_editor.changed();
}

AddComponentCommand::AddComponentCommand(Document *document, const Component &component)
    : m_editor(document)
    , m_component(component)
{
    setText(tr("Add %1").arg(component.id));
}

void AddComponentCommand::redo()
{
    m_editor.insertComponent(int(m_editor.design().components.size()), m_component);
    m_editor.changed();
}

void AddComponentCommand::undo()
{
    m_editor.removeComponent(m_component.id);
    m_editor.changed();
}

AddLinkCommand::AddLinkCommand(Document *document, const Link &link)
    : m_editor(document)
    , m_link(link)
{
    setText(tr("Link %1 to %2").arg(link.from, link.to));
}

void AddLinkCommand::redo()
{
    m_editor.insertLink(int(m_editor.design().links.size()), m_link);
    m_editor.changed();
}

void AddLinkCommand::undo()
{
    m_editor.removeLink(m_link.id);
    m_editor.changed();
}

AddNoteCommand::AddNoteCommand(Document *document, const Note &note)
    : m_editor(document)
    , m_note(note)
{
    setText(tr("Add note"));
}

void AddNoteCommand::redo()
{
    m_editor.insertNote(int(m_editor.design().notes.size()), m_note);
    m_editor.changed();
}

void AddNoteCommand::undo()
{
    m_editor.removeNote(m_note.id);
    m_editor.changed();
}

// ---- removal ----

RemoveElementsCommand::RemoveElementsCommand(Document *document, const QStringList &ids)
    : m_editor(document)
{
    const Design &design = m_editor.design();
    QSet<QString> hosts;
    QSet<QString> components;
    QSet<QString> links;
    QSet<QString> notes;
    for (const QString &id : ids) {
        switch (design.elementType(id)) {
        case ElementType::Host:
            hosts.insert(id);
            break;
        case ElementType::Component:
            components.insert(id);
            break;
        case ElementType::Link:
            links.insert(id);
            break;
        case ElementType::Note:
            notes.insert(id);
            break;
        case ElementType::None:
            break;
        }
    }
    for (int i = 0; i < design.components.size(); ++i) {
        const Component &c = design.components[i];
        if (components.contains(c.id) || (!c.host.isEmpty() && hosts.contains(c.host))) {
            components.insert(c.id);
            m_components.append({i, c});
        }
    }
    for (int i = 0; i < design.hosts.size(); ++i) {
        if (hosts.contains(design.hosts[i].id))
            m_hosts.append({i, design.hosts[i]});
    }
    for (int i = 0; i < design.links.size(); ++i) {
        const Link &l = design.links[i];
        if (links.contains(l.id) || components.contains(l.from) || components.contains(l.to))
            m_links.append({i, l});
    }
    for (int i = 0; i < design.notes.size(); ++i) {
        if (notes.contains(design.notes[i].id))
            m_notes.append({i, design.notes[i]});
    }
    const qsizetype count = m_hosts.size() + m_components.size() + m_links.size() + m_notes.size();
    if (count == 1 && !m_links.isEmpty())
        setText(tr("Remove link %1").arg(m_links.front().second.id));
    else if (count == 1 && !m_components.isEmpty())
        setText(tr("Remove %1").arg(m_components.front().second.id));
    else
        setText(tr("Remove %n elements", int(count)));
}

void RemoveElementsCommand::redo()
{
    // Links first (they refer to components), then components, then hosts;
    // each list from the back so the stored indices stay right.
    for (auto it = m_links.crbegin(); it != m_links.crend(); ++it)
        m_editor.removeLink(it->second.id);
    for (auto it = m_components.crbegin(); it != m_components.crend(); ++it)
        m_editor.removeComponent(it->second.id);
    for (auto it = m_hosts.crbegin(); it != m_hosts.crend(); ++it)
        m_editor.removeHost(it->second.id);
    for (auto it = m_notes.crbegin(); it != m_notes.crend(); ++it)
        m_editor.removeNote(it->second.id);
    m_editor.changed();
}

void RemoveElementsCommand::undo()
{
    for (const auto &[index, host] : std::as_const(m_hosts))
        m_editor.insertHost(index, host);
    for (const auto &[index, component] : std::as_const(m_components))
        m_editor.insertComponent(index, component);
    for (const auto &[index, link] : std::as_const(m_links))
        m_editor.insertLink(index, link);
    for (const auto &[index, note] : std::as_const(m_notes))
        m_editor.insertNote(index, note);
    m_editor.changed();
}

// ---- positions and hosts ----

MoveElementsCommand::MoveElementsCommand(Document *document,
                                         const QHash<QString, std::optional<QPointF>> &positions,
                                         const QString &text)
    : m_editor(document)
    , m_new(positions)
{
    const Design &design = m_editor.design();
    for (auto it = positions.begin(); it != positions.end(); ++it) {
        if (const Host *h = design.host(it.key()))
            m_old.insert(it.key(), h->position);
        else if (const Component *c = design.component(it.key()))
            m_old.insert(it.key(), c->position);
        else if (const Note *n = design.note(it.key()))
            m_old.insert(it.key(), n->position);
    }
    setText(text);
}

void MoveElementsCommand::redo()
{
    for (auto it = m_new.begin(); it != m_new.end(); ++it)
        m_editor.setPosition(it.key(), it.value());
    m_editor.changed();
}

void MoveElementsCommand::undo()
{
    for (auto it = m_old.begin(); it != m_old.end(); ++it)
        m_editor.setPosition(it.key(), it.value());
    m_editor.changed();
}

SetComponentHostCommand::SetComponentHostCommand(Document *document, const QString &componentId,
                                                 const QString &hostId,
                                                 const std::optional<QPointF> &position)
    : m_editor(document)
    , m_id(componentId)
    , m_newHost(hostId)
    , m_newPosition(position)
{
    if (const Component *c = m_editor.design().component(componentId)) {
        m_oldHost = c->host;
        m_oldPosition = c->position;
    }
    setText(hostId.isEmpty() ? tr("Move %1 to its own machine").arg(componentId)
                             : tr("Move %1 to %2").arg(componentId, hostId));
}

void SetComponentHostCommand::redo()
{
    if (const Component *c = m_editor.design().component(m_id)) {
        Component copy = *c;
        copy.host = m_newHost;
        copy.position = m_newPosition;
        m_editor.replaceComponent(copy);
        m_editor.changed();
    }
}

void SetComponentHostCommand::undo()
{
    if (const Component *c = m_editor.design().component(m_id)) {
        Component copy = *c;
        copy.host = m_oldHost;
        copy.position = m_oldPosition;
        m_editor.replaceComponent(copy);
        m_editor.changed();
    }
}

// ---- settings and fields ----

SetSettingCommand::SetSettingCommand(Document *document, const QString &componentId,
                                     const QString &key, const QJsonValue &value)
    : m_editor(document)
    , m_id(componentId)
    , m_key(key)
{
    const qsizetype dot = key.indexOf(u'.');
    m_topKey = dot < 0 ? key : key.left(dot);
    if (const Component *c = m_editor.design().component(componentId)) {
        const QJsonObject &settings = c->settings;
        m_old = settings.contains(m_topKey) ? settings.value(m_topKey)
                                            : QJsonValue(QJsonValue::Undefined);
        if (dot < 0) {
            m_new = value;
        } else {
            QJsonObject inner = m_old.toObject();
            const QString field = key.mid(dot + 1);
            if (value.isUndefined())
                inner.remove(field);
            else
                inner.insert(field, value);
            m_new = inner.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonValue(inner);
        }
    }
    setText(tr("Set %1 of %2").arg(key, componentId));
}

void SetSettingCommand::apply(const QJsonValue &topValue)
{
    if (const Component *c = m_editor.design().component(m_id)) {
        Component copy = *c;
        if (topValue.isUndefined())
            copy.settings.remove(m_topKey);
        else
            copy.settings.insert(m_topKey, topValue);
        m_editor.replaceComponent(copy);
        m_editor.changed();
    }
}

void SetSettingCommand::redo()
{
    apply(m_new);
}

void SetSettingCommand::undo()
{
    apply(m_old);
}

bool SetSettingCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetSettingCommand *>(other);
    if (o->m_id != m_id || o->m_key != m_key)
        return false;
    m_new = o->m_new;
    return true;
}

SetComponentLabelCommand::SetComponentLabelCommand(Document *document, const QString &componentId,
                                                   const QString &label)
    : m_editor(document)
    , m_id(componentId)
    , m_new(label)
{
    if (const Component *c = m_editor.design().component(componentId))
        m_old = c->label;
    setText(tr("Rename %1").arg(componentId));
}

void SetComponentLabelCommand::redo()
{
    if (const Component *c = m_editor.design().component(m_id)) {
        Component copy = *c;
        copy.label = m_new;
        m_editor.replaceComponent(copy);
        m_editor.changed();
    }
}

void SetComponentLabelCommand::undo()
{
    if (const Component *c = m_editor.design().component(m_id)) {
        Component copy = *c;
        copy.label = m_old;
        m_editor.replaceComponent(copy);
        m_editor.changed();
    }
}

bool SetComponentLabelCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetComponentLabelCommand *>(other);
    if (o->m_id != m_id)
        return false;
    m_new = o->m_new;
    return true;
}

SetHostFieldCommand::SetHostFieldCommand(Document *document, const QString &hostId, HostField field,
                                         const QJsonValue &value)
    : m_editor(document)
    , m_id(hostId)
    , m_field(field)
{
    if (const Host *h = m_editor.design().host(hostId)) {
        m_old = *h;
        m_new = *h;
        applyHostField(m_new, field, value);
    }
    setText(tr("Change host %1").arg(hostId));
}

void SetHostFieldCommand::redo()
{
    m_editor.replaceHost(m_new);
    m_editor.changed();
}

void SetHostFieldCommand::undo()
{
    m_editor.replaceHost(m_old);
    m_editor.changed();
}

bool SetHostFieldCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetHostFieldCommand *>(other);
    if (o->m_id != m_id || o->m_field != m_field)
        return false;
    m_new = o->m_new;
    return true;
}

SetLinkFieldCommand::SetLinkFieldCommand(Document *document, const QString &linkId, LinkField field,
                                         const QJsonValue &value)
    : m_editor(document)
    , m_id(linkId)
    , m_field(field)
{
    if (const Link *l = m_editor.design().link(linkId)) {
        m_old = *l;
        m_new = *l;
        applyLinkField(m_new, field, value);
    }
    setText(tr("Change link %1").arg(linkId));
}

void SetLinkFieldCommand::redo()
{
    m_editor.replaceLink(m_new);
    m_editor.changed();
}

void SetLinkFieldCommand::undo()
{
    m_editor.replaceLink(m_old);
    m_editor.changed();
}

bool SetLinkFieldCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetLinkFieldCommand *>(other);
    if (o->m_id != m_id || o->m_field != m_field)
        return false;
    m_new = o->m_new;
    return true;
}

SetNoteTextCommand::SetNoteTextCommand(Document *document, const QString &noteId,
                                       const QString &text)
    : m_editor(document)
    , m_id(noteId)
    , m_new(text)
{
    if (const Note *n = m_editor.design().note(noteId))
        m_old = n->text;
    setText(tr("Edit note"));
}

void SetNoteTextCommand::redo()
{
    if (const Note *n = m_editor.design().note(m_id)) {
        Note copy = *n;
        copy.text = m_new;
        m_editor.replaceNote(copy);
        m_editor.changed();
    }
}

void SetNoteTextCommand::undo()
{
    if (const Note *n = m_editor.design().note(m_id)) {
        Note copy = *n;
        copy.text = m_old;
        m_editor.replaceNote(copy);
        m_editor.changed();
    }
}

bool SetNoteTextCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetNoteTextCommand *>(other);
    if (o->m_id != m_id)
        return false;
    m_new = o->m_new;
    return true;
}

SetDesignFieldCommand::SetDesignFieldCommand(Document *document, DesignField field,
                                             const QString &value)
    : m_editor(document)
    , m_field(field)
    , m_new(value)
{
    m_old = field == DesignField::Name ? m_editor.design().name : m_editor.design().domain;
    setText(field == DesignField::Name ? tr("Rename design") : tr("Change domain"));
}

void SetDesignFieldCommand::redo()
{
    m_editor.setDesignField(m_field, m_new);
    m_editor.changed();
}

void SetDesignFieldCommand::undo()
{
    m_editor.setDesignField(m_field, m_old);
    m_editor.changed();
}

bool SetDesignFieldCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetDesignFieldCommand *>(other);
    if (o->m_field != m_field)
        return false;
    m_new = o->m_new;
    return true;
}

ReplaceDesignCommand::ReplaceDesignCommand(Document *document, const Design &design,
                                           const QString &text)
    : m_editor(document)
    , m_old(document->design())
    , m_new(design)
{
    setText(text);
}

void ReplaceDesignCommand::redo()
{
    m_editor.replaceDesign(m_new);
    m_editor.changed();
}

void ReplaceDesignCommand::undo()
{
    m_editor.replaceDesign(m_old);
    m_editor.changed();
}

} // namespace stackplan
