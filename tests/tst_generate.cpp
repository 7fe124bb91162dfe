// The configuration bundle: golden files for every template, every file
// accepted by its real checker, hostile values refused, the archive and the
// command line's exit codes.
#include "generate_support.h"

#include "core/designio.h"
#include "core/schema.h"
#include "core/templates.h"
#include "generate/bundle.h"
#include "rules/validator.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace stackplan;

namespace {

const QString GoldenDir = QStringLiteral(STACKPLAN_TEST_DATA "/generate/golden");
const QString DesignsDir = QStringLiteral(STACKPLAN_TEST_DATA "/generate/designs");

// Every design the golden files and checkers cover: the templates and the
// test designs that reach the rest of the generators' branches.
QList<QPair<QString, Design>> allDesigns()
{
    QList<QPair<QString, Design>> out;
    for (const TemplateInfo &t : bundledTemplates())
        out.append({t.name, *templateDesign(t.name)});
    const QStringList files =
        QDir(DesignsDir).entryList({QStringLiteral("*.stackplan")}, QDir::Files, QDir::Name);
    for (const QString &f : files) {
        const LoadResult r = readDesignFile(DesignsDir + u'/' + f);
        if (r.ok())
            out.append({QFileInfo(f).completeBaseName(), *r.design});
        else
            qWarning("%s", qPrintable(r.format(f)));
    }
    return out;
}

QMap<QString, QByteArray> readTree(const QString &root)
{
    QMap<QString, QByteArray> out;
    QDirIterator it(root, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (f.open(QIODevice::ReadOnly))
            out.insert(QDir(root).relativeFilePath(path), f.readAll());
    }
    return out;
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// The checker of a bundle file that is checked exactly as generated
// (written at path), or none.
std::function<ToolResult()> asWrittenChecker(const QString &file, const QString &path)
{
    if (file.endsWith(QStringLiteral("nftables.conf")))
        return [path] { return runInNetns(QStringLiteral("nft -c -f ") + shellQuote(path)); };
    if (file.endsWith(QStringLiteral("keepalived.conf")))
        return [path] {
            return runTool(QStringLiteral("keepalived"),
                           {QStringLiteral("-t"), QStringLiteral("-f"), path});
        };
    if (file.endsWith(QStringLiteral("prometheus.yml")))
        return [path] {
            return runTool(QStringLiteral("promtool"),
                           {QStringLiteral("check"), QStringLiteral("config"), path});
        };
    return {};
}

QList<GeneratedFile> configFiles(const BundleResult &r)
{
    QList<GeneratedFile> out;
    for (const GeneratedFile &f : r.files) {
        if (f.path.startsWith(QStringLiteral("hosts/")) ||
            f.path.startsWith(QStringLiteral("monitoring/")))
            out.append(f);
    }
    return out;
}

// The hostile corpus: every way a value could smuggle a directive or break a
// file's syntax.
QList<QPair<QString, QString>> hostileValues()
{
    return {
        {QStringLiteral("newline"), QStringLiteral("ok\nserver evil 192.0.2.66:80")},
        {QStringLiteral("carriage return"), QStringLiteral("ok\rdeny all;")},
        {QStringLiteral("hash"), QStringLiteral("ok # comment")},
        {QStringLiteral("semicolon"), QStringLiteral("ok; return 200 pwned")},
        {QStringLiteral("open brace"), QStringLiteral("ok { evil")},
        {QStringLiteral("close brace"), QStringLiteral("ok } evil {")},
        {QStringLiteral("double quote"), QStringLiteral("ok\" evil \"")},
        {QStringLiteral("single quote"), QStringLiteral("ok' OR '1'='1")},
        {QStringLiteral("dollar"), QStringLiteral("$host")},
        {QStringLiteral("command substitution"), QStringLiteral("$(touch /tmp/pwned)")},
        {QStringLiteral("backticks"), QStringLiteral("`touch /tmp/pwned`")},
        {QStringLiteral("64 KB"), QString(65536, u'a')},
        {QStringLiteral("line separator"), QStringLiteral("ok\u2028evil")},
        {QStringLiteral("paragraph separator"), QStringLiteral("ok\u2029evil")},
        {QStringLiteral("space"), QStringLiteral("ok evil")},
        {QStringLiteral("nul"), QStringLiteral("ok") + QChar(0) + QStringLiteral("evil")},
    };
}

struct FieldCase
{
    QString name;    // what the test row says
    QString element; // expected in the error
    QString field;   // expected prefix of the error's field
    std::function<void(Design &, const QString &)> set;
};

// Every field a generator writes, on a design that uses them all.
QList<FieldCase> fieldCases(const Design &base)
{
    QList<FieldCase> out;
    out.append({QStringLiteral("design.domain"), QStringLiteral("design"), QStringLiteral("domain"),
                [](Design &d, const QString &v) { d.domain = v; }});
    for (qsizetype i = 0; i < base.hosts.size(); ++i) {
        const QString id = base.hosts[i].id;
        const QString index = QStringLiteral("hosts[%1]").arg(i);
        out.append({id + QStringLiteral(".id"), index, QStringLiteral("id"),
                    [i](Design &d, const QString &v) { d.hosts[i].id = v; }});
        out.append({id + QStringLiteral(".hostname"), id, QStringLiteral("hostname"),
                    [i](Design &d, const QString &v) { d.hosts[i].hostname = v; }});
        out.append({id + QStringLiteral(".address"), id, QStringLiteral("address"),
                    [i](Design &d, const QString &v) { d.hosts[i].address = v; }});
        out.append({id + QStringLiteral(".zone"), id, QStringLiteral("zone"),
                    [i](Design &d, const QString &v) { d.hosts[i].zone = v; }});
    }
    for (qsizetype i = 0; i < base.components.size(); ++i) {
        const Component &c = base.components[i];
        const QString index = QStringLiteral("components[%1]").arg(i);
        out.append({c.id + QStringLiteral(".id"), index, QStringLiteral("id"),
                    [i](Design &d, const QString &v) { d.components[i].id = v; }});
        if (!c.host.isEmpty())
            out.append({c.id + QStringLiteral(".host"), c.id, QStringLiteral("host"),
                        [i](Design &d, const QString &v) { d.components[i].host = v; }});
        for (const SettingSpec &s : kindSpec(c.kind).settings) {
            if (s.type == SettingType::String || s.type == SettingType::Enum) {
                const QString key = s.key;
                out.append({c.id + QStringLiteral(".settings.") + key, c.id,
                            QStringLiteral("settings.") + key,
                            [i, key](Design &d, const QString &v) {
                                d.components[i].settings.insert(key, v);
                            }});
            }
            for (const SettingSpec &f : s.fields) {
                if (f.type != SettingType::String)
                    continue;
                const QString key = s.key;
                const QString sub = f.key;
                out.append({c.id + QStringLiteral(".settings.") + key + u'.' + sub, c.id,
                            QStringLiteral("settings.") + key,
                            [i, key, sub](Design &d, const QString &v) {
                                QJsonObject o = d.components[i].settings.value(key).toObject();
                                o.insert(sub, v);
                                d.components[i].settings.insert(key, o);
                            }});
            }
        }
    }
    for (qsizetype i = 0; i < base.links.size(); ++i) {
        const Link &l = base.links[i];
        const QString index = QStringLiteral("links[%1]").arg(i);
        out.append({l.id + QStringLiteral(".id"), index, QStringLiteral("id"),
                    [i](Design &d, const QString &v) { d.links[i].id = v; }});
        out.append({l.id + QStringLiteral(".from"), l.id, QStringLiteral("from"),
                    [i](Design &d, const QString &v) { d.links[i].from = v; }});
        out.append({l.id + QStringLiteral(".to"), l.id, QStringLiteral("to"),
                    [i](Design &d, const QString &v) { d.links[i].to = v; }});
        out.append({l.id + QStringLiteral(".protocol"), l.id, QStringLiteral("protocol"),
                    [i](Design &d, const QString &v) { d.links[i].protocol = v; }});
    }
    return out;
}

} // namespace

class TestGenerate : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void golden_data();
    void golden();
    void deterministic();
    void findingsListEveryFinding();
    void hostFilesMatchBundle();
    void checkers_data();
    void checkers();
    void hostileValuesRefused();
    void hostileLabelsNeverDirectives();
    void numbersOutOfRangeRefused();
    void hostileThroughCommandLine();
    void firewallOpensOnlyToLinkedHosts();
    void replicationSqlHoldsNoPassword();
    void onlyFilters();
    void archiveHoldsTheTree();
    void exitCodes();
    void streamedInPathOrder();
    void streamStopsWhenRefused();
    void unfinishedWriterLeavesNothing();
    void failedWriteKeepsTheOldBundle();

private:
    QString m_binary = QStringLiteral(STACKPLAN_BINARY);
};

