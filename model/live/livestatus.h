// What a probe round found: the state of each component of a design, and the
// plan of which probes a component gets (monitoring.md). Pure value types and
// functions; the Prober (prober.h) runs the plan over the network.
#pragma once

#include "core/design.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

#include <optional>

namespace stackplan::live {

enum class State { Unknown, Up, Down, Degraded };

// "up", "down", "degraded", "unknown"
QString stateName(State state);

enum class ProbeKind { Tcp, Http, HaproxyStats };

// When an HTTP answer counts as a success.
enum class HttpAccept { Below500, Success2xx };

// One probe of one component, to an address written in the design.
struct ProbeSpec
{
    QString componentId;
    ProbeKind kind = ProbeKind::Tcp;
    QString address;
    int port = 0;
    QString path;       // Http, HaproxyStats
    QString hostHeader; // Http: "" = the address
    HttpAccept accept = HttpAccept::Below500;

    // "TCP connect to 127.0.0.1:80", "HTTP GET / on 127.0.0.1:80"
    QString describe() const;
};

// The outcome of one probe.
struct ProbeResult
{
    ProbeSpec spec;
    bool ok = false;
    int latencyMs = -1; // time to connect (TCP) or to the answer's headers (HTTP)
    QString detail;     // "connected", "HTTP 200", "connection refused", ...
};

// A backend server row of a load balancer's stats page.
struct HaproxyServer
{
    QString proxy;       // backend name
    QString server;      // server name = component id
    QString status;      // UP, DOWN, MAINT, NOLB, DRAIN, "UP 1/3", "no check"
    QString checkStatus; // L4CON, L7OK, ...
};

// What one load balancer's stats say about a component.
struct HaproxyView
{
    QString loadBalancer; // component id of the load balancer
    HaproxyServer row;

    // Whether HAProxy sends it traffic; nullopt when HAProxy does not check it.
    std::optional<bool> healthy() const;
};

struct ComponentStatus
{
    QString id;
    QString host;    // host id; "" = its own machine
    QString address; // "" = none written in the design
    int port = 0;    // the main port probed
    State state = State::Unknown;
    int latencyMs = -1; // of the main probe; -1 = not measured
    QString detail;     // what went wrong, or what answered
    QList<ProbeResult> probes;
    QList<HaproxyView> haproxy;

    // "127.0.0.1:80", "[::1]:80", "" without an address
    QString endpoint() const;
};

// The probes a component gets; empty when it has no address or its kind is
// not probed (internet, dns, firewall). *why says which, when empty.
QList<ProbeSpec> probePlan(const Design &design, const Component &component, QString *why);

// Parses HAProxy's CSV stats ("/stats;csv"); nullopt when the bytes are not
// that format, with *error saying why.
std::optional<QList<HaproxyServer>> parseHaproxyCsv(const QByteArray &bytes, QString *error);

// Folds the probe results and the stats rows into each component's state, in
// the design's component order. statsByLoadBalancer maps a load balancer's
// id to the rows its stats page gave.
QList<ComponentStatus> combine(const Design &design, const QList<ProbeResult> &results,
                               const QHash<QString, QList<HaproxyServer>> &statsByLoadBalancer);

// Whether any component reads down or degraded.
bool anyFailing(const QList<ComponentStatus> &statuses);

} // namespace stackplan::live

Q_DECLARE_METATYPE(stackplan::live::ComponentStatus)
