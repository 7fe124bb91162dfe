#include "rules/registry.h"

#include "rules/checks.h"

namespace stackplan {

namespace {

RuleInfo rule(const char *id, Severity severity, RuleCategory category, const char *title,
              const char *description, const char *risk, const char *remediation, bool hasFix,
              void (*check)(const RuleContext &, QList<Finding> &))
{
    return RuleInfo{QString::fromLatin1(id),
                    severity,
                    category,
                    QString::fromUtf8(title),
                    QString::fromUtf8(description),
                    QString::fromUtf8(risk),
                    QString::fromUtf8(remediation),
                    hasFix,
                    check};
}

QList<RuleInfo> buildRules()
{
    using S = Severity;
    using C = RuleCategory;
    return {
        rule("SPOF001", S::Warning, C::Availability, "Single load balancer",
             "A load balancer is a single point of failure: every service path from the internet "
             "to the data passes through it.",
             "When this one load balancer or its machine stops, the whole site is down, however "
             "many web and application servers stand behind it.",
             "Add a second load balancer on a new host and cluster both behind a virtual IP "
             "(keepalived/VRRP), so the standby takes the address over when the active one fails.",
             true, checks::spof001),
        rule("SPOF002", S::Warning, C::Availability, "Single web server",
             "A web server is a single point of failure: every service path passes through it.",
             "A crash, a bad deploy or maintenance on this web server takes the site down.",
             "Clone the web server, with its links, onto a new host, and let the load balancer "
             "spread requests over both.",
             true, checks::spof002),
        rule("SPOF003", S::Warning, C::Availability, "Single application server",
             "An application server is a single point of failure: every service path passes "
             "through it.",
             "When the application process or its machine fails, no request can be answered.",
             "Clone the application server, with its links, onto a new host.", true,
             checks::spof003),
        rule("SPOF004", S::Warning, C::Availability, "Single database primary",
             "A database is a single point of failure: writes stop when it fails.",
             "Without a replica that takes over automatically, a failed primary stops every write "
             "until someone rebuilds it, and data since the last backup may be lost.",
             "Add a replica on a new host, fed by replication, and set `failover: automatic` on "
             "the primary.",
             true, checks::spof004),
        rule("SPOF005", S::Warning, C::Availability, "Host is a single point of failure",
             "A host is a single point of failure although none of its components alone is: "
             "the redundant components share one machine.",
             "Redundancy on one machine protects against a crashed process, not against a "
             "failed disk, power supply or kernel: the whole machine goes down at once.",
             "Move one of the redundant components to a new host.", true, checks::spof005),
        rule("SPOF006", S::Warning, C::Availability, "Zone is a single point of failure",
             "The design uses zones, and a zone is a single point of failure although none of "
             "its hosts alone is.",
             "A power cut, network outage or fire in one rack, data centre or availability zone "
             "takes every host in it down together.",
             "Move redundant hosts to another zone.", true, checks::spof006),
        rule("SPOF000", S::Warning, C::Availability, "Single point of failure",
             "A component of another kind (firewall appliance, cache, DNS) is a single point of "
             "failure: every service path passes through it.",
             "When this component fails, the service stops, whatever redundancy the other tiers "
             "have.",
             "Clone it onto a new host, or add a redundant path around it.", true, checks::spof000),
        rule("SEC001", S::Warning, C::Security, "No firewall",
             "A host (or a component without a host) has its firewall off and is not behind a "
             "firewall component on every path from the internet.",
             "Every port any service on the machine opens, including administration and "
             "database ports, is reachable by anyone who can reach the address.",
             "Enable the host firewall; the generated rules open only the ports its links need.",
             true, checks::sec001),
        rule("SEC002", S::Error, C::Security, "Database exposed to the internet",
             "A database is reachable from an internet component without an application tier "
             "in between.",
             "Anyone can try passwords against the database or exploit it directly; the data "
             "is one mistake away from being public.",
             "Remove the link; route requests through an application server.", true,
             checks::sec002),
        rule("SEC003", S::Warning, C::Security, "No HTTPS",
             "A component that receives traffic from the internet does not terminate TLS.",
             "Passwords, cookies and pages travel in clear text and can be read or altered on "
             "the way; browsers mark the site as not secure.",
             "Enable `tls` (with `redirect_http` and `hsts`) on it.", true, checks::sec003),
        rule("SEC004", S::Warning, C::Security, "HTTP not redirected to HTTPS",
             "A load balancer terminates TLS but answers plain HTTP without redirecting to "
             "HTTPS.",
             "Visitors who type the address without https:// stay on the unencrypted site.",
             "Set `redirect_http`.", true, checks::sec004),
        rule("SEC005", S::Info, C::Security, "Unencrypted traffic between hosts",
             "A link between components on different hosts carries plain `http`, or `mysql` to "
             "a database that does not require TLS.",
             "Anyone on the network between the machines can read or alter the traffic, "
             "including queries and their results.",
             "Use `https` links, and `tls` on the database.", true, checks::sec005),
        rule("SEC006", S::Info, C::Security, "Firewall opens unused ports",
             "A host's `firewall.allow` lists a port that no component on the host needs.",
             "Every open port is a door: one that nothing uses only widens what an attacker "
             "can probe.",
             "Drop the port from `firewall.allow`.", true, checks::sec006),
        rule("OPS001", S::Warning, C::Monitoring, "No monitoring",
             "A host (or a component without a host) runs no monitoring agent.",
             "Full disks, memory exhaustion and dying services go unnoticed until users "
             "complain.",
             "Enable `monitoring` on the host, and add a monitoring server when none exists.", true,
             checks::ops001),
        rule("OPS002", S::Info, C::Monitoring, "Monitoring agents without a collector",
             "Monitoring agents run, but no `monitoring` component collects their metrics "
             "(Prometheus scrapes its agents, so it needs a server).",
             "Agents that nobody scrapes give no alert and no history.", "Add a monitoring server.",
             true, checks::ops002),
        rule("OPS003", S::Warning, C::Monitoring, "No database backup",
             "A primary database has `backup` off.",
             "A replica copies mistakes as faithfully as data: a dropped table or a corrupted "
             "write is gone everywhere without a backup.",
             "Enable `backup`.", true, checks::ops003),
        rule("OPS004", S::Warning, C::Monitoring, "Primary without a replica",
             "A primary database has no replica fed by replication.",
             "Reads cannot be spread, and a failure of the primary means restoring from backup.",
             "Add a replica fed by a replication link from the primary.", true, checks::ops004),
        rule("STR001", S::Error, C::Structure, "Load balancer without backends",
             "A load balancer links to nothing.",
             "Every request it receives fails with 503 Service Unavailable.",
             "Link it to web or application servers.", true, checks::str001),
        rule("STR002", S::Error, C::Structure, "Link between incompatible kinds",
             "A link joins kinds that cannot talk that way: e.g. a database to a load balancer, "
             "a replication link that is not between databases, anything to `internet`.",
             "The configuration generated for such a link cannot work, and the analysis of "
             "the design is built on traffic that will never flow.",
             "Remove the link, or reverse it when it points the wrong way.", true, checks::str002),
        rule("STR003", S::Error, C::Structure, "Port conflict on a host",
             "Two components on one host listen on the same port.",
             "The second service fails to start: the port is already taken.",
             "Change one of the ports.", true, checks::str003),
        rule("STR004", S::Error, C::Structure, "Broken replication",
             "A replica has no primary feeding it, replication links form a cycle, or an "
             "application writes to a replica (a link without `reads_only`).",
             "The replica serves stale or no data; writes to a replica are lost or break "
             "replication.",
             "Fix the replication links: feed each replica from a primary, break cycles, and "
             "mark links to replicas `reads_only`.",
             true, checks::str004),
        rule("STR005", S::Warning, C::Structure, "Unreachable component",
             "A component that should serve traffic cannot be reached from any `internet` "
             "component.",
             "It costs money and maintenance but serves nobody, or a link is missing and the "
             "design does not work the way it looks.",
             "Link it from the tier in front of it, or remove it.", true, checks::str005),
        rule("STR006", S::Warning, C::Structure, "No entry point",
             "The design has no `internet` component.",
             "Without an entry point nothing in the design serves anyone, and no path, single "
             "point of failure or exposure can be analysed.",
             "Add an `internet` component and link it to the entry (the load balancer).", true,
             checks::str006),
        rule("STR007", S::Error, C::Structure, "Duplicate database server id",
             "Two databases share an explicit `server_id`.",
             "MySQL replication refuses to run between servers with the same id.",
             "Give each database its own `server_id`, or 0 to assign one automatically.", true,
             checks::str007),
        rule("STR008", S::Warning, C::Structure, "Inconsistent load balancer cluster",
             "Members of one load balancer cluster differ in algorithm, ports, TLS or virtual "
             "IP, or a `vip` is set without a `cluster`.",
             "After a failover the site behaves differently (or not at all) depending on which "
             "member holds the address.",
             "Align the members' settings.", true, checks::str008),
        rule("STR009", S::Error, C::Structure, "Address conflict",
             "Two hosts share an address, or a load balancer's `vip` equals a host address.",
             "Traffic reaches whichever machine answered ARP last; the other is unreachable.",
             "Change one of the addresses.", true, checks::str009),
    };
}

} // namespace

const QList<RuleInfo> &allRules()
{
    static const QList<RuleInfo> rules = buildRules();
    return rules;
}

const RuleInfo *findRule(QStringView id)
{
    for (const RuleInfo &r : allRules()) {
        if (r.id == id)
            return &r;
    }
    return nullptr;
}

QString categoryName(RuleCategory category)
{
    switch (category) {
    case RuleCategory::Availability:
        return QStringLiteral("Single points of failure");
    case RuleCategory::Security:
        return QStringLiteral("Security");
    case RuleCategory::Monitoring:
        return QStringLiteral("Monitoring and operations");
    case RuleCategory::Structure:
        return QStringLiteral("Structure");
    }
    return {};
}

} // namespace stackplan
