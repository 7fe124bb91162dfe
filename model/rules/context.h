// The analysis every check reads, built once per validation: integer indexes
// of hosts and components, the links by endpoint with their effective
// protocol, reachability from the internet and the service-path analysis.
// Internal to the rules area.
#pragma once

#include "core/design.h"
#include "rules/finding.h"
#include "rules/spof.h"

#include <QHash>
#include <QList>
#include <QString>

namespace stackplan {

class RuleContext
{
public:
    explicit RuleContext(const Design &design);

    const Design &design;
    int componentCount = 0;
    QHash<QString, int> componentIndex;
    QHash<QString, int> hostIndex;
    QList<int> hostOf;              // component -> host index, -1 = own machine
    QList<QList<int>> componentsOn; // host -> components
    QList<int> linkFrom;            // link -> component index, -1 when dangling
    QList<int> linkTo;
    QList<QString> linkProtocol; // effective
    QList<QList<int>> linksOut;  // component -> link indexes
    QList<QList<int>> linksIn;
    bool hasInternet = false;
    bool usesZones = false;
    QList<bool> reachable; // from an internet component, by request and replication links
    SpofResult spof;

    const Component &component(int i) const { return design.components[i]; }
    Kind kind(int i) const { return design.components[i].kind; }
    // Request links carry traffic towards the terminal (not replication, not metrics).
    bool isRequestLink(int link) const;
    bool isReplicationLink(int link) const;

    // A finding of a rule, with its title, severity, remediation and fix flag.
    Finding make(const char *rule, const QString &message, const QStringList &elements) const;
};

// True for kinds whose protocol field is a plain request (used by several rules).
bool servesTraffic(Kind kind);
// The ports a component listens on (service port, HTTPS, stats).
QList<int> listenPorts(const Component &component);

} // namespace stackplan
