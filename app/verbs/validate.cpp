#include "rules/report.h"
#include "rules/validator.h"
#include "verbs/common.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace stackplan::cli {

static int runValidate(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Designs to check."),
                                 QStringLiteral("FILE..."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Output: text, json or sarif."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    const QCommandLineOption failOn(
        QStringLiteral("fail-on"),
        QStringLiteral("Exit 1 at or above: error, warning, info, never."), QStringLiteral("LEVEL"),
        QStringLiteral("error"));
    parser.addOption(format);
    parser.addOption(failOn);
    int code = 0;
    if (!parseArgs(parser, QStringLiteral("validate"), args, &code))
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printErr(QStringLiteral("usage: stackplan validate FILE... [--format text|json|sarif] "
                                "[--fail-on error|warning|info|never]\n"));
        return BadInput;
    }
    const auto fmt =
        choice(parser, QStringLiteral("format"),
               {QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("sarif")},
               QStringLiteral("validate"));
    const auto level = choice(parser, QStringLiteral("fail-on"),
                              {QStringLiteral("error"), QStringLiteral("warning"),
                               QStringLiteral("info"), QStringLiteral("never")},
                              QStringLiteral("validate"));
    if (!fmt || !level)
        return BadInput;
    const std::optional<Severity> threshold = severityFromName(*level);

    int result = Ok;
    bool failed = false;
    QList<FileFindings> checked;
    for (const QString &file : files) {
        const std::optional<Design> design = loadDesign(file);
        if (!design) {
            result = BadInput;
            continue;
        }
        FileFindings ff;
        ff.file = file == QStringLiteral("-") ? QStringLiteral("<stdin>") : file;
        if (file != QStringLiteral("-")) {
            QFile f(file);
            if (f.open(QIODevice::ReadOnly))
                ff.content = f.read(MaxFileSize);
        }
        ff.findings = validate(*design);
        if (threshold && countAtLeast(ff.findings, *threshold) > 0)
            failed = true;
        checked.append(ff);
    }

    if (*fmt == QStringLiteral("text")) {
        QString text;
        for (const FileFindings &ff : std::as_const(checked))
            text += findingsText(ff);
        printOut(text);
    } else if (*fmt == QStringLiteral("json")) {
        QJsonDocument doc;
        if (files.size() == 1 && checked.size() == 1) {
            doc.setObject(findingsJson(checked.front()));
        } else {
            QJsonArray all;
            for (const FileFindings &ff : std::as_const(checked))
                all.append(findingsJson(ff));
            doc.setArray(all);
        }
        printOut(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
    } else {
        printOut(
            QString::fromUtf8(QJsonDocument(sarifLog(checked)).toJson(QJsonDocument::Indented)));
    }
    if (result != Ok)
        return result;
    return failed ? Findings : Ok;
}

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration validateVerb(
    {10, "validate",
     "validate FILE... [--format text|json|sarif] [--fail-on error|warning|info|never]",
     "Check designs against the rules.", stackplan::cli::runValidate});
} // namespace
