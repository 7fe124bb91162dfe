// The file format: every class of loader error with its message and place,
// unknown keys kept and written back, the limits, canonical output of every
// template, byte-stable round trips and saves that never damage the file.
#include "core/designio.h"
#include "core/grammar.h"
#include "core/templates.h"
#include "designgen.h"

#include <QFile>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using namespace stackplan;

namespace {

// A minimal valid design with `body` spliced into the top-level object.
QByteArray design(const char *body)
{
    return QByteArray(R"({"stackplan": 1, "components": [{"id": "users", "kind": "internet"}])") +
           (qstrlen(body) ? QByteArray(", ") + body : QByteArray()) + "}";
}

// A design with one host and the given component list.
QByteArray withComponents(const char *components)
{
    return QByteArray(R"({"stackplan": 1, "hosts": [{"id": "h-1"}], "components": [)") +
           components + "]}";
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace

class TestFormat : public QObject
{
    Q_OBJECT

private slots:
    void syntaxErrors_data();
    void syntaxErrors();
    void semanticErrors_data();
    void semanticErrors();
    void manyErrorsAreCapped();
    void unknownKeysAreKeptAndWrittenBack();
    void missingLinkIdsAreGenerated();
    void defaultsAreNotWritten();
    void elementLimit();
    void valueLimit();
    void hugeStringsAreRefusedQuickly();
    void fileSizeLimit();
    void deepNestingIsAnErrorNotACrash();
    void templatesAreCanonical_data();
    void templatesAreCanonical();
    void roundTripIsByteStable_data();
    void roundTripIsByteStable();
    void stringsSurviveRoundTrip();
    void failedSaveLeavesFileUntouched();
    void saveToMissingDirectoryFails();
    void bundledTemplatesLoad();
    void mangledInputNeverCrashes();
};

void TestFormat::syntaxErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("line");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << QByteArray() << 1 << 1 << "the file is empty";
    QTest::newRow("only spaces") << QByteArray("  \n ") << 2 << 2 << "the file is empty";
    QTest::newRow("missing comma") << QByteArray("{\n  \"stackplan\": 1\n  \"name\": \"x\"\n}") << 3
                                   << 3 << "expected ',' or '}' in an object";
    QTest::newRow("trailing comma in object")
        << QByteArray("{\"stackplan\": 1,\n}") << 2 << 1 << "no trailing comma";
    QTest::newRow("trailing comma in array")
        << QByteArray("{\"hosts\": [1, 2, ]}") << 1 << 18 << "no trailing comma";
    QTest::newRow("unterminated string")
        << QByteArray("{\"name\": \"abc") << 1 << 10 << "unterminated string";
    QTest::newRow("bad escape") << QByteArray("{\"name\": \"a\\qb\"}") << 1 << 12
                                << "invalid escape";
    QTest::newRow("short unicode escape")
        << QByteArray("{\"name\": \"\\u12\"}") << 1 << 11 << "four hex digits";
    QTest::newRow("lone low surrogate")
        << QByteArray("{\"name\": \"\\udc00\"}") << 1 << 11 << "lone low surrogate";
    QTest::newRow("lone high surrogate")
        << QByteArray("{\"name\": \"\\ud800x\"}") << 1 << 11 << "without its low surrogate";
    QTest::newRow("control character")
        << QByteArray("{\"name\": \"a\tb\"}") << 1 << 12 << "control character";
    QTest::newRow("invalid utf-8")
        << QByteArray("{\"name\": \"a\xff\"}") << 1 << 12 << "invalid UTF-8";
    QTest::newRow("overlong utf-8")
        << QByteArray("{\"name\": \"\xc0\xaf\"}") << 1 << 11 << "invalid UTF-8";
    QTest::newRow("leading zero") << QByteArray("{\"stackplan\": 01}") << 1 << 15
                                  << "cannot start with 0";
    QTest::newRow("bare minus") << QByteArray("{\"stackplan\": -}") << 1 << 15
                                << "expected a digit";
    QTest::newRow("number out of range")
        << QByteArray("{\"stackplan\": 1e999}") << 1 << 15 << "out of range";
    QTest::newRow("single quotes")
        << QByteArray("{'stackplan': 1}") << 1 << 2 << "expected a key in double quotes";
    QTest::newRow("bare word") << QByteArray("{\"name\": nope}") << 1 << 10 << "expected a value";
    QTest::newRow("comment") << QByteArray("// hi\n{}") << 1 << 1 << "expected a value";
    QTest::newRow("data after the end") << QByteArray("{}\n{}") << 2 << 1 << "after the end";
    QTest::newRow("missing colon") << QByteArray("{\"name\" \"x\"}") << 1 << 9 << "expected ':'";
    QTest::newRow("end of file in array")
        << QByteArray("{\"hosts\": [") << 1 << 12 << "unexpected end of file";
    QTest::newRow("duplicate key")
        << QByteArray("{\"name\": \"a\",\n \"name\": \"b\"}") << 2 << 2 << "duplicate key \"name\"";
    // Columns count characters, not bytes: "é" and "→" are one column each.
    QTest::newRow("column counts characters")
        << QByteArray("{\"name\": \"é→\" x}") << 1 << 15 << "expected ',' or '}'";
}

void TestFormat::syntaxErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);

    const LoadResult r = readDesign(bytes);
    QVERIFY(!r.ok());
    QVERIFY(!r.design);
    QCOMPARE(r.errors.size(), 1);
    const Diagnostic &d = r.errors.front();
    QCOMPARE(d.line, line);
    QCOMPARE(d.column, column);
    QVERIFY2(d.message.contains(message), qPrintable(d.message));
    const QString expected =
        QStringLiteral("broken.stackplan:%1:%2: error: JSON syntax error: ").arg(line).arg(column);
    QVERIFY2(r.format(QStringLiteral("broken.stackplan")).startsWith(expected),
             qPrintable(r.format(QStringLiteral("broken.stackplan"))));
}

