// Reads Mermaid flowcharts as people write them in READMEs into a
// RawDiagram; buildDesign() does the inference.
#include "diagram/import.h"

#include <QHash>
#include <QRegularExpression>

namespace stackplan {

namespace {

struct Shape
{
    QString open;
    QString close;
    bool cylinder = false;
    bool circle = false;
};

// Longest openings first so "([" wins over "(".
const QList<Shape> &shapes()
{
    static const QList<Shape> list = {
        {QStringLiteral("((("), QStringLiteral(")))"), false, true},
        {QStringLiteral("(("), QStringLiteral("))"), false, true},
        {QStringLiteral("(["), QStringLiteral("])"), false, false},
        {QStringLiteral("[("), QStringLiteral(")]"), true, false},
        {QStringLiteral("[["), QStringLiteral("]]"), false, false},
        {QStringLiteral("[/"), QStringLiteral("/]"), false, false},
        {QStringLiteral("[/"), QStringLiteral("\\]"), false, false},
        {QStringLiteral("[\\"), QStringLiteral("\\]"), false, false},
        {QStringLiteral("[\\"), QStringLiteral("/]"), false, false},
        {QStringLiteral("{{"), QStringLiteral("}}"), false, false},
        {QStringLiteral("("), QStringLiteral(")"), false, false},
        {QStringLiteral("["), QStringLiteral("]"), false, false},
        {QStringLiteral("{"), QStringLiteral("}"), false, false},
        {QStringLiteral(">"), QStringLiteral("]"), false, false},
    };
    return list;
}

QString decodeEntities(QString text)
{
    static const QRegularExpression numeric(QStringLiteral("#(\\d+);"));
    QRegularExpressionMatch m;
    qsizetype from = 0;
    while ((m = numeric.match(text, from)).hasMatch()) {
        const QString ch = QString(QChar(char16_t(m.captured(1).toUInt())));
        text.replace(m.capturedStart(0), m.capturedLength(0), ch);
        from = m.capturedStart(0) + ch.size();
    }
    static const QList<QPair<QString, QString>> named = {
        {QStringLiteral("#quot;"), QStringLiteral("\"")},
        {QStringLiteral("#lt;"), QStringLiteral("<")},
        {QStringLiteral("#gt;"), QStringLiteral(">")},
        {QStringLiteral("#amp;"), QStringLiteral("&")},
        {QStringLiteral("&quot;"), QStringLiteral("\"")},
        {QStringLiteral("&lt;"), QStringLiteral("<")},
        {QStringLiteral("&gt;"), QStringLiteral(">")},
        {QStringLiteral("&amp;"), QStringLiteral("&")},
        {QStringLiteral("&nbsp;"), QStringLiteral(" ")},
    };
    for (const auto &[from2, to] : named)
        text.replace(from2, to);
    return text;
}

// "<br/>", markdown strings and icons ("fa:fa-server") out of a label.
QString cleanLabel(QString text)
{
    text = text.trimmed();
    if (text.size() >= 2 && text.startsWith(u'"') && text.endsWith(u'"'))
        text = text.mid(1, text.size() - 2);
    if (text.size() >= 2 && text.startsWith(u'`') && text.endsWith(u'`'))
        text = text.mid(1, text.size() - 2);
    static const QRegularExpression br(QStringLiteral("<br\\s*/?>"),
                                       QRegularExpression::CaseInsensitiveOption);
    text.replace(br, QStringLiteral(" "));
    static const QRegularExpression tags(QStringLiteral("</?[a-zA-Z][^>]*>"));
    text.remove(tags);
    static const QRegularExpression icon(QStringLiteral("\\bfa[bsr]?:fa-[a-z0-9-]+\\s*"));
    text.remove(icon);
    text.replace(QStringLiteral("**"), QString());
    text.replace(QStringLiteral("\\n"), QStringLiteral(" "));
    return decodeEntities(text).simplified();
}

class Parser
{
public:
    RawDiagram raw;
    QString error;

