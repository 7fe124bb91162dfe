// The command line of the foundation: every verb, --help and --version,
// standard input as "-", and every exit code. Each run has no display at all
// (no DISPLAY, WAYLAND_DISPLAY or QT_QPA_PLATFORM), which proves that the
// headless verbs never need one.
#include "core/designio.h"
#include "core/templates.h"
#include "designgen.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

using namespace stackplan;

namespace {

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run run(const QStringList &args, const QByteArray &input = {},
        const std::function<void()> &childSetup = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
        env.remove(QLatin1StringView(name));
    p.setProcessEnvironment(env);
    if (childSetup)
        p.setChildProcessModifier(childSetup);
    p.start(QStringLiteral(STACKPLAN_BINARY), args);
    if (!p.waitForStarted(10000))
        return {};
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    Run r;
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

QByteArray readFile(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// The three-server design, valid but not canonical: keys out of order, other
// spacing, defaults spelled out.
QByteArray messyDesign()
{
    return R"({ "components": [ {"kind": "internet", "id": "users"},
        {"kind":"web_server","id":"web","host":"h-1"} ],
      "hosts": [{"id": "h-1", "address": "10.0.0.1"}],
      "links": [{"to": "web", "from": "users"}], "stackplan": 1, "name": "messy" })";
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void version();
    void help();
    void verbHelp_data();
    void verbHelp();
    void unknownVerbAndOption();
    void templates();
    void newWritesEachTemplate();
    void newErrors();
    void fmtRewritesInPlace();
    void fmtCheck();
    void fmtOutputAndStdin();
    void fmtErrors();
    void fmtFailedWriteLeavesFileUntouched();
    void validateLoadErrors();
    void validateStdin();
    void validateOptions();
    void noDisplayExplainsTheCommandLine();

private:
    QTemporaryDir m_dir;
    QString path(const QString &name) const { return m_dir.filePath(name); }
};

void TestCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(QFile::exists(QStringLiteral(STACKPLAN_BINARY)));
}

void TestCli::version()
{
    for (const char *flag : {"--version", "-v"}) {
        const Run r = run({QLatin1StringView(flag)});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QByteArray("stackplan " STACKPLAN_VERSION_TEXT "\n"));
        QVERIFY(r.err.isEmpty());
    }
}