void TestFormat::semanticErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("message");

    QTest::newRow("not an object") << QByteArray("[1, 2]") << "$"
                                   << "a design is a JSON object, found an array";
    QTest::newRow("no version") << QByteArray(R"({"components": []})") << "stackplan"
                                << "missing: not a Stackplan design";
    QTest::newRow("version as text")
        << QByteArray(R"({"stackplan": "1", "components": []})") << "stackplan"
        << "expected the format version 1, found \"1\"";
    QTest::newRow("version fraction")
        << QByteArray(R"({"stackplan": 1.5, "components": []})") << "stackplan"
        << "found 1.5";
    QTest::newRow("newer version")
        << QByteArray(R"({"stackplan": 2, "components": []})") << "stackplan"
        << "format version 2 is newer than this Stackplan reads (1)";
    QTest::newRow("no components") << QByteArray(R"({"stackplan": 1})") << "components"
                                   << "missing (a design needs its components array)";
    QTest::newRow("components not an array")
        << QByteArray(R"({"stackplan": 1, "components": {}})") << "components"
        << "expected an array, found an object";
    QTest::newRow("hosts not an array") << design(R"("hosts": "web")") << "hosts"
                                        << "expected an array, found \"web\"";
    QTest::newRow("name not a string") << design(R"("name": 7)") << "name"
                                       << "expected a string, found 7";
    QTest::newRow("name too long")
        << design(R"("name": "0123456789012345678901234567890123456789012345678901234567890123")")
        << "name"
        << "is longer than 63 characters";
    QTest::newRow("domain") << design(R"("domain": "bad domain")") << "domain"
                            << "\"bad domain\" is not a valid";
    QTest::newRow("element not an object") << design(R"("notes": [3])") << "notes[0]"
                                           << "expected an object, found 3";
    QTest::newRow("missing id") << design(R"("hosts": [{"address": "10.0.0.1"}])") << "hosts[0].id"
                                << "missing";
    QTest::newRow("bad id") << design(R"("hosts": [{"id": "Web_1"}])") << "hosts[0].id"
                            << "\"Web_1\" is not a valid";
    QTest::newRow("id too long")
        << design(
               R"("hosts": [{"id": "a123456789012345678901234567890123456789012345678901234567890123"}])")
        << "hosts[0].id"
        << "is not a valid";
    QTest::newRow("duplicate id") << design(R"("hosts": [{"id": "users"}])") << "components[0].id"
                                  << "duplicate id \"users\" (already used by hosts[0])";
    QTest::newRow("hostname") << design(R"("hosts": [{"id": "h", "hostname": "-x"}])")
                              << "hosts[0].hostname"
                              << "\"-x\" is not a valid hostname";
    QTest::newRow("address") << design(R"("hosts": [{"id": "h", "address": "300.1.1.1"}])")
                             << "hosts[0].address"
                             << "\"300.1.1.1\" is not a valid IPv4 or IPv6 address";
    QTest::newRow("monitoring") << design(R"("hosts": [{"id": "h", "monitoring": "yes"}])")
                                << "hosts[0].monitoring"
                                << "expected true or false, found \"yes\"";
    QTest::newRow("firewall") << design(R"("hosts": [{"id": "h", "firewall": true}])")
                              << "hosts[0].firewall"
                              << "expected an object, found true";
    QTest::newRow("firewall enabled")
        << design(R"("hosts": [{"id": "h", "firewall": {"enabled": 1}}])")
        << "hosts[0].firewall.enabled"
        << "expected true or false, found 1";
    QTest::newRow("firewall allow")
        << design(R"("hosts": [{"id": "h", "firewall": {"allow": 22}}])")
        << "hosts[0].firewall.allow"
        << "expected an array of ports, found 22";
    QTest::newRow("firewall port")
        << design(R"("hosts": [{"id": "h", "firewall": {"allow": [22, 70000]}}])")
        << "hosts[0].firewall.allow[1]"
        << "expected a port from 1 to 65535, found 70000";
    QTest::newRow("position") << design(R"("hosts": [{"id": "h", "position": [1, 2]}])")
                              << "hosts[0].position"
                              << "expected an object";
    QTest::newRow("position x") << design(
                                       R"("hosts": [{"id": "h", "position": {"x": "1", "y": 2}}])")
                                << "hosts[0].position.x"
                                << "found \"1\"";
    QTest::newRow("position y missing")
        << design(R"("hosts": [{"id": "h", "position": {"x": 1}}])") << "hosts[0].position.y"
        << "missing";
    QTest::newRow("position huge")
        << design(R"("notes": [{"id": "n", "position": {"x": 1, "y": 1e12}}])")
        << "notes[0].position.y"
        << "found 1e+12";
    QTest::newRow("missing kind") << withComponents(R"({"id": "c"})") << "components[0].kind"
                                  << "missing";
    QTest::newRow("unknown kind") << withComponents(R"({"id": "c", "kind": "router"})")
                                  << "components[0].kind"
                                  << "\"router\" is not a kind (one of internet, dns,";
    QTest::newRow("dangling host")
        << withComponents(R"({"id": "c", "kind": "web_server", "host": "web-03"})")
        << "components[0].host"
        << "no host with id \"web-03\"";
    QTest::newRow("host is a component")
        << withComponents(
               R"({"id": "a", "kind": "web_server"}, {"id": "c", "kind": "web_server", "host": "a"})")
        << "components[1].host"
        << "no host with id \"a\"";
    QTest::newRow("internet on a host")
        << withComponents(R"({"id": "c", "kind": "internet", "host": "h-1"})")
        << "components[0].host"
        << "a internet component never runs on a host";
    QTest::newRow("label not text")
        << withComponents(R"({"id": "c", "kind": "dns", "label": "a\nb"})") << "components[0].label"
        << "is not a valid text";
    QTest::newRow("settings not an object")
        << withComponents(R"({"id": "c", "kind": "dns", "settings": []})")
        << "components[0].settings"
        << "expected an object, found an array";
    QTest::newRow("setting type")
        << withComponents(R"({"id": "c", "kind": "load_balancer", "settings": {"tls": "yes"}})")
        << "components[0].settings.tls"
        << "\"yes\": expected true or false";
    QTest::newRow("setting enum")
        << withComponents(
               R"({"id": "c", "kind": "load_balancer", "settings": {"algorithm": "random"}})")
        << "components[0].settings.algorithm"
        << "\"random\": expected one of roundrobin, leastconn, source, first";
    QTest::newRow("setting range")
        << withComponents(R"({"id": "c", "kind": "web_server", "settings": {"port": 0}})")
        << "components[0].settings.port"
        << "0: expected an integer from 1 to 65535";
    QTest::newRow("setting huge number")
        << withComponents(R"({"id": "c", "kind": "web_server", "settings": {"port": 1e300}})")
        << "components[0].settings.port"
        << "expected an integer from 1 to 65535";
    QTest::newRow("setting grammar")
        << withComponents(R"({"id": "c", "kind": "load_balancer", "settings": {"vip": "nope"}})")
        << "components[0].settings.vip"
        << "\"nope\": not a valid IPv4 or IPv6 address";
    QTest::newRow("setting object field")
        << withComponents(
               R"({"id": "c", "kind": "load_balancer", "settings": {"health_check": {"rise": "2"}}})")
        << "components[0].settings.health_check"
        << "rise: expected an integer";
    QTest::newRow("setting port list")
        << withComponents(R"({"id": "c", "kind": "firewall", "settings": {"allow": [80, -1]}})")
        << "components[0].settings.allow"
        << "expected ports from 1 to 65535";
    QTest::newRow("link missing to") << design(R"("links": [{"from": "users"}])") << "links[0].to"
                                     << "missing";
    QTest::newRow("link dangling")
        << design(R"("links": [{"from": "users", "to": "web-9"}])") << "links[0].to"
        << "no component with id \"web-9\"";
    QTest::newRow("link to itself")
        << design(R"("links": [{"from": "users", "to": "users"}])") << "links[0].to"
        << "a link cannot go from \"users\" to itself";
    QTest::newRow("link protocol")
        << design(R"("links": [{"from": "users", "to": "users", "protocol": "ftp"}])")
        << "links[0].protocol"
        << "\"ftp\" is not a protocol (one of http,";
    QTest::newRow("link port") << design(
                                      R"("links": [{"from": "users", "to": "users", "port": 8.5}])")
                               << "links[0].port"
                               << "expected a port from 1 to 65535, found 8.5";
    QTest::newRow("link reads_only")
        << design(R"("links": [{"from": "users", "to": "users", "reads_only": 0}])")
        << "links[0].reads_only"
        << "expected true or false, found 0";
    QTest::newRow("link duplicate id")
        << design(R"("links": [{"id": "users", "from": "users", "to": "users"}])") << "links[0].id"
        << "duplicate id \"users\"";
    QTest::newRow("note text") << design(R"("notes": [{"id": "n-1", "text": ["a"]}])")
                               << "notes[0].text"
                               << "expected a string, found an array";
    QTest::newRow("note text too long")
        << design(("\"notes\": [{\"id\": \"n-1\", \"text\": \"" + QByteArray(4097, 'a') + "\"}]")
                      .constData())
        << "notes[0].text"
        << "is longer than 4096 characters";
}

