#include "cli.h"

#include "verbs/common.h"
#include <algorithm>

namespace stackplan::cli {

namespace {

QList<VerbInfo> &registry()
{
    static QList<VerbInfo> list;
    return list;
}

} // namespace

VerbRegistration::VerbRegistration(const VerbInfo &info)
{
    registry().append(info);
}

QList<VerbInfo> verbs()
{
    QList<VerbInfo> list = registry();
    std::stable_sort(list.begin(), list.end(),
                     [](const VerbInfo &a, const VerbInfo &b) { return a.order < b.order; });
    return list;
}

const VerbInfo *findVerb(const QString &name)
{
    for (const VerbInfo &v : registry()) {
        if (name == QLatin1StringView(v.name))
            return &v;
    }
    return nullptr;
}

QString overview()
{
    QString text =
        QStringLiteral(
            "Stackplan %1: design web infrastructure, check it, and turn it into diagrams and "
            "configuration files.\n\n"
            "usage: stackplan [FILE]          open the designer (on FILE or the three-server "
            "design)\n"
            "       stackplan VERB [OPTIONS]  run a command-line verb, no window "
            "needed\n\nverbs:\n")
            .arg(QStringLiteral(STACKPLAN_VERSION));
    for (const VerbInfo &v : verbs())
        text += QStringLiteral("  %1%2\n")
                    .arg(QString::fromUtf8(v.name).leftJustified(11), QString::fromUtf8(v.summary));
    text += QStringLiteral(
        "\nRun \"stackplan VERB --help\" for a verb's options. FILE may be - for standard "
        "input; -o - writes text output to standard output.\n"
        "Exit codes: 0 done, 1 findings (validate) or something down (status), "
        "2 unusable input, 3 output not written.\n");
    return text;
}

bool wantsCommandLine(const QStringList &args)
{
    if (args.isEmpty())
        return false;
    const QString &first = args.front();
    return first.startsWith(u'-') || findVerb(first) || first == QStringLiteral("help") ||
           (!first.contains(u'.') && !first.contains(u'/'));
}

int run(const QStringList &args)
{
    if (args.isEmpty())
        return findVerb(QStringLiteral("templates"))->run({});
    const QString first = args.front();
    if (first == QStringLiteral("--version") || first == QStringLiteral("-v")) {
        printOut(QStringLiteral("stackplan %1\n").arg(QStringLiteral(STACKPLAN_VERSION)));
        return Ok;
    }
    if (first == QStringLiteral("--help") || first == QStringLiteral("-h")) {
        printOut(overview());
        return Ok;
    }
    if (first == QStringLiteral("help")) {
        if (args.size() > 1 && findVerb(args[1]))
            return findVerb(args[1])->run({QStringLiteral("--help")});
        printOut(overview());
        return Ok;
    }
    const VerbInfo *verb = findVerb(first);
    if (!verb) {
        printErr(QStringLiteral("stackplan: unknown verb or option \"%1\"; "
                                "\"stackplan --help\" lists them\n")
                     .arg(first));
        return BadInput;
    }
    return verb->run(args.mid(1));
}

} // namespace stackplan::cli
