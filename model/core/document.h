// The document: owns the design and its undo stack. Its methods are the only
// way to change the design; each pushes one undo command (see commands.h)
// that refers to elements by id. It announces every change with fine-grained
// signals, which the views and the live validator listen to.
#pragma once

#include "core/design.h"

#include <QHash>
#include <QJsonValue>
#include <QObject>
#include <QPointF>
#include <QStringList>
#include <QUndoStack>

namespace stackplan {

enum class HostField { Hostname, Address, Zone, FirewallEnabled, FirewallAllow, Monitoring };
enum class LinkField { Protocol, Port, Label, ReadsOnly };
enum class DesignField { Name, Domain };

class Document : public QObject
{
    Q_OBJECT

public:
    explicit Document(QObject *parent = nullptr);
    ~Document() override;

    const Design &design() const { return m_design; }
    QUndoStack *undoStack() { return &m_undoStack; }

    // Replaces the whole design, clearing the undo history (open, new).
    void resetDesign(const Design &design);
    // Replaces the whole design as one undo step (layout, import into).
    void replaceDesign(const Design &design, const QString &text);

    // Additions; an empty id is filled with a free one. Return the id used,
    // or an empty string when the element cannot be added (bad reference,
    // duplicate id).
    QString addHost(Host host);
    QString addComponent(Component component);
    QString addLink(Link link);
    QString addNote(Note note);

    // Removes hosts, components, links and notes as one step. Removing a host
    // removes its components; removing a component removes its links.
    bool removeElements(const QStringList &ids);

    // Moves hosts, components and notes as one step (a drag, on release).
    bool moveElements(const QHash<QString, QPointF> &positions);
    // Clears positions so the element is placed automatically.
    bool clearPositions(const QStringList &ids);

    // Puts a component on another host ("" = its own machine) at position.
    bool setComponentHost(const QString &componentId, const QString &hostId,
                          std::optional<QPointF> position);

    // Sets a setting ("health_check.path" for object fields); an undefined
    // value removes the explicit setting, so the default applies.
    bool setSetting(const QString &componentId, const QString &key, const QJsonValue &value);
    bool setComponentLabel(const QString &componentId, const QString &label);
    bool setHostField(const QString &hostId, HostField field, const QJsonValue &value);
    bool setLinkField(const QString &linkId, LinkField field, const QJsonValue &value);
    bool setNoteText(const QString &noteId, const QString &text);
    bool setDesignField(DesignField field, const QString &value);

    // Groups the following changes into one undo step.
    void beginMacro(const QString &text);
    void endMacro();

signals:
    void designReset();
    void hostAdded(const QString &id);
    void hostRemoved(const QString &id);
    void hostChanged(const QString &id);
    void componentAdded(const QString &id);
    void componentRemoved(const QString &id);
    void componentChanged(const QString &id);
    void linkAdded(const QString &id);
    void linkRemoved(const QString &id);
    void linkChanged(const QString &id);
    void noteAdded(const QString &id);
    void noteRemoved(const QString &id);
    void noteChanged(const QString &id);
    void elementMoved(const QString &id);
    void propertiesChanged();
    // After every change of any kind, once per applied command.
    void changed();

private:
    friend class DocumentEditor;
    Design m_design;
    QUndoStack m_undoStack;
};

} // namespace stackplan
