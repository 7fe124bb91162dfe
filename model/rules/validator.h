// Validation of a design against every rule of the registry. validate() is a
// pure function of the design. Validator keeps the findings of a Document up
// to date: it listens to the document's change signals, revalidates once per
// applied command and emits findingsChanged(); it does not own the document.
#pragma once

#include "rules/finding.h"

#include <QHash>
#include <QObject>

namespace stackplan {

class Design;
class Document;

// Every rule runs on every design; the result is sorted (sortFindings).
QList<Finding> validate(const Design &design);

// Findings at or above a severity.
int countAtLeast(const QList<Finding> &findings, Severity severity);

class Validator : public QObject
{
    Q_OBJECT

public:
    explicit Validator(Document *document, QObject *parent = nullptr);

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
    Document *m_document;
    QList<Finding> m_findings;
    QHash<QString, QList<int>> m_byElement; // element id -> indexes in m_findings
};

} // namespace stackplan