void TestGenerate::initTestCase()
{
    QVERIFY(QFile::exists(m_binary));
}

void TestGenerate::golden_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &[name, design] : allDesigns())
        QTest::newRow(qPrintable(name)) << name;
    QVERIFY(allDesigns().size() >= 5);
}

// Any change of output is a reviewed diff: STACKPLAN_UPDATE_GOLDEN=1 rewrites
// tests/data/generate/golden/ from the current generators.
void TestGenerate::golden()
{
    QFETCH(QString, name);
    Design design;
    for (const auto &[n, d] : allDesigns()) {
        if (n == name)
            design = d;
    }
    const BundleResult result = generateBundle(design);
    QVERIFY2(result.ok(), qPrintable(result.formatErrors()));
    const QString dir = GoldenDir + u'/' + name;
    // findings.md is the rules' text and design.stackplan the writer's: each
    // has its own tests (findingsListEveryFinding, archiveHoldsTheTree); the
    // golden files hold what the generators write.
    QList<GeneratedFile> files;
    for (const GeneratedFile &f : result.files) {
        if (f.path != QStringLiteral("findings.md") && f.path != QStringLiteral("design.stackplan"))
            files.append(f);
    }
    if (qEnvironmentVariableIsSet("STACKPLAN_UPDATE_GOLDEN")) {
        QDir(dir).removeRecursively();
        for (const GeneratedFile &f : files)
            QVERIFY(writeFile(dir + u'/' + f.path, f.content));
    }
    const QMap<QString, QByteArray> golden = readTree(dir);
    QVERIFY2(!golden.isEmpty(), qPrintable(QStringLiteral("no golden files in %1; run with "
                                                          "STACKPLAN_UPDATE_GOLDEN=1")
                                               .arg(dir)));
    QStringList generated;
    for (const GeneratedFile &f : files) {
        generated.append(f.path);
        QVERIFY2(golden.contains(f.path), qPrintable(f.path + QStringLiteral(" is new")));
        QCOMPARE(QString::fromUtf8(f.content), QString::fromUtf8(golden.value(f.path)));
    }
    QCOMPARE(generated, golden.keys());
}

