#include "diagram/drawio.h"

#include "diagram/geometry.h"

#include <QXmlStreamWriter>

namespace stackplan {

using namespace diagram;

namespace {

QString styleOf(Kind kind)
{
    const QString common = QStringLiteral("whiteSpace=wrap;html=1;fontFamily=DejaVu Sans;");
    switch (kind) {
    case Kind::Internet:
        return QStringLiteral("ellipse;shape=cloud;fillColor=#eef2f7;strokeColor=#5b6b7f;") +
               common;
    case Kind::Dns:
        return QStringLiteral("shape=document;boundedLbl=1;size=0.2;fillColor=#f3eefa;"
                              "strokeColor=#7a5bb0;") +
               common;
    case Kind::LoadBalancer:
        return QStringLiteral("shape=hexagon;perimeter=hexagonPerimeter2;size=0.15;"
                              "fillColor=#e6f0fb;strokeColor=#2f6fb3;") +
               common;
    case Kind::WebServer:
        return QStringLiteral("rounded=1;fillColor=#e7f6ec;strokeColor=#2e8b57;") + common;
    case Kind::AppServer:
        return QStringLiteral("rounded=1;arcSize=30;fillColor=#fff4e0;strokeColor=#c77d12;") +
               common;
    case Kind::Database:
        return QStringLiteral("shape=cylinder3;boundedLbl=1;backgroundOutline=1;size=12;"
                              "fillColor=#fdeaea;strokeColor=#b83b3b;") +
               common;
    case Kind::Cache:
        return QStringLiteral("shape=process;backgroundOutline=1;fillColor=#fbeef5;"
                              "strokeColor=#b0467f;") +
               common;
    case Kind::Firewall:
        return QStringLiteral("shape=trapezoid;perimeter=trapezoidPerimeter;fixedSize=1;size=16;"
                              "fillColor=#fff0e6;strokeColor=#c0501f;") +
               common;
    case Kind::Monitoring:
        return QStringLiteral("shape=parallelogram;perimeter=parallelogramPerimeter;fixedSize=1;"
                              "size=14;fillColor=#e8f7f7;strokeColor=#23878a;") +
               common;
    }
    return common;
}

QString number(double v)
{
    return QString::number(v, 'g', 12);
}

void geometry(QXmlStreamWriter &xml, const QRectF &r)
{
    xml.writeStartElement(QStringLiteral("mxGeometry"));
    xml.writeAttribute(QStringLiteral("x"), number(r.x()));
    xml.writeAttribute(QStringLiteral("y"), number(r.y()));
    xml.writeAttribute(QStringLiteral("width"), number(r.width()));
    xml.writeAttribute(QStringLiteral("height"), number(r.height()));
    xml.writeAttribute(QStringLiteral("as"), QStringLiteral("geometry"));
    xml.writeEndElement();
}

} // namespace

QByteArray exportDrawio(const Design &design)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.setAutoFormattingIndent(2);
    const QRectF bounds = designBounds(design);

    xml.writeStartElement(QStringLiteral("mxfile"));
    xml.writeAttribute(QStringLiteral("host"), QStringLiteral("Stackplan"));
    xml.writeAttribute(QStringLiteral("agent"), QStringLiteral("Stackplan"));
    xml.writeAttribute(QStringLiteral("version"), QStringLiteral("21.0.0"));
    xml.writeAttribute(QStringLiteral("type"), QStringLiteral("device"));
    xml.writeStartElement(QStringLiteral("diagram"));
    xml.writeAttribute(QStringLiteral("id"), QStringLiteral("stackplan"));
    xml.writeAttribute(QStringLiteral("name"),
                       design.name.isEmpty() ? QStringLiteral("Design") : design.name);
    xml.writeStartElement(QStringLiteral("mxGraphModel"));
    const QList<QPair<QString, QString>> modelAttrs = {
        {QStringLiteral("dx"), QStringLiteral("0")},
        {QStringLiteral("dy"), QStringLiteral("0")},
        {QStringLiteral("grid"), QStringLiteral("1")},
        {QStringLiteral("gridSize"), QStringLiteral("10")},
        {QStringLiteral("guides"), QStringLiteral("1")},
        {QStringLiteral("tooltips"), QStringLiteral("1")},
        {QStringLiteral("connect"), QStringLiteral("1")},
        {QStringLiteral("arrows"), QStringLiteral("1")},
        {QStringLiteral("fold"), QStringLiteral("1")},
        {QStringLiteral("page"), QStringLiteral("1")},
        {QStringLiteral("pageScale"), QStringLiteral("1")},
        {QStringLiteral("pageWidth"), number(std::max(850.0, bounds.right() + 40))},
        {QStringLiteral("pageHeight"), number(std::max(1100.0, bounds.bottom() + 40))},
        {QStringLiteral("math"), QStringLiteral("0")},
        {QStringLiteral("shadow"), QStringLiteral("0")},
    };
    for (const auto &[k, v] : modelAttrs)
        xml.writeAttribute(k, v);
    xml.writeStartElement(QStringLiteral("root"));
    xml.writeStartElement(QStringLiteral("mxCell"));
    xml.writeAttribute(QStringLiteral("id"), QStringLiteral("0"));
    xml.writeEndElement();
    xml.writeStartElement(QStringLiteral("mxCell"));
    xml.writeAttribute(QStringLiteral("id"), QStringLiteral("1"));
    xml.writeAttribute(QStringLiteral("parent"), QStringLiteral("0"));
    xml.writeEndElement();