void TestCli::help()
{
    const Run r = run({QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    for (const char *verb : {"validate", "fmt", "templates", "new"})
        QVERIFY2(r.out.contains(QByteArray("\n  ") + verb + ' '), verb);
    QVERIFY(r.out.contains("Exit codes: 0 done"));
    QCOMPARE(run({QStringLiteral("-h")}).out, r.out);
    QCOMPARE(run({QStringLiteral("help")}).out, r.out);
    const Run verbHelp = run({QStringLiteral("help"), QStringLiteral("fmt")});
    QCOMPARE(verbHelp.code, 0);
    QCOMPARE(verbHelp.out, run({QStringLiteral("fmt"), QStringLiteral("--help")}).out);
}

void TestCli::verbHelp_data()
{
    QTest::addColumn<QString>("verb");
    QTest::addColumn<QString>("option");
    QTest::newRow("validate") << "validate"
                              << "--fail-on";
    QTest::newRow("fmt") << "fmt"
                         << "--check";
    QTest::newRow("templates") << "templates"
                               << "--help";
    QTest::newRow("new") << "new"
                         << "-o";
}

void TestCli::verbHelp()
{
    QFETCH(QString, verb);
    QFETCH(QString, option);
    const Run r = run({verb, QStringLiteral("--help")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith("usage: stackplan " + verb.toUtf8()));
    QVERIFY(r.out.contains(option.toUtf8()));
    QVERIFY(r.err.isEmpty());
}

void TestCli::unknownVerbAndOption()
{
    Run r = run({QStringLiteral("frobnicate")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("unknown verb or option \"frobnicate\""));
    r = run({QStringLiteral("--frobnicate")});
    QCOMPARE(r.code, 2);
    r = run({QStringLiteral("fmt"), QStringLiteral("--bogus"), path(QStringLiteral("x"))});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("bogus"));
    QVERIFY(r.err.contains("usage: stackplan fmt"));
}

void TestCli::templates()
{
    const Run r = run({QStringLiteral("templates")});
    QCOMPARE(r.code, 0);
    const QList<QByteArray> lines = r.out.trimmed().split('\n');
    QCOMPARE(lines.size(), bundledTemplates().size());
    for (const TemplateInfo &t : bundledTemplates())
        QVERIFY(r.out.contains(t.name.toUtf8() + ' '));
    QCOMPARE(run({QStringLiteral("templates"), QStringLiteral("extra")}).code, 2);
}

void TestCli::newWritesEachTemplate()
{
    for (const TemplateInfo &t : bundledTemplates()) {
        const QString out = path(t.name + QStringLiteral(".stackplan"));
        const Run r = run({QStringLiteral("new"), t.name, QStringLiteral("-o"), out});
        QCOMPARE(r.code, 0);
        QCOMPARE(
            readFile(out),
            readFile(QStringLiteral(STACKPLAN_TEST_DATA "/core/%1.golden.stackplan").arg(t.name)));
    }
    const Run r = run({QStringLiteral("new"), QStringLiteral("scaled"), QStringLiteral("-o"),
                       QStringLiteral("-")});
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, *templateBytes(QStringLiteral("scaled")));
}

void TestCli::newErrors()
{
    Run r = run({QStringLiteral("new"), QStringLiteral("nope"), QStringLiteral("-o"),
                 path(QStringLiteral("n"))});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("no template \"nope\" (one of single-server, three-server"));
    QVERIFY(!QFile::exists(path(QStringLiteral("n"))));
    QCOMPARE(run({QStringLiteral("new"), QStringLiteral("scaled")}).code, 2);
    QCOMPARE(run({QStringLiteral("new")}).code, 2);
    // The output cannot be written: exit 3, nothing left behind.
    const QString out = path(QStringLiteral("missing-dir/site.stackplan"));
    r = run({QStringLiteral("new"), QStringLiteral("scaled"), QStringLiteral("-o"), out});
    QCOMPARE(r.code, 3);
    QVERIFY(r.err.contains(out.toUtf8() + ": cannot write"));
    QVERIFY(!QFile::exists(out));
}

void TestCli::fmtRewritesInPlace()
{
    const QString file = path(QStringLiteral("messy.stackplan"));
    writeFile(file, messyDesign());
    const Run r = run({QStringLiteral("fmt"), file});
    QCOMPARE(r.code, 0);
    const QByteArray formatted = readFile(file);
    QCOMPARE(formatted, writeDesign(*readDesign(messyDesign()).design));
    QVERIFY(formatted.startsWith("{\n  \"stackplan\": 1,\n  \"name\": \"messy\""));
    // Idempotent: a second run changes nothing.
    QCOMPARE(run({QStringLiteral("fmt"), file}).code, 0);
    QCOMPARE(readFile(file), formatted);
}

void TestCli::fmtCheck()
{
    const QString messy = path(QStringLiteral("check-messy.stackplan"));
    const QString clean = path(QStringLiteral("check-clean.stackplan"));
    writeFile(messy, messyDesign());
    writeFile(clean, *templateBytes(QStringLiteral("three-server")));
    Run r = run({QStringLiteral("fmt"), QStringLiteral("--check"), clean});
    QCOMPARE(r.code, 0);
    QVERIFY(r.err.isEmpty());
    r = run({QStringLiteral("fmt"), QStringLiteral("--check"), clean, messy});
    QCOMPARE(r.code, 1);
    QCOMPARE(r.err, (messy + QStringLiteral(": not in canonical form\n")).toUtf8());
    QCOMPARE(readFile(messy), messyDesign()); // --check changes nothing
    r = run({QStringLiteral("fmt"), QStringLiteral("--check"), QStringLiteral("-")}, messyDesign());
    QCOMPARE(r.code, 1);
    QVERIFY(r.err.contains("<stdin>: not in canonical form"));
}

void TestCli::fmtOutputAndStdin()
{
    const QString in = path(QStringLiteral("o-in.stackplan"));
    const QString out = path(QStringLiteral("o-out.stackplan"));
    writeFile(in, messyDesign());
    Run r = run({QStringLiteral("fmt"), in, QStringLiteral("-o"), out});
    QCOMPARE(r.code, 0);
    QCOMPARE(readFile(in), messyDesign());
    QCOMPARE(readFile(out), writeDesign(*readDesign(messyDesign()).design));

    r = run({QStringLiteral("fmt"), QStringLiteral("-"), QStringLiteral("-o"), QStringLiteral("-")},
            messyDesign());
    QCOMPARE(r.code, 0);
    QCOMPARE(r.out, readFile(out));
}

void TestCli::fmtErrors()
{
    const QString broken = path(QStringLiteral("broken.stackplan"));
    writeFile(broken, "{\n  \"stackplan\": 1,\n  \"components\": [}\n");
    Run r = run({QStringLiteral("fmt"), broken});
    QCOMPARE(r.code, 2);
    QVERIFY2(
        r.err.startsWith((broken + QStringLiteral(":3:18: error: JSON syntax error: ")).toUtf8()),
        r.err.constData());
    QCOMPARE(readFile(broken), QByteArray("{\n  \"stackplan\": 1,\n  \"components\": [}\n"));

    r = run({QStringLiteral("fmt"), path(QStringLiteral("absent.stackplan"))});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("absent.stackplan: error: cannot open"));
    QCOMPARE(run({QStringLiteral("fmt")}).code, 2);
    QCOMPARE(run({QStringLiteral("fmt"), QStringLiteral("-")}, messyDesign()).code, 2);
    QCOMPARE(run({QStringLiteral("fmt"), broken, broken, QStringLiteral("-o"),
                  path(QStringLiteral("x"))})
                 .code,
             2);
    const QString in = path(QStringLiteral("e-in.stackplan"));
    writeFile(in, messyDesign());
    r = run({QStringLiteral("fmt"), in, QStringLiteral("-o"),
             path(QStringLiteral("none/out.stackplan"))});
    QCOMPARE(r.code, 3);
}

