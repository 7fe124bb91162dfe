// Large, random but valid designs for benchmarks and tests: tiered sites the
// way people build them (a firewall in front of a clustered pair of load
// balancers, web and app tiers, a primary database with its replica, a cache),
// repeated until the requested number of components, with a pair of
// monitoring servers for the whole design on the first site.
// The same seed always gives the same design, and the design always loads
// without errors through the real file format.
#pragma once

#include "core/design.h"

#include <QtGlobal>

namespace stackplan::designgen {

struct Options
{
    bool positions = true;  // place hosts, components and notes on a grid
    bool firewalls = true;  // a firewall appliance in front of each site
    bool monitoring = true; // monitoring servers, agents on every host
    // Every Prometheus server scrapes every monitored host, and each host's
    // firewall admits every one of them (bundle.md): a pair shared by the whole
    // design, as a large installation has, keeps the bundle linear in size;
    // false gives each site its own server, which makes it hosts x sites.
    bool sharedMonitoring = true;
    bool caches = true;       // a cache per site
    bool notes = true;        // one note per site
    bool colocate = true;     // web and app servers sometimes share a host
    bool unknownKeys = false; // sprinkle keys the format does not know (kept on save)
    int minTierSize = 2;      // web and app servers per site, drawn from [min, max]
    int maxTierSize = 6;
};

// A design with exactly `components` components (at least 1: the users).
// Hosts get 127.x.y.z addresses, unique in the design; each site has its own
// zone, cluster name and virtual IP.
Design generateDesign(int components, quint32 seed, const Options &options = {});

} // namespace stackplan::designgen
