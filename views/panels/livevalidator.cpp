#include "panels/livevalidator.h"

#include "core/document.h"
#include "rules/validator.h"

#include <QThread>

#include <memory>

namespace stackplan {

LiveValidator::LiveValidator(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    connect(document, &Document::changed, this, &LiveValidator::schedule);
    revalidateNow();
}

LiveValidator::~LiveValidator()
{
    if (m_thread)
        m_thread->wait();
}

void LiveValidator::revalidateNow()
{
    ++m_revision;
    show(validate(m_document->design()));
}

void LiveValidator::schedule()
{
    ++m_revision;
    if (m_thread) {
        m_pending = true;
        return;
    }
    startWorker();
}

void LiveValidator::startWorker()
{
    m_pending = false;
    const quint64 revision = m_revision;
    auto result = std::make_shared<QList<Finding>>();
    // The worker owns its copy: the design may change while it runs.
    QThread *thread =
        QThread::create([design = m_document->design(), result] { *result = validate(design); });
    const bool wasBusy = isBusy();
    m_thread = thread;
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, revision, result] {
        m_thread = nullptr;
        if (revision == m_revision)
            show(std::move(*result));
        if (m_pending || revision != m_revision) {
            startWorker();
            return;
        }
        emit busyChanged(false);
    });
    thread->start(QThread::LowPriority);
    if (!wasBusy)
        emit busyChanged(true);
}

void LiveValidator::show(QList<Finding> findings)
{
    if (findings == m_findings)
        return;
    m_findings = std::move(findings);
    m_byElement.clear();
    for (int i = 0; i < m_findings.size(); ++i) {
        for (const QString &id : std::as_const(m_findings[i].elements))
            m_byElement[id].append(i);
    }
    emit findingsChanged();
}

QList<Finding> LiveValidator::findingsFor(const QString &elementId) const
{
    QList<Finding> out;
    for (int i : m_byElement.value(elementId))
        out.append(m_findings[i]);
    return out;
}

std::optional<Severity> LiveValidator::worstSeverity(const QString &elementId) const
{
    std::optional<Severity> worst;
    for (int i : m_byElement.value(elementId)) {
        if (!worst || m_findings[i].severity > *worst)
            worst = m_findings[i].severity;
    }
    return worst;
}

int LiveValidator::count(Severity severity) const
{
    int n = 0;
    for (const Finding &f : m_findings)
        n += f.severity == severity ? 1 : 0;
    return n;
}

} // namespace stackplan
