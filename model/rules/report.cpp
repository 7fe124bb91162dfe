#include "rules/report.h"

#include "rules/registry.h"

#include <QJsonArray>

namespace stackplan {

QString findingsText(const FileFindings &file)
{
    QString out;
    for (const Finding &f : file.findings) {
        out += QStringLiteral("%1: %2: %3 %4: %5")
                   .arg(file.file, severityName(f.severity), f.rule, f.title, f.message);
        if (!f.elements.isEmpty())
            out += QStringLiteral(" [%1]").arg(f.elements.join(QStringLiteral(", ")));
        out += u'\n';
    }
    return out;
}

QJsonObject findingsJson(const FileFindings &file)
{
    QJsonArray findings;
    int counts[3] = {0, 0, 0};
    for (const Finding &f : file.findings) {
        ++counts[int(f.severity)];
        findings.append(
            QJsonObject{{QStringLiteral("rule"), f.rule},
                        {QStringLiteral("severity"), severityName(f.severity)},
                        {QStringLiteral("title"), f.title},
                        {QStringLiteral("message"), f.message},
                        {QStringLiteral("elements"), QJsonArray::fromStringList(f.elements)},
                        {QStringLiteral("remediation"), f.remediation},
                        {QStringLiteral("fix"), f.fix}});
    }
    return QJsonObject{{QStringLiteral("file"), file.file},
                       {QStringLiteral("findings"), findings},
                       {QStringLiteral("summary"),
                        QJsonObject{{QStringLiteral("error"), counts[int(Severity::Error)]},
                                    {QStringLiteral("warning"), counts[int(Severity::Warning)]},
                                    {QStringLiteral("info"), counts[int(Severity::Info)]}}}};
}

int elementLine(const QByteArray &content, const QString &elementId)
{
    const QByteArray needle = "{\"id\": \"" + elementId.toUtf8() + '"';
    const qsizetype at = content.indexOf(needle);
    if (at < 0)
        return 0;
    return int(content.left(at).count('\n')) + 1;
}

namespace {

QString sarifLevel(Severity s)
{
    switch (s) {
    case Severity::Error:
        return QStringLiteral("error");
    case Severity::Warning:
        return QStringLiteral("warning");
    case Severity::Info:
        return QStringLiteral("note");
    }
    return QStringLiteral("none");
}

// "Single load balancer" -> "SingleLoadBalancer" (SARIF's rule name style).
QString pascalName(const QString &title)
{
    QString out;
    bool upper = true;
    for (QChar ch : title) {
        if (!ch.isLetterOrNumber()) {
            upper = true;
            continue;
        }
        out += upper ? ch.toUpper() : ch;
        upper = false;
    }
    return out;
}

} // namespace

QJsonObject sarifLog(const QList<FileFindings> &files)
{
    QJsonArray rules;
    QHash<QString, int> ruleIndex;
    for (const RuleInfo &r : allRules()) {
        ruleIndex.insert(r.id, int(rules.size()));
        const QString help = QStringLiteral("%1\n\nWhy it matters: %2\n\nHow to fix: %3")
                                 .arg(r.description, r.risk, r.remediation);
        const QString helpMd = QStringLiteral("**%1**\n\n%2\n\n**Why it matters.** %3\n\n"
                                              "**How to fix.** %4\n\nSee docs/rules/%5.md.")
                                   .arg(r.title, r.description, r.risk, r.remediation, r.id);
        rules.append(QJsonObject{
            {QStringLiteral("id"), r.id},
            {QStringLiteral("name"), pascalName(r.title)},
            {QStringLiteral("shortDescription"), QJsonObject{{QStringLiteral("text"), r.title}}},
            {QStringLiteral("fullDescription"),
             QJsonObject{{QStringLiteral("text"), r.description}}},
            {QStringLiteral("help"),
             QJsonObject{{QStringLiteral("text"), help}, {QStringLiteral("markdown"), helpMd}}},
            {QStringLiteral("defaultConfiguration"),
             QJsonObject{{QStringLiteral("level"), sarifLevel(r.severity)}}},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("category"), categoryName(r.category)},
                         {QStringLiteral("quickFix"), r.hasFix},
                         {QStringLiteral("tags"),
                          QJsonArray{QStringLiteral("stackplan"), categoryName(r.category)}}}},
        });
    }
    QJsonArray results;
    QJsonArray artifacts;
    for (int fi = 0; fi < files.size(); ++fi) {
        const FileFindings &file = files[fi];
        artifacts.append(QJsonObject{
            {QStringLiteral("location"), QJsonObject{{QStringLiteral("uri"), file.file}}}});
        for (const Finding &f : file.findings) {
            QJsonObject physical{
                {QStringLiteral("artifactLocation"),
                 QJsonObject{{QStringLiteral("uri"), file.file}, {QStringLiteral("index"), fi}}}};
            const int line = elementLine(file.content, f.elements.value(0));
            physical.insert(QStringLiteral("region"),
                            QJsonObject{{QStringLiteral("startLine"), qMax(1, line)}});
            QJsonArray logical;
            for (const QString &id : f.elements)
                logical.append(QJsonObject{{QStringLiteral("name"), id},
                                           {QStringLiteral("kind"), QStringLiteral("element")}});
            QJsonObject location{{QStringLiteral("physicalLocation"), physical}};
            if (!logical.isEmpty())
                location.insert(QStringLiteral("logicalLocations"), logical);
            results.append(QJsonObject{
                {QStringLiteral("ruleId"), f.rule},
                {QStringLiteral("ruleIndex"), ruleIndex.value(f.rule)},
                {QStringLiteral("level"), sarifLevel(f.severity)},
                {QStringLiteral("message"),
                 QJsonObject{
                     {QStringLiteral("text"),
                      QStringLiteral("%1: %2. %3").arg(f.title, f.message, f.remediation)}}},
                {QStringLiteral("locations"), QJsonArray{location}},
                {QStringLiteral("partialFingerprints"),
                 QJsonObject{{QStringLiteral("stackplanFinding/v1"),
                              f.rule + u':' + f.elements.join(u',')}}},
            });
        }
    }
    const QJsonObject driver{
        {QStringLiteral("name"), QStringLiteral("stackplan")},
        {QStringLiteral("informationUri"),
         QStringLiteral("https://github.com/stackplan/stackplan")},
        {QStringLiteral("semanticVersion"), QStringLiteral(STACKPLAN_VERSION)},
        {QStringLiteral("rules"), rules},
    };
    const QJsonObject run{{QStringLiteral("tool"), QJsonObject{{QStringLiteral("driver"), driver}}},
                          {QStringLiteral("artifacts"), artifacts},
                          {QStringLiteral("columnKind"), QStringLiteral("utf16CodeUnits")},
                          {QStringLiteral("results"), results}};
    return QJsonObject{
        {QStringLiteral("$schema"),
         QStringLiteral("https://json.schemastore.org/sarif-2.1.0.json")},
        {QStringLiteral("version"), QStringLiteral("2.1.0")},
        {QStringLiteral("runs"), QJsonArray{run}},
    };
}

} // namespace stackplan
