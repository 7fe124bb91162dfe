#include "core/templates.h"
#include "verbs/common.h"

namespace stackplan::cli {

static int runTemplates(const QStringList &args)
{
    QCommandLineParser parser;
    int code = 0;
    if (!parseArgs(parser, QStringLiteral("templates"), args, &code))
        return code;
    if (!parser.positionalArguments().isEmpty()) {
        printErr(QStringLiteral("stackplan templates: takes no arguments\n"));
        return BadInput;
    }
    QString text;
    for (const TemplateInfo &t : bundledTemplates())
        text += QStringLiteral("%1%2\n").arg(t.name.leftJustified(20), t.description);
    printOut(text);
    return Ok;
}

static int runNew(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("TEMPLATE"), QStringLiteral("A bundled design."));
    const QCommandLineOption out(QStringLiteral("o"),
                                 QStringLiteral("Where to write it (- for stdout)."),
                                 QStringLiteral("OUT"));
    parser.addOption(out);
    int code = 0;
    if (!parseArgs(parser, QStringLiteral("new"), args, &code))
        return code;
    const QStringList names = parser.positionalArguments();
    if (names.size() != 1 || !parser.isSet(out)) {
        printErr(QStringLiteral("usage: stackplan new TEMPLATE -o OUT\n"));
        return BadInput;
    }
    const auto bytes = templateBytes(names.front());
    if (!bytes) {
        QStringList known;
        for (const TemplateInfo &t : bundledTemplates())
            known.append(t.name);
        printErr(QStringLiteral("stackplan new: no template \"%1\" (one of %2)\n")
                     .arg(names.front(), known.join(QStringLiteral(", "))));
        return BadInput;
    }
    return writeOutput(*bytes, parser.value(out)) ? Ok : CannotWrite;
}

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration templatesVerb({80, "templates", "templates",
                                                      "List the bundled designs.",
                                                      stackplan::cli::runTemplates});
const stackplan::cli::VerbRegistration newVerb({81, "new", "new TEMPLATE -o OUT",
                                                "Write a bundled design to a file.",
                                                stackplan::cli::runNew});
} // namespace
