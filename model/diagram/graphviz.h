// The one place that talks to Graphviz (cgraph and gvc). Graphviz is not
// thread-safe and keeps global state, so every call runs on one dedicated
// thread, one request at a time; callers on any thread block until theirs is
// done. Everything else in the program speaks to Graphviz through the plain
// GvGraph value below, never through Graphviz types.
#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QPointF>
#include <QRectF>
#include <QString>

#include <optional>

namespace stackplan::graphviz {

using Attributes = QMap<QString, QString>;

// A graph as plain values: clusters (one level), nodes and edges in order.
struct GvGraph
{
    struct Cluster
    {
        QString name; // "cluster_web-01"
        Attributes attributes;
    };
    struct Node
    {
        QString name;
        QString cluster; // name of the innermost cluster holding it; "" = none
        Attributes attributes;
    };
    struct Edge
    {
        QString tail;
        QString head;
        Attributes attributes;
    };
    QString name;
    bool directed = true;
    Attributes attributes; // graph attributes
    Attributes nodeDefaults;
    Attributes edgeDefaults;
    QList<Cluster> clusters;
    QList<Node> nodes;
    QList<Edge> edges;
};

// DOT text of the graph: what cgraph's agwrite() writes, byte for byte, in
// time linear in the graph (agwrite checks every node and edge against every
// subgraph).
QByteArray write(const GvGraph &graph);

// The same text written by cgraph itself: the reference the tests compare
// write() with. Quadratic in the number of clusters; for small graphs.
QByteArray writeWithCgraph(const GvGraph &graph);

// Reads DOT text with cgraph. The text must already have passed
// validateDot(): cgraph aborts the process on some malformed input.
std::optional<GvGraph> read(const QByteArray &dot, QString *error);

// Checks DOT text against the language's grammar (and our size limits)
// without Graphviz, so nothing malformed ever reaches cgraph. On failure
// *error is "LINE:COLUMN: message".
bool validateDot(const QByteArray &dot, QString *error);

struct LayoutParameters
{
    QString rankdir = QStringLiteral("LR");
    double nodesep = 0.5; // inches
    double ranksep = 0.9; // inches
    // Caps on dot's network simplex and crossing minimisation, so a layout
    // never runs away on an awkward graph.
    int nslimit = 8;
    double mclimit = 0.5;
    int searchsize = 30;
};

struct LayoutGeometry
{
    // Top-left based, y down, in points (= canvas pixels).
    QMap<QString, QRectF> nodes;    // by node name
    QMap<QString, QRectF> clusters; // by cluster name
    QRectF bounds;
};

// Lays out with gvc's `dot` engine. Nodes need "width"/"height" attributes
// (inches); clusters are kept together. nullopt (with *error) on failure.
std::optional<LayoutGeometry> layoutWithDot(const GvGraph &graph, const LayoutParameters &params,
                                            QString *error);

} // namespace stackplan::graphviz