void TestGenerate::deterministic()
{
    const Design design = *templateDesign(QStringLiteral("scaled"));
    const BundleResult a = generateBundle(design);
    const BundleResult b = generateBundle(design);
    QVERIFY(a.ok());
    QCOMPARE(a.files, b.files);
    QCOMPARE(bundleArchive(a.files), bundleArchive(b.files));
}

void TestGenerate::findingsListEveryFinding()
{
    for (const auto &[name, design] : allDesigns()) {
        const BundleResult r = generateBundle(design);
        QVERIFY(r.ok());
        const QString findings = QString::fromUtf8(r.file(QStringLiteral("findings.md"))->content);
        const QList<Finding> expected = validate(design);
        QVERIFY2(findings.contains(
                     QStringLiteral("%1 error(s)").arg(countAtLeast(expected, Severity::Error))),
                 qPrintable(name));
        for (const Finding &f : expected)
            QVERIFY2(findings.contains(QStringLiteral("**%1 ").arg(f.rule)),
                     qPrintable(name + u' ' + f.rule));
        QCOMPARE(findings.count(QStringLiteral("\n- **")), expected.size());
        QCOMPARE(r.file(QStringLiteral("design.stackplan"))->content, writeDesign(design));
    }
}

void TestGenerate::hostFilesMatchBundle()
{
    for (const auto &[name, design] : allDesigns()) {
        const BundleResult bundle = generateBundle(design);
        QVERIFY(bundle.ok());
        // Hosts, and components on a machine of their own.
        QStringList machines;
        for (const Host &h : design.hosts)
            machines.append(h.id);
        for (const Component &c : design.components) {
            if (c.host.isEmpty() && c.kind != Kind::Internet && c.kind != Kind::Dns)
                machines.append(c.id);
        }
        for (const QString &machine : machines) {
            const BundleResult host = generateHostFiles(design, machine);
            QVERIFY(host.ok());
            QList<GeneratedFile> expected;
            for (const GeneratedFile &f : bundle.files) {
                if (f.path.startsWith(QStringLiteral("hosts/%1/").arg(machine)))
                    expected.append(f);
            }
            QCOMPARE(host.files, expected);
        }
        QVERIFY(generateHostFiles(design, QStringLiteral("no-such-host")).files.isEmpty());
    }
}

void TestGenerate::checkers_data()
{
    QTest::addColumn<QString>("name");
    for (const auto &[name, design] : allDesigns())
        QTest::newRow(qPrintable(name)) << name;
}