    bool parse(const QString &input)
    {
        QString text = input;
        text.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
        const QStringList lines = text.split(u'\n');
        int lineNo = 0;
        bool headerSeen = false;
        bool frontmatter = false;
        for (const QString &rawLine : lines) {
            ++lineNo;
            m_line = lineNo;
            QString line = rawLine;
            const QString trimmed = line.trimmed();
            if (!headerSeen && trimmed == QStringLiteral("---")) {
                frontmatter = !frontmatter;
                continue;
            }
            if (frontmatter)
                continue;
            // Comments and directives ("%%{init: ...}%%").
            if (trimmed.startsWith(QStringLiteral("%%")))
                continue;
            if (trimmed.isEmpty())
                continue;
            for (const QString &statement : splitStatements(line)) {
                const QString s = statement.trimmed();
                if (s.isEmpty())
                    continue;
                if (!headerSeen) {
                    static const QRegularExpression header(
                        QStringLiteral(
                            "^(graph|flowchart|flowchart-elk)(\\s+(TB|TD|BT|RL|LR))?\\s*$"),
                        QRegularExpression::CaseInsensitiveOption);
                    if (!header.match(s).hasMatch()) {
                        error = QStringLiteral("%1:1: expected \"flowchart\" or \"graph\" (only "
                                               "Mermaid flowcharts can be imported)")
                                    .arg(lineNo);
                        return false;
                    }
                    headerSeen = true;
                    continue;
                }
                if (!statementLine(s))
                    return false;
            }
        }
        if (!headerSeen) {
            error = QStringLiteral("1:1: no flowchart found");
            return false;
        }
        if (!m_groupStack.isEmpty()) {
            error = QStringLiteral("%1:1: subgraph \"%2\" is never closed with \"end\"")
                        .arg(lineNo)
                        .arg(m_groupStack.last());
            return false;
        }
        return true;
    }

private:
    // Splits on ';' outside quotes and brackets.
    QStringList splitStatements(const QString &line) const
    {
        QStringList out;
        QString current;
        bool quoted = false;
        int depth = 0;
        for (int i = 0; i < line.size(); ++i) {
            const QChar ch = line[i];
            if (ch == u'"')
                quoted = !quoted;
            if (!quoted) {
                if (ch == u'[' || ch == u'(' || ch == u'{')
                    ++depth;
                else if ((ch == u']' || ch == u')' || ch == u'}') && depth > 0)
                    --depth;
                else if (ch == u';' && depth == 0) {
                    out.append(current);
                    current.clear();
                    continue;
                }
                // A trailing "%% comment" after a statement.
                if (ch == u'%' && i + 1 < line.size() && line[i + 1] == u'%' && depth == 0)
                    break;
            }
            current += ch;
        }
        out.append(current);
        return out;
    }

    bool fail(const QString &message, int column = 1)
    {
        error = QStringLiteral("%1:%2: %3").arg(m_line).arg(column).arg(message);
        return false;
    }

    bool statementLine(const QString &s)
    {
        static const QRegularExpression keyword(QStringLiteral("^([A-Za-z]+)\\b"));
        const QString first = keyword.match(s).captured(1);
        if (first == QStringLiteral("subgraph"))
            return subgraph(s.mid(8).trimmed());
        if (first == QStringLiteral("end") && s.trimmed() == QStringLiteral("end")) {
            if (m_groupStack.isEmpty())
                return fail(QStringLiteral("\"end\" without a subgraph"));
            m_groupStack.removeLast();
            return true;
        }
        if (first == QStringLiteral("direction") || first == QStringLiteral("style") ||
            first == QStringLiteral("linkStyle") || first == QStringLiteral("classDef") ||
            first == QStringLiteral("click") || first == QStringLiteral("accTitle") ||
            first == QStringLiteral("accDescr"))
            return true;
        if (first == QStringLiteral("class")) {
            // "class a,b database": our own export's kinds, or a user's classes.
            const QStringList parts = s.mid(5).trimmed().split(u' ', Qt::SkipEmptyParts);
            if (parts.size() >= 2) {
                for (const QString &id : parts[0].split(u','))
                    setClass(id.trimmed(), parts[1]);
            }
            return true;
        }
        return chain(s);
    }

