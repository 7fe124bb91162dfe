// Findings as the command line prints them: compiler-style text, JSON and
// SARIF 2.1.0 (with every rule's metadata, for GitHub code scanning).
#pragma once

#include "rules/finding.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace stackplan {

struct FileFindings
{
    QString file;       // as named on the command line
    QByteArray content; // the file's bytes, to point SARIF results at lines
    QList<Finding> findings;
};

// "design.stackplan: warning: SPOF001 Single load balancer: … [haproxy]", one per line.
QString findingsText(const FileFindings &file);
QJsonObject findingsJson(const FileFindings &file);
QJsonObject sarifLog(const QList<FileFindings> &files);

// The 1-based line of the element's object in a canonical design file, 0 when absent.
int elementLine(const QByteArray &content, const QString &elementId);

} // namespace stackplan