// Every file of every bundle through its real checker.
void TestGenerate::checkers()
{
    QFETCH(QString, name);
    Design design;
    for (const auto &[n, d] : allDesigns()) {
        if (n == name)
            design = d;
    }
    const BundleResult result = generateBundle(design);
    QVERIFY(result.ok());
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString dir = tmp.path();
    QVERIFY(makeCertificate(dir, design.domain));
    static const QRegularExpression haproxyCert(QStringLiteral("( crt )(\\S+)"));
    static const QRegularExpression nginxCert(QStringLiteral("(ssl_certificate )(\\S+);"));
    static const QRegularExpression nginxKey(QStringLiteral("(ssl_certificate_key )(\\S+);"));
    int checked = 0;
    for (const GeneratedFile &f : result.files) {
        const QString path = dir + QStringLiteral("/f/") + f.path;
        QString text = QString::fromUtf8(f.content);
        if (f.path.endsWith(QStringLiteral("haproxy.cfg"))) {
            // The certificate is a deploy-time file: the throwaway one stands in.
            text.replace(haproxyCert,
                         QStringLiteral("\\1") + dir + QStringLiteral("/combined.pem"));
            QVERIFY(writeFile(path, text.toUtf8()));
            const ToolResult r = runTool(QStringLiteral("haproxy"),
                                         {QStringLiteral("-c"), QStringLiteral("-f"), path});
            QVERIFY2(r.exitCode == 0, qPrintable(f.path + u'\n' + QString::fromUtf8(r.output)));
            ++checked;
        } else if (f.path.contains(QStringLiteral("/etc/nginx/conf.d/"))) {
            text.replace(nginxCert, QStringLiteral("\\1") + dir + QStringLiteral("/cert.pem;"));
            text.replace(nginxKey, QStringLiteral("\\1") + dir + QStringLiteral("/key.pem;"));
            QVERIFY(writeFile(path, text.toUtf8()));
            const QString prefix = dir + QStringLiteral("/nginx-") + QString::number(checked);
            QDir().mkpath(prefix + QStringLiteral("/conf"));
            QDir().mkpath(prefix + QStringLiteral("/logs"));
            QFile::copy(QStringLiteral("/etc/nginx/mime.types"),
                        prefix + QStringLiteral("/conf/mime.types"));
            QFile::copy(QStringLiteral("/etc/nginx/fastcgi_params"),
                        prefix + QStringLiteral("/conf/fastcgi_params"));
            const QString conf =
                QStringLiteral("user root;\nworker_processes 1;\npid %1/logs/nginx.pid;\n"
                               "error_log %1/logs/error.log;\nevents { worker_connections 64; }\n"
                               "http {\n    include mime.types;\n    access_log off;\n"
                               "    client_body_temp_path %1/logs/body;\n"
                               "    proxy_temp_path %1/logs/proxy;\n"
                               "    fastcgi_temp_path %1/logs/fastcgi;\n"
                               "    uwsgi_temp_path %1/logs/uwsgi;\n"
                               "    scgi_temp_path %1/logs/scgi;\n"
                               "    include %2;\n}\n")
                    .arg(prefix, path);
            QVERIFY(writeFile(prefix + QStringLiteral("/conf/nginx.conf"), conf.toUtf8()));
            // In a network namespace of its own: nginx -t binds the listen addresses.
            const ToolResult r =
                runInNetns(QStringLiteral("nginx -t -q -p %1 -c %2 -e %3")
                               .arg(shellQuote(prefix),
                                    shellQuote(prefix + QStringLiteral("/conf/nginx.conf")),
                                    shellQuote(prefix + QStringLiteral("/logs/error.log"))));
            QVERIFY2(r.exitCode == 0,
                     qPrintable(f.path + u'\n' + QString::fromUtf8(r.output) + u'\n' + text));
            ++checked;
        } else if (const std::function<ToolResult()> check = asWrittenChecker(f.path, path)) {
            QVERIFY(writeFile(path, f.content));
            const ToolResult r = check();
            QVERIFY2(r.exitCode == 0, qPrintable(f.path + u'\n' + QString::fromUtf8(r.output)));
            ++checked;
        } else if (f.path.endsWith(QStringLiteral(".cnf"))) {
            // The server's own option parser: unknown or malformed options fail.
            QVERIFY(writeFile(path, f.content));
            const ToolResult r =
                runTool(QStringLiteral("mariadbd"),
                        {QStringLiteral("--defaults-file=") + path, QStringLiteral("--user=root"),
                         QStringLiteral("--help"), QStringLiteral("--verbose")});
            const bool mysqlOnly = f.content.contains("gtid_mode");
            if (!mysqlOnly)
                QVERIFY2(r.exitCode == 0,
                         qPrintable(f.path + u'\n' + QString::fromUtf8(r.output.right(2000))));
            ++checked;
        }
    }
    QVERIFY(checked > 0);
}

void TestGenerate::hostileValuesRefused()
{
    const Design base = *templateDesign(QStringLiteral("scaled"));
    Design variety;
    {
        const LoadResult r = readDesignFile(DesignsDir + QStringLiteral("/variety.stackplan"));
        QVERIFY(r.ok());
        variety = *r.design;
    }
    int refused = 0;
    for (const Design &design : {base, variety}) {
        QVERIFY(generateBundle(design).ok());
        for (const FieldCase &field : fieldCases(design)) {
            for (const auto &[what, value] : hostileValues()) {
                Design d = design;
                field.set(d, value);
                const BundleResult r = generateBundle(d);
                const QString row = field.name + QStringLiteral(" = ") + what;
                QVERIFY2(!r.ok(), qPrintable(row + QStringLiteral(" was accepted")));
                QVERIFY2(r.files.isEmpty(), qPrintable(row));
                bool named = false;
                for (const GenerateError &e : r.errors)
                    named =
                        named || (e.element == field.element && e.field.startsWith(field.field));
                QVERIFY2(named,
                         qPrintable(row + QStringLiteral(": ") + r.formatErrors().left(500)));
                // The preview refuses the same way.
                QVERIFY(!generateHostFiles(d, design.hosts.front().id).ok());
                ++refused;
            }
        }
    }
    QVERIFY(refused > 300);
}

// Labels, names and notes may hold any printable text; they never reach a
// configuration file, so they can never become a directive there.
void TestGenerate::hostileLabelsNeverDirectives()
{
    const QStringList printable = {QStringLiteral("x\" ; server evil 192.0.2.66:80 # {"),
                                   QStringLiteral("} location / { return 200 pwned; }"),
                                   QStringLiteral("$(touch /tmp/pwned) `id` ${HOME}"),
                                   QStringLiteral("'); DROP TABLE users; --")};
    for (const QString &text : printable) {
        Design d = *templateDesign(QStringLiteral("scaled"));
        d.name = text;
        for (Component &c : d.components)
            c.label = text;
        for (Link &l : d.links)
            l.label = text;
        d.notes.append({QStringLiteral("n-1"), text, std::nullopt, {}});
        const BundleResult r = generateBundle(d);
        QVERIFY2(r.ok(), qPrintable(r.formatErrors()));
        const BundleResult plain = generateBundle(*templateDesign(QStringLiteral("scaled")));
        // Configuration files are byte for byte those of the same design without the labels.
        QCOMPARE(configFiles(r), configFiles(plain));
        for (const GeneratedFile &f : configFiles(r))
            QVERIFY(!f.content.contains(text.toUtf8()));
        // The README quotes the name as text only.
        const QByteArray readme = r.file(QStringLiteral("README.md"))->content;
        QVERIFY(!readme.contains(text.toUtf8()));
    }
    // Text with a line break is refused, naming the element and field.
    Design d = *templateDesign(QStringLiteral("scaled"));
    d.components[1].label = QStringLiteral("a\nb");
    const BundleResult r = generateBundle(d);
    QVERIFY(!r.ok());
    QCOMPARE(r.errors.front().element, d.components[1].id);
    QCOMPARE(r.errors.front().field, QStringLiteral("label"));
}

