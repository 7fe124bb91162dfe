#include "verbs/common.h"

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
    if (!choice(parser, QStringLiteral("format"),
                {QStringLiteral("text"), QStringLiteral("json"), QStringLiteral("sarif")},
                QStringLiteral("validate")) ||
        !choice(parser, QStringLiteral("fail-on"),
                {QStringLiteral("error"), QStringLiteral("warning"), QStringLiteral("info"),
                 QStringLiteral("never")},
                QStringLiteral("validate")))
        return BadInput;
    int result = Ok;
    for (const QString &file : files) {
        if (!loadDesign(file))
            result = BadInput;
    }
    return result;
}

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration validateVerb(
    {10, "validate",
     "validate FILE... [--format text|json|sarif] [--fail-on error|warning|info|never]",
     "Check designs against the rules.", stackplan::cli::runValidate});
} // namespace
