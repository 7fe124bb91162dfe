// The headless command line: verb dispatch, per-verb help and the exit codes
// of the CLI spec. Runs under a QCoreApplication; never creates a window.
#pragma once

#include <QStringList>

namespace stackplan::cli {

enum ExitCode { Ok = 0, Findings = 1, BadInput = 2, CannotWrite = 3 };

// True when args (without the program name) ask for a command-line verb or
// option rather than the designer.
bool wantsCommandLine(const QStringList &args);

// Runs a verb; args without the program name. Returns the exit code.
int run(const QStringList &args);

// The overview printed by --help and when the designer has no display.
QString overview();

} // namespace stackplan::cli
