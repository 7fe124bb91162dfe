#include "diagram/dot.h"

#include "core/designio.h"
#include "diagram/geometry.h"
#include "diagram/graphviz.h"
#include "diagram/import.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace stackplan {

using graphviz::Attributes;
using graphviz::GvGraph;

namespace {

const QString ClusterPrefix = QStringLiteral("cluster_");

QString number(double v)
{
    return QString::number(v, 'g', 15);
}

QString json(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

// Unknown keys travel as one JSON attribute; the pinned extension gets an
// attribute of its own, which other Graphviz tools can read.
void insertExtra(Attributes &a, QJsonObject extra)
{
    if (diagram::isPinned(extra))
        a.insert(QStringLiteral("pinned"), QStringLiteral("true"));
    extra.remove(QStringLiteral("pinned"));
    if (!extra.isEmpty())
        a.insert(QStringLiteral("extra"), json(extra));
}

std::optional<QJsonObject> parseJson(const QString &text)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

// Graphviz coordinates: points, y upwards; a node's pos is its centre.
QString nodePos(const QPointF &topLeft, double w, double h)
{
    return number(topLeft.x() + w / 2) + u',' + number(-(topLeft.y() + h / 2));
}

std::optional<QPointF> parsePos(const QString &text, double w, double h)
{
    QString t = text;
    if (t.endsWith(u'!'))
        t.chop(1);
    const QStringList parts = t.split(u',');
    if (parts.size() < 2)
        return std::nullopt;
    bool okX = false, okY = false;
    const double x = parts[0].toDouble(&okX);
    const double y = parts[1].toDouble(&okY);
    if (!okX || !okY)
        return std::nullopt;
    return QPointF(x - w / 2, -y - h / 2);
}

const char *shapeOf(Kind kind)
{
    switch (kind) {
    case Kind::Internet:
        return "ellipse";
    case Kind::Dns:
        return "note";
    case Kind::LoadBalancer:
        return "hexagon";
    case Kind::Database:
        return "cylinder";
    case Kind::Cache:
        return "box3d";
    case Kind::Firewall:
        return "trapezium";
    case Kind::Monitoring:
        return "parallelogram";
    case Kind::WebServer:
    case Kind::AppServer:
        return "box";
    }
    return "box";
}

QString hostTitle(const Host &host)
{
    QString title = host.effectiveHostname();
    if (!host.address.isEmpty())
        title += QStringLiteral("\\n") + host.address;
    return title;
}

} // namespace

QByteArray exportDot(const Design &design, const DotOptions &options)
{
    using diagram::ComponentHeight;
    using diagram::ComponentWidth;
    GvGraph g;
    g.name = QStringLiteral("stackplan");
    g.attributes.insert(QStringLiteral("stackplan"), QStringLiteral("1"));
    if (!design.name.isEmpty()) {
        g.attributes.insert(QStringLiteral("name"), design.name);
        g.attributes.insert(QStringLiteral("label"), design.name);
        g.attributes.insert(QStringLiteral("labelloc"), QStringLiteral("t"));
    }
    g.attributes.insert(QStringLiteral("domain"), design.domain);
    g.attributes.insert(QStringLiteral("rankdir"), options.rankdir);
    g.attributes.insert(QStringLiteral("fontname"), QStringLiteral("DejaVu Sans"));
    // Subgraphs inherit the root's graph attributes: the design's own keys
    // need a name no host uses.
    if (!design.extra.isEmpty())
        g.attributes.insert(QStringLiteral("design_extra"), json(design.extra));
    g.nodeDefaults.insert(QStringLiteral("fontname"), QStringLiteral("DejaVu Sans"));
    g.nodeDefaults.insert(QStringLiteral("style"), QStringLiteral("filled"));
    g.nodeDefaults.insert(QStringLiteral("fillcolor"), QStringLiteral("#f4f6f8"));
    g.edgeDefaults.insert(QStringLiteral("fontname"), QStringLiteral("DejaVu Sans"));
    g.edgeDefaults.insert(QStringLiteral("fontsize"), QStringLiteral("10"));

    for (const Host &h : design.hosts) {
        GvGraph::Cluster c;
        c.name = ClusterPrefix + h.id;
        Attributes &a = c.attributes;
        a.insert(QStringLiteral("label"), hostTitle(h));
        a.insert(QStringLiteral("style"), QStringLiteral("rounded"));
        if (!h.hostname.isEmpty())
            a.insert(QStringLiteral("hostname"), h.hostname);
        if (!h.address.isEmpty())
            a.insert(QStringLiteral("address"), h.address);
        if (!h.zone.isEmpty())
            a.insert(QStringLiteral("zone"), h.zone);
        if (h.firewallEnabled)
            a.insert(QStringLiteral("firewall"), QStringLiteral("true"));
        if (!h.firewallAllow.isEmpty()) {
            QStringList ports;
            for (const int p : h.firewallAllow)
                ports.append(QString::number(p));
            a.insert(QStringLiteral("firewall_allow"), ports.join(u','));
        }
        if (!h.firewallExtra.isEmpty())
            a.insert(QStringLiteral("firewall_extra"), json(h.firewallExtra));
        if (h.monitoring)
            a.insert(QStringLiteral("monitoring"), QStringLiteral("true"));
        if (h.position)
            a.insert(QStringLiteral("pos"),
                     number(h.position->x()) + u',' + number(-h.position->y()));
        insertExtra(a, h.extra);
        g.clusters.append(c);
    }
    // cgraph writes the nodes of clusters first and edges grouped by tail:
    // "seq" keeps the design's order.
    int seq = 0;
    for (const Component &c : design.components) {
        GvGraph::Node n;
        n.name = c.id;
        n.attributes.insert(QStringLiteral("seq"), QString::number(seq++));
        n.cluster = c.host.isEmpty() ? QString() : ClusterPrefix + c.host;
        Attributes &a = n.attributes;
        a.insert(QStringLiteral("kind"), kindName(c.kind));
        a.insert(QStringLiteral("label"), c.displayLabel());
        a.insert(QStringLiteral("shape"), QLatin1String(shapeOf(c.kind)));
        if (!c.label.isEmpty())
            a.insert(QStringLiteral("text"), c.label);
        if (!c.host.isEmpty())
            a.insert(QStringLiteral("host"), c.host);
        if (!c.settings.isEmpty())
            a.insert(QStringLiteral("settings"), json(c.settings));
        if (c.position) {
            const QRectF r = diagram::componentRect(design, c);
            a.insert(QStringLiteral("pos"), nodePos(r.topLeft(), ComponentWidth, ComponentHeight));
        }
        insertExtra(a, c.extra);
        g.nodes.append(n);
    }
    for (const Note &note : design.notes) {
        GvGraph::Node n;
        n.name = note.id;
        n.attributes.insert(QStringLiteral("seq"), QString::number(seq++));
        Attributes &a = n.attributes;
        a.insert(QStringLiteral("kind"), QStringLiteral("note"));
        a.insert(QStringLiteral("shape"), QStringLiteral("note"));
        a.insert(QStringLiteral("label"), note.text);
        a.insert(QStringLiteral("text"), note.text);
        if (note.position)
            a.insert(QStringLiteral("pos"),
                     nodePos(*note.position, diagram::NoteWidth, diagram::NoteHeight));
        insertExtra(a, note.extra);
        g.nodes.append(n);
    }
    for (const Link &l : design.links) {
        GvGraph::Edge e;
        e.tail = l.from;
        e.head = l.to;
        Attributes &a = e.attributes;
        a.insert(QStringLiteral("seq"), QString::number(seq++));
        a.insert(QStringLiteral("id"), l.id);
        const QString protocol = design.effectiveProtocol(l);
        const int port = design.effectivePort(l);
        QString shown =
            port > 0 ? protocol + QStringLiteral(" :") + QString::number(port) : protocol;
        if (!l.label.isEmpty())
            shown = l.label + QStringLiteral("\\n") + shown;
        a.insert(QStringLiteral("label"), shown);
        if (!l.protocol.isEmpty())
            a.insert(QStringLiteral("protocol"), l.protocol);
        if (l.port)
            a.insert(QStringLiteral("port"), QString::number(*l.port));
        if (!l.label.isEmpty())
            a.insert(QStringLiteral("text"), l.label);
        if (l.readsOnly)
            a.insert(QStringLiteral("reads_only"), QStringLiteral("true"));
        if (protocol == QStringLiteral("replication") || l.readsOnly)
            a.insert(QStringLiteral("style"), QStringLiteral("dashed"));
        if (!l.extra.isEmpty())
            a.insert(QStringLiteral("extra"), json(l.extra));
        g.edges.append(e);
    }
    return graphviz::write(g);
}

namespace {

// Our own DOT, back to exactly the design it came from.
ImportResult importOurs(const GvGraph &g)
{
    using diagram::ComponentHeight;
    using diagram::ComponentWidth;
    ImportResult result;
    Design d;
    const auto bySeq = [](const Attributes &a, const Attributes &b) {
        return a.value(QStringLiteral("seq")).toInt() < b.value(QStringLiteral("seq")).toInt();
    };
    QList<GvGraph::Node> nodes = g.nodes;
    std::stable_sort(nodes.begin(), nodes.end(),
                     [&](const GvGraph::Node &a, const GvGraph::Node &b) {
                         return bySeq(a.attributes, b.attributes);
                     });
    QList<GvGraph::Edge> edges = g.edges;
    std::stable_sort(edges.begin(), edges.end(),
                     [&](const GvGraph::Edge &a, const GvGraph::Edge &b) {
                         return bySeq(a.attributes, b.attributes);
                     });
    const auto fail = [&](const QString &what) {
        result.error = QStringLiteral("1:1: ") + what;
        return result;
    };
    d.name = g.attributes.value(QStringLiteral("name"));
    d.domain = g.attributes.value(QStringLiteral("domain"), DefaultDomain);
    if (g.attributes.contains(QStringLiteral("design_extra"))) {
        const auto extra = parseJson(g.attributes.value(QStringLiteral("design_extra")));
        if (!extra)
            return fail(QStringLiteral("graph attribute \"design_extra\" is not a JSON object"));
        d.extra = *extra;
    }
    const auto readExtra = [&](const Attributes &a, QJsonObject *out, const QString &where) {
        if (a.contains(QStringLiteral("extra"))) {
            const auto extra = parseJson(a.value(QStringLiteral("extra")));
            if (!extra) {
                result.error = QStringLiteral("1:1: %1: \"extra\" is not a JSON object").arg(where);
                return false;
            }
            *out = *extra;
        }
        if (a.value(QStringLiteral("pinned")) == QStringLiteral("true"))
            diagram::setPinned(*out, true);
        return true;
    };
    for (const GvGraph::Cluster &c : g.clusters) {
        if (!c.name.startsWith(ClusterPrefix))
            continue;
        Host h;
        h.id = c.name.mid(ClusterPrefix.size());
        const Attributes &a = c.attributes;
        h.hostname = a.value(QStringLiteral("hostname"));
        h.address = a.value(QStringLiteral("address"));
        h.zone = a.value(QStringLiteral("zone"));
        h.firewallEnabled = a.value(QStringLiteral("firewall")) == QStringLiteral("true");
        for (const QString &p :
             a.value(QStringLiteral("firewall_allow")).split(u',', Qt::SkipEmptyParts))
            h.firewallAllow.append(p.toInt());
        if (a.contains(QStringLiteral("firewall_extra"))) {
            const auto fx = parseJson(a.value(QStringLiteral("firewall_extra")));
            if (fx)
                h.firewallExtra = *fx;
        }
        h.monitoring = a.value(QStringLiteral("monitoring")) == QStringLiteral("true");
        if (a.contains(QStringLiteral("pos"))) {
            const auto p = parsePos(a.value(QStringLiteral("pos")), 0, 0);
            if (p)
                h.position = *p;
        }
        if (!readExtra(a, &h.extra, h.id))
            return result;
        d.hosts.append(h);
    }
    d.reindex();
    for (const GvGraph::Node &n : nodes) {
        const Attributes &a = n.attributes;
        const QString kind = a.value(QStringLiteral("kind"));
        if (kind == QStringLiteral("note")) {
            Note note;
            note.id = n.name;
            note.text = a.value(QStringLiteral("text"));
            if (a.contains(QStringLiteral("pos")))
                note.position = parsePos(a.value(QStringLiteral("pos")), diagram::NoteWidth,
                                         diagram::NoteHeight);
            if (!readExtra(a, &note.extra, note.id))
                return result;
            d.notes.append(note);
            continue;
        }
        Component c;
        c.id = n.name;
        const std::optional<Kind> k = kindFromName(kind);
        if (!k)
            return fail(QStringLiteral("node \"%1\": unknown kind \"%2\"").arg(n.name, kind));
        c.kind = *k;
        c.label = a.value(QStringLiteral("text"));
        c.host = a.value(QStringLiteral("host"));
        if (a.contains(QStringLiteral("settings"))) {
            const auto s = parseJson(a.value(QStringLiteral("settings")));
            if (!s)
                return fail(
                    QStringLiteral("node \"%1\": \"settings\" is not a JSON object").arg(n.name));
            c.settings = *s;
        }
        if (!readExtra(a, &c.extra, c.id))
            return result;
        if (a.contains(QStringLiteral("pos"))) {
            const auto p =
                parsePos(a.value(QStringLiteral("pos")), ComponentWidth, ComponentHeight);
            if (p) {
                QPointF rel = *p;
                if (const Host *h = d.host(c.host))
                    rel -= h->position.value_or(QPointF());
                c.position = rel;
            }
        }
        d.components.append(c);
    }
    for (const GvGraph::Edge &e : edges) {
        const Attributes &a = e.attributes;
        Link l;
        l.id = a.value(QStringLiteral("id"));
        l.from = e.tail;
        l.to = e.head;
        l.protocol = a.value(QStringLiteral("protocol"));
        if (a.contains(QStringLiteral("port")))
            l.port = a.value(QStringLiteral("port")).toInt();
        l.label = a.value(QStringLiteral("text"));
        l.readsOnly = a.value(QStringLiteral("reads_only")) == QStringLiteral("true");
        if (!readExtra(a, &l.extra, l.id))
            return result;
        d.links.append(l);
    }
    // Our own attributes are trusted for their structure only: a hand-edited
    // value must still pass every check of the file format.
    const LoadResult check = readDesign(writeDesign(d));
    if (!check.ok()) {
        const Diagnostic &first = check.errors.front();
        return fail(QStringLiteral("the design it describes is not valid: %1: %2")
                        .arg(first.path, first.message));
    }
    result.design = *check.design;
    return result;
}

} // namespace

ImportResult importDot(const QByteArray &text)
{
    ImportResult result;
    QString error;
    if (!graphviz::validateDot(text, &error)) {
        result.error = error;
        return result;
    }
    const std::optional<GvGraph> graph = graphviz::read(text, &error);
    if (!graph) {
        result.error = QStringLiteral("1:1: ") + error;
        return result;
    }
    if (graph->attributes.contains(QStringLiteral("stackplan")))
        return checkedImport(importOurs(*graph));

    // Someone else's graph: the same inference as for Mermaid.
    RawDiagram raw;
    QSet<QString> groupIds;
    for (const GvGraph::Cluster &c : graph->clusters) {
        RawGroup g;
        g.title = c.attributes.value(QStringLiteral("label"));
        g.title.replace(QStringLiteral("\\n"), QStringLiteral(" "));
        // Clusters are often named cluster_0, cluster_1: their label names
        // the machine better ("web-01 (10.0.0.5)" -> "web-01").
        QString id = g.title.section(u'(', 0, 0).simplified();
        if (id.isEmpty() || id.contains(u' '))
            id = c.name.startsWith(QStringLiteral("cluster")) ? c.name.mid(7) : c.name;
        while (id.startsWith(u'_'))
            id.remove(0, 1);
        if (id.isEmpty())
            id = c.name;
        for (int n = 2; groupIds.contains(id); ++n)
            id = id.section(u'#', 0, 0) + u'#' + QString::number(n);
        groupIds.insert(id);
        g.sourceId = id;
        if (g.title.isEmpty())
            g.title = id;
        raw.groups.append(g);
    }
    QHash<QString, QString> groupOfCluster;
    for (int i = 0; i < graph->clusters.size(); ++i)
        groupOfCluster.insert(graph->clusters[i].name, raw.groups[i].sourceId);
    for (const GvGraph::Node &n : graph->nodes) {
        RawNode r;
        r.sourceId = n.name;
        r.label = n.attributes.value(QStringLiteral("label"));
        r.label.replace(QStringLiteral("\\n"), QStringLiteral(" "));
        if (r.label.startsWith(u'<')) // an HTML label: its text
            r.label.remove(QRegularExpression(QStringLiteral("<[^>]*>")));
        r.label = r.label.simplified();
        const QString shape = n.attributes.value(QStringLiteral("shape"));
        r.cylinder = shape == QStringLiteral("cylinder");
        r.circle = shape == QStringLiteral("circle") || shape == QStringLiteral("doublecircle");
        r.kindHint = n.attributes.value(QStringLiteral("kind"));
        r.group = groupOfCluster.value(n.cluster);
        raw.nodes.append(r);
    }
    for (const GvGraph::Edge &e : graph->edges) {
        RawEdge r;
        r.from = e.tail;
        r.to = e.head;
        r.label = e.attributes.value(QStringLiteral("label"));
        r.label.replace(QStringLiteral("\\n"), QStringLiteral(" "));
        const QString style = e.attributes.value(QStringLiteral("style"));
        r.dotted =
            style.contains(QStringLiteral("dashed")) || style.contains(QStringLiteral("dotted"));
        r.invisible = style.contains(QStringLiteral("invis"));
        r.bidirectional = e.attributes.value(QStringLiteral("dir")) == QStringLiteral("both");
        r.reversedArrow = e.attributes.value(QStringLiteral("dir")) == QStringLiteral("back");
        raw.edges.append(r);
    }
    if (raw.nodes.isEmpty()) {
        result.error = QStringLiteral("1:1: the graph has no nodes");
        return result;
    }
    QString name = graph->attributes.value(QStringLiteral("label"));
    if (name.isEmpty() && !graph->name.startsWith(u'%'))
        name = graph->name;
    return buildDesign(raw, name);
}

} // namespace stackplan
