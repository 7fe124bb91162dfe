#include "rules/validator.h"

#include "core/document.h"
#include "rules/context.h"
#include "rules/registry.h"

namespace stackplan {

QList<Finding> validate(const Design &design)
{
    const RuleContext context(design);
    QList<Finding> findings;
    for (const RuleInfo &rule : allRules())
        rule.check(context, findings);
    sortFindings(findings);
    return findings;
}

int countAtLeast(const QList<Finding> &findings, Severity severity)
{
    int n = 0;
    for (const Finding &f : findings)
        n += f.severity >= severity ? 1 : 0;
    return n;
}

Validator::Validator(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    // One revalidation per applied command: `changed` follows every change,
    // the finer signals only say what changed.
    connect(document, &Document::changed, this, &Validator::revalidate);
    connect(document, &Document::designReset, this, &Validator::revalidate);
    revalidate();
}

void Validator::revalidate()
{
    QList<Finding> findings = validate(m_document->design());
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

QList<Finding> Validator::findingsFor(const QString &elementId) const
{
    QList<Finding> out;
    for (int i : m_byElement.value(elementId))
        out.append(m_findings[i]);
    return out;
}

std::optional<Severity> Validator::worstSeverity(const QString &elementId) const
{
    std::optional<Severity> worst;
    for (int i : m_byElement.value(elementId)) {
        if (!worst || m_findings[i].severity > *worst)
            worst = m_findings[i].severity;
    }
    return worst;
}

} // namespace stackplan
