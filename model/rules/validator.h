// Validation of a design against every rule of the registry. validate() is a
// pure function of the design. Validator keeps the findings of a Document up
// to date: it listens to the document's change signals, reruns once per
// applied command only the rules the change can affect (a moved element or a
// new label reruns nothing, a port reruns the port rules) and emits
// findingsChanged() when the findings differ; it does not own the document.
#pragma once

#include "rules/finding.h"

#include "core/design.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <optional>

namespace stackplan {

class Document;
class RuleContext;

// Every rule runs on every design; the result is in sortFindings() order, each
// rule's findings in the order of the design's elements.
QList<Finding> validate(const Design &design);

// Findings at or above a severity.
int countAtLeast(const QList<Finding> &findings, Severity severity);

class Validator : public QObject
{
    Q_OBJECT

public:
    explicit Validator(Document *document, QObject *parent = nullptr);
    ~Validator() override;

    const QList<Finding> &findings() const { return m_findings; }
    // The findings that name an element (for the canvas badges).
    QList<Finding> findingsFor(const QString &elementId) const;
    // The most severe finding on an element, if any.
    std::optional<Severity> worstSeverity(const QString &elementId) const;

    // Revalidates now (normally triggered by the document's signals).
    void revalidate();

signals:
    void findingsChanged();

private:
    void markAll();
    void markRules(const QStringList &settingKeys, int hostFields, int linkFields);
    void componentChanged(const QString &id);
    void hostChanged(const QString &id);
    void linkChanged(const QString &id);

    Document *m_document;
    Design m_snapshot;              // the design as last validated (shared, copy on write)
    QList<QList<Finding>> m_byRule; // per rule, in the registry's order
    QList<bool> m_dirty;
    bool m_allDirty = true;
    bool m_zonesDirty = false;
    // The analysis of the structure, kept while only fields change.
    std::unique_ptr<RuleContext> m_context;
    QList<Finding> m_findings;
    mutable std::optional<QHash<QString, QList<int>>> m_byElement; // built on demand
};

} // namespace stackplan
