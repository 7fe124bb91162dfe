// The undo commands of the Document: one QUndoCommand subclass per user
// action. Each refers to elements by id (never by pointer), and redo() always
// applies its change. Commands reach the design through DocumentEditor, which
// also emits the document's change signals.
#pragma once

#include "core/document.h"

#include <QUndoCommand>

namespace stackplan {

// The raw, signalling mutations the commands are made of. Only commands use it.
class DocumentEditor
{
public:
    explicit DocumentEditor(Document *document)
        : m_document(document)
    {}

    Design &design() { return m_document->m_design; }
    Document *document() { return m_document; }

    void insertHost(int index, const Host &host);
    void insertComponent(int index, const Component &component);
    void insertLink(int index, const Link &link);
    void insertNote(int index, const Note &note);
    void removeHost(const QString &id);
    void removeComponent(const QString &id);
    void removeLink(const QString &id);
    void removeNote(const QString &id);
    void setPosition(const QString &id, const std::optional<QPointF> &position);
    void replaceHost(const Host &host);
    void replaceComponent(const Component &component);
    void replaceLink(const Link &link);
    void replaceNote(const Note &note);
    void setDesignField(DesignField field, const QString &value);
    void replaceDesign(const Design &design);
    void changed();

private:
    Document *m_document;
};

enum CommandId {
    MergeSettingId = 1001,
    MergeLabelId,
    MergeNoteTextId,
    MergeHostFieldId,
    MergeLinkFieldId,
    MergeDesignFieldId,
};

class AddHostCommand : public QUndoCommand
{
public:
    AddHostCommand(Document *document, const Host &host);
    void redo() override;
    void undo() override;

private:
    DocumentEditor m_editor;
    Host m_host;
};

class AddComponentCommand : public QUndoCommand
{
public:
    AddComponentCommand(Document *document, const Component &component);
    void redo() override;
    void undo() override;

private:
    DocumentEditor m_editor;
    Component m_component;
};

class AddLinkCommand : public QUndoCommand
{
public:
    AddLinkCommand(Document *document, const Link &link);
    void redo() override;
    void undo() override;

private:
    DocumentEditor m_editor;
    Link m_link;
};

class AddNoteCommand : public QUndoCommand
{
public:
    AddNoteCommand(Document *document, const Note &note);
    void redo() override;
    void undo() override;

private:
    DocumentEditor m_editor;
    Note m_note;
};

class RemoveElementsCommand : public QUndoCommand
{
public:
    // ids must exist; what depends on them (components of a host, links of a
    // component) is removed with them.
    RemoveElementsCommand(Document *document, const QStringList &ids);
    void redo() override;
    void undo() override;

private:
    DocumentEditor m_editor;
    QList<QPair<int, Host>> m_hosts;
    QList<QPair<int, Component>> m_components;
    QList<QPair<int, Link>> m_links;
    QList<QPair<int, Note>> m_notes;
};

class MoveElementsCommand : public QUndoCommand
{
public:
    MoveElementsCommand(Document *document, const QHash<QString, std::optional<QPointF>> &positions,
                        const QString &text);
    void redo() override;
    void undo() override;

private:
    DocumentEditor m_editor;
    QHash<QString, std::optional<QPointF>> m_new;
    QHash<QString, std::optional<QPointF>> m_old;
};

class SetComponentHostCommand : public QUndoCommand
{
public:
    SetComponentHostCommand(Document *document, const QString &componentId, const QString &hostId,
                            const std::optional<QPointF> &position);
    void redo() override;
    void undo() override;

private:
    DocumentEditor m_editor;
    QString m_id;
    QString m_newHost;
    QString m_oldHost;
    std::optional<QPointF> m_newPosition;
    std::optional<QPointF> m_oldPosition;
};

class SetSettingCommand : public QUndoCommand
{
public:
    // value undefined = remove the explicit setting.
    SetSettingCommand(Document *document, const QString &componentId, const QString &key,
                      const QJsonValue &value);
    void redo() override;
    void undo() override;
    int id() const override { return MergeSettingId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    void apply(const QJsonValue &topValue);
    DocumentEditor m_editor;
    QString m_id;
    QString m_key;    // as given, maybe dotted
    QString m_topKey; // the key in settings
    QJsonValue m_old; // undefined = absent
    QJsonValue m_new;
};

class SetComponentLabelCommand : public QUndoCommand
{
public:
    SetComponentLabelCommand(Document *document, const QString &componentId, const QString &label);
    void redo() override;
    void undo() override;
    int id() const override { return MergeLabelId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    DocumentEditor m_editor;
    QString m_id;
    QString m_old;
    QString m_new;
};

class SetHostFieldCommand : public QUndoCommand
{
public:
    SetHostFieldCommand(Document *document, const QString &hostId, HostField field,
                        const QJsonValue &value);
    void redo() override;
    void undo() override;
    int id() const override { return MergeHostFieldId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    DocumentEditor m_editor;
    QString m_id;
    HostField m_field;
    Host m_old;
    Host m_new;
};

class SetLinkFieldCommand : public QUndoCommand
{
public:
    SetLinkFieldCommand(Document *document, const QString &linkId, LinkField field,
                        const QJsonValue &value);
    void redo() override;
    void undo() override;
    int id() const override { return MergeLinkFieldId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    DocumentEditor m_editor;
    QString m_id;
    LinkField m_field;
    Link m_old;
    Link m_new;
};

class SetNoteTextCommand : public QUndoCommand
{
public:
    SetNoteTextCommand(Document *document, const QString &noteId, const QString &text);
    void redo() override;
    void undo() override;
    int id() const override { return MergeNoteTextId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    DocumentEditor m_editor;
    QString m_id;
    QString m_old;
    QString m_new;
};

class SetDesignFieldCommand : public QUndoCommand
{
public:
    SetDesignFieldCommand(Document *document, DesignField field, const QString &value);
    void redo() override;
    void undo() override;
    int id() const override { return MergeDesignFieldId; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    DocumentEditor m_editor;
    DesignField m_field;
    QString m_old;
    QString m_new;
};

class ReplaceDesignCommand : public QUndoCommand
{
public:
    ReplaceDesignCommand(Document *document, const Design &design, const QString &text);
    void redo() override;
    void undo() override;

private:
    DocumentEditor m_editor;
    Design m_old;
    Design m_new;
};

} // namespace stackplan
