// Diagram export, import and layout: golden outputs per template, the real
// Mermaid parser and Graphviz's dot on every output, round trips, the import
// corpus, layout without overlaps, and the verbs end to end.
#include "core/designio.h"
#include "core/templates.h"
#include "diagram/dot.h"
#include "diagram/drawio.h"
#include "diagram/geometry.h"
#include "diagram/graphviz.h"
#include "diagram/import.h"
#include "diagram/layout.h"
#include "diagram/mermaid.h"
#include "diagram_designs.h"
#include "render/imageexport.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace stackplan;

namespace {

const QString DataDir = QStringLiteral(STACKPLAN_TEST_DATA "/diagram");
const QString SourceDir = QStringLiteral(STACKPLAN_SOURCE_DIR);

QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    f.write(bytes);
}

QStringList templateNames()
{
    QStringList names;
    for (const TemplateInfo &t : bundledTemplates())
        names.append(t.name);
    return names;
}

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QString &program, const QStringList &args, int timeoutMs = 60000)
{
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForStarted(10000))
        return r;
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

Run runStackplan(const QStringList &args)
{
    return run(QStringLiteral(STACKPLAN_BINARY), args);
}

// The design without positions (what imports are compared on).
QByteArray withoutPositions(Design d)
{
    for (Host &h : d.hosts)
        h.position.reset();
    for (Component &c : d.components)
        c.position.reset();
    for (Note &n : d.notes)
        n.position.reset();
    return writeDesign(d);
}

// A design with everything the file format can say, for exact round trips.
Design richDesign()
{
    Design d = *templateDesign(QStringLiteral("scaled"));
    d.name = QStringLiteral("Rich \"quoted\" <name> & #1");
    d.extra.insert(QStringLiteral("x-owner"), QStringLiteral("ops"));
    d.hosts[0].hostname = QStringLiteral("edge-a.example.net");
    d.hosts[0].zone = QStringLiteral("rack-1");
    d.hosts[0].firewallAllow = {22, 8404};
    diagram::setPinned(d.hosts[0].extra, true);
    d.components[1].label = QStringLiteral("Edge | \"LB\" ; #2 `tick` <b>");
    d.components[1].extra.insert(QStringLiteral("x-note"), QJsonObject{{QStringLiteral("a"), 1}});
    diagram::setPinned(d.components[2].extra, true);
    d.links[2].label = QStringLiteral("health -> ok?");
    d.links[2].port = 8080;
    d.links[3].protocol = QStringLiteral("https");
    Note n;
    n.id = QStringLiteral("n-1");
    n.text = QStringLiteral("Backups run nightly\nat 02:00");
    n.position = QPointF(12.5, 900.25);
    d.notes.append(n);
    d.reindex();
    return d;
}

QStringList linkPairs(const Design &d)
{
    QStringList pairs;
    for (const Link &l : d.links)
        pairs.append(l.from + QStringLiteral("->") + l.to);
    pairs.sort();
    return pairs;
}

QStringList componentKinds(const Design &d)
{
    QStringList out;
    for (const Component &c : d.components)
        out.append(c.id + u':' + kindName(c.kind) + u'@' + c.host);
    out.sort();
    return out;
}

// Every overlap among top-level boxes, and among the components of a host.
QStringList overlaps(const Design &d)
{
    QStringList found;
    QList<QPair<QString, QRectF>> top;
    for (const Host &h : d.hosts)
        top.append({h.id, diagram::hostRect(d, h)});
    for (const Component &c : d.components)
        if (c.host.isEmpty())
            top.append({c.id, diagram::componentRect(d, c)});
    // Sweep on x so 10,000 boxes stay cheap.
    std::sort(top.begin(), top.end(),
              [](const auto &a, const auto &b) { return a.second.left() < b.second.left(); });
    for (int i = 0; i < top.size(); ++i)
        for (int j = i + 1; j < top.size() && top[j].second.left() < top[i].second.right(); ++j)
            if (top[i].second.intersects(top[j].second))
                found.append(top[i].first + QStringLiteral(" x ") + top[j].first);
    for (const Host &h : d.hosts) {
        const QList<const Component *> on = d.componentsOnHost(h.id);
        for (int i = 0; i < on.size(); ++i)
            for (int j = i + 1; j < on.size(); ++j)
                if (diagram::componentRect(d, *on[i]).intersects(diagram::componentRect(d, *on[j])))
                    found.append(on[i]->id + QStringLiteral(" x ") + on[j]->id);
        for (const Component *c : on)
            if (!diagram::hostRect(d, h).contains(diagram::componentRect(d, *c)))
                found.append(c->id + QStringLiteral(" outside ") + h.id);
    }
    return found;
}

bool allPlaced(const Design &d)
{
    for (const Host &h : d.hosts)
        if (!h.position)
            return false;
    for (const Component &c : d.components)
        if (!c.position)
            return false;
    return true;
}

} // namespace

