// findings.md: the validation report of the design the bundle came from, so
// whoever deploys it sees what the design still lacks.
#include "generate/documents.h"

#include "rules/validator.h"

namespace stackplan {

namespace {

// Rule messages may quote labels: keep Markdown markup out of them. The
// rules' own remedies are fixed text and keep theirs.
QString markdownText(const QString &text, bool keepMarkup = false)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if (c.unicode() < 0x20 || c == QChar(0x2028) || c == QChar(0x2029)) {
            out += u' ';
            continue;
        }
        if (!keepMarkup && QStringLiteral("\\`*_{}[]<>#|~").contains(c))
            out += u'\\';
        out += c;
    }
    return out;
}

} // namespace

QByteArray bundleFindings(const Design &design)
{
    const QList<Finding> findings = validate(design);
    QString out = QStringLiteral("# Findings\n\n");
    const int errors = int(std::count_if(findings.begin(), findings.end(), [](const Finding &f) {
        return f.severity == Severity::Error;
    }));
    const int warnings = int(std::count_if(findings.begin(), findings.end(), [](const Finding &f) {
        return f.severity == Severity::Warning;
    }));
    const int infos = int(findings.size()) - errors - warnings;
    out += QStringLiteral("The validation report of `design.stackplan` (the same as `stackplan "
                          "validate design.stackplan`): %1 error(s), %2 warning(s), %3 note(s).\n")
               .arg(errors)
               .arg(warnings)
               .arg(infos);
    if (findings.isEmpty()) {
        out += QStringLiteral("\nNo findings: the design passes every rule.\n");
        return out.toUtf8();
    }
    const struct
    {
        Severity severity;
        const char *title;
    } sections[] = {
        {Severity::Error, "Errors"}, {Severity::Warning, "Warnings"}, {Severity::Info, "Notes"}};
    for (const auto &section : sections) {
        bool any = false;
        for (const Finding &f : findings) {
            if (f.severity != section.severity)
                continue;
            if (!any)
                out += QStringLiteral("\n## %1\n\n").arg(QString::fromUtf8(section.title));
            any = true;
            QStringList elements;
            for (const QString &e : f.elements)
                elements.append(u'`' + markdownText(e) + u'`');
            out += QStringLiteral("- **%1 %2**: %3")
                       .arg(markdownText(f.rule), markdownText(f.title), markdownText(f.message));
            if (!elements.isEmpty())
                out += QStringLiteral(" (%1)").arg(elements.join(QStringLiteral(", ")));
            out += u'\n';
            if (!f.remediation.isEmpty())
                out += QStringLiteral("  Remedy: %1\n").arg(markdownText(f.remediation, true));
        }
    }
    return out.toUtf8();
}

} // namespace stackplan
