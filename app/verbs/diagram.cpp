// export, import and layout: the diagram verbs.
#include "verbs/common.h"

#include <QRegularExpression>

#include "diagram/dot.h"
#include "diagram/drawio.h"
#include "diagram/geometry.h"
#include "diagram/import.h"
#include "diagram/layout.h"
#include "diagram/mermaid.h"
#include "render/imageexport.h"
#include "rules/validator.h"

namespace stackplan::cli {

namespace {

bool needsPositions(const Design &d)
{
    for (const Host &h : d.hosts)
        if (!h.position)
            return true;
    for (const Component &c : d.components)
        if (!c.position)
            return true;
    return false;
}

// Positions for drawing: all new with "auto"; with "keep", only the elements
// that have none are placed, around the others.
Design positioned(const Design &design, bool automatic, const QString &direction)
{
    LayoutOptions options;
    options.direction = direction;
    if (automatic)
        return autoLayout(design, options).value_or(design);
    if (!needsPositions(design))
        return design;
    Design pinned = design;
    QSet<QString> added;
    const auto pin = [&](QJsonObject &extra, const QString &id, bool has) {
        if (has && !diagram::isPinned(extra)) {
            diagram::setPinned(extra, true);
            added.insert(id);
        }
    };
    for (Host &h : pinned.hosts)
        pin(h.extra, h.id, h.position.has_value());
    for (Component &c : pinned.components)
        pin(c.extra, c.id, c.position.has_value());
    Design out = autoLayout(pinned, options).value_or(pinned);
    for (Host &h : out.hosts)
        if (added.contains(h.id))
            diagram::setPinned(h.extra, false);
    for (Component &c : out.components)
        if (added.contains(c.id))
            diagram::setPinned(c.extra, false);
    return out;
}

int runExport(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The design (- for standard input)."));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("png, svg, pdf, mermaid, dot or drawio."),
                                    QStringLiteral("FORMAT"));
    const QCommandLineOption out(QStringLiteral("o"),
                                 QStringLiteral("Output file (- for standard output)."),
                                 QStringLiteral("OUT"));
    const QCommandLineOption layout(QStringLiteral("layout"),
                                    QStringLiteral("keep the design's positions, or auto-arrange."),
                                    QStringLiteral("keep|auto"), QStringLiteral("keep"));
    const QCommandLineOption theme(QStringLiteral("theme"),
                                   QStringLiteral("Colours of png/svg/pdf."),
                                   QStringLiteral("light|dark"), QStringLiteral("light"));
    const QCommandLineOption scale(QStringLiteral("scale"),
                                   QStringLiteral("Scale of png/svg/pdf (above 0, at most 16)."),
                                   QStringLiteral("N"), QStringLiteral("1"));
    const QCommandLineOption noBadges(
        QStringLiteral("no-badges"),
        QStringLiteral("Leave the findings' badges out of png/svg/pdf."));
    const QCommandLineOption direction(
        QStringLiteral("direction"),
        QStringLiteral("Flow of mermaid/dot output and of --layout auto."), QStringLiteral("LR|TB"),
        QStringLiteral("LR"));
    parser.addOptions({format, out, layout, theme, scale, noBadges, direction});
    int code = Ok;
    if (!parseArgs(parser, QStringLiteral("export"), args, &code))
        return code;
    const QString verb = QStringLiteral("export");
    if (parser.positionalArguments().size() != 1 || !parser.isSet(format) || !parser.isSet(out)) {
        printErr(
            QStringLiteral("usage: stackplan export FILE --format png|svg|pdf|mermaid|dot|drawio "
                           "-o OUT [--layout keep|auto] [--theme light|dark] [--scale N] "
                           "[--no-badges]\n"));
        return BadInput;
    }
    const auto fmt =
        choice(parser, QStringLiteral("format"),
               {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"),
                QStringLiteral("mermaid"), QStringLiteral("dot"), QStringLiteral("drawio")},
               verb);
    const auto lay = choice(parser, QStringLiteral("layout"),
                            {QStringLiteral("keep"), QStringLiteral("auto")}, verb);
    const auto th = choice(parser, QStringLiteral("theme"),
                           {QStringLiteral("light"), QStringLiteral("dark")}, verb);
    const auto dir = choice(parser, QStringLiteral("direction"),
                            {QStringLiteral("LR"), QStringLiteral("TB")}, verb);
    if (!fmt || !lay || !th || !dir)
        return BadInput;
    bool scaleOk = false;
    const double scaleValue = parser.value(scale).toDouble(&scaleOk);
    if (!scaleOk || !(scaleValue > 0) || scaleValue > 16) {
        printErr(
            QStringLiteral("stackplan export: --scale must be above 0 and at most 16, not \"%1\"\n")
                .arg(parser.value(scale)));
        return BadInput;
    }
    const QString target = parser.value(out);
    const bool binary = *fmt == QStringLiteral("png") || *fmt == QStringLiteral("pdf");
    if (binary && target == QStringLiteral("-")) {
        printErr(QStringLiteral("stackplan export: %1 is binary; -o - is only for text formats\n")
                     .arg(*fmt));
        return BadInput;
    }
    const std::optional<Design> design = loadDesign(parser.positionalArguments().front());
    if (!design)
        return BadInput;

