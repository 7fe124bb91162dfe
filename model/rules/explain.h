// The design's write-up in Markdown (`stackplan explain`): the Mermaid
// diagram, each host and component and its role, the path of a request step
// by step, the load balancing and its redundancy, how primary and replica
// share the work, and every finding grouped with its remedy. Pure function of
// the design, written with its own names, addresses and ports.
#pragma once

#include <QString>

namespace stackplan {

class Design;

QString explainDesign(const Design &design);

} // namespace stackplan
