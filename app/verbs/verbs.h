// Entry points of the verbs; each takes the arguments after the verb name
// and returns the exit code. Registered in cli.cpp.
#pragma once

#include <QStringList>

namespace stackplan::cli {

int runTemplates(const QStringList &args);
int runNew(const QStringList &args);
int runFmt(const QStringList &args);
int runValidate(const QStringList &args);

} // namespace stackplan::cli
