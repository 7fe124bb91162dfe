#include "generate/bundle.h"
#include "verbs/common.h"

namespace stackplan::cli {

static int runGenerate(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The design (- for standard input)."));
    const QCommandLineOption out(
        QStringLiteral("o"),
        QStringLiteral("Write the bundle to this folder, or to a .tar.gz archive."),
        QStringLiteral("DIR|OUT.tar.gz"));
    const QCommandLineOption only(
        QStringLiteral("only"),
        QStringLiteral("Only these generators (comma-separated): haproxy, nginx, mysql, firewall, "
                       "keepalived, monitoring."),
        QStringLiteral("LIST"));
    parser.addOption(out);
    parser.addOption(only);
    int code = 0;
    if (!parseArgs(parser, QStringLiteral("generate"), args, &code))
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1 || !parser.isSet(out) || parser.value(out).isEmpty()) {
        printErr(
            QStringLiteral("usage: stackplan generate FILE -o DIR|OUT.tar.gz [--only LIST]\n"));
        return BadInput;
    }
    if (parser.value(out) == QStringLiteral("-")) {
        printErr(QStringLiteral("stackplan generate: the bundle cannot go to standard output; "
                                "give -o DIR or -o OUT.tar.gz\n"));
        return BadInput;
    }
    BundleOptions options;
    for (const QString &value : parser.values(only)) {
        for (const QString &name : value.split(u',', Qt::SkipEmptyParts)) {
            const auto part = bundlePartFromName(name.trimmed());
            if (!part) {
                QStringList names;
                for (BundlePart p : allBundleParts())
                    names.append(bundlePartName(p));
                printErr(QStringLiteral("stackplan generate: --only: unknown generator \"%1\" "
                                        "(one of %2)\n")
                             .arg(name.left(64), names.join(QStringLiteral(", "))));
                return BadInput;
            }
            if (!options.only.contains(*part))
                options.only.append(*part);
        }
    }
    const QString file = files.front();
    const std::optional<Design> design = loadDesign(file);
    if (!design)
        return BadInput;
    // Written as it is made: a bundle of 100,000 components never sits whole in memory.
    const BundleWritten written = streamBundleTo(*design, options, parser.value(out));
    if (!written.errors.isEmpty()) {
        const QString name = file == QStringLiteral("-") ? QStringLiteral("<stdin>") : file;
        for (const GenerateError &e : written.errors)
            printErr(QStringLiteral("%1: error: %2\n").arg(name, e.format()));
        return BadInput;
    }
    if (!written.writeError.isEmpty()) {
        printErr(QStringLiteral("stackplan generate: %1\n").arg(written.writeError));
        return CannotWrite;
    }
    return Ok;
}

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration generateVerb(
    {40, "generate",
     "generate FILE -o DIR|OUT.tar.gz [--only haproxy,nginx,mysql,firewall,keepalived,monitoring]",
     "Write the configuration bundle: HAProxy, Nginx, MySQL, nftables, keepalived, Prometheus.",
     stackplan::cli::runGenerate});
} // namespace
