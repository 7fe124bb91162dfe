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

#include <optional>
#include <span>

namespace stackplan {

// Lists of ints per node in two flat arrays (compressed rows): one
// allocation instead of one per node, which large designs feel.
class Adjacency
{
public:
    // pairs: (node, value), any order; values of a node keep their order.
    void build(int nodes, const QList<QPair<int, int>> &pairs);
    int nodes() const { return m_start.isEmpty() ? 0 : int(m_start.size() - 1); }
    std::span<const int> operator[](int node) const
    {
        return std::span<const int>(m_values.constData() + m_start[node],
                                    size_t(m_start[node + 1] - m_start[node]));
    }

private:
    QList<int> m_start;
    QList<int> m_values;
};

class RuleContext;

// The context of the design before an edit and, for each element now, its
// index then (-1: new): lets a new context take the indexes it resolved
// instead of looking every id up again. Every reused index is checked.
struct ContextHint
{
    const RuleContext *previous = nullptr;
    QList<int> componentBefore;
    QList<int> linkBefore;
    QList<int> hostBefore;
};

class RuleContext
{
public:
    explicit RuleContext(const Design &design, const ContextHint *hint = nullptr);

    const Design &design;
    int componentCount = 0;
    QList<int> hostOf;      // component -> host index, -1 = own machine
    Adjacency componentsOn; // host -> components
    QList<int> linkFrom;    // link -> component index, -1 when dangling
    QList<int> linkTo;
    QList<QString> linkProtocol; // effective
    Adjacency linksOut;          // component -> link indexes
    Adjacency linksIn;
    bool hasInternet = false;
    bool usesZones = false;
    QList<bool> reachable; // from an internet component, by request and replication links

    // The service-path analysis, computed on first use (only SPOF rules need it).
    const SpofResult &spof() const;
    // After a change of the settings the service-path analysis reads.
    void forgetSpof() { m_spof.reset(); }
    // The analysis if it was computed, and one carried over from an earlier
    // context when an edit left the service-path graph as it was.
    const std::optional<SpofResult> &computedSpof() const { return m_spof; }
    void adoptSpof(SpofResult result) { m_spof = std::move(result); }

    const Component &component(int i) const { return design.components[i]; }
    Kind kind(int i) const { return design.components[i].kind; }
    // Request links carry traffic towards the terminal (not replication, not metrics).
    bool isRequestLink(int link) const;
    bool isReplicationLink(int link) const;
    // Design::effectivePort without looking the target up by id.
    int linkPort(int link) const;

    // A finding of a rule, with its title, severity, remediation and fix flag.
    Finding make(const char *rule, const QString &message, const QStringList &elements) const;

private:
    mutable std::optional<SpofResult> m_spof;
};

// True for kinds whose protocol field is a plain request (used by several rules).
bool servesTraffic(Kind kind);
// The ports a component listens on (service port, HTTPS, stats).
QList<int> listenPorts(const Component &component);

} // namespace stackplan