void TestFormat::semanticErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, path);
    QFETCH(QString, message);

    const LoadResult r = readDesign(bytes);
    QVERIFY(!r.ok());
    QVERIFY(!r.design);
    QVERIFY(!r.errors.isEmpty());
    bool found = false;
    for (const Diagnostic &d : r.errors) {
        if (d.path == path && d.message.contains(message)) {
            found = true;
            QCOMPARE(d.line, 0);
            QCOMPARE(d.format(QStringLiteral("site.stackplan")),
                     QStringLiteral("site.stackplan: error: %1: %2").arg(path, d.message));
        }
    }
    QVERIFY2(found, qPrintable(r.format(QStringLiteral("site.stackplan"))));
}

void TestFormat::manyErrorsAreCapped()
{
    // Every one of 10,000 links is dangling: the report stays readable.
    QByteArray links;
    for (int i = 0; i < 10000; ++i)
        links += QByteArray(i ? "," : "") + "{\"from\": \"users\", \"to\": \"x\"}";
    const LoadResult r = readDesign(design(("\"links\": [" + links + "]").constData()));
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 50);
    QCOMPARE(r.errors.last().path, QStringLiteral("links[49].to"));
}

void TestFormat::unknownKeysAreKeptAndWrittenBack()
{
    const QByteArray bytes = R"({"stackplan": 1, "x-owner": {"team": "ops"},
        "hosts": [{"id": "h-1", "rack": 4, "firewall": {"enabled": true, "mode": "strict"}}],
        "components": [{"id": "lb", "kind": "load_balancer", "host": "h-1", "tier": "edge",
                        "settings": {"algorithm": "leastconn", "maxconn": 2000,
                                     "health_check": {"path": "/up", "expect": 200}}}],
        "links": [{"from": "lb", "to": "lb2", "color": "red"}],
        "notes": [{"id": "n-1", "text": "hi", "sticky": true, "pinned": true}]})";
    QByteArray fixed = bytes;
    fixed.replace("\"to\": \"lb2\"", "\"to\": \"db\"");
    fixed.replace("\"components\": [",
                  "\"components\": [{\"id\": \"db\", \"kind\": \"database\"}, ");
    const LoadResult r = readDesign(fixed);
    QVERIFY2(r.ok(), qPrintable(r.format(QStringLiteral("f"))));

    QStringList paths;
    for (const Diagnostic &w : r.warnings) {
        QCOMPARE(w.severity, Diagnostic::Severity::Warning);
        paths.append(w.path);
    }
    paths.sort();
    QCOMPARE(paths, (QStringList{QStringLiteral("components[1].settings.health_check.expect"),
                                 QStringLiteral("components[1].settings.maxconn"),
                                 QStringLiteral("components[1].tier"),
                                 QStringLiteral("hosts[0].firewall.mode"),
                                 QStringLiteral("hosts[0].rack"), QStringLiteral("links[0].color"),
                                 QStringLiteral("notes[0].sticky"), QStringLiteral("x-owner")}));
    QVERIFY(r.format(QStringLiteral("f"))
                .contains(QStringLiteral("f: warning: hosts[0].rack: unknown key (kept)")));

    const QByteArray written = writeDesign(*r.design);
    for (const char *kept :
         {"\"x-owner\": {\"team\": \"ops\"}", "\"rack\": 4", "\"mode\": \"strict\"",
          "\"tier\": \"edge\"", "\"maxconn\": 2000", "\"expect\": 200", "\"color\": \"red\"",
          "\"sticky\": true", "\"pinned\": true"})
        QVERIFY2(written.contains(kept), kept);
    // Written back, read again: the same design, the same bytes.
    const LoadResult again = readDesign(written);
    QVERIFY(again.ok());
    QCOMPARE(*again.design, *r.design);
    QCOMPARE(writeDesign(*again.design), written);
}

