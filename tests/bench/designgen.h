// Large, random but valid designs for benchmarks and tests: tiered sites the
// way people build them (a firewall in front of a clustered pair of load
// balancers, web and app tiers, a primary database with its replica, a cache,
// a monitoring server), repeated until the requested number of components.
// The same seed always gives the same design, and the design always loads
// without errors through the real file format.
#pragma once

#include "core/design.h"

#include <QtGlobal>

namespace stackplan::designgen {

struct Options
{
    bool positions = true;    // place hosts, components and notes on a grid
    bool firewalls = true;    // a firewall appliance in front of each site
    bool monitoring = true;   // a monitoring server per site, agents on its hosts
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