    QByteArray bytes;
    if (*fmt == QStringLiteral("mermaid")) {
        MermaidOptions options;
        options.direction = *dir;
        bytes = exportMermaid(*design, options).toUtf8();
    } else if (*fmt == QStringLiteral("dot")) {
        DotOptions options;
        options.rankdir = *dir;
        const bool automatic = *lay == QStringLiteral("auto");
        bytes = exportDot(automatic ? positioned(*design, true, *dir) : *design, options);
    } else if (*fmt == QStringLiteral("drawio")) {
        bytes = exportDrawio(positioned(*design, *lay == QStringLiteral("auto"), *dir));
    } else {
        // Drawn by the canvas's own painter; with "keep" it places unplaced
        // elements exactly as the canvas does.
        ImageOptions options;
        options.scale = scaleValue;
        options.dark = *th == QStringLiteral("dark");
        options.badges = !parser.isSet(noBadges);
        const Design drawn =
            *lay == QStringLiteral("auto") ? positioned(*design, true, *dir) : *design;
        // The findings' badges, as the canvas shows them.
        QList<Mark> marks;
        if (options.badges) {
            for (const Finding &f : validate(*design)) {
                const MarkSeverity severity = f.severity == Severity::Error ? MarkSeverity::Error
                                              : f.severity == Severity::Warning
                                                  ? MarkSeverity::Warning
                                                  : MarkSeverity::Info;
                for (const QString &element : f.elements)
                    marks.append({element, severity, f.message});
            }
        }
        QString error;
        bytes = exportImage(drawn, *imageFormatFromName(*fmt), options, marks, &error);
        if (bytes.isEmpty()) {
            printErr(QStringLiteral("stackplan export: %1\n").arg(error));
            return BadInput;
        }
    }
    if (bytes.isEmpty()) {
        printErr(QStringLiteral("stackplan export: nothing was produced\n"));
        return BadInput;
    }
    return writeOutput(bytes, target) ? Ok : CannotWrite;
}

int runImport(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(
        QStringLiteral("SRC"),
        QStringLiteral("A Mermaid flowchart (.mmd, or the first mermaid block of a .md) or a "
                       "Graphviz graph (.dot, .gv); - for standard input."));
    const QCommandLineOption out(QStringLiteral("o"),
                                 QStringLiteral("The design to write (- for standard output)."),
                                 QStringLiteral("OUT"));
    const QCommandLineOption report(QStringLiteral("report"),
                                    QStringLiteral("List every guess and everything dropped."));
    parser.addOptions({out, report});
    int code = Ok;
    if (!parseArgs(parser, QStringLiteral("import"), args, &code))
        return code;
    if (parser.positionalArguments().size() != 1 || !parser.isSet(out)) {
        printErr(QStringLiteral("usage: stackplan import SRC -o OUT.stackplan [--report]\n"));
        return BadInput;
    }
    const QString source = parser.positionalArguments().front();
    const ImportResult result = importFile(source);
    const QString name = source == QStringLiteral("-") ? QStringLiteral("<stdin>") : source;
    if (!result.ok()) {
        // "FILE:LINE:COL: message" when the place is known, else "FILE: message".
        static const QRegularExpression place(QStringLiteral("^\\d+:\\d+: "));
        printErr((place.match(result.error).hasMatch() ? QStringLiteral("%1:%2\n")
                                                       : QStringLiteral("%1: %2\n"))
                     .arg(name, result.error));
        return BadInput;
    }
    const QString target = parser.value(out);
    if (parser.isSet(report)) {
        const QString text = result.report();
        if (target == QStringLiteral("-"))
            printErr(text);
        else
            printOut(text);
    }
    return writeOutput(writeDesign(*result.design), target) ? Ok : CannotWrite;
}

int runLayout(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"),
                                 QStringLiteral("The design (- for standard input)."));
    const QCommandLineOption out(QStringLiteral("o"),
                                 QStringLiteral("Where to write the arranged design."),
                                 QStringLiteral("OUT"));
    const QCommandLineOption direction(
        QStringLiteral("direction"),
        QStringLiteral("Requests flow left to right or top to bottom."), QStringLiteral("LR|TB"),
        QStringLiteral("LR"));
    const QCommandLineOption engine(
        QStringLiteral("engine"),
        QStringLiteral("auto (Graphviz for small designs), graphviz or tiered."),
        QStringLiteral("auto|graphviz|tiered"), QStringLiteral("auto"));
    parser.addOptions({out, direction, engine});
    int code = Ok;
    if (!parseArgs(parser, QStringLiteral("layout"), args, &code))
        return code;
    const QString verb = QStringLiteral("layout");
    if (parser.positionalArguments().size() != 1 || !parser.isSet(out)) {
        printErr(QStringLiteral("usage: stackplan layout FILE -o OUT [--direction LR|TB]\n"));
        return BadInput;
    }
    const auto dir = choice(parser, QStringLiteral("direction"),
                            {QStringLiteral("LR"), QStringLiteral("TB")}, verb);
    const auto eng = choice(
        parser, QStringLiteral("engine"),
        {QStringLiteral("auto"), QStringLiteral("graphviz"), QStringLiteral("tiered")}, verb);
    if (!dir || !eng)
        return BadInput;
    const std::optional<Design> design = loadDesign(parser.positionalArguments().front());
    if (!design)
        return BadInput;
    LayoutOptions options;
    options.direction = *dir;
    options.engine = *eng == QStringLiteral("graphviz") ? LayoutOptions::Engine::Graphviz
                     : *eng == QStringLiteral("tiered") ? LayoutOptions::Engine::Tiered
                                                        : LayoutOptions::Engine::Auto;
    QString error;
    const std::optional<Design> placed = autoLayout(*design, options, nullptr, &error);
    if (!error.isEmpty())
        printErr(QStringLiteral("stackplan layout: Graphviz failed (%1); used the tiered layout\n")
                     .arg(error));
    if (!placed)
        return BadInput;
    return writeOutput(writeDesign(*placed), parser.value(out)) ? Ok : CannotWrite;
}

} // namespace

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration exportVerb(
    {30, "export",
     "export FILE --format png|svg|pdf|mermaid|dot|drawio -o OUT [--layout keep|auto] "
     "[--theme light|dark] [--scale N] [--no-badges]",
     "Draw the diagram as an image, Mermaid, Graphviz DOT or draw.io.", stackplan::cli::runExport});
const stackplan::cli::VerbRegistration importVerb(
    {35, "import", "import SRC -o OUT.stackplan [--report]",
     "Read a Mermaid flowchart or a Graphviz graph into a design.", stackplan::cli::runImport});
const stackplan::cli::VerbRegistration
    layoutVerb({40, "layout", "layout FILE -o OUT [--direction LR|TB]",
                "Place every host and component automatically.", stackplan::cli::runLayout});
} // namespace
