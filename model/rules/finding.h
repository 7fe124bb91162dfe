// One result of validation: which rule fired, how bad it is, what it says
// about this design and which elements it concerns. Plain value type; the
// validator produces them, the CLI, the designer's issues panel, the canvas
// badges and the bundle's findings.md read them.
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace stackplan {

// Ordered by gravity, so `severity >= threshold` works.
enum class Severity { Info = 0, Warning = 1, Error = 2 };

// "error", "warning", "info"
QString severityName(Severity severity);
std::optional<Severity> severityFromName(QStringView name);

struct Finding
{
    QString rule; // "SPOF001"
    Severity severity = Severity::Warning;
    QString title;        // the rule's title
    QString message;      // this case, naming the elements
    QStringList elements; // ids of the hosts, components or links concerned
    QString remediation;  // what to do
    bool fix = false;     // a quick fix exists (fixes.h)

    bool operator==(const Finding &) const = default;
};

// Findings in a stable order: by severity (errors first), then rule id, then
// the first element id.
void sortFindings(QList<Finding> &findings);

} // namespace stackplan
