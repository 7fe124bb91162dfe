#include "core/document.h"
#include "rules/fixes.h"
#include "rules/registry.h"
#include "rules/validator.h"
#include "verbs/common.h"

namespace stackplan::cli {

static int runFix(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The design to fix."));
    const QCommandLineOption out(QStringLiteral("o"),
                                 QStringLiteral("Where to write the fixed design."),
                                 QStringLiteral("OUT"));
    const QCommandLineOption rule(QStringLiteral("rule"),
                                  QStringLiteral("Apply only the fixes of this rule (repeatable)."),
                                  QStringLiteral("ID"));
    parser.addOption(out);
    parser.addOption(rule);
    int code = 0;
    if (!parseArgs(parser, QStringLiteral("fix"), args, &code))
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1 || !parser.isSet(out)) {
        printErr(QStringLiteral("usage: stackplan fix FILE -o OUT [--rule ID]...\n"));
        return BadInput;
    }
    const QStringList rules = parser.values(rule);
    for (const QString &id : rules) {
        if (!findRule(id)) {
            printErr(QStringLiteral("stackplan fix: unknown rule \"%1\"\n").arg(id));
            return BadInput;
        }
    }
    const std::optional<Design> design = loadDesign(files.front());
    if (!design)
        return BadInput;
    Document document;
    document.resetDesign(*design);
    const int applied = fixAll(document, rules);
    const QList<Finding> remaining = validate(document.design());
    if (!writeOutput(writeDesign(document.design()), parser.value(out)))
        return CannotWrite;
    printErr(QStringLiteral("%1: applied %2 fix%3; %4 error(s), %5 warning(s), %6 note(s) remain\n")
                 .arg(files.front())
                 .arg(applied)
                 .arg(applied == 1 ? QString() : QStringLiteral("es"))
                 .arg(countAtLeast(remaining, Severity::Error))
                 .arg(countAtLeast(remaining, Severity::Warning) -
                      countAtLeast(remaining, Severity::Error))
                 .arg(remaining.size() - countAtLeast(remaining, Severity::Warning)));
    return Ok;
}

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration fixVerb({15, "fix", "fix FILE -o OUT [--rule ID]...",
                                                "Apply the quick fixes and write the fixed design.",
                                                stackplan::cli::runFix});
} // namespace