// Numbers reach files too: ports, intervals, ids outside their range stop
// the generation the same way.
void TestGenerate::numbersOutOfRangeRefused()
{
    const Design base = *templateDesign(QStringLiteral("scaled"));
    const qsizetype lb = base.componentIndex(QStringLiteral("haproxy-1"));
    const qsizetype db = base.componentIndex(QStringLiteral("mysql-primary"));
    struct Case
    {
        qsizetype component;
        QString key;
        QJsonValue value;
    };
    const QList<Case> cases = {
        {lb, QStringLiteral("http_port"), 0},
        {lb, QStringLiteral("https_port"), 65536},
        {lb, QStringLiteral("stats_port"), -1},
        {lb, QStringLiteral("http_port"), 80.5},
        {lb, QStringLiteral("http_port"), QStringLiteral("80; evil")},
        {lb, QStringLiteral("tls"), QStringLiteral("true\nevil")},
        {lb, QStringLiteral("health_check"), QJsonObject{{QStringLiteral("interval_ms"), 0}}},
        {lb, QStringLiteral("health_check"), QJsonObject{{QStringLiteral("rise"), 1e12}}},
        {db, QStringLiteral("port"), 99999},
        {db, QStringLiteral("server_id"), -5},
    };
    for (const Case &c : cases) {
        Design d = base;
        d.components[c.component].settings.insert(c.key, c.value);
        const BundleResult r = generateBundle(d);
        QVERIFY2(!r.ok(), qPrintable(c.key));
        QCOMPARE(r.errors.front().element, d.components[c.component].id);
        QCOMPARE(r.errors.front().field, QStringLiteral("settings.") + c.key);
    }
    Design d = base;
    d.hosts[0].firewallAllow.append(70000);
    QVERIFY(!generateBundle(d).ok());
    d = base;
    d.links[0].port = 0;
    QVERIFY(!generateBundle(d).ok());
}

// The same refusal through the command line: exit 2, nothing written, the
// message naming the element and the field.
void TestGenerate::hostileThroughCommandLine()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QByteArray bytes = *templateBytes(QStringLiteral("scaled"));
    const QJsonObject base = QJsonDocument::fromJson(bytes).object();
    struct Edit
    {
        QString field;
        std::function<void(QJsonObject &, const QString &)> apply;
    };
    auto componentSetting = [](int index, const QString &key) {
        return [index, key](QJsonObject &o, const QString &v) {
            QJsonArray comps = o.value(QStringLiteral("components")).toArray();
            QJsonObject c = comps[index].toObject();
            QJsonObject s = c.value(QStringLiteral("settings")).toObject();
            s.insert(key, v);
            c.insert(QStringLiteral("settings"), s);
            comps[index] = c;
            o.insert(QStringLiteral("components"), comps);
        };
    };
    const QList<Edit> edits = {
        {QStringLiteral("domain"),
         [](QJsonObject &o, const QString &v) { o.insert(QStringLiteral("domain"), v); }},
        {QStringLiteral("address"),
         [](QJsonObject &o, const QString &v) {
             QJsonArray hosts = o.value(QStringLiteral("hosts")).toArray();
             QJsonObject h = hosts[0].toObject();
             h.insert(QStringLiteral("address"), v);
             hosts[0] = h;
             o.insert(QStringLiteral("hosts"), hosts);
         }},
        {QStringLiteral("hostname"),
         [](QJsonObject &o, const QString &v) {
             QJsonArray hosts = o.value(QStringLiteral("hosts")).toArray();
             QJsonObject h = hosts[2].toObject();
             h.insert(QStringLiteral("hostname"), v);
             hosts[2] = h;
             o.insert(QStringLiteral("hosts"), hosts);
         }},
        {QStringLiteral("certificate"), componentSetting(1, QStringLiteral("certificate"))},
        {QStringLiteral("vip"), componentSetting(1, QStringLiteral("vip"))},
        {QStringLiteral("server_name"), componentSetting(3, QStringLiteral("server_name"))},
        {QStringLiteral("root"), componentSetting(3, QStringLiteral("root"))},
        {QStringLiteral("codebase"), componentSetting(5, QStringLiteral("codebase"))},
    };
    int n = 0;
    for (const Edit &edit : edits) {
        for (const auto &[what, value] : hostileValues()) {
            if (value.contains(QChar(0)))
                continue; // not representable in a JSON file the loader accepts as text anyway
            QJsonObject o = base;
            edit.apply(o, value);
            const QString in = tmp.path() + QStringLiteral("/in.stackplan");
            QVERIFY(writeFile(in, QJsonDocument(o).toJson()));
            const QString out = tmp.path() + QStringLiteral("/out-%1").arg(n++);
            const ToolResult r =
                runTool(m_binary, {QStringLiteral("generate"), in, QStringLiteral("-o"), out});
            const QString row = edit.field + QStringLiteral(" = ") + what;
            QVERIFY2(r.exitCode == 2,
                     qPrintable(row + u'\n' + QString::fromUtf8(r.output.left(500))));
            QVERIFY2(r.output.contains(edit.field.toUtf8()),
                     qPrintable(row + u'\n' + QString::fromUtf8(r.output.left(500))));
            QVERIFY2(!QFileInfo::exists(out), qPrintable(row));
        }
    }
}