void TestFormat::missingLinkIdsAreGenerated()
{
    const LoadResult r = readDesign(R"({"stackplan": 1, "components": [
        {"id": "a", "kind": "web_server"}, {"id": "b", "kind": "app_server"}, {"id": "l-1", "kind": "dns"}],
        "links": [{"from": "a", "to": "b"}, {"id": "l-3", "from": "b", "to": "a"}, {"from": "b", "to": "a"}]})");
    QVERIFY2(r.ok(), qPrintable(r.format(QStringLiteral("f"))));
    // l-1 is a component's id and l-3 is taken: the first free ones, in file order.
    QCOMPARE(r.design->links.at(0).id, QStringLiteral("l-2"));
    QCOMPARE(r.design->links.at(1).id, QStringLiteral("l-3"));
    QCOMPARE(r.design->links.at(2).id, QStringLiteral("l-4"));
}

void TestFormat::defaultsAreNotWritten()
{
    const LoadResult r = readDesign(design(""));
    QVERIFY(r.ok());
    QCOMPARE(r.design->domain, QStringLiteral("www.example.com"));
    QCOMPARE(
        writeDesign(*r.design),
        QByteArray("{\n  \"stackplan\": 1,\n  \"name\": \"\",\n  \"domain\": \"www.example.com\",\n"
                   "  \"hosts\": [],\n  \"components\": [\n"
                   "    {\"id\": \"users\", \"kind\": \"internet\"}\n  ],\n"
                   "  \"links\": [],\n  \"notes\": []\n}\n"));
}

