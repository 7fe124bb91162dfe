#include "verbs/common.h"

#include <QFile>

#include <cstdio>

namespace stackplan::cli {

void printOut(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
    std::fflush(stdout);
}

void printErr(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    std::fflush(stderr);
}

bool parseArgs(QCommandLineParser &parser, const QString &verb, const QStringList &args,
               int *exitCode)
{
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    parser.addOption(help);
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const VerbInfo *info = findVerb(verb);
    const QString usage = QStringLiteral("usage: stackplan %1\n")
                              .arg(info ? QString::fromUtf8(info->synopsis) : verb);
    if (!parser.parse(QStringList{QStringLiteral("stackplan")} + args)) {
        printErr(QStringLiteral("stackplan %1: %2\n%3").arg(verb, parser.errorText(), usage));
        *exitCode = 2;
        return false;
    }
    if (parser.isSet(help)) {
        QString text = usage;
        if (info)
            text += u'\n' + QString::fromUtf8(info->summary) + u'\n';
        QString options = parser.helpText();
        const qsizetype at = options.indexOf(QStringLiteral("Options:"));
        if (at >= 0) {
            options = options.mid(at);
            // QCommandLineParser lists positional arguments after the options.
            text += u'\n' + options;
        }
        printOut(text);
        *exitCode = 0;
        return false;
    }
    return true;
}

std::optional<Design> loadDesign(const QString &path)
{
    const LoadResult result = readDesignFile(path);
    const QString name = path == QStringLiteral("-") ? QStringLiteral("<stdin>") : path;
    const QString diagnostics = result.format(name);
    if (!diagnostics.isEmpty())
        printErr(diagnostics + u'\n');
    if (!result.ok())
        return std::nullopt;
    return result.design;
}

bool writeOutput(const QByteArray &bytes, const QString &path)
{
    QString error;
    if (!saveBytes(bytes, path, &error)) {
        printErr(QStringLiteral("stackplan: %1\n").arg(error));
        return false;
    }
    return true;
}

std::optional<QString> choice(const QCommandLineParser &parser, const QString &option,
                              const QStringList &allowed, const QString &verb)
{
    const QString value = parser.value(option);
    if (allowed.contains(value))
        return value;
    printErr(QStringLiteral("stackplan %1: --%2 must be one of %3, not \"%4\"\n")
                 .arg(verb, option, allowed.join(QStringLiteral(", ")), value));
    return std::nullopt;
}

} // namespace stackplan::cli