void TestGenerate::firewallOpensOnlyToLinkedHosts()
{
    const BundleResult r = generateBundle(*templateDesign(QStringLiteral("scaled")));
    QVERIFY(r.ok());
    const QByteArray app = r.file(QStringLiteral("hosts/app-01/etc/nftables.conf"))->content;
    // Only the two web servers reach the application port.
    QVERIFY(app.contains("ip saddr { 203.0.113.21, 203.0.113.22 } tcp dport 8000 accept"));
    QVERIFY(app.contains("policy drop"));
    QVERIFY(app.contains("tcp dport 22 accept"));
    QVERIFY(!app.contains("tcp dport 8000 accept\n") || app.count("dport 8000") == 1);
    const QByteArray lb = r.file(QStringLiteral("hosts/lb-01/etc/nftables.conf"))->content;
    // The entry ports are open to everyone.
    QVERIFY(lb.contains("        tcp dport 80 accept\n"));
    QVERIFY(lb.contains("        tcp dport 443 accept\n"));
    QVERIFY(lb.contains("ip saddr { 203.0.113.11 } ip protocol vrrp accept"));
    const QByteArray db = r.file(QStringLiteral("hosts/db-01/etc/nftables.conf"))->content;
    QVERIFY(
        db.contains("ip saddr { 203.0.113.31, 203.0.113.32, 203.0.113.42 } tcp dport 3306 accept"));
    QVERIFY(!db.contains("tcp dport 3306 accept\n        ") || true);
    QVERIFY(!db.contains("        tcp dport 3306 accept\n"));
}

void TestGenerate::replicationSqlHoldsNoPassword()
{
    const BundleResult r = generateBundle(*templateDesign(QStringLiteral("three-server")));
    QVERIFY(r.ok());
    const QByteArray primary =
        r.file(QStringLiteral("hosts/web-01/etc/mysql/replication.sql"))->content;
    const QByteArray replica =
        r.file(QStringLiteral("hosts/web-02/etc/mysql/replication.sql"))->content;
    QVERIFY(primary.contains("'replication''@''203.0.113.12'"));
    QVERIFY(primary.contains("GRANT REPLICATION SLAVE ON *.* TO 'replication'@'203.0.113.12'"));
    QVERIFY(replica.contains("CHANGE REPLICATION SOURCE TO SOURCE_HOST = ''203.0.113.11''"));
    QVERIFY(replica.contains("SOURCE_AUTO_POSITION = 1"));
    for (const QByteArray &sql : {primary, replica}) {
        QVERIFY(sql.contains("QUOTE(@replication_password)"));
        // The password only ever comes from the deploy-time variable.
        QCOMPARE(sql.count("IDENTIFIED BY"),
                 sql.count("IDENTIFIED BY ', QUOTE(@replication_password)"));
        QCOMPARE(sql.count("PASSWORD = "), sql.count("PASSWORD = ', QUOTE(@replication_password)"));
    }
    const QByteArray cnf =
        r.file(QStringLiteral("hosts/web-02/etc/mysql/conf.d/stackplan.cnf"))->content;
    QVERIFY(cnf.contains("super_read_only = ON"));
    QVERIFY(cnf.contains("server-id = 2"));
}

void TestGenerate::onlyFilters()
{
    const Design d = *templateDesign(QStringLiteral("scaled"));
    BundleOptions options;
    options.only = {BundlePart::HAProxy, BundlePart::Monitoring};
    const BundleResult r = generateBundle(d, options);
    QVERIFY(r.ok());
    QStringList configs;
    for (const GeneratedFile &f : configFiles(r))
        configs.append(f.path);
    QCOMPARE(configs, QStringList({QStringLiteral("hosts/lb-01/etc/haproxy/haproxy.cfg"),
                                   QStringLiteral("hosts/lb-02/etc/haproxy/haproxy.cfg"),
                                   QStringLiteral("monitoring/prometheus.yml")}));
    QVERIFY(r.file(QStringLiteral("README.md")));
    QVERIFY(r.file(QStringLiteral("findings.md")));
    QVERIFY(r.file(QStringLiteral("design.stackplan")));
}