void TestFormat::elementLimit()
{
    // One element past the limit: refused before any element is read.
    QByteArray notes;
    notes.reserve(3 * (MaxElements + 1));
    for (int i = 0; i < MaxElements; ++i)
        notes += i ? ",{}" : "{}";
    QElapsedTimer timer;
    timer.start();
    const LoadResult r = readDesign(design(("\"notes\": [" + notes + "]").constData()));
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errors.front().path, QStringLiteral("$"));
    QCOMPARE(r.errors.front().message,
             QStringLiteral("1000001 elements: a design holds at most 1000000"));
    QVERIFY(timer.elapsed() < 20000);
}

void TestFormat::valueLimit()
{
    // 12,000,001 numbers in an unknown key: refused with a place, not
    // gigabytes of memory.
    QByteArray bytes = "{\"stackplan\": 1, \"components\": [], \"x\": [0";
    bytes.reserve(2 * 12000000 + 100);
    for (int i = 0; i < 12000000; ++i)
        bytes += ",0";
    bytes += "]}";
    const LoadResult r = readDesign(bytes);
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.size(), 1);
    QCOMPARE(r.errors.front().message,
             QStringLiteral("JSON syntax error: more than 12000000 JSON values in one file"));
    QCOMPARE(r.errors.front().line, 1);
    QVERIFY(r.errors.front().column > 24000000);
}

