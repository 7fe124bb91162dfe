// findings.md: the validation report of the design the bundle came from.
#include "generate/bundle.h"

namespace stackplan {

QByteArray bundleFindings(const Design &)
{
    return QByteArrayLiteral("# Findings\n\nThe rules engine is not part of this build; run "
                             "`stackplan validate design.stackplan`.\n");
}

} // namespace stackplan
