#include "rules/explain.h"
#include "verbs/common.h"

namespace stackplan::cli {

static int runExplain(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The design."));
    const QCommandLineOption out(
        QStringLiteral("o"), QStringLiteral("Where to write the Markdown (- for standard output)."),
        QStringLiteral("OUT.md"));
    parser.addOption(out);
    int code = 0;
    if (!parseArgs(parser, QStringLiteral("explain"), args, &code))
        return code;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(out)) {
        printErr(QStringLiteral("usage: stackplan explain FILE -o OUT.md\n"));
        return BadInput;
    }
    const std::optional<Design> design = loadDesign(parser.positionalArguments().front());
    if (!design)
        return BadInput;
    if (!writeOutput(explainDesign(*design).toUtf8(), parser.value(out)))
        return CannotWrite;
    return Ok;
}

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration explainVerb({62, "explain", "explain FILE -o OUT.md",
                                                    "Write the design's explanation in Markdown.",
                                                    stackplan::cli::runExplain});
} // namespace