class TestDiagram : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }

    void checkGolden(const QString &name, const QByteArray &actual)
    {
        const QString golden = DataDir + QStringLiteral("/golden/") + name;
        if (qEnvironmentVariableIsSet("STACKPLAN_UPDATE_GOLDEN")) {
            QDir().mkpath(DataDir + QStringLiteral("/golden"));
            writeFile(golden, actual);
        }
        const QByteArray expected = readAll(golden);
        QVERIFY2(!expected.isEmpty(), qPrintable(QStringLiteral("missing golden file ") + golden));
        QCOMPARE(QString::fromUtf8(actual), QString::fromUtf8(expected));
    }

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // --- golden outputs -------------------------------------------------------

    void golden_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : templateNames())
            QTest::newRow(qPrintable(name)) << name;
    }
    void golden()
    {
        QFETCH(QString, name);
        const Design d = *templateDesign(name);
        checkGolden(name + QStringLiteral(".mmd"), exportMermaid(d).toUtf8());
        checkGolden(name + QStringLiteral(".dot"), exportDot(d));
        checkGolden(name + QStringLiteral(".drawio"), exportDrawio(d));
        // Stable: the same design gives the same bytes.
        QCOMPARE(exportDot(d), exportDot(d));
        QCOMPARE(exportMermaid(d), exportMermaid(d));
    }

    // --- the real parsers on every output ------------------------------------

    void mermaidParserAcceptsEveryExport()
    {
        const QString checker = SourceDir + QStringLiteral("/tests/mermaid/check.mjs");
        QVERIFY2(
            QFileInfo::exists(SourceDir + QStringLiteral("/tests/mermaid/node_modules/mermaid")),
            "the Mermaid parser is not installed: run scripts/setup.sh");
        QStringList files;
        const auto add = [&](const QString &name, const QString &text) {
            writeFile(path(name), text.toUtf8());
            files.append(path(name));
        };
        for (const QString &name : templateNames()) {
            const Design d = *templateDesign(name);
            add(name + QStringLiteral(".mmd"), exportMermaid(d));
            MermaidOptions tb;
            tb.direction = QStringLiteral("TB");
            tb.styles = false;
            tb.hostSubgraphs = false;
            add(name + QStringLiteral("-tb.mmd"), exportMermaid(d, tb));
        }
        add(QStringLiteral("rich.mmd"), exportMermaid(richDesign()));
        // Ids that are Mermaid keywords or start like arrow heads.
        Design tricky;
        for (const QString &id :
             {QStringLiteral("end"), QStringLiteral("graph"), QStringLiteral("o"),
              QStringLiteral("x-ray"), QStringLiteral("class"), QStringLiteral("style"),
              QStringLiteral("default")}) {
            Component c;
            c.id = id;
            c.kind = Kind::AppServer;
            c.label = QStringLiteral("%1 ]) }} \"q\" %% ;").arg(id);
            tricky.components.append(c);
        }
        for (int i = 1; i < tricky.components.size(); ++i) {
            Link l;
            l.id = QStringLiteral("l-%1").arg(i);
            l.from = tricky.components[i - 1].id;
            l.to = tricky.components[i].id;
            l.label = QStringLiteral("|pipe| -->");
            tricky.links.append(l);
        }
        tricky.reindex();
        add(QStringLiteral("tricky.mmd"), exportMermaid(tricky));
        // Keyword ids come back as they were.
        const ImportResult back = importMermaid(exportMermaid(tricky));
        QVERIFY2(back.ok(), qPrintable(back.error));
        QCOMPARE(componentKinds(*back.design), componentKinds(tricky));
        QCOMPARE(linkPairs(*back.design), linkPairs(tricky));
        const QString big = exportMermaid(testing::largeDesign(600));
        QVERIFY(big.startsWith(QStringLiteral("%%{init: {\"maxEdges\"")));
        add(QStringLiteral("big.mmd"), big);

        // The import corpus is real Mermaid too.
        const QDir corpus(DataDir + QStringLiteral("/import"));
        for (const QString &name : corpus.entryList({QStringLiteral("*.mmd")}, QDir::Files))
            files.append(corpus.filePath(name));
        const Run r = run(QStringLiteral("node"), QStringList{checker} + files, 120000);
        QVERIFY2(r.code == 0, r.err.constData());
        QCOMPARE(r.out.count("ok (flowchart"), files.size());
    }

    void mermaidParserRejectsBrokenCharts()
    {
        // The checker itself must fail on bad input, or the test above proves nothing.
        writeFile(path(QStringLiteral("broken.mmd")), "flowchart LR\n  a[\"x\"] --> \n");
        const Run r =
            run(QStringLiteral("node"), {SourceDir + QStringLiteral("/tests/mermaid/check.mjs"),
                                         path(QStringLiteral("broken.mmd"))});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("Parse error"));
    }

    void dotAcceptsEveryExport()
    {
        QList<Design> designs;
        for (const QString &name : templateNames())
            designs.append(*templateDesign(name));
        designs.append(richDesign());
        designs.append(testing::largeDesign(300));
        int i = 0;
        for (const Design &d : designs) {
            const QString file = path(QStringLiteral("out-%1.dot").arg(i++));
            writeFile(file, exportDot(d));
            const Run r = run(QStringLiteral("dot"), {QStringLiteral("-Tplain"), file});
            QVERIFY2(r.code == 0, r.err.constData());
            QVERIFY(r.out.startsWith("graph "));
            QVERIFY(r.err.isEmpty());
        }
    }

    void drawioIsWellFormed()
    {
        for (const QString &name : templateNames()) {
            const Design d = *templateDesign(name);
            QXmlStreamReader xml(exportDrawio(d));
            int vertices = 0, edges = 0, children = 0;
            QSet<QString> ids;
            while (!xml.atEnd()) {
                xml.readNext();
                if (!xml.isStartElement() || xml.name() != QStringLiteral("mxCell"))
                    continue;
                const auto a = xml.attributes();
                QVERIFY(!ids.contains(a.value(QStringLiteral("id")).toString()));
                ids.insert(a.value(QStringLiteral("id")).toString());
                if (a.value(QStringLiteral("vertex")) == QStringLiteral("1"))
                    ++vertices;
                if (a.value(QStringLiteral("edge")) == QStringLiteral("1")) {
                    ++edges;
                    QVERIFY(ids.contains(a.value(QStringLiteral("source")).toString()));
                    QVERIFY(ids.contains(a.value(QStringLiteral("target")).toString()));
                }
                if (d.host(a.value(QStringLiteral("parent")).toString()))
                    ++children;
            }
            QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
            QCOMPARE(vertices, d.hosts.size() + d.components.size() + d.notes.size());
            QCOMPARE(edges, d.links.size());
            int hosted = 0;
            for (const Component &c : d.components)
                hosted += c.host.isEmpty() ? 0 : 1;
            QCOMPARE(children, hosted);
        }
    }

    // --- round trips ----------------------------------------------------------

    void dotRoundTripIsExact_data()
    {
        QTest::addColumn<QString>("name");
        for (const QString &name : templateNames())
            QTest::newRow(qPrintable(name)) << name;
        QTest::newRow("rich") << QString();
    }
    void dotRoundTripIsExact()
    {
        QFETCH(QString, name);
        const Design d = name.isEmpty() ? richDesign() : *templateDesign(name);
        const ImportResult back = importDot(exportDot(d));
        QVERIFY2(back.ok(), qPrintable(back.error));
        const QStringList actual = QString::fromUtf8(writeDesign(*back.design)).split(u'\n');
        const QStringList expected = QString::fromUtf8(writeDesign(d)).split(u'\n');
        QCOMPARE(actual.size(), expected.size());
        for (int i = 0; i < actual.size(); ++i)
            QVERIFY2(actual[i] == expected[i], qPrintable(actual[i] + u'\n' + expected[i]));
        QVERIFY(*back.design == d);
    }

    // Our DOT writer against cgraph's agwrite() on the same graphs: the same
    // bytes, for the templates' exports and for random graphs with the
    // awkward cases (keywords, numbers, quotes, long strings that agwrite
    // breaks, nodes outside clusters named by edges before their turn,
    // repeated edges, loops, values equal to the defaults).
    void dotWriterMatchesCgraph()
    {
        QList<graphviz::GvGraph> graphs;
        for (const QString &name : templateNames())
            graphs.append(*graphviz::read(exportDot(*templateDesign(name)), nullptr));
        graphs.append(*graphviz::read(exportDot(richDesign()), nullptr));
        const quint32 seed = qEnvironmentVariableIsSet("STACKPLAN_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("STACKPLAN_SEED"))
                                 : QRandomGenerator::global()->generate();
        qInfo("dotWriterMatchesCgraph: STACKPLAN_SEED=%u", seed);
        QRandomGenerator random(seed);
        const QStringList values = {QStringLiteral("node"),
                                    QStringLiteral("Graph"),
                                    QStringLiteral("-1.5"),
                                    QStringLiteral("1-2"),
                                    QStringLiteral("."),
                                    QStringLiteral("-"),
                                    QStringLiteral("..5"),
                                    QStringLiteral("a_b"),
                                    QStringLiteral("a.b"),
                                    QStringLiteral("x y"),
                                    QStringLiteral("say \"hi\""),
                                    QStringLiteral("back\\slash"),
                                    QStringLiteral("line\\nbreak"),
                                    QStringLiteral("\u65e5\u672c"),
                                    QStringLiteral("42"),
                                    QStringLiteral("{\"a\":[1,2]}"),
                                    QStringLiteral("filled"),
                                    QString(),
                                    QStringLiteral("word ").repeated(40),
                                    QStringLiteral("x").repeated(300),
                                    QStringLiteral("a,b;c=d ").repeated(30),
                                    QStringLiteral("\"").repeated(140)};
        const QStringList keys = {QStringLiteral("label"), QStringLiteral("kind"),
                                  QStringLiteral("style"), QStringLiteral("pos"),
                                  QStringLiteral("seq"),   QStringLiteral("graph")};
        auto attributes = [&](int most) {
            graphviz::Attributes a;
            const int count = int(random.bounded(most + 1));
            for (int i = 0; i < count; ++i)
                a.insert(keys[random.bounded(int(keys.size()))],
                         values[random.bounded(int(values.size()))]);
            return a;
        };
        for (int round = 0; round < 200; ++round) {
            graphviz::GvGraph g;
            g.name = round % 7 == 0 ? QStringLiteral("node") : QStringLiteral("g%1").arg(round);
            g.directed = round % 5 != 0;
            g.attributes = attributes(3);
            g.nodeDefaults.insert(QStringLiteral("style"), QStringLiteral("filled"));
            g.edgeDefaults = attributes(1);
            const int clusters = int(random.bounded(4));
            for (int c = 0; c < clusters; ++c)
                g.clusters.append({QStringLiteral("cluster_%1").arg(c), attributes(3)});
            const int nodes = 1 + int(random.bounded(12));
            for (int n = 0; n < nodes; ++n) {
                graphviz::GvGraph::Node node;
                node.name = random.bounded(6) == 0 ? values[random.bounded(int(values.size()) - 1)]
                                                   : QStringLiteral("n%1").arg(n);
                // Names are unique, as the ids of a design are.
                for (const graphviz::GvGraph::Node &other : std::as_const(g.nodes)) {
                    if (other.name == node.name)
                        node.name.clear();
                }
                if (node.name.isEmpty())
                    node.name = QStringLiteral("e%1").arg(n);
                if (clusters && random.bounded(2))
                    node.cluster = QStringLiteral("cluster_%1").arg(random.bounded(clusters));
                node.attributes = attributes(3);
                g.nodes.append(node);
            }
            const int edges = int(random.bounded(3 * nodes + 1));
            for (int e = 0; e < edges; ++e)
                g.edges.append({g.nodes[random.bounded(nodes)].name,
                                g.nodes[random.bounded(nodes)].name, attributes(2)});
            graphs.append(g);
        }
        for (const graphviz::GvGraph &g : std::as_const(graphs)) {
            const QByteArray ours = graphviz::write(g);
            const QByteArray theirs = graphviz::writeWithCgraph(g);
            if (ours == theirs)
                continue;
            // The first line that differs, with its neighbours.
            const QList<QByteArray> a = ours.split('\n');
            const QList<QByteArray> b = theirs.split('\n');
            qsizetype line = 0;
            while (line < a.size() && line < b.size() && a[line] == b[line])
                ++line;
            const auto around = [line](const QList<QByteArray> &lines) {
                QByteArray out;
                for (qsizetype i = std::max<qsizetype>(0, line - 3);
                     i < std::min(lines.size(), line + 3); ++i)
                    out += lines[i].left(160) + '\n';
                return QString::fromUtf8(out);
            };
            QFAIL(qPrintable(QStringLiteral("line %1 differs; ours:\n%2cgraph:\n%3")
                                 .arg(line + 1)
                                 .arg(around(a), around(b))));
        }
    }

    void mermaidRoundTripKeepsComponentsKindsAndLinks_data() { dotRoundTripIsExact_data(); }
    void mermaidRoundTripKeepsComponentsKindsAndLinks()
    {
        QFETCH(QString, name);
        const Design d = name.isEmpty() ? richDesign() : *templateDesign(name);
        const ImportResult back = importMermaid(exportMermaid(d));
        QVERIFY2(back.ok(), qPrintable(back.error));
        QCOMPARE(componentKinds(*back.design), componentKinds(d));
        QCOMPARE(linkPairs(*back.design), linkPairs(d));
        for (const Component &c : d.components) {
            const Component *b = back.design->component(c.id);
            QVERIFY(b);
            QCOMPARE(b->displayLabel(), c.displayLabel());
            if (c.kind == Kind::Database)
                QCOMPARE(b->stringSetting(u"role"), c.stringSetting(u"role"));
        }
        for (const Host &h : d.hosts)
            QCOMPARE(back.design->host(h.id)->address, h.address);
        QVERIFY(readDesign(writeDesign(*back.design)).ok());
    }

    // --- import ---------------------------------------------------------------

    void importCorpus_data()
    {
        QTest::addColumn<QString>("source");
        const QDir dir(DataDir + QStringLiteral("/import"));
        const QStringList sources = dir.entryList({QStringLiteral("*.mmd"), QStringLiteral("*.md"),
                                                   QStringLiteral("*.dot"), QStringLiteral("*.gv")},
                                                  QDir::Files, QDir::Name);
        QVERIFY(sources.size() >= 14);
        for (const QString &s : sources)
            QTest::newRow(qPrintable(s)) << dir.filePath(s);
    }
    void importCorpus()
    {
        QFETCH(QString, source);
        const ImportResult result = importFile(source);
        QVERIFY2(result.ok(), qPrintable(result.error));
        const Design &d = *result.design;
        QVERIFY(allPlaced(d));
        QVERIFY2(overlaps(d).isEmpty(), qPrintable(overlaps(d).join(u'\n')));
        // A valid design by the file format's own reader.
        const LoadResult reread = readDesign(writeDesign(d));
        QVERIFY2(reread.ok(), qPrintable(reread.format(source)));
        const QString expectedPath =
            source.left(source.lastIndexOf(u'.')) + QStringLiteral(".expected.stackplan");
        if (qEnvironmentVariableIsSet("STACKPLAN_UPDATE_GOLDEN"))
            writeFile(expectedPath, withoutPositions(d));
        const LoadResult expected = readDesignFile(expectedPath);
        QVERIFY2(expected.ok(), qPrintable(expectedPath));
        QCOMPARE(QString::fromUtf8(withoutPositions(d)),
                 QString::fromUtf8(withoutPositions(*expected.design)));
        // Every component has a guess or came with an exact kind.
        QVERIFY(!result.guesses.isEmpty());
    }

    void importReportsEveryGuess()
    {
        const ImportResult r =
            importMermaid(QStringLiteral("graph LR\n  u[Users] --> lb[HAProxy] --> w[Web 1] --> "
                                         "x[Thing]\n  w -->|response| u\n"));
        QVERIFY(r.ok());
        QCOMPARE(r.guesses.size(), 4);
        QVERIFY(r.report().contains(QStringLiteral("\"Thing\": app_server (nothing recognised")));
        QVERIFY(r.report().contains(QStringLiteral("carries responses back to the user; dropped")));
        QCOMPARE(r.design->links.size(), 3);
    }

    void importRejectsWhatItCannotRead_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("where");
        QTest::newRow("sequence") << QStringLiteral("sequenceDiagram\n A->>B: hi\n")
                                  << QStringLiteral("1:1");
        QTest::newRow("dangling arrow")
            << QStringLiteral("graph LR\n  a --> \n") << QStringLiteral("2:");
        QTest::newRow("unclosed subgraph")
            << QStringLiteral("graph LR\nsubgraph s\n a --> b\n") << QStringLiteral("2:");
        QTest::newRow("stray end")
            << QStringLiteral("graph LR\n a --> b\nend\n") << QStringLiteral("3:");
        QTest::newRow("empty") << QStringLiteral("graph LR\n") << QStringLiteral("1:1");
        QTest::newRow("bad link") << QStringLiteral("graph TD\n a ==x=> b\n")
                                  << QStringLiteral("2:");
    }
    void importRejectsWhatItCannotRead()
    {
        QFETCH(QString, text);
        QFETCH(QString, where);
        const ImportResult r = importMermaid(text);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.startsWith(where), qPrintable(r.error));
    }

    void hostileDotNeverReachesCgraph_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("unterminated string") << QByteArray("digraph { a [label=\"x] }");
        QTest::newRow("unterminated comment") << QByteArray("digraph { a -> b /* }");
        QTest::newRow("wrong edge op") << QByteArray("graph { a -> b }");
        QTest::newRow("missing brace") << QByteArray("digraph { a -> b");
        QTest::newRow("garbage") << QByteArray("\x01\x02\xff digraph");
        QTest::newRow("deep nesting")
            << (QByteArray("digraph {") + QByteArray(5000, '{') + QByteArray(5000, '}') + "}");
        QTest::newRow("html unterminated") << QByteArray("digraph { a [label=<<b>x</b>] }");
        QTest::newRow("two graphs") << QByteArray("digraph { a } digraph { b }");
        QTest::newRow("nul") << QByteArray("digraph { a\0 }", 14);
        QTest::newRow("keyword as node") << QByteArray("digraph { node -> edge }");
    }
    void hostileDotNeverReachesCgraph()
    {
        QFETCH(QByteArray, text);
        QString error;
        QVERIFY(!graphviz::validateDot(text, &error));
        QVERIFY2(QRegularExpression(QStringLiteral("^\\d+:\\d+: ")).match(error).hasMatch(),
                 qPrintable(error));
        const ImportResult r = importDot(text);
        QVERIFY(!r.ok());
    }

    void ourDotWithBrokenReferencesIsRefused()
    {
        QByteArray dot = exportDot(*templateDesign(QStringLiteral("three-server")));
        dot.replace("host=\"web-01\"", "host=\"web-99\"");
        const QString file = path(QStringLiteral("edited.dot"));
        writeFile(file, dot);
        const ImportResult r = importFile(file);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QStringLiteral("web-99")), qPrintable(r.error));
    }

    void mutatedInputsNeverCrash()
    {
        // Deterministic mutations of real inputs: every one must come back
        // as a design or an error, never a crash or a hang.
        QList<QByteArray> seeds;
        const QDir corpus(DataDir + QStringLiteral("/import"));
        for (const QString &name :
             corpus.entryList({QStringLiteral("*.mmd"), QStringLiteral("*.gv")}, QDir::Files))
            seeds.append(readAll(corpus.filePath(name)));
        seeds.append(exportDot(richDesign()));
        seeds.append(exportMermaid(richDesign()).toUtf8());
        QRandomGenerator random(20261201);
        const QByteArray alphabet("{}[]()<>\"';|&-=.:#%@~ox\n\\/*+,");
        int designs = 0, errors = 0;
        for (int round = 0; round < 1500; ++round) {
            QByteArray text = seeds[round % seeds.size()];
            const int edits = 1 + int(random.bounded(6));
            for (int e = 0; e < edits && !text.isEmpty(); ++e) {
                const int at = int(random.bounded(text.size()));
                switch (random.bounded(3)) {
                case 0:
                    text[at] = alphabet[int(random.bounded(alphabet.size()))];
                    break;
                case 1:
                    text.remove(at, int(random.bounded(8)) + 1);
                    break;
                default:
                    text.insert(
                        at, text.mid(int(random.bounded(text.size())), int(random.bounded(12))));
                }
            }
            const bool dot = text.contains("digraph") || text.startsWith("//");
            const ImportResult r = dot ? importDot(text) : importMermaid(QString::fromUtf8(text));
            if (r.ok()) {
                ++designs;
                QVERIFY(readDesign(writeDesign(*r.design)).ok());
            } else {
                ++errors;
                QVERIFY(!r.error.isEmpty());
            }
        }
        QVERIFY(designs > 0 && errors > 0);
    }

    void othersDotUsesInference()
    {
        const QByteArray text = R"DOT(digraph infra {
            label="Shop";
            subgraph cluster_web1 { label="web-01 (10.1.0.11)"; n1 [label="nginx"]; a1 [label="gunicorn"]; }
            subgraph cluster_db { label="db-01"; db [shape=cylinder, label="orders"]; }
            browser [shape=circle];
            browser -> lb [label="HTTPS :443"];
            lb [label="HAProxy"];
            lb -> n1 -> a1;
            a1 -> db [label="SQL"];
            db -> a1 [label="rows"];
        })DOT";
        const ImportResult r = importDot(text);
        QVERIFY2(r.ok(), qPrintable(r.error));
        const Design &d = *r.design;
        QCOMPARE(d.name, QStringLiteral("Shop"));
        QCOMPARE(componentKinds(d),
                 QStringList(
                     {QStringLiteral("a1:app_server@web-01"), QStringLiteral("browser:internet@"),
                      QStringLiteral("db:database@db-01"), QStringLiteral("lb:load_balancer@"),
                      QStringLiteral("n1:web_server@web-01")}));
        QCOMPARE(d.host(QStringLiteral("web-01"))->address, QStringLiteral("10.1.0.11"));
        QCOMPARE(d.effectiveProtocol(d.links.front()), QStringLiteral("https"));
        QCOMPARE(d.links.size(), 4); // "rows" is the answer to "SQL"
    }

    // --- layout -----------------------------------------------------------------

    void layoutHasNoOverlaps_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("engine");
        QTest::addColumn<QString>("direction");
        for (const QString &name : templateNames()) {
            for (const auto &[engine, label] :
                 {std::pair(LayoutOptions::Engine::Graphviz, "graphviz"),
                  std::pair(LayoutOptions::Engine::Tiered, "tiered")}) {
                for (const QString &dir : {QStringLiteral("LR"), QStringLiteral("TB")})
                    QTest::addRow("%s-%s-%s", qPrintable(name), label, qPrintable(dir))
                        << name << int(engine) << dir;
            }
        }
        QTest::addRow("generated-300-graphviz")
            << QStringLiteral("@300") << int(LayoutOptions::Engine::Graphviz)
            << QStringLiteral("LR");
        QTest::addRow("generated-3000-tiered")
            << QStringLiteral("@3000") << int(LayoutOptions::Engine::Tiered)
            << QStringLiteral("LR");
    }
    void layoutHasNoOverlaps()
    {
        QFETCH(QString, name);
        QFETCH(int, engine);
        QFETCH(QString, direction);
        Design d = name.startsWith(u'@') ? testing::largeDesign(name.mid(1).toInt())
                                         : *templateDesign(name);
        // Start from nothing: every position cleared.
        for (Host &h : d.hosts)
            h.position.reset();
        for (Component &c : d.components)
            c.position.reset();
        LayoutOptions options;
        options.engine = LayoutOptions::Engine(engine);
        options.direction = direction;
        QString error;
        const std::optional<Design> placed = autoLayout(d, options, nullptr, &error);
        QVERIFY(placed);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QVERIFY(allPlaced(*placed));
        const QStringList found = overlaps(*placed);
        QVERIFY2(found.isEmpty(), qPrintable(found.mid(0, 10).join(u'\n')));
        // Only positions change.
        QCOMPARE(withoutPositions(*placed), withoutPositions(d));
        // Requests flow the asked way: the users before the load balancers.
        const QRectF users = diagram::componentRect(*placed, placed->components.front());
        for (const Component &c : placed->components) {
            if (c.kind != Kind::LoadBalancer || options.engine != LayoutOptions::Engine::Tiered)
                continue;
            const QRectF lb = diagram::componentRect(*placed, c);
            QVERIFY(direction == QStringLiteral("LR") ? lb.left() > users.right()
                                                      : lb.top() > users.bottom());
        }
    }

    void layoutKeepsPinned_data()
    {
        QTest::addColumn<int>("engine");
        QTest::newRow("graphviz") << int(LayoutOptions::Engine::Graphviz);
        QTest::newRow("tiered") << int(LayoutOptions::Engine::Tiered);
    }
    void layoutKeepsPinned()
    {
        QFETCH(int, engine);
        Design d = *templateDesign(QStringLiteral("scaled"));
        // Pin a host and a hostless component where the layout would put others.
        d.hosts[3].position = QPointF(0, 0);
        diagram::setPinned(d.hosts[3].extra, true);
        d.components[0].position = QPointF(300, 10);
        diagram::setPinned(d.components[0].extra, true);
        d.components[3].position = QPointF(20, 40); // nginx-1 in web-01, pinned inside its host
        diagram::setPinned(d.components[3].extra, true);
        LayoutOptions options;
        options.engine = LayoutOptions::Engine(engine);
        const std::optional<Design> placed = autoLayout(d, options);
        QVERIFY(placed);
        QCOMPARE(placed->hosts[3].position, std::optional<QPointF>(QPointF(0, 0)));
        QCOMPARE(placed->components[0].position, std::optional<QPointF>(QPointF(300, 10)));
        QCOMPARE(placed->components[3].position, std::optional<QPointF>(QPointF(20, 40)));
        QVERIFY2(overlaps(*placed).isEmpty(), qPrintable(overlaps(*placed).join(u'\n')));
    }

    void layoutTaskReportsProgressAndFinishes()
    {
        LayoutTask task;
        QSignalSpy progress(&task, &LayoutTask::progress);
        QSignalSpy finished(&task, &LayoutTask::finished);
        QSignalSpy cancelled(&task, &LayoutTask::cancelled);
        task.start(testing::largeDesign(2000));
        QVERIFY(finished.wait(30000));
        QVERIFY(progress.size() >= 3);
        QCOMPARE(progress.last().front().toInt(), 100);
        QCOMPARE(cancelled.size(), 0);
        const Design placed = finished.front().front().value<Design>();
        QVERIFY(allPlaced(placed));
    }

    void layoutCanBeCancelled()
    {
        LayoutControl control;
        int calls = 0;
        control.progress = [&](int) {
            if (++calls == 2)
                control.cancelled = true;
        };
        LayoutOptions options;
        options.engine = LayoutOptions::Engine::Tiered;
        QVERIFY(!autoLayout(testing::largeDesign(1000), options, &control).has_value());

        LayoutTask task;
        QSignalSpy cancelledSpy(&task, &LayoutTask::cancelled);
        QSignalSpy finished(&task, &LayoutTask::finished);
        task.start(testing::largeDesign(10000));
        task.cancel();
        QVERIFY(cancelledSpy.wait(30000));
        QCOMPARE(finished.size(), 0);
    }

    void graphvizRunsFromManyThreads()
    {
        // Every call goes to the one Graphviz thread: concurrent callers must
        // get correct, independent results.
        const Design d = *templateDesign(QStringLiteral("three-server"));
        const QByteArray expected = exportDot(d);
        QList<QThread *> threads;
        QAtomicInt failures = 0;
        for (int i = 0; i < 4; ++i) {
            threads.append(QThread::create([&] {
                for (int k = 0; k < 10; ++k) {
                    if (exportDot(d) != expected)
                        failures.fetchAndAddRelaxed(1);
                    LayoutOptions o;
                    o.engine = LayoutOptions::Engine::Graphviz;
                    if (!autoLayout(d, o))
                        failures.fetchAndAddRelaxed(1);
                }
            }));
            threads.last()->start();
        }
        for (QThread *t : threads) {
            QVERIFY(t->wait(60000));
            delete t;
        }
        QCOMPARE(failures.loadRelaxed(), 0);
    }

    // --- verbs ------------------------------------------------------------------

    void exportVerb()
    {
        const QString design =
            SourceDir + QStringLiteral("/resources/templates/three-server.stackplan");
        for (const QString &format :
             {QStringLiteral("mermaid"), QStringLiteral("dot"), QStringLiteral("drawio")}) {
            const QString out = path(QStringLiteral("verb.") + format);
            const Run r =
                runStackplan({QStringLiteral("export"), design, QStringLiteral("--format"), format,
                              QStringLiteral("-o"), out});
            QVERIFY2(r.code == 0, r.err.constData());
            QVERIFY(QFileInfo(out).size() > 200);
        }
        const Run toStdout =
            runStackplan({QStringLiteral("export"), design, QStringLiteral("--format"),
                          QStringLiteral("mermaid"), QStringLiteral("-o"), QStringLiteral("-")});
        QCOMPARE(toStdout.code, 0);
        QCOMPARE(toStdout.out,
                 exportMermaid(*templateDesign(QStringLiteral("three-server"))).toUtf8());
        const Run bad =
            runStackplan({QStringLiteral("export"), design, QStringLiteral("--format"),
                          QStringLiteral("jpeg"), QStringLiteral("-o"), path(QStringLiteral("x"))});
        QCOMPARE(bad.code, 2);
        QVERIFY(bad.err.contains("--format must be one of"));
        const Run missing =
            runStackplan({QStringLiteral("export"), path(QStringLiteral("nope.stackplan")),
                          QStringLiteral("--format"), QStringLiteral("dot"), QStringLiteral("-o"),
                          path(QStringLiteral("y"))});
        QCOMPARE(missing.code, 2);
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("y"))));
        const Run unwritable = runStackplan(
            {QStringLiteral("export"), design, QStringLiteral("--format"), QStringLiteral("dot"),
             QStringLiteral("-o"), QStringLiteral("/proc/nonexistent/dir/out.dot")});
        QCOMPARE(unwritable.code, 3);
    }

    void exportAutoLayoutPlacesUnplacedDesigns()
    {
        Design d = *templateDesign(QStringLiteral("three-server"));
        for (Host &h : d.hosts)
            h.position.reset();
        for (Component &c : d.components)
            c.position.reset();
        const QString in = path(QStringLiteral("unplaced.stackplan"));
        writeFile(in, writeDesign(d));
        const QString out = path(QStringLiteral("unplaced.drawio"));
        const Run r = runStackplan({QStringLiteral("export"), in, QStringLiteral("--format"),
                                    QStringLiteral("drawio"), QStringLiteral("-o"), out});
        QVERIFY2(r.code == 0, r.err.constData());
        // Every host got its own distinct place.
        const QByteArray xml = readAll(out);
        QSet<QByteArray> geometries;
        QRegularExpression geo(QStringLiteral("id=\"(lb-01|web-01|web-02)\"[^>]*>\\s*<"
                                              "mxGeometry x=\"([-\\d.]+)\" y=\"([-\\d.]+)\""));
        auto it = geo.globalMatch(QString::fromUtf8(xml));
        while (it.hasNext()) {
            const auto m = it.next();
            geometries.insert((m.captured(2) + u',' + m.captured(3)).toUtf8());
        }
        QCOMPARE(geometries.size(), 3);
    }

    void importVerb()
    {
        const QString src = DataDir + QStringLiteral("/import/02-readme-lr-semicolons.mmd");
        const QString out = path(QStringLiteral("imported.stackplan"));
        const Run r = runStackplan(
            {QStringLiteral("import"), src, QStringLiteral("-o"), out, QStringLiteral("--report")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(r.out.contains("guess: \"HAProxy\": load_balancer"));
        QVERIFY(readDesignFile(out).ok());
        // A broken source: exit 2 naming the file and the place.
        const QString broken = path(QStringLiteral("broken.mmd"));
        writeFile(broken, "graph LR\n  a --> b\n  c -->\n");
        const Run bad = runStackplan({QStringLiteral("import"), broken, QStringLiteral("-o"),
                                      path(QStringLiteral("b.stackplan"))});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.startsWith((broken + QStringLiteral(":3:")).toUtf8()),
                 bad.err.constData());
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("b.stackplan"))));
        const QString noBlock = path(QStringLiteral("notes.md"));
        writeFile(noBlock, "# Notes\n\nNo diagram here.\n");
        const Run none = runStackplan({QStringLiteral("import"), noBlock, QStringLiteral("-o"),
                                       path(QStringLiteral("d.stackplan"))});
        QCOMPARE(none.code, 2);
        QVERIFY2(none.err.startsWith((noBlock + QStringLiteral(": no ```mermaid block")).toUtf8()),
                 none.err.constData());
        const QString hostile = path(QStringLiteral("hostile.dot"));
        writeFile(hostile, "digraph { a -> b [label=\"oops] }");
        const Run dotBad = runStackplan({QStringLiteral("import"), hostile, QStringLiteral("-o"),
                                         path(QStringLiteral("c.stackplan"))});
        QCOMPARE(dotBad.code, 2);
        QVERIFY(dotBad.err.contains("unterminated string"));
    }

    void pngIsARealPictureOfTheRightSize()
    {
        for (const QString &name : templateNames()) {
            const Design d = *templateDesign(name);
            ImageOptions options;
            options.scale = 1.5;
            QString error;
            const QByteArray png = exportImage(d, ImageFormat::Png, options, {}, &error);
            QVERIFY2(!png.isEmpty(), qPrintable(error));
            QImage image;
            QVERIFY(image.loadFromData(png, "PNG"));
            QCOMPARE(image.size(), exportImageSize(d, options));
            QVERIFY(image.width() > 300 && image.height() > 150);
            // A drawing, not a blank: many colours, and the centre differs from the corner.
            QSet<QRgb> colours;
            for (int y = 0; y < image.height(); y += 3)
                for (int x = 0; x < image.width(); x += 3)
                    colours.insert(image.pixel(x, y));
            QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
            options.scale = 3;
            QImage bigger;
            QVERIFY(bigger.loadFromData(exportImage(d, ImageFormat::Png, options), "PNG"));
            QVERIFY(qAbs(bigger.width() - 2 * image.width()) <= 2);
        }
        // Through the verb, with the dark theme and an automatic layout.
        const QString out = path(QStringLiteral("scaled.png"));
        const Run r = runStackplan(
            {QStringLiteral("export"),
             SourceDir + QStringLiteral("/resources/templates/scaled.stackplan"),
             QStringLiteral("--format"), QStringLiteral("png"), QStringLiteral("-o"), out,
             QStringLiteral("--theme"), QStringLiteral("dark"), QStringLiteral("--scale"),
             QStringLiteral("2"), QStringLiteral("--layout"), QStringLiteral("auto")});
        QVERIFY2(r.code == 0, r.err.constData());
        const QImage image(out);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 600);
        // Dark theme: the background corner is dark.
        QVERIFY(qGray(image.pixel(2, 2)) < 100);
        // The findings' badges are drawn unless --no-badges.
        const QString three =
            SourceDir + QStringLiteral("/resources/templates/three-server.stackplan");
        const QString with = path(QStringLiteral("badges.png"));
        const QString without = path(QStringLiteral("nobadges.png"));
        QCOMPARE(runStackplan({QStringLiteral("export"), three, QStringLiteral("--format"),
                               QStringLiteral("png"), QStringLiteral("-o"), with})
                     .code,
                 0);
        QCOMPARE(runStackplan({QStringLiteral("export"), three, QStringLiteral("--format"),
                               QStringLiteral("png"), QStringLiteral("-o"), without,
                               QStringLiteral("--no-badges")})
                     .code,
                 0);
        const QImage withImage(with), withoutImage(without);
        QCOMPARE(withImage.size(), withoutImage.size());
        QVERIFY(withImage != withoutImage);
        for (const QString &format : {QStringLiteral("svg"), QStringLiteral("pdf")}) {
            const QString file = path(QStringLiteral("three.") + format);
            const Run v = runStackplan(
                {QStringLiteral("export"),
                 SourceDir + QStringLiteral("/resources/templates/three-server.stackplan"),
                 QStringLiteral("--format"), format, QStringLiteral("-o"), file});
            QVERIFY2(v.code == 0, v.err.constData());
            const QByteArray bytes = readAll(file);
            QVERIFY(format == QStringLiteral("svg") ? bytes.contains("<svg")
                                                    : bytes.startsWith("%PDF"));
        }
    }

    void layoutVerb()
    {
        const QString in = SourceDir + QStringLiteral("/resources/templates/scaled.stackplan");
        const QString out = path(QStringLiteral("laid.stackplan"));
        const Run r = runStackplan({QStringLiteral("layout"), in, QStringLiteral("-o"), out,
                                    QStringLiteral("--direction"), QStringLiteral("TB")});
        QVERIFY2(r.code == 0, r.err.constData());
        const LoadResult loaded = readDesignFile(out);
        QVERIFY(loaded.ok());
        QVERIFY(overlaps(*loaded.design).isEmpty());
        QCOMPARE(withoutPositions(*loaded.design),
                 withoutPositions(*templateDesign(QStringLiteral("scaled"))));
    }
};

QTEST_MAIN(TestDiagram)
#include "tst_diagram.moc"