void TestCli::fmtFailedWriteLeavesFileUntouched()
{
    // A disk that fills up during the rewrite (a file-size limit on the child
    // process, which binds root as well): exit 3 and the file as it was.
    const QString file = path(QStringLiteral("big.stackplan"));
    QByteArray messy = writeDesign(designgen::generateDesign(3000, 11));
    messy.replace("\n    ", "\n      "); // valid, not canonical
    writeFile(file, messy);
    const Run r = run({QStringLiteral("fmt"), file}, {}, [] {
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit limit{};
        getrlimit(RLIMIT_FSIZE, &limit);
        limit.rlim_cur = 100 * 1024;
        setrlimit(RLIMIT_FSIZE, &limit);
    });
    QCOMPARE(r.code, 3);
    QVERIFY2(r.err.contains(file.toUtf8() + ": cannot write"), r.err.constData());
    QCOMPARE(readFile(file), messy);
    QCOMPARE(QDir(m_dir.path()).entryList({QStringLiteral("big*")}, QDir::Files),
             QStringList{QStringLiteral("big.stackplan")});
}

void TestCli::validateLoadErrors()
{
    const QString good = path(QStringLiteral("v-good.stackplan"));
    writeFile(good, *templateBytes(QStringLiteral("three-server")));
    Run r = run(
        {QStringLiteral("validate"), good, QStringLiteral("--fail-on"), QStringLiteral("never")});
    QCOMPARE(r.code, 0);

    const QString syntax = path(QStringLiteral("v-syntax.stackplan"));
    writeFile(syntax,
              "{\"stackplan\": 1,\n \"components\": [{\"id\": \"users\" \"kind\": \"internet\"}]}");
    r = run({QStringLiteral("validate"), syntax});
    QCOMPARE(r.code, 2);
    QCOMPARE(r.err, (syntax + QStringLiteral(":2:32: error: JSON syntax error: unexpected '\"': "
                                             "expected ',' or '}' in an object\n"))
                        .toUtf8());

    const QString semantic = path(QStringLiteral("v-semantic.stackplan"));
    writeFile(semantic, R"({"stackplan": 1, "components": [{"id": "users", "kind": "internet"},
        {"id": "web", "kind": "web_server", "host": "web-03"}]})");
    r = run({QStringLiteral("validate"), semantic});
    QCOMPARE(r.code, 2);
    QCOMPARE(r.err, (semantic +
                     QStringLiteral(": error: components[1].host: no host with id \"web-03\"\n"))
                        .toUtf8());

    // One bad file among good ones still fails, and each file is named.
    r = run({QStringLiteral("validate"), good, semantic, QStringLiteral("--fail-on"),
             QStringLiteral("never")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains(semantic.toUtf8()));
    QVERIFY(!r.err.contains(good.toUtf8()));

    r = run({QStringLiteral("validate"), path(QStringLiteral("absent.stackplan"))});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("absent.stackplan: error: cannot open"));

    const QString newer = path(QStringLiteral("v-newer.stackplan"));
    writeFile(newer, R"({"stackplan": 2, "components": []})");
    r = run({QStringLiteral("validate"), newer});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("format version 2 is newer than this Stackplan reads (1)"));

    // Warnings name the file too, and do not fail the load.
    const QString extra = path(QStringLiteral("v-extra.stackplan"));
    writeFile(
        extra,
        R"({"stackplan": 1, "owner": "ops", "components": [{"id": "users", "kind": "internet"}]})");
    r = run(
        {QStringLiteral("validate"), extra, QStringLiteral("--fail-on"), QStringLiteral("never")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.err.contains(extra.toUtf8() + ": warning: owner: unknown key (kept)"));
}

