// The service-path analysis of rules.md: which components, hosts and zones
// every service path passes through. Dominators (Cooper-Harvey-Kennedy) on the
// service-path graph find the components in near-linear time; hosts and zones
// are checked only when they meet every path of a set of vertex-disjoint
// service paths. failureImpact() simulates failures for `whatif`.
#pragma once

#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace stackplan {

class Design;
class RuleContext;

struct SpofResult
{
    bool serviceWorks = false;
    QList<int> components; // component indexes (never internet), in design order
    QList<int> hosts;      // host indexes that are a SPOF although none of their components is
    QStringList zones;     // zones that are a SPOF although none of their hosts is
};

SpofResult computeSpof(const RuleContext &context);

// The same, by id, for callers outside the rules area.
struct SpofReport
{
    bool serviceWorks = false;
    QStringList components;
    QStringList hosts;
    QStringList zones;
};
SpofReport analyzeSpof(const Design &design);

// The service-path graph's verdict with some components failed.
bool serviceWorksWithout(const Design &design, const QSet<QString> &failedComponents);

} // namespace stackplan