    bool subgraph(const QString &rest)
    {
        RawGroup g;
        static const QRegularExpression withTitle(
            QStringLiteral("^([^\\s\\[\"]+)\\s*\\[\\s*(.*)\\s*\\]$"));
        const QRegularExpressionMatch m = withTitle.match(rest);
        if (m.hasMatch()) {
            g.sourceId = m.captured(1);
            g.title = cleanLabel(m.captured(2));
        } else if (rest.startsWith(u'"')) {
            g.title = cleanLabel(rest);
            g.sourceId = QStringLiteral("subgraph-%1").arg(raw.groups.size() + 1);
        } else if (rest.contains(u' ')) {
            g.title = rest.trimmed();
            g.sourceId = QStringLiteral("subgraph-%1").arg(raw.groups.size() + 1);
        } else if (!rest.isEmpty()) {
            g.sourceId = rest;
            g.title = rest;
        } else {
            g.sourceId = QStringLiteral("subgraph-%1").arg(raw.groups.size() + 1);
        }
        g.parent = m_groupStack.isEmpty() ? QString() : m_groupStack.last();
        raw.groups.append(g);
        m_groups.insert(g.sourceId);
        m_groupStack.append(g.sourceId);
        return true;
    }

    void setClass(const QString &id, const QString &cls)
    {
        const auto it = m_nodeIndex.constFind(id);
        if (it != m_nodeIndex.constEnd()) {
            raw.nodes[*it].kindHint = cls;
            if (cls == QStringLiteral("database") || cls == QStringLiteral("db"))
                raw.nodes[*it].cylinder = true;
        } else {
            m_pendingClass.insert(id, cls);
        }
    }

