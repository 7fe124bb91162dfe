// Reading and writing the .stackplan file format (version 1).
// The reader is strict about structure and lenient about extras: unknown keys
// are warnings and are kept. The writer is canonical: fixed key order, one
// element per line, byte-identical on re-save. Saves are atomic (QSaveFile).
#pragma once

#include "core/design.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace stackplan {

struct Diagnostic
{
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString path; // JSON path ("components[3].host"); empty for syntax errors
    int line = 0; // syntax errors: 1-based line and column
    int column = 0;
    QString message;

    // "FILE:LINE:COL: error: MESSAGE" or "FILE: error: PATH: MESSAGE"
    QString format(const QString &fileName) const;
};

struct LoadResult
{
    std::optional<Design> design; // set when there is no error
    QList<Diagnostic> errors;
    QList<Diagnostic> warnings;

    bool ok() const { return design.has_value() && errors.isEmpty(); }
    // Every diagnostic, one per line, errors first.
    QString format(const QString &fileName) const;
};

// Parses a design from bytes.
LoadResult readDesign(const QByteArray &bytes);
// Reads a file ("-" = standard input), enforcing the size limit before reading.
LoadResult readDesignFile(const QString &path);

// The canonical bytes of a design.
QByteArray writeDesign(const Design &design);

// Writes atomically to path ("-" = standard output). On failure the target is
// untouched and *error says why.
bool saveDesign(const Design &design, const QString &path, QString *error);
// The same for any bytes (used by exporters and generators for text outputs).
bool saveBytes(const QByteArray &bytes, const QString &path, QString *error);

} // namespace stackplan