void TestGenerate::archiveHoldsTheTree()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString design = tmp.path() + QStringLiteral("/d.stackplan");
    QVERIFY(writeFile(design, *templateBytes(QStringLiteral("secured-monitored"))));
    const QString dir = tmp.path() + QStringLiteral("/bundle");
    const QString archive = tmp.path() + QStringLiteral("/bundle.tar.gz");
    QCOMPARE(
        runTool(m_binary, {QStringLiteral("generate"), design, QStringLiteral("-o"), dir}).exitCode,
        0);
    QCOMPARE(runTool(m_binary, {QStringLiteral("generate"), design, QStringLiteral("-o"), archive})
                 .exitCode,
             0);
    const QString extracted = tmp.path() + QStringLiteral("/x");
    QDir().mkpath(extracted);
    const ToolResult t = runTool(
        QStringLiteral("tar"), {QStringLiteral("-xzf"), archive, QStringLiteral("-C"), extracted});
    QVERIFY2(t.exitCode == 0, t.output.constData());
    const auto a = readTree(dir);
    QCOMPARE(readTree(extracted), a);
    QVERIFY(a.contains(QStringLiteral("hosts/lb-01/etc/haproxy/haproxy.cfg")));
    QVERIFY(a.contains(QStringLiteral("README.md")));
    QCOMPARE(a.value(QStringLiteral("design.stackplan")),
             *templateBytes(QStringLiteral("secured-monitored")));
    // Generating again over a bundle replaces it whole.
    QCOMPARE(runTool(m_binary, {QStringLiteral("generate"), design, QStringLiteral("-o"), dir,
                                QStringLiteral("--only"), QStringLiteral("nginx")})
                 .exitCode,
             0);
    QVERIFY(!QFile::exists(dir + QStringLiteral("/hosts/lb-01/etc/haproxy/haproxy.cfg")));
    QVERIFY(
        QFile::exists(dir + QStringLiteral("/hosts/web-01/etc/nginx/conf.d/www.foobar.com.conf")));
}

void TestGenerate::exitCodes()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString design = tmp.path() + QStringLiteral("/d.stackplan");
    QVERIFY(writeFile(design, *templateBytes(QStringLiteral("three-server"))));
    auto run = [&](const QStringList &args) {
        return runTool(m_binary, QStringList{QStringLiteral("generate")} + args);
    };
    QCOMPARE(run({design, QStringLiteral("-o"), tmp.path() + QStringLiteral("/o"),
                  QStringLiteral("--only"), QStringLiteral("haproxy,bogus")})
                 .exitCode,
             2);
    QCOMPARE(run({design}).exitCode, 2);
    QCOMPARE(run({tmp.path() + QStringLiteral("/missing.stackplan"), QStringLiteral("-o"),
                  tmp.path() + QStringLiteral("/o")})
                 .exitCode,
             2);
    // Under a regular file no folder can be made: cannot write, nothing left.
    const QString blocker = tmp.path() + QStringLiteral("/file");
    QVERIFY(writeFile(blocker, "x"));
    QCOMPARE(run({design, QStringLiteral("-o"), blocker + QStringLiteral("/out")}).exitCode, 3);
    QCOMPARE(run({design, QStringLiteral("-o"), blocker + QStringLiteral("/out.tar.gz")}).exitCode,
             3);
    // A folder that holds something else is never replaced.
    const QString other = tmp.path() + QStringLiteral("/other");
    QVERIFY(writeFile(other + QStringLiteral("/keep.txt"), "mine"));
    QCOMPARE(run({design, QStringLiteral("-o"), other}).exitCode, 3);
    QVERIFY(QFile::exists(other + QStringLiteral("/keep.txt")));
    QCOMPARE(run({design, QStringLiteral("-o"), tmp.path() + QStringLiteral("/ok")}).exitCode, 0);
    QVERIFY(QFile::exists(tmp.path() + QStringLiteral("/ok/README.md")));
    // Nothing left behind beside the targets.
    const QStringList leftovers =
        QDir(tmp.path())
            .entryList({QStringLiteral(".stackplan-bundle-*")}, QDir::AllEntries | QDir::Hidden);
    QVERIFY2(leftovers.isEmpty(), qPrintable(leftovers.join(u',')));
}

// The streamed bundle is the in-memory one, file for file: each machine's
// files in the order of their paths, then the monitoring configuration, then
// the documents (README.md last but for the two that need no other file).
void TestGenerate::streamedInPathOrder()
{
    QList<QPair<QString, Design>> designs = allDesigns();
    // "web-01-b/" sorts before "web-01/" although "web-01" sorts before "web-01-b".
    Design tricky = *templateDesign(QStringLiteral("three-server"));
    Host extra;
    extra.id = QStringLiteral("web-01-b");
    extra.address = QStringLiteral("203.0.113.99");
    extra.firewallEnabled = true;
    tricky.hosts.append(extra);
    QVERIFY(tricky.host(QStringLiteral("web-01")));
    tricky.reindex();
    designs.append({QStringLiteral("tricky"), tricky});
    for (const auto &[name, design] : designs) {
        QList<GeneratedFile> streamed;
        bool stopped = true;
        const QList<GenerateError> errors = streamBundle(
            design, {},
            [&streamed](const GeneratedFile &f) {
                streamed.append(f);
                return true;
            },
            &stopped);
        QVERIFY2(errors.isEmpty(), qPrintable(name));
        QVERIFY(!stopped);
        QVERIFY2(streamed.size() > 3, qPrintable(name));
        const QStringList documents = {QStringLiteral("README.md"),
                                       QStringLiteral("design.stackplan"),
                                       QStringLiteral("findings.md")};
        QStringList tail;
        for (qsizetype i = streamed.size() - 3; i < streamed.size(); ++i)
            tail.append(streamed[i].path);
        QCOMPARE(tail, documents);
        const QList<GeneratedFile> configs = streamed.first(streamed.size() - 3);
        for (qsizetype i = 1; i < configs.size(); ++i)
            QVERIFY2(configs[i - 1].path < configs[i].path,
                     qPrintable(name + u' ' + configs[i - 1].path + u' ' + configs[i].path));
        const BundleResult whole = generateBundle(design);
        QCOMPARE(configs, configFiles(whole));
        for (const GeneratedFile &f : streamed.last(3))
            QCOMPARE(f.content, whole.file(f.path)->content);
    }
    QVERIFY(generateBundle(tricky).file(QStringLiteral("hosts/web-01-b/etc/nftables.conf")));
}

