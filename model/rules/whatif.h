// What-if analysis: fail some hosts, components or zones and see what goes
// dark, which tiers are lost and whether the service still works. The
// `whatif` verb prints it; the designer greys out `dark` on the canvas.
#pragma once

#include <QString>
#include <QStringList>

namespace stackplan {

class Design;

struct WhatIfResult
{
    QStringList unknown;   // names that are no host, component or zone
    QStringList failed;    // the components that fail, in design order
    QStringList dark;      // still running but no longer reachable from the internet
    QStringList tiersLost; // kind names ("app_server") of tiers left with nothing reachable
    bool serviceBefore = false;
    bool serviceAfter = false;
};

// elements: host ids, component ids or zone names.
WhatIfResult whatIf(const Design &design, const QStringList &elements);

// A short report in plain text, for the command line.
QString whatIfText(const Design &design, const WhatIfResult &result);

} // namespace stackplan
