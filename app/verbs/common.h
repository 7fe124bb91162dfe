// What every verb shares: option parsing with exit code 2 on misuse, loading
// a design with its diagnostics on standard error, and writing outputs.
#pragma once

#include "cli.h"
#include "core/designio.h"
#include "core/grammar.h"

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <optional>

namespace stackplan::cli {

struct VerbInfo
{
    int order; // place in the overview
    const char *name;
    const char *synopsis; // "validate FILE… [--format text|json|sarif] …"
    const char *summary;  // one line
    int (*run)(const QStringList &args);
};

// The registry of verbs, sorted by order. Each verb's source file registers
// itself with a static VerbRegistration, so areas add verbs without touching
// a shared table.
QList<VerbInfo> verbs();
const VerbInfo *findVerb(const QString &name);

struct VerbRegistration
{
    explicit VerbRegistration(const VerbInfo &info);
};

// Standard streams, UTF-8.
void printOut(const QString &text);
void printErr(const QString &text);

// Parses args for a verb. Adds --help. On misuse prints the error and the
// verb's usage to stderr and returns false with *exitCode = 2; on --help
// prints help and returns false with *exitCode = 0.
bool parseArgs(QCommandLineParser &parser, const QString &verb, const QStringList &args,
               int *exitCode);

// Loads a design, printing errors and warnings (naming the file) to stderr.
std::optional<Design> loadDesign(const QString &path);

// Writes bytes to path ("-" = stdout) atomically; prints the error and
// returns false when it cannot.
bool writeOutput(const QByteArray &bytes, const QString &path);

// The value of an option that must be one of allowed; prints an error and
// returns nullopt otherwise.
std::optional<QString> choice(const QCommandLineParser &parser, const QString &option,
                              const QStringList &allowed, const QString &verb);

} // namespace stackplan::cli
