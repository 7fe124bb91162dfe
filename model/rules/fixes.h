// Quick fixes: the document operations that resolve a finding, the very
// functions the designer's fix buttons call. Each applied fix is one undo
// step. Fixes are deterministic and minimal: they touch only the elements of
// the finding and what they add, name new elements after what they copy
// (lb-02, web-03) and place them next to it.
#pragma once

#include "rules/finding.h"

#include <QStringList>

namespace stackplan {

class Document;

// Applies the quick fix of a finding of the document's current design; false
// (and nothing changed) when the finding has no fix or it does not apply.
bool applyFix(Document &document, const Finding &finding);

// Validates and fixes, again and again, until no fixable finding remains (or
// none of them can be fixed). rules limits it to those rule ids (empty: all).
// Returns the number of fixes applied.
int fixAll(Document &document, const QStringList &rules = {});

} // namespace stackplan
