// The fuzz smoke run of the normal suite: replays the seed corpus and every
// kept crash input through the fuzz targets, then a few thousand mutants from
// a fixed seed. Needs no clang: the long runs use libFuzzer (the fuzz preset).
#include "fuzz_targets.h"
#include "mutator.h"

#include "core/designio.h"

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

int runTarget(int (*target)(const uint8_t *, size_t), const QByteArray &input)
{
    g_input = input.constData();
    g_inputSize = size_t(input.size());
    const int r = target(reinterpret_cast<const uint8_t *>(input.constData()), g_inputSize);
    g_input = nullptr;
    g_inputSize = 0;
    return r;
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

} // namespace

class TestFuzz : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void replayDesignLoader_data();
    void replayDesignLoader();
    void mutateDesignLoader();
};

void TestFuzz::initTestCase()
{
    for (int s : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL})
        std::signal(s, saveInputAndDie);
}

void TestFuzz::replayDesignLoader_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<bool>("loads");
    // The templates load; a seed or kept crash input may or may not.
    QStringList names;
    const QList<QByteArray> templates = filesIn(templatesDir, &names);
    QVERIFY(!templates.isEmpty());
    for (qsizetype i = 0; i < templates.size(); ++i)
        QTest::newRow(qPrintable(QStringLiteral("template ") + names[i])) << templates[i] << true;
    for (const QString &sub : {QStringLiteral("corpus"), QStringLiteral("regressions")}) {
        names.clear();
        const QList<QByteArray> inputs =
            filesIn(fuzzDir + u'/' + sub + QStringLiteral("/designio"), &names);
        for (qsizetype i = 0; i < inputs.size(); ++i)
            QTest::newRow(qPrintable(sub + u' ' + names[i])) << inputs[i] << false;
    }
}

void TestFuzz::replayDesignLoader()
{
    QFETCH(QByteArray, input);
    QFETCH(bool, loads);
    QCOMPARE(runTarget(fuzz::designLoader, input), 0);
    if (loads)
        QVERIFY(readDesign(input).ok());
}

void TestFuzz::mutateDesignLoader()
{
    const quint64 seed = qEnvironmentVariableIsSet("STACKPLAN_FUZZ_SEED")
                             ? qEnvironmentVariable("STACKPLAN_FUZZ_SEED").toULongLong()
                             : 20261201;
    const int count = qEnvironmentVariableIsSet("STACKPLAN_FUZZ_MUTANTS")
                          ? qEnvironmentVariableIntValue("STACKPLAN_FUZZ_MUTANTS")
                          : 10000;
    QList<QByteArray> corpus = filesIn(templatesDir);
    corpus += filesIn(fuzzDir + QStringLiteral("/corpus/designio"));
    const QList<QByteArray> dictionary =
        fuzz::readDictionary(fuzzDir + QStringLiteral("/designio.dict"));
    QVERIFY(dictionary.size() > 50);
    fuzz::Mutator mutator(seed, dictionary, corpus);
    int loaded = 0;
    for (int i = 0; i < count; ++i) {
        const QByteArray mutant = mutator.next();
        QCOMPARE(runTarget(fuzz::designLoader, mutant), 0);
        loaded += readDesign(mutant).ok() ? 1 : 0;
    }
    qInfo("seed %llu: %d mutants, %d loaded, %d refused", seed, count, loaded, count - loaded);
    // Mutants must reach both the loader's success path and its refusals,
    // or the run proves little.
    QVERIFY(loaded > count / 50);
    QVERIFY(count - loaded > count / 50);
}

QTEST_GUILESS_MAIN(TestFuzz)
#include "tst_fuzz.moc"