    // One node reference at m_pos: id, optional shape and label, optional class.
    bool node(const QString &s, int &pos, QString *id)
    {
        skipSpace(s, pos);
        const int start = pos;
        while (pos < s.size()) {
            const QChar ch = s[pos];
            if (ch.isLetterOrNumber() || ch == u'_') {
                ++pos;
            } else if ((ch == u'-' || ch == u'.') && pos + 1 < s.size() &&
                       (s[pos + 1].isLetterOrNumber() || s[pos + 1] == u'_') && pos > start) {
                ++pos;
            } else {
                break;
            }
        }
        if (pos == start)
            return fail(QStringLiteral("expected a node id"), pos + 1);
        *id = s.mid(start, pos - start);
        if (*id == QStringLiteral("end") || *id == QStringLiteral("subgraph"))
            return fail(QStringLiteral("\"%1\" cannot be a node id").arg(*id), start + 1);
        RawNode n;
        n.sourceId = *id;
        bool haveLabel = false;
        // "A@{ shape: cyl, label: "DB" }" (Mermaid 11)
        if (s.mid(pos, 2) == QStringLiteral("@{")) {
            const int close = s.indexOf(u'}', pos);
            if (close < 0)
                return fail(QStringLiteral("unclosed \"@{\""), pos + 1);
            const QString body = s.mid(pos + 2, close - pos - 2);
            static const QRegularExpression shape(QStringLiteral("shape\\s*:\\s*([a-z-]+)"));
            static const QRegularExpression label(QStringLiteral("label\\s*:\\s*\"([^\"]*)\""));
            const QString shapeName = shape.match(body).captured(1);
            n.cylinder =
                shapeName == QStringLiteral("cyl") || shapeName == QStringLiteral("cylinder") ||
                shapeName == QStringLiteral("db") || shapeName == QStringLiteral("database") ||
                shapeName == QStringLiteral("h-cyl") || shapeName == QStringLiteral("lin-cyl");
            n.circle = shapeName == QStringLiteral("circle") ||
                       shapeName == QStringLiteral("circ") ||
                       shapeName == QStringLiteral("dbl-circ");
            const QRegularExpressionMatch lm = label.match(body);
            if (lm.hasMatch()) {
                n.label = cleanLabel(lm.captured(1));
                haveLabel = true;
            }
            pos = close + 1;
        } else {
            for (const Shape &shape : shapes()) {
                if (s.mid(pos, shape.open.size()) != shape.open)
                    continue;
                int textStart = pos + int(shape.open.size());
                int end = -1;
                // A quoted label may hold anything but a quote.
                int scan = textStart;
                while (scan < s.size() && s[scan] == u' ')
                    ++scan;
                if (scan < s.size() && s[scan] == u'"') {
                    const int q = s.indexOf(u'"', scan + 1);
                    if (q < 0)
                        return fail(QStringLiteral("unclosed quote"), scan + 1);
                    end = s.indexOf(shape.close, q + 1);
                } else {
                    end = s.indexOf(shape.close, textStart);
                }
                if (end < 0)
                    continue; // maybe another shape with the same opening
                n.label = cleanLabel(s.mid(textStart, end - textStart));
                n.cylinder = shape.cylinder;
                n.circle = shape.circle;
                haveLabel = true;
                pos = end + int(shape.close.size());
                break;
            }
        }
        if (s.mid(pos, 3) == QStringLiteral(":::")) {
            pos += 3;
            const int cs = pos;
            while (pos < s.size() &&
                   (s[pos].isLetterOrNumber() || s[pos] == u'_' || s[pos] == u'-'))
                ++pos;
            n.kindHint = s.mid(cs, pos - cs);
        }
        if (m_groups.contains(*id)) // a link to a whole subgraph: skip the node
            return true;
        const auto it = m_nodeIndex.constFind(*id);
        if (it == m_nodeIndex.constEnd()) {
            n.group = m_groupStack.isEmpty() ? QString() : m_groupStack.last();
            if (m_pendingClass.contains(*id))
                n.kindHint = m_pendingClass.take(*id);
            m_nodeIndex.insert(*id, int(raw.nodes.size()));
            raw.nodes.append(n);
        } else {
            RawNode &existing = raw.nodes[*it];
            if (haveLabel) {
                existing.label = n.label;
                existing.cylinder = existing.cylinder || n.cylinder;
                existing.circle = existing.circle || n.circle;
            }
            if (!n.kindHint.isEmpty())
                existing.kindHint = n.kindHint;
            // A node first mentioned outside and then declared inside a
            // subgraph belongs to the subgraph, as in Mermaid.
            if (!m_groupStack.isEmpty() && existing.group.isEmpty())
                existing.group = m_groupStack.last();
        }
        return true;
    }

    static void skipSpace(const QString &s, int &pos)
    {
        while (pos < s.size() && s[pos].isSpace())
            ++pos;
    }