void TestFormat::hugeStringsAreRefusedQuickly()
{
    // A 4 MB value in each kind of string field: a clear error, fast (no
    // grammar check that backtracks over the whole value).
    const QByteArray huge(4 * 1024 * 1024, 'a');
    const QList<QByteArray> templates{
        R"({"stackplan": 1, "name": "@", "components": []})",
        R"({"stackplan": 1, "domain": "@", "components": []})",
        R"({"stackplan": 1, "hosts": [{"id": "@"}], "components": []})",
        R"({"stackplan": 1, "hosts": [{"id": "h", "hostname": "@"}], "components": []})",
        R"({"stackplan": 1, "hosts": [{"id": "h", "address": "@"}], "components": []})",
        R"({"stackplan": 1, "hosts": [{"id": "h", "zone": "@"}], "components": []})",
        R"({"stackplan": 1, "components": [{"id": "c", "kind": "dns", "label": "@"}]})",
        R"({"stackplan": 1, "components": [{"id": "c", "kind": "@"}]})",
        R"({"stackplan": 1, "components": [{"id": "c", "kind": "web_server", "settings": {"root": "/@"}}]})",
        R"({"stackplan": 1, "components": [{"id": "c", "kind": "web_server", "settings": {"certificate": "/@"}}]})",
        R"({"stackplan": 1, "components": [{"id": "c", "kind": "web_server", "settings": {"server_name": "@"}}]})",
        R"({"stackplan": 1, "components": [{"id": "c", "kind": "app_server", "settings": {"health_path": "/@"}}]})",
        R"({"stackplan": 1, "components": [{"id": "c", "kind": "load_balancer", "settings": {"vip": "@"}}]})",
        R"({"stackplan": 1, "components": [{"id": "c", "kind": "dns"}], "links": [{"from": "c", "to": "@"}]})",
        R"({"stackplan": 1, "components": [], "notes": [{"id": "n", "text": "@"}]})",
    };
    for (const QByteArray &t : templates) {
        QByteArray bytes = t;
        bytes.replace("@", huge);
        QElapsedTimer timer;
        timer.start();
        const LoadResult r = readDesign(bytes);
        QVERIFY2(!r.ok(), t.constData());
        QVERIFY2(r.errors.front().message.size() < 400, qPrintable(r.errors.front().message));
        QVERIFY2(timer.elapsed() < 5000, t.constData());
    }
}

void TestFormat::fileSizeLimit()
{
    QByteArray big(MaxFileSize + 1, ' ');
    LoadResult r = readDesign(big);
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.front().message, QStringLiteral("the file is larger than 64 MiB"));
    big.clear();

    // A file on disk is refused by its size, before it is read.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.stackplan"));
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(qint64(4) * 1024 * 1024 * 1024)); // sparse, 4 GiB
    }
    QElapsedTimer timer;
    timer.start();
    r = readDesignFile(path);
    QVERIFY(!r.ok());
    QCOMPARE(r.format(path), path + QStringLiteral(": error: the file is larger than 64 MiB"));
    QVERIFY(timer.elapsed() < 2000);

    r = readDesignFile(dir.filePath(QStringLiteral("absent.stackplan")));
    QVERIFY(!r.ok());
    QVERIFY(r.errors.front().message.startsWith(QStringLiteral("cannot open: ")));

    r = readDesignFile(dir.path());
    QVERIFY(!r.ok());
}

void TestFormat::deepNestingIsAnErrorNotACrash()
{
    const QByteArray deep =
        "{\"stackplan\": 1, \"x\": " + QByteArray(100000, '[') + QByteArray(100000, ']') + "}";
    const LoadResult r = readDesign(deep);
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.front().line, 1);
    QVERIFY(r.errors.front().message.contains(QStringLiteral("nested deeper than 256 levels")));

    // Objects with a great many keys stay fast (no quadratic duplicate check).
    QByteArray wide = "{\"stackplan\": 1, \"components\": [], \"x\": {";
    for (int i = 0; i < 50000; ++i)
        wide += (i ? ",\"k" : "\"k") + QByteArray::number(i) + "\": 0";
    wide += "}}";
    QElapsedTimer timer;
    timer.start();
    const LoadResult w = readDesign(wide);
    QVERIFY(w.ok());
    QVERIFY(timer.elapsed() < 10000);
}

void TestFormat::templatesAreCanonical_data()
{
    QTest::addColumn<QString>("name");
    for (const TemplateInfo &t : bundledTemplates())
        QTest::newRow(qPrintable(t.name)) << t.name;
}

void TestFormat::templatesAreCanonical()
{
    QFETCH(QString, name);
    const auto bytes = templateBytes(name);
    QVERIFY(bytes);
    const LoadResult r = readDesign(*bytes);
    QVERIFY2(r.ok(), qPrintable(r.format(name)));
    QVERIFY2(r.warnings.isEmpty(), qPrintable(r.format(name)));
    const QByteArray golden =
        readFile(QStringLiteral(STACKPLAN_TEST_DATA "/core/%1.golden.stackplan").arg(name));
    QVERIFY2(!golden.isEmpty(), "golden file missing");
    QCOMPARE(writeDesign(*r.design), golden);
    // The bundled file itself is canonical.
    QCOMPARE(*bytes, golden);
}

