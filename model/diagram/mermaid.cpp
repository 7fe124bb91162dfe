#include "diagram/mermaid.h"

#include "core/schema.h"

#include <QSet>

namespace stackplan {

namespace {

// Words the flowchart grammar reads as keywords where an id is expected.
bool isReservedWord(const QString &id)
{
    static const QSet<QString> words = {
        QStringLiteral("end"),       QStringLiteral("graph"),       QStringLiteral("flowchart"),
        QStringLiteral("subgraph"),  QStringLiteral("style"),       QStringLiteral("class"),
        QStringLiteral("classdef"),  QStringLiteral("click"),       QStringLiteral("call"),
        QStringLiteral("href"),      QStringLiteral("linkstyle"),   QStringLiteral("default"),
        QStringLiteral("direction"), QStringLiteral("interpolate"), QStringLiteral("acctitle"),
        QStringLiteral("accdescr"),  QStringLiteral("tb"),          QStringLiteral("td"),
        QStringLiteral("bt"),        QStringLiteral("lr"),          QStringLiteral("rl"),
        QStringLiteral("_blank"),    QStringLiteral("_self"),       QStringLiteral("_parent"),
        QStringLiteral("_top"),      QStringLiteral("callback"),
    };
    return words.contains(id.toLower());
}

struct Shape
{
    const char *open;
    const char *close;
};

Shape shapeFor(Kind kind)
{
    switch (kind) {
    case Kind::Internet:
        return {"([", "])"}; // stadium: the people outside
    case Kind::Dns:
        return {">", "]"}; // flag
    case Kind::LoadBalancer:
        return {"{{", "}}"}; // hexagon
    case Kind::WebServer:
        return {"[", "]"};
    case Kind::AppServer:
        return {"(", ")"};
    case Kind::Database:
        return {"[(", ")]"}; // cylinder
    case Kind::Cache:
        return {"[[", "]]"};
    case Kind::Firewall:
        return {"[/", "\\]"}; // trapezoid
    case Kind::Monitoring:
        return {"[/", "/]"}; // parallelogram
    }
    return {"[", "]"};
}

// Fill and stroke per kind, matching the canvas palette's hues.
const char *classStyle(Kind kind)
{
    switch (kind) {
    case Kind::Internet:
        return "fill:#eef2f7,stroke:#5b6b7f,color:#1f2933";
    case Kind::Dns:
        return "fill:#f3eefa,stroke:#7a5bb0,color:#1f2933";
    case Kind::LoadBalancer:
        return "fill:#e6f0fb,stroke:#2f6fb3,color:#1f2933";
    case Kind::WebServer:
        return "fill:#e7f6ec,stroke:#2e8b57,color:#1f2933";
    case Kind::AppServer:
        return "fill:#fff4e0,stroke:#c77d12,color:#1f2933";
    case Kind::Database:
        return "fill:#fdeaea,stroke:#b83b3b,color:#1f2933";
    case Kind::Cache:
        return "fill:#fbeef5,stroke:#b0467f,color:#1f2933";
    case Kind::Firewall:
        return "fill:#fff0e6,stroke:#c0501f,color:#1f2933";
    case Kind::Monitoring:
        return "fill:#e8f7f7,stroke:#23878a,color:#1f2933";
    }
    return "";
}

QString hostTitle(const Host &host)
{
    QString title = host.effectiveHostname();
    if (!host.address.isEmpty())
        title += QStringLiteral(" (") + host.address + u')';
    return title;
}

QString linkText(const Design &design, const Link &link)
{
    const QString protocol = design.effectiveProtocol(link);
    const int port = design.effectivePort(link);
    QString text = protocol;
    if (port > 0)
        text += QStringLiteral(" :") + QString::number(port);
    if (link.readsOnly)
        text += QStringLiteral(" (reads)");
    if (!link.label.isEmpty())
        text = link.label + QStringLiteral(" · ") + text;
    return text;
}

void writeNode(QString &out, const Component &c, const QString &indent)
{
    const Shape shape = shapeFor(c.kind);
    out += indent + mermaidNodeId(c.id) + QLatin1String(shape.open) + u'"' +
           mermaidEscape(c.displayLabel()) + u'"' + QLatin1String(shape.close) +
           QStringLiteral(":::") + kindName(c.kind) + u'\n';
}

} // namespace

QString mermaidNodeId(const QString &elementId)
{
    QString id = elementId;
    id.replace(u'-', u'_');
    if (isReservedWord(id))
        id += QStringLiteral("_n");
    return id;
}

QString mermaidEscape(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar ch : text) {
        switch (ch.unicode()) {
        case '"':
            out += QStringLiteral("#quot;");
            break;
        case '#':
            out += QStringLiteral("#35;");
            break;
        case '<':
            out += QStringLiteral("#lt;");
            break;
        case '>':
            out += QStringLiteral("#gt;");
            break;
        case '&':
            out += QStringLiteral("#amp;");
            break;
        case '`':
            out += QStringLiteral("#96;");
            break;
        case '|':
            out += QStringLiteral("#124;");
            break;
        case '\n':
        case '\r':
        case '\t':
            out += u' ';
            break;
        default:
            // Other control characters would end the statement or confuse
            // the lexer; they carry nothing a reader could see.
            if (ch.unicode() >= 0x20)
                out += ch;
        }
    }
    return out;
}