void TestCli::validateStdin()
{
    Run r = run({QStringLiteral("validate"), QStringLiteral("-"), QStringLiteral("--fail-on"),
                 QStringLiteral("never")},
                *templateBytes(QStringLiteral("scaled")));
    QCOMPARE(r.code, 0);
    r = run({QStringLiteral("validate"), QStringLiteral("-")}, "{\"stackplan\": 1,\n  oops}");
    QCOMPARE(r.code, 2);
    QVERIFY2(r.err.startsWith("<stdin>:2:3: error: JSON syntax error"), r.err.constData());
    // Empty standard input.
    r = run({QStringLiteral("validate"), QStringLiteral("-")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("<stdin>:1:1: error: JSON syntax error: the file is empty"));
}

void TestCli::validateOptions()
{
    const QString good = path(QStringLiteral("v-good.stackplan"));
    writeFile(good, *templateBytes(QStringLiteral("three-server")));
    Run r =
        run({QStringLiteral("validate"), good, QStringLiteral("--format"), QStringLiteral("yaml")});
    QCOMPARE(r.code, 2);
    QVERIFY(r.err.contains("--format must be one of"));
    r = run(
        {QStringLiteral("validate"), good, QStringLiteral("--fail-on"), QStringLiteral("always")});
    QCOMPARE(r.code, 2);
    QCOMPARE(run({QStringLiteral("validate")}).code, 2);
}

void TestCli::noDisplayExplainsTheCommandLine()
{
    // No verb and no display: how to use the command line, exit 0, no window.
    for (const QStringList &args :
         {QStringList(), QStringList{path(QStringLiteral("v-good.stackplan"))}}) {
        const Run r = run(args);
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith("No display: the designer needs one. Use the command line:"));
        QVERIFY(r.out.contains("usage: stackplan [FILE]"));
        QVERIFY(r.out.contains("fmt"));
    }
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