void TestFormat::roundTripIsByteStable_data()
{
    QTest::addColumn<int>("components");
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<bool>("unknownKeys");
    QTest::newRow("tiny") << 1 << 1u << false;
    QTest::newRow("small") << 37 << 2u << true;
    QTest::newRow("medium") << 500 << 3u << true;
    QTest::newRow("large") << 5000 << 4u << false;
}

void TestFormat::roundTripIsByteStable()
{
    QFETCH(int, components);
    QFETCH(quint32, seed);
    QFETCH(bool, unknownKeys);
    designgen::Options options;
    options.unknownKeys = unknownKeys;
    const Design d = designgen::generateDesign(components, seed, options);
    QCOMPARE(d.components.size(), components);
    const QByteArray first = writeDesign(d);
    const LoadResult r = readDesign(first);
    QVERIFY2(r.ok(), qPrintable(r.format(QStringLiteral("generated"))));
    QCOMPARE(r.warnings.isEmpty(), !unknownKeys || components < 20);
    QCOMPARE(*r.design, d);
    QCOMPARE(writeDesign(*r.design), first);
    // The generator is deterministic.
    QCOMPARE(writeDesign(designgen::generateDesign(components, seed, options)), first);
}

void TestFormat::stringsSurviveRoundTrip()
{
    Design d;
    d.name = QStringLiteral("Ünïcødé \"quoted\" \\ back → 🚀");
    Component c;
    c.id = QStringLiteral("users");
    c.kind = Kind::Internet;
    c.label = QStringLiteral("Users: 日本");
    d.components.append(c);
    Note n;
    n.id = QStringLiteral("n-1");
    n.text = QStringLiteral("line 1\nline 2\ttab \u0001 ctl / slash");
    n.position = QPointF(-12.5, 1e-3);
    d.notes.append(n);
    d.reindex();
    const QByteArray bytes = writeDesign(d);
    QVERIFY(bytes.contains("\\n"));
    QVERIFY(bytes.contains("\\u0001"));
    const LoadResult r = readDesign(bytes);
    QVERIFY2(r.ok(), qPrintable(r.format(QStringLiteral("f"))));
    QCOMPARE(*r.design, d);
    QCOMPARE(writeDesign(*r.design), bytes);

    // Escapes the writer never produces still read as the same text.
    const LoadResult escaped = readDesign(
        R"({"stackplan": 1, "name": "\u00dcn\u00efc\u00f8d\u00e9 \"quoted\" \\ back \u2192 \ud83d\ude80",
            "components": [{"id": "users", "kind": "internet", "label": "Users: \u65e5\u672c"}],
            "notes": [{"id": "n-1", "text": "line 1\nline 2\ttab \u0001 ctl \/ slash", "position": {"x": -12.5, "y": 0.001}}]})");
    QVERIFY2(escaped.ok(), qPrintable(escaped.format(QStringLiteral("f"))));
    QCOMPARE(writeDesign(*escaped.design), bytes);
}

void TestFormat::failedSaveLeavesFileUntouched()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("site.stackplan"));
    const QByteArray original = *templateBytes(QStringLiteral("three-server"));
    QString error;
    QVERIFY(saveBytes(original, path, &error));

    // A disk that fills up in the middle of the save: the write fails with
    // EFBIG past the file-size limit, even for root.
    const Design big = designgen::generateDesign(2000, 7);
    std::signal(SIGXFSZ, SIG_IGN);
    rlimit old{};
    QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
    rlimit small = old;
    small.rlim_cur = 64 * 1024;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const bool saved = saveDesign(big, path, &error);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &old), 0);
    QVERIFY(!saved);
    QVERIFY2(error.startsWith(path + QStringLiteral(": cannot write: ")), qPrintable(error));
    QCOMPARE(readFile(path), original);
    // No temporary file is left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
             QStringList{QStringLiteral("site.stackplan")});

    // The same for a design small enough to sit in the write buffer until
    // the save commits: the failure shows only then, and must still be seen.
    const QByteArray smallDesign = *templateBytes(QStringLiteral("scaled"));
    QVERIFY(smallDesign.size() > 2048 && smallDesign.size() < 16384);
    small.rlim_cur = 1024;
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &small), 0);
    const bool smallSaved = saveBytes(smallDesign, path, &error);
    QCOMPARE(setrlimit(RLIMIT_FSIZE, &old), 0);
    QVERIFY(!smallSaved);
    QVERIFY2(error.startsWith(path + QStringLiteral(": cannot write: File too large")),
             qPrintable(error));
    QCOMPARE(readFile(path), original);
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files),
             QStringList{QStringLiteral("site.stackplan")});

    // A directory in the way: refused, nothing changed.
    const QString sub = dir.filePath(QStringLiteral("sub"));
    QVERIFY(QDir().mkdir(sub));
    QVERIFY(!saveDesign(big, sub, &error));
    QVERIFY(QFileInfo(sub).isDir());

    // And a save that works replaces the file whole.
    QVERIFY(saveDesign(big, path, &error));
    QCOMPARE(readFile(path), writeDesign(big));
}

