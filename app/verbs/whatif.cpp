#include "rules/whatif.h"
#include "verbs/common.h"

namespace stackplan::cli {

static int runWhatIf(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The design."));
    parser.addPositionalArgument(QStringLiteral("ELEMENT"),
                                 QStringLiteral("Hosts, components or zones to fail."),
                                 QStringLiteral("ELEMENT..."));
    int code = 0;
    if (!parseArgs(parser, QStringLiteral("whatif"), args, &code))
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2) {
        printErr(QStringLiteral("usage: stackplan whatif FILE ELEMENT...\n"));
        return BadInput;
    }
    const std::optional<Design> design = loadDesign(positional.front());
    if (!design)
        return BadInput;
    const WhatIfResult result = whatIf(*design, positional.mid(1));
    if (!result.unknown.isEmpty()) {
        printErr(QStringLiteral("%1: error: no host, component or zone named %2\n")
                     .arg(positional.front(), result.unknown.join(QStringLiteral(", "))));
        return BadInput;
    }
    printOut(whatIfText(*design, result));
    return result.serviceAfter ? Ok : Findings;
}

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration whatifVerb(
    {65, "whatif", "whatif FILE ELEMENT...",
     "Fail hosts, components or zones and show what stops working.", stackplan::cli::runWhatIf});
} // namespace