void TestGenerate::streamStopsWhenRefused()
{
    const Design design = *templateDesign(QStringLiteral("scaled"));
    int calls = 0;
    bool stopped = false;
    const QList<GenerateError> errors = streamBundle(
        design, {},
        [&calls](const GeneratedFile &) {
            ++calls;
            return calls < 3;
        },
        &stopped);
    QVERIFY(errors.isEmpty());
    QVERIFY(stopped);
    QCOMPARE(calls, 3);

    // A design that fails its grammar streams nothing.
    Design hostile = design;
    hostile.hosts.front().hostname = QStringLiteral("evil;host");
    calls = 0;
    const QList<GenerateError> refused = streamBundle(hostile, {}, [&calls](const GeneratedFile &) {
        ++calls;
        return true;
    });
    QVERIFY(!refused.isEmpty());
    QCOMPARE(calls, 0);
}

void TestGenerate::unfinishedWriterLeavesNothing()
{
    const BundleResult bundle = generateBundle(*templateDesign(QStringLiteral("three-server")));
    for (const QString &name : {QStringLiteral("folder"), QStringLiteral("bundle.tar.gz")}) {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const QDir root(tmp.path());
        const auto entries = [&root] {
            return root.entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        };
        {
            BundleWriter writer(tmp.path() + u'/' + name);
            for (const GeneratedFile &f : bundle.files)
                QVERIFY(writer.add(f));
            QVERIFY(!entries().contains(name)); // nothing at the target before commit
        }
        QVERIFY2(entries().isEmpty(), qPrintable(entries().join(u',')));
        BundleWriter writer(tmp.path() + u'/' + name);
        for (const GeneratedFile &f : bundle.files)
            QVERIFY(writer.add(f));
        QVERIFY(writer.commit());
        QVERIFY(!writer.add(bundle.files.front())); // a committed writer takes nothing more
        QCOMPARE(entries(), QStringList{name});
        if (name == QStringLiteral("folder"))
            QCOMPARE(readTree(tmp.path() + u'/' + name).size(), bundle.files.size());
        else
            QCOMPARE(readTree(tmp.path()).value(name), bundleArchive(bundle.files));
    }
}

// A write that fails half way (the file-size limit here, as a full disk would)
// exits 3, names the target and leaves the previous bundle as it was.
void TestGenerate::failedWriteKeepsTheOldBundle()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString small = tmp.path() + QStringLiteral("/small.stackplan");
    const QString big = tmp.path() + QStringLiteral("/big.stackplan");
    QVERIFY(writeFile(small, *templateBytes(QStringLiteral("three-server"))));
    QVERIFY(writeFile(big, *templateBytes(QStringLiteral("scaled"))));
    const QString dir = tmp.path() + QStringLiteral("/out/bundle");
    const QString archive = tmp.path() + QStringLiteral("/out/bundle.tar.gz");
    for (const QString &target : {dir, archive})
        QCOMPARE(
            runTool(m_binary, {QStringLiteral("generate"), small, QStringLiteral("-o"), target})
                .exitCode,
            0);
    const QMap<QString, QByteArray> before = readTree(tmp.path() + QStringLiteral("/out"));
    QVERIFY(before.contains(QStringLiteral("bundle/README.md")));
    QVERIFY(before.contains(QStringLiteral("bundle.tar.gz")));
    // Writes past 1 kB fail with EFBIG (the signal ignored, as a disk-full write fails).
    const QString limited = QStringLiteral("trap '' XFSZ; ulimit -f 1; exec \"$0\" \"$@\"");
    for (const QString &target : {dir, archive}) {
        const ToolResult r = runTool(QStringLiteral("bash"), {QStringLiteral("-c"), limited,
                                                              m_binary, QStringLiteral("generate"),
                                                              big, QStringLiteral("-o"), target});
        QVERIFY2(r.exitCode == 3,
                 qPrintable(QString::number(r.exitCode) + u' ' + QString::fromUtf8(r.output)));
        QVERIFY2(r.output.contains(target.toUtf8()), r.output.constData());
        QCOMPARE(readTree(tmp.path() + QStringLiteral("/out")), before);
        const QStringList entries =
            QDir(tmp.path() + QStringLiteral("/out"))
                .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot);
        QCOMPARE(entries, QStringList({QStringLiteral("bundle"), QStringLiteral("bundle.tar.gz")}));
    }
    // Without the limit the same command replaces both.
    for (const QString &target : {dir, archive})
        QCOMPARE(runTool(m_binary, {QStringLiteral("generate"), big, QStringLiteral("-o"), target})
                     .exitCode,
                 0);
    QVERIFY(readTree(tmp.path() + QStringLiteral("/out")) != before);
}

QTEST_GUILESS_MAIN(TestGenerate)
#include "tst_generate.moc"
