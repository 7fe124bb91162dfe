// Marks: what the canvas and the image export draw as badges on elements. The
// window maps the validator's findings to marks, so drawing does not depend on
// the rules; live status reaches the canvas the same way.
#pragma once

#include <QHash>
#include <QList>
#include <QMetaType>
#include <QString>

namespace stackplan {

enum class MarkSeverity { Error, Warning, Info };

struct Mark
{
    QString elementId;
    MarkSeverity severity = MarkSeverity::Warning;
    QString message;

    bool operator==(const Mark &) const = default;
};

// The marks of one element folded into what its badge shows.
struct BadgeInfo
{
    MarkSeverity severity = MarkSeverity::Info; // the worst of the element's marks
    int count = 0;
    QStringList messages; // worst first

    bool isEmpty() const { return count == 0; }
};

// Groups marks by element; each element's badge shows the worst severity.
QHash<QString, BadgeInfo> badgesFromMarks(const QList<Mark> &marks);

// The state a live probe reported for an element (see the live area).
enum class LiveStatus { Unknown, Up, Degraded, Down };

struct LiveState
{
    LiveStatus status = LiveStatus::Unknown;
    QString detail; // shown in the tooltip

    bool operator==(const LiveState &) const = default;
};

} // namespace stackplan

Q_DECLARE_METATYPE(stackplan::Mark)
