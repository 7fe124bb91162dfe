// Keeps the findings of a Document up to date without blocking the
// interface: every change schedules a validation of a copy of the design on
// a worker thread; results of designs that changed meanwhile are dropped and
// the newest design is validated next. Emits findingsChanged() when the
// findings of the current design differ from the ones shown.
#pragma once

#include "rules/finding.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QThread>

#include <optional>

namespace stackplan {

class Document;

class LiveValidator : public QObject
{
    Q_OBJECT

public:
    explicit LiveValidator(Document *document, QObject *parent = nullptr);
    ~LiveValidator() override;

    const QList<Finding> &findings() const { return m_findings; }
    QList<Finding> findingsFor(const QString &elementId) const;
    std::optional<Severity> worstSeverity(const QString &elementId) const;
    int count(Severity severity) const;

    // True while the shown findings may be behind the design.
    bool isBusy() const { return m_thread != nullptr; }
    // Validates the current design on this thread and shows the result.
    void revalidateNow();

signals:
    void findingsChanged();
    void busyChanged(bool busy);

private:
    void schedule();
    void startWorker();
    void show(QList<Finding> findings);

    Document *m_document;
    QList<Finding> m_findings;
    QHash<QString, QList<int>> m_byElement;
    QPointer<QThread> m_thread;
    quint64 m_revision = 0;
    bool m_pending = false;
};

} // namespace stackplan
