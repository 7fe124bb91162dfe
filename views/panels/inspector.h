// The inspector: an editor for the selected element, generated from the
// settings schema (a check box for a flag, a spin box for a number, a list for
// allowed values, a line with live grammar feedback for text). Every edit is
// one undo step on the Document; the editor refreshes in place when the
// document changes, and rebuilds only when the selection does.
#pragma once

#include "core/document.h"
#include "core/schema.h"

#include <QPointer>
#include <QScrollArea>

#include <functional>

class QFormLayout;
class QLabel;
class QLineEdit;
class QVBoxLayout;

namespace stackplan {

class Selection;

class Inspector : public QScrollArea
{
    Q_OBJECT

public:
    Inspector(Document *document, Selection *selection, QWidget *parent = nullptr);

    // The editor of a field by its key ("algorithm", "health_check.path",
    // "label", "host", "address", "domain", ...), for tests and focus.
    QWidget *editorFor(const QString &key) const;
    // The feedback line under a text field (hidden when the value is valid).
    QLabel *feedbackFor(const QString &key) const;
    QString shownId() const { return m_shownId; }

private:
    void rebuild();
    void refresh();
    void buildDesign(QVBoxLayout *layout);
    void buildComponent(QVBoxLayout *layout, const Component &component);
    void buildHost(QVBoxLayout *layout, const Host &host);
    void buildLink(QVBoxLayout *layout, const Link &link);
    void buildNote(QVBoxLayout *layout, const Note &note);
    void buildSetting(QFormLayout *form, const QString &componentId, const SettingSpec &spec,
                      const QString &prefix);

    // Runs change as one undo step of its own (never merged with the
    // previous edit of the same field).
    void edit(const QString &text, const std::function<void()> &change);

    // A line edit checked against validate() as the user types; commit() is
    // called with the text when editing finishes and the text is valid.
    QLineEdit *addTextField(QFormLayout *form, const QString &key, const QString &title,
                            const QString &description, std::function<QString()> value,
                            std::function<bool(const QString &, QString *)> validate,
                            std::function<void(const QString &)> commit,
                            const QString &placeholder = QString());
    void addDescription(QFormLayout *form, const QString &text);
    QWidget *header(const QIcon &icon, const QString &title, const QString &subtitle);

    Document *m_document;
    Selection *m_selection;
    QWidget *m_content = nullptr;
    QString m_shownId;
    ElementType m_shownType = ElementType::None;
    QList<std::function<void()>> m_refreshers;
    QHash<QString, QPointer<QWidget>> m_editors;
    QHash<QString, QPointer<QLabel>> m_feedback;
};

} // namespace stackplan