    // Containers first so their children can refer to them.
    for (const Host &h : design.hosts) {
        QString title = h.effectiveHostname().toHtmlEscaped();
        if (!h.address.isEmpty())
            title += QStringLiteral("<br><font style=\"font-size:10px\">") +
                     h.address.toHtmlEscaped() + QStringLiteral("</font>");
        xml.writeStartElement(QStringLiteral("mxCell"));
        xml.writeAttribute(QStringLiteral("id"), h.id);
        xml.writeAttribute(QStringLiteral("value"), title);
        xml.writeAttribute(
            QStringLiteral("style"),
            QStringLiteral("swimlane;container=1;collapsible=0;rounded=1;arcSize=6;startSize=%1;"
                           "html=1;fillColor=#f7f8fa;swimlaneFillColor=#ffffff;strokeColor=#8a96a3;"
                           "fontStyle=1;fontFamily=DejaVu Sans;")
                .arg(number(HostHeader - 8)));
        xml.writeAttribute(QStringLiteral("vertex"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("parent"), QStringLiteral("1"));
        geometry(xml, hostRect(design, h));
        xml.writeEndElement();
    }
    for (const Component &c : design.components) {
        const Host *host = design.hostOf(c);
        QRectF r = componentRect(design, c);
        if (host)
            r.translate(-host->position.value_or(QPointF()));
        xml.writeStartElement(QStringLiteral("mxCell"));
        xml.writeAttribute(QStringLiteral("id"), c.id);
        xml.writeAttribute(QStringLiteral("value"), c.displayLabel().toHtmlEscaped());
        xml.writeAttribute(QStringLiteral("style"), styleOf(c.kind));
        xml.writeAttribute(QStringLiteral("vertex"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("parent"), host ? host->id : QStringLiteral("1"));
        geometry(xml, r);
        xml.writeEndElement();
    }
    for (const Note &n : design.notes) {
        xml.writeStartElement(QStringLiteral("mxCell"));
        xml.writeAttribute(QStringLiteral("id"), n.id);
        xml.writeAttribute(QStringLiteral("value"), n.text.toHtmlEscaped());
        xml.writeAttribute(QStringLiteral("style"),
                           QStringLiteral("shape=note;size=14;whiteSpace=wrap;html=1;align=left;"
                                          "spacingLeft=6;fillColor=#fff9db;strokeColor=#c9b458;"
                                          "fontFamily=DejaVu Sans;"));
        xml.writeAttribute(QStringLiteral("vertex"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("parent"), QStringLiteral("1"));
        geometry(xml, noteRect(n));
        xml.writeEndElement();
    }
    for (const Link &l : design.links) {
        if (!design.component(l.from) || !design.component(l.to))
            continue;
        const QString protocol = design.effectiveProtocol(l);
        const int port = design.effectivePort(l);
        QString value =
            port > 0 ? protocol + QStringLiteral(" :") + QString::number(port) : protocol;
        if (!l.label.isEmpty())
            value = l.label.toHtmlEscaped() + QStringLiteral("<br>") + value;
        const bool dashed = protocol == QStringLiteral("replication") || l.readsOnly;
        xml.writeStartElement(QStringLiteral("mxCell"));
        xml.writeAttribute(QStringLiteral("id"), l.id);
        xml.writeAttribute(QStringLiteral("value"), value);
        xml.writeAttribute(QStringLiteral("style"),
                           QStringLiteral("edgeStyle=orthogonalEdgeStyle;rounded=1;html=1;"
                                          "endArrow=block;endFill=1;strokeColor=#4a5562;"
                                          "fontSize=10;labelBackgroundColor=#ffffff;"
                                          "fontFamily=DejaVu Sans;") +
                               (dashed ? QStringLiteral("dashed=1;") : QString()));
        xml.writeAttribute(QStringLiteral("edge"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("parent"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("source"), l.from);
        xml.writeAttribute(QStringLiteral("target"), l.to);
        xml.writeStartElement(QStringLiteral("mxGeometry"));
        xml.writeAttribute(QStringLiteral("relative"), QStringLiteral("1"));
        xml.writeAttribute(QStringLiteral("as"), QStringLiteral("geometry"));
        xml.writeEndElement();
        xml.writeEndElement();
    }
    xml.writeEndElement(); // root
    xml.writeEndElement(); // mxGraphModel
    xml.writeEndElement(); // diagram
    xml.writeEndElement(); // mxfile
    xml.writeEndDocument();
    if (!out.endsWith('\n'))
        out += '\n';
    return out;
}

} // namespace stackplan
