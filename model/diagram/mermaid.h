// Mermaid flowcharts: export of a design (for READMEs, wikis and the
// write-up of `stackplan explain`) and import of the flowcharts people write.
//
// The export is stable: the same design always gives the same text, node ids
// are the element ids (with '-' written as '_'), and every label is escaped
// so no user text can break the chart. Each component carries its kind as a
// class (":::database"), which lets our own import recover kinds exactly.
#pragma once

#include "core/design.h"

#include <QString>
#include <QStringList>

namespace stackplan {

struct MermaidOptions
{
    // Flowchart direction: "LR", "TB", "RL" or "BT".
    QString direction = QStringLiteral("LR");
    // One subgraph per host around its components.
    bool hostSubgraphs = true;
    // classDef colours per kind (the ":::kind" classes are always written).
    bool styles = true;
    // Raise Mermaid's maxEdges/maxTextSize with an init directive: Auto when
    // the chart exceeds the defaults (500 edges, 50,000 characters).
    enum class Limits { Auto, Always, Never };
    Limits limits = Limits::Auto;
    // A leading "%% name" comment with the design's name.
    bool titleComment = true;
};

// Mermaid's defaults, past which a renderer refuses the chart unless raised.
inline constexpr int MermaidDefaultMaxEdges = 500;
inline constexpr int MermaidDefaultMaxTextSize = 50000;

// The flowchart text, ending with a newline.
QString exportMermaid(const Design &design, const MermaidOptions &options = {});

// The Mermaid node id of a host or component id ("nginx-1" -> "nginx_1").
QString mermaidNodeId(const QString &elementId);

// A label escaped for use inside a quoted Mermaid string ("..."): quotes,
// '#', '<', '>', '&', backticks and line breaks become entity codes.
QString mermaidEscape(const QString &text);

} // namespace stackplan
