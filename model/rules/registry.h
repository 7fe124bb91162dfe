// The catalogue of design rules (rules.md): each rule's stable id, severity,
// title, description, risk, remediation and whether a quick fix exists,
// together with its check. The validator runs every check; the command line
// (SARIF metadata), the designer and the docs read the same entries.
#pragma once

#include "rules/finding.h"

#include <QList>
#include <QString>
#include <QStringView>

namespace stackplan {

class RuleContext; // the per-run analysis a check reads (rules/context.h)

enum class RuleCategory { Availability, Security, Monitoring, Structure };

struct RuleInfo
{
    QString id; // "SPOF001"; stable, never renumbered
    Severity severity = Severity::Warning;
    RuleCategory category = RuleCategory::Structure;
    QString title;       // "Single load balancer"
    QString description; // when it fires
    QString risk;        // why it matters
    QString remediation; // how to fix it by hand
    bool hasFix = false; // fixes.h can fix it
    // Appends this rule's findings for the analysed design.
    void (*check)(const RuleContext &context, QList<Finding> &out) = nullptr;
};

// Every rule, in catalogue order.
const QList<RuleInfo> &allRules();
// nullptr for an unknown id.
const RuleInfo *findRule(QStringView id);

QString categoryName(RuleCategory category); // "Single points of failure", …

} // namespace stackplan