    // A link at pos: its kind and label. false when there is none.
    bool link(const QString &s, int &pos, RawEdge *edge)
    {
        skipSpace(s, pos);
        const QString rest = s.mid(pos);
        // "-- text -->", "== text ==>", "-. text .->"
        static const QRegularExpression labelled(
            QStringLiteral("^(<)?(--|==|-\\.)(?![->=.])\\s*(\"[^\"]*\"|[^\"]*?)\\s*(-{2,}>|-{3,}|={"
                           "2,}>|={3,}|\\.-+>|\\.-+|-{2,}[ox](?![A-Za-z0-9_])|={2,}[ox](?![A-Za-z0-"
                           "9_])|\\.-+[ox](?![A-Za-z0-9_]))"));
        static const QRegularExpression plain(QStringLiteral(
            "^(<|o(?=[-=])|x(?=[-=]))?(-{2,}>|-{3,}|={2,}>|={3,}|-?\\.+-+>|-\\.+-|-{2,}[ox](?![A-"
            "Za-z0-9_])|={2,}[ox](?![A-Za-z0-9_])|-\\.+-[ox](?![A-Za-z0-9_])|~{3,})"));
        QRegularExpressionMatch m = plain.match(rest);
        QString arrow;
        if (m.hasMatch()) {
            arrow = m.captured(2);
            edge->bidirectional = !m.captured(1).isEmpty() && arrow.endsWith(u'>');
            edge->reversedArrow = !m.captured(1).isEmpty() && !arrow.endsWith(u'>');
            pos += int(m.capturedLength(0));
        } else if ((m = labelled.match(rest)).hasMatch()) {
            arrow = m.captured(2) + m.captured(4);
            edge->label = cleanLabel(m.captured(3));
            edge->bidirectional = !m.captured(1).isEmpty() && arrow.endsWith(u'>');
            edge->reversedArrow = !m.captured(1).isEmpty() && !arrow.endsWith(u'>');
            pos += int(m.capturedLength(0));
        } else {
            return false;
        }
        edge->dotted = arrow.contains(u'.');
        edge->invisible = arrow.startsWith(u'~');
        // "-->|text|"
        skipSpace(s, pos);
        if (pos < s.size() && s[pos] == u'|') {
            const int close = s.indexOf(u'|', pos + 1);
            if (close < 0)
                return fail(QStringLiteral("unclosed \"|\" of a link label"), pos + 1);
            edge->label = cleanLabel(s.mid(pos + 1, close - pos - 1));
            pos = close + 1;
        }
        edge->line = m_line;
        return true;
    }

    // "A & B --> C -->|x| D & E"
    bool chain(const QString &s)
    {
        int pos = 0;
        QStringList left;
        QString id;
        // Mermaid 11 edge ids ("A e1@--> B") are skipped with the rest.
        static const QRegularExpression edgeId(QStringLiteral("^\\s*[A-Za-z0-9_]+@(?=[-=.~<ox])"));
        if (!node(s, pos, &id))
            return false;
        left.append(id);
        for (;;) {
            skipSpace(s, pos);
            if (pos >= s.size())
                break;
            if (s[pos] == u'&') {
                ++pos;
                if (!node(s, pos, &id))
                    return false;
                left.append(id);
                continue;
            }
            const QRegularExpressionMatch em = edgeId.match(s.mid(pos));
            if (em.hasMatch())
                pos += int(em.capturedLength(0));
            RawEdge edge;
            const int linkStart = pos;
            if (!link(s, pos, &edge)) {
                if (!error.isEmpty())
                    return false;
                return fail(
                    QStringLiteral("expected a link (-->, ---, -.->, ==>) or \"&\", found \"%1\"")
                        .arg(s.mid(linkStart, 12)),
                    linkStart + 1);
            }
            QStringList right;
            if (!node(s, pos, &id))
                return false;
            right.append(id);
            for (;;) {
                skipSpace(s, pos);
                if (pos < s.size() && s[pos] == u'&') {
                    ++pos;
                    if (!node(s, pos, &id))
                        return false;
                    right.append(id);
                    continue;
                }
                break;
            }
            for (const QString &from : left) {
                for (const QString &to : right) {
                    if (m_groups.contains(from) || m_groups.contains(to)) {
                        raw.notes.append(QStringLiteral("line %1: link between %2 and %3 joins a "
                                                        "subgraph, not a box; dropped")
                                             .arg(m_line)
                                             .arg(from, to));
                        continue;
                    }
                    RawEdge e = edge;
                    e.from = from;
                    e.to = to;
                    raw.edges.append(e);
                }
            }
            left = right;
        }
        return true;
    }

    int m_line = 0;
    QStringList m_groupStack;
    QSet<QString> m_groups;
    QHash<QString, int> m_nodeIndex;
    QHash<QString, QString> m_pendingClass;
};

} // namespace

ImportResult importMermaid(const QString &text)
{
    Parser parser;
    if (!parser.parse(text)) {
        ImportResult result;
        result.error = parser.error;
        return result;
    }
    if (parser.raw.nodes.isEmpty()) {
        ImportResult result;
        result.error = QStringLiteral("1:1: the flowchart has no nodes");
        return result;
    }
    return buildDesign(parser.raw, QString());
}

} // namespace stackplan
