// The fuzz smoke run of the normal suite: replays the seed corpus and every
// kept crash input through the fuzz targets, then a few thousand mutants from
// a fixed seed. Needs no clang: the long runs use libFuzzer (the fuzz preset).
#include "fuzz_targets.h"
#include "mutator.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

using namespace stackplan;

namespace {

// The input being run, so a crash leaves it behind for reproduction.
const char *g_input = nullptr;
size_t g_inputSize = 0;

extern "C" void saveInputAndDie(int signal)
{
    const int fd = ::open("fuzz-crash-input.bin", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        if (::write(fd, g_input, g_inputSize) < 0) {
            // Nothing more can be done inside a signal handler.
        }
        ::close(fd);
    }
    static const char note[] = "crashing input written to fuzz-crash-input.bin\n";
    if (::write(2, note, sizeof note - 1) < 0) {
    }
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

using Target = int (*)(const uint8_t *, size_t, bool *);

bool runTarget(Target target, const QByteArray &input)
{
    g_input = input.constData();
    g_inputSize = size_t(input.size());
    bool accepted = false;
    const int r =
        target(reinterpret_cast<const uint8_t *>(input.constData()), g_inputSize, &accepted);
    g_input = nullptr;
    g_inputSize = 0;
    if (r != 0)
        qFatal("a fuzz target returned %d", r);
    return accepted;
}

QList<QByteArray> filesIn(const QString &dir, QStringList *names = nullptr)
{
    QList<QByteArray> out;
    const QDir d(dir);
    for (const QFileInfo &info : d.entryInfoList(QDir::Files, QDir::Name)) {
        QFile f(info.filePath());
        if (!f.open(QIODevice::ReadOnly))
            continue;
        out.append(f.readAll());
        if (names)
            names->append(info.fileName());
    }
    return out;
}

const QString fuzzDir = QStringLiteral(STACKPLAN_SOURCE_DIR "/tests/fuzz");
const QString templatesDir = QStringLiteral(STACKPLAN_SOURCE_DIR "/resources/templates");

struct TargetInfo
{
    const char *name; // its corpus, dictionary and regression folders
    Target run;
    const char *corpus;     // seed folder under tests/fuzz/corpus
    bool templates;         // the bundled designs are seeds too
    const char *dictionary; // under tests/fuzz
    int mutants;            // for the smoke run
};

// The generator and the DOT importer (one Graphviz thread) are slower per input.
const TargetInfo targets[] = {
    {"designio", fuzz::designLoader, "designio", true, "designio.dict", 10000},
    {"mermaid", fuzz::mermaidImport, "mermaid", false, "mermaid.dict", 4000},
    {"dot", fuzz::dotImport, "dot", false, "dot.dict", 2000},
    {"bundle", fuzz::bundleGenerator, "designio", true, "designio.dict", 1500},
};

const TargetInfo *targetNamed(const QByteArray &name)
{
    for (const TargetInfo &t : targets) {
        if (name == t.name)
            return &t;
    }
    return nullptr;
}

QList<QByteArray> seeds(const TargetInfo &t, QStringList *names = nullptr)
{
    QList<QByteArray> out;
    if (t.templates)
        out += filesIn(templatesDir, names);
    out += filesIn(fuzzDir + QStringLiteral("/corpus/") + QLatin1StringView(t.corpus), names);
    return out;
}

} // namespace

class TestFuzz : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void replay_data();
    void replay();
    void mutate_data();
    void mutate();
};

void TestFuzz::initTestCase()
{
    for (int s : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
        std::signal(s, saveInputAndDie);
}

void TestFuzz::replay_data()
{
    QTest::addColumn<QByteArray>("target");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("accepted"); // must go all the way through
    for (const TargetInfo &t : targets) {
        QStringList names;
        const QList<QByteArray> inputs = seeds(t, &names);
        QVERIFY2(!inputs.isEmpty(), t.name);
        for (qsizetype i = 0; i < inputs.size(); ++i) {
            // The templates are valid designs: they load and generate.
            const bool valid = t.templates && i < filesIn(templatesDir).size();
            QTest::addRow("%s seed %s", t.name, qPrintable(names[i]))
                << QByteArray(t.name) << inputs[i] << valid;
        }
        names.clear();
        const QList<QByteArray> kept =
            filesIn(fuzzDir + QStringLiteral("/regressions/") + QLatin1StringView(t.name), &names);
        for (qsizetype i = 0; i < kept.size(); ++i)
            QTest::addRow("%s regression %s", t.name, qPrintable(names[i]))
                << QByteArray(t.name) << kept[i] << false;
    }
}

void TestFuzz::replay()
{
    QFETCH(QByteArray, target);
    QFETCH(QByteArray, input);
    QFETCH(bool, accepted);
    const bool through = runTarget(targetNamed(target)->run, input);
    if (accepted)
        QVERIFY(through);
}

void TestFuzz::mutate_data()
{
    QTest::addColumn<QByteArray>("target");
    for (const TargetInfo &t : targets)
        QTest::newRow(t.name) << QByteArray(t.name);
}

void TestFuzz::mutate()
{
    QFETCH(QByteArray, target);
    const TargetInfo &t = *targetNamed(target);
    const quint64 seed = qEnvironmentVariableIsSet("STACKPLAN_FUZZ_SEED")
                             ? qEnvironmentVariable("STACKPLAN_FUZZ_SEED").toULongLong()
                             : 20261201;
    const int count = qEnvironmentVariableIsSet("STACKPLAN_FUZZ_MUTANTS")
                          ? qEnvironmentVariableIntValue("STACKPLAN_FUZZ_MUTANTS")
                          : t.mutants;
    const QList<QByteArray> dictionary =
        fuzz::readDictionary(fuzzDir + u'/' + QLatin1StringView(t.dictionary));
    QVERIFY(dictionary.size() > 20);
    // Mutants of inputs that go all the way through reach deepest; the
    // others are still reached by the edits that break them.
    QList<QByteArray> bases;
    for (const QByteArray &input : seeds(t)) {
        if (runTarget(t.run, input))
            bases.append(input);
    }
    QVERIFY2(!bases.isEmpty(), "no seed goes all the way through");
    fuzz::Mutator mutator(seed, dictionary, bases);
    int accepted = 0;
    for (int i = 0; i < count; ++i)
        accepted += runTarget(t.run, mutator.next()) ? 1 : 0;
    qInfo("%s, seed %llu: %d mutants, %d went through, %d refused", t.name, seed, count, accepted,
          count - accepted);
    // Mutants must reach both the success path and the refusals, or the run
    // proves little.
    QVERIFY(accepted > count / 100);
    QVERIFY(count - accepted > count / 100);
}

QTEST_GUILESS_MAIN(TestFuzz)
#include "tst_fuzz.moc"