void TestFormat::saveToMissingDirectoryFails()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("no/such/dir/site.stackplan"));
    QString error;
    QVERIFY(!saveDesign(*templateDesign(QStringLiteral("scaled")), path, &error));
    QVERIFY(error.startsWith(path + QStringLiteral(": cannot write")));
    QVERIFY(!QFile::exists(path));
}

void TestFormat::bundledTemplatesLoad()
{
    QStringList names;
    for (const TemplateInfo &t : bundledTemplates()) {
        names.append(t.name);
        QVERIFY(!t.title.isEmpty());
        QVERIFY(!t.description.isEmpty());
        QVERIFY(templateDesign(t.name));
    }
    for (const char *required : {"single-server", "three-server", "secured-monitored", "scaled"})
        QVERIFY(names.contains(QLatin1StringView(required)));
    QVERIFY(!templateBytes(QStringLiteral("nope")));
    QVERIFY(!templateDesign(QStringLiteral("nope")));
    QCOMPARE(DefaultTemplate, QStringLiteral("three-server"));

    // The default design is the spec's classic: one load balancer host and two
    // servers each running Nginx, the application and MySQL.
    const Design d = *templateDesign(DefaultTemplate);
    QCOMPARE(d.hosts.size(), 3);
    QCOMPARE(d.componentsOnHost(QStringLiteral("web-01")).size(), 3);
    QCOMPARE(d.componentsOnHost(QStringLiteral("web-02")).size(), 3);
    QCOMPARE(d.component(QStringLiteral("mysql-replica"))->stringSetting(u"role"),
             QStringLiteral("replica"));
}

void TestFormat::mangledInputNeverCrashes()
{
    // Thousands of damaged designs: bytes flipped, dropped, duplicated, cut.
    // Each must give either a design or errors with a place, and whatever
    // loads must write back and read again as itself.
    QRandomGenerator random(2026);
    const QByteArray seed = *templateBytes(QStringLiteral("scaled"));
    static const char alphabet[] = "{}[],:\"\\ 0123456789.eE+-tfnul\xc3\xa9\x00\n";
    int loaded = 0;
    for (int round = 0; round < 3000; ++round) {
        QByteArray bytes = seed;
        const int edits = 1 + int(random.bounded(4));
        for (int e = 0; e < edits && !bytes.isEmpty(); ++e) {
            const int at = int(random.bounded(int(bytes.size())));
            switch (random.bounded(4)) {
            case 0:
                bytes[at] = alphabet[random.bounded(int(sizeof alphabet - 1))];
                break;
            case 1:
                bytes.remove(at, 1 + int(random.bounded(20)));
                break;
            case 2:
                bytes.insert(at, bytes.mid(int(random.bounded(int(bytes.size()))),
                                           1 + int(random.bounded(40))));
                break;
            case 3:
                bytes.truncate(at);
                break;
            }
        }
        const LoadResult r = readDesign(bytes);
        if (!r.ok()) {
            QVERIFY(!r.errors.isEmpty());
            for (const Diagnostic &d : r.errors)
                QVERIFY(d.line > 0 || !d.path.isEmpty() || !d.message.isEmpty());
            continue;
        }
        ++loaded;
        const QByteArray written = writeDesign(*r.design);
        const LoadResult again = readDesign(written);
        QVERIFY(again.ok());
        QCOMPARE(*again.design, *r.design);
        QCOMPARE(writeDesign(*again.design), written);
    }
    QVERIFY(loaded > 0);
}

QTEST_GUILESS_MAIN(TestFormat)
#include "tst_format.moc"
