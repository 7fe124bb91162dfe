#include "verbs/common.h"

#include <QFile>

namespace stackplan::cli {

static int runFmt(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("Designs to rewrite."),
                                 QStringLiteral("FILE..."));
    const QCommandLineOption out(QStringLiteral("o"),
                                 QStringLiteral("Write the one design here instead of in place."),
                                 QStringLiteral("OUT"));
    const QCommandLineOption check(
        QStringLiteral("check"),
        QStringLiteral("Change nothing; exit 1 when a file is not canonical."));
    parser.addOption(out);
    parser.addOption(check);
    int code = 0;
    if (!parseArgs(parser, QStringLiteral("fmt"), args, &code))
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printErr(QStringLiteral("usage: stackplan fmt FILE... [-o OUT] [--check]\n"));
        return BadInput;
    }
    if (parser.isSet(out) && files.size() != 1) {
        printErr(QStringLiteral("stackplan fmt: -o takes exactly one FILE\n"));
        return BadInput;
    }
    if (!parser.isSet(out) && !parser.isSet(check) && files.contains(QStringLiteral("-"))) {
        printErr(QStringLiteral("stackplan fmt: standard input needs -o OUT or --check\n"));
        return BadInput;
    }
    int result = Ok;
    for (const QString &file : files) {
        QFile f;
        const bool isStdin = file == QStringLiteral("-");
        const bool opened = isStdin ? f.open(stdin, QIODevice::ReadOnly)
                                    : (f.setFileName(file), f.open(QIODevice::ReadOnly));
        if (!opened) {
            printErr(QStringLiteral("%1: error: cannot open: %2\n").arg(file, f.errorString()));
            return BadInput;
        }
        // One byte past the limit is enough for the reader to refuse it.
        const QByteArray original = f.read(MaxFileSize + 1);
        const LoadResult loaded = readDesign(original);
        const QString name = file == QStringLiteral("-") ? QStringLiteral("<stdin>") : file;
        const QString diagnostics = loaded.format(name);
        if (!diagnostics.isEmpty())
            printErr(diagnostics + u'\n');
        if (!loaded.ok())
            return BadInput;
        const QByteArray canonical = writeDesign(*loaded.design);
        if (parser.isSet(check)) {
            if (canonical != original) {
                printErr(QStringLiteral("%1: not in canonical form\n").arg(name));
                result = Findings;
            }
            continue;
        }
        const QString target = parser.isSet(out) ? parser.value(out) : file;
        if (target == file && canonical == original)
            continue;
        if (!writeOutput(canonical, target))
            return CannotWrite;
    }
    return result;
}

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration fmtVerb({70, "fmt", "fmt FILE... [-o OUT] [--check]",
                                                "Rewrite designs in canonical form.",
                                                stackplan::cli::runFmt});
} // namespace
