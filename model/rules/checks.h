// The checks of the rules, one function per rule id. Internal: the registry
// pairs each with its metadata.
#pragma once

#include "core/kinds.h"
#include "rules/finding.h"

#include <QList>

namespace stackplan {

class RuleContext;

namespace checks {
#define STACKPLAN_CHECK(name) void name(const RuleContext &context, QList<Finding> &out)
STACKPLAN_CHECK(spof000);
STACKPLAN_CHECK(spof001);
STACKPLAN_CHECK(spof002);
STACKPLAN_CHECK(spof003);
STACKPLAN_CHECK(spof004);
STACKPLAN_CHECK(spof005);
STACKPLAN_CHECK(spof006);
STACKPLAN_CHECK(sec001);
STACKPLAN_CHECK(sec002);
STACKPLAN_CHECK(sec003);
STACKPLAN_CHECK(sec004);
STACKPLAN_CHECK(sec005);
STACKPLAN_CHECK(sec006);
STACKPLAN_CHECK(ops001);
STACKPLAN_CHECK(ops002);
STACKPLAN_CHECK(ops003);
STACKPLAN_CHECK(ops004);
STACKPLAN_CHECK(str001);
STACKPLAN_CHECK(str002);
STACKPLAN_CHECK(str003);
STACKPLAN_CHECK(str004);
STACKPLAN_CHECK(str005);
STACKPLAN_CHECK(str006);
STACKPLAN_CHECK(str007);
STACKPLAN_CHECK(str008);
STACKPLAN_CHECK(str009);
#undef STACKPLAN_CHECK

// The rules whose findings each belong to one link or one host, checked for
// that element alone, so the designer reruns them only where an edit touched.
void sec005Link(const RuleContext &context, int link, QList<Finding> &out);
void str002Link(const RuleContext &context, int link, QList<Finding> &out);
void sec006Host(const RuleContext &context, int host, QList<Finding> &out);
void str003Host(const RuleContext &context, int host, QList<Finding> &out);
} // namespace checks

// Whether a request link from one kind to another makes sense (STR002).
bool compatibleLink(Kind from, Kind to, const QString &protocol);

} // namespace stackplan