QString exportMermaid(const Design &design, const MermaidOptions &options)
{
    static const QStringList directions = {QStringLiteral("LR"), QStringLiteral("TB"),
                                           QStringLiteral("RL"), QStringLiteral("BT"),
                                           QStringLiteral("TD")};
    const QString direction =
        directions.contains(options.direction) ? options.direction : QStringLiteral("LR");

    QString body;
    body += QStringLiteral("flowchart ") + direction + u'\n';

    // Hosts first, in file order, each with its components in file order;
    // then the components with no host. Ids never depend on anything but the
    // design, so the text is stable.
    QSet<QString> placed;
    if (options.hostSubgraphs) {
        for (const Host &host : design.hosts) {
            const QList<const Component *> on = design.componentsOnHost(host.id);
            body += QStringLiteral("    subgraph ") + mermaidNodeId(host.id) +
                    QStringLiteral("[\"") + mermaidEscape(hostTitle(host)) +
                    QStringLiteral("\"]\n");
            for (const Component *c : on) {
                writeNode(body, *c, QStringLiteral("        "));
                placed.insert(c->id);
            }
            body += QStringLiteral("    end\n");
        }
    }
    for (const Component &c : design.components) {
        if (!placed.contains(c.id))
            writeNode(body, c, QStringLiteral("    "));
    }

    int edges = 0;
    for (const Link &link : design.links) {
        if (!design.component(link.from) || !design.component(link.to))
            continue;
        const QString protocol = design.effectiveProtocol(link);
        // Replication and read-only traffic are secondary: dotted.
        const bool dotted = protocol == QStringLiteral("replication") || link.readsOnly;
        body += QStringLiteral("    ") + mermaidNodeId(link.from) +
                (dotted ? QStringLiteral(" -.->|\"") : QStringLiteral(" -->|\"")) +
                mermaidEscape(linkText(design, link)) + QStringLiteral("\"| ") +
                mermaidNodeId(link.to) + u'\n';
        ++edges;
    }

    if (options.styles) {
        QSet<Kind> used;
        for (const Component &c : design.components)
            used.insert(c.kind);
        for (const Kind kind : allKinds()) {
            if (used.contains(kind))
                body += QStringLiteral("    classDef ") + kindName(kind) + u' ' +
                        QLatin1String(classStyle(kind)) + u'\n';
        }
    }

    QString head;
    if (options.titleComment && !design.name.isEmpty())
        head += QStringLiteral("%% ") + mermaidEscape(design.name) + u'\n';

    const bool big = edges > MermaidDefaultMaxEdges ||
                     body.size() + head.size() > MermaidDefaultMaxTextSize - 512;
    if (options.limits == MermaidOptions::Limits::Always ||
        (options.limits == MermaidOptions::Limits::Auto && big)) {
        // Generous headroom over this chart's own size. Renderers that lock
        // these keys (they are "secure" in recent Mermaid) need the same
        // values passed to mermaid.initialize() instead, as the comment says.
        const int maxEdges = std::max(MermaidDefaultMaxEdges, edges * 2);
        const int maxText = std::max<int>(MermaidDefaultMaxTextSize, int(body.size()) * 2 + 4096);
        const QString init = QStringLiteral("%%{init: {\"maxEdges\": %1, \"maxTextSize\": %2}}%%\n")
                                 .arg(maxEdges)
                                 .arg(maxText);
        head = init + head +
               QStringLiteral("%% Larger than Mermaid's default limits (500 edges, 50000 "
                              "characters): if your renderer ignores the init directive, call "
                              "mermaid.initialize({maxEdges: %1, maxTextSize: %2}).\n")
                   .arg(maxEdges)
                   .arg(maxText);
    }
    return head + body;
}

} // namespace stackplan
