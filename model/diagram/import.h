// Reading other tools' diagrams into a design: Mermaid flowcharts and
// Graphviz graphs. Kinds come from labels, ids and shapes; every guess is
// listed in the report so the user can check it. Our own exports come back
// exactly (DOT) or with the same components, kinds and links (Mermaid).
#pragma once

#include "core/design.h"

#include <QByteArray>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace stackplan {

struct ImportResult
{
    std::optional<Design> design;
    QString error;       // "LINE:COLUMN: message" when design is empty
    QStringList guesses; // one line per inference ("node A "Web 1": web_server (from "Web")")
    QStringList notes;   // what was dropped or changed, and why

    bool ok() const { return design.has_value(); }
    // The --report text: guesses, then notes.
    QString report() const;
};

// A Mermaid flowchart (graph/flowchart).
ImportResult importMermaid(const QString &text);
// A Graphviz graph; ours (with a "stackplan" graph attribute) exactly.
ImportResult importDot(const QByteArray &text);
// By file name: .mmd/.mermaid, .md (the first ```mermaid block), .dot/.gv.
// "-" reads standard input and guesses the format from the text.
ImportResult importFile(const QString &path);

// --- shared by the importers -------------------------------------------------

// What a source diagram says about one box, before inference.
struct RawNode
{
    QString sourceId; // as written in the source ("web1", "nginx_1")
    QString label;    // as shown ("" = the id)
    bool cylinder = false;
    bool circle = false;
    QString kindHint; // a kind name from our own export's class or attribute
    QString group;    // innermost group (subgraph/cluster) sourceId, "" = none
};

struct RawGroup
{
    QString sourceId;
    QString title;
    QString parent; // enclosing group's sourceId
};

struct RawEdge
{
    QString from; // sourceIds
    QString to;
    QString label;
    bool dotted = false;
    bool invisible = false;
    bool bidirectional = false;
    bool reversedArrow = false; // an arrow pointing at `from` ("A <-- B")
    int line = 0;
};

struct RawDiagram
{
    QList<RawNode> nodes; // first-appearance order
    QList<RawGroup> groups;
    QList<RawEdge> edges;
    QStringList notes; // things the parser skipped
};

// Turns a raw diagram into a design: kinds, hosts, links, settings, and the
// automatic layout.
ImportResult buildDesign(const RawDiagram &raw, const QString &name);

// The kind a label and id suggest; reason says which word decided.
struct KindGuess
{
    Kind kind = Kind::AppServer;
    QJsonObject settings;
    QString reason;
    bool fallback = false; // nothing recognised
};
KindGuess guessKind(const QString &label, const QString &sourceId, bool cylinder, bool circle);

// A valid, unique design id from any text ("Web Server #1" -> "web-server-1").
QString designIdFrom(const QString &text, const QSet<QString> &taken);

} // namespace stackplan
