// Crash-safe saves: SIGKILL a process at random moments while it saves a large
// design over an older one; the file on disk is then always the complete old
// or the complete new version, never a mix, a truncation or nothing.
//
// Two savers are killed: the real command line (`stackplan fmt NEW -o TARGET`)
// and this executable re-run as a loop that saves the two versions in turn
// through saveDesign(), so most kills land in the middle of a save.
#include "core/design.h"
#include "core/designio.h"
#include "designgen.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstring>

using namespace stackplan;

namespace {

// About 1.3 MB of tiered sites; the two versions come from different seeds
// and sizes, so they differ all over the file.
Design largeDesign(int components, quint32 seed, const QString &tag)
{
    Design d = designgen::generateDesign(components, seed);
    d.name = QStringLiteral("crash-safe %1").arg(tag);
    return d;
}

int saveLoop(const QStringList &args)
{
    // args: OLD NEW TARGET. Saves NEW, OLD, NEW, … over TARGET until killed.
    QList<Design> designs;
    for (int i = 0; i < 2; ++i) {
        LoadResult r = readDesignFile(args[i]);
        if (!r.ok())
            return 2;
        designs.append(*r.design);
    }
    std::fputs("ready\n", stdout);
    std::fflush(stdout);
    for (quint64 n = 0;; ++n) {
        QString error;
        if (!saveDesign(designs[int((n + 1) % 2)], args[2], &error))
            return 3;
    }
}

} // namespace

class TestCrashSafe : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killCommandLine();
    void killSaveLoop();

private:
    // Checks TARGET is exactly OLD or NEW and puts OLD back; counts outcomes.
    void checkAndReset(int round);

    QTemporaryDir m_dir;
    QString m_old, m_new, m_target;
    QByteArray m_oldBytes, m_newBytes;
    int m_sawOld = 0, m_sawNew = 0, m_leftovers = 0;
};

void TestCrashSafe::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_old = m_dir.filePath(QStringLiteral("old.stackplan"));
    m_new = m_dir.filePath(QStringLiteral("new.stackplan"));
    m_target = m_dir.filePath(QStringLiteral("work/target.stackplan"));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("work")));
    // About 1.3 MB each (6,000 components and links): a save takes long enough
    // to be hit in the middle.
    m_oldBytes = writeDesign(largeDesign(3000, 1, QStringLiteral("old")));
    m_newBytes = writeDesign(largeDesign(3150, 2, QStringLiteral("new")));
    QVERIFY2(m_oldBytes.size() > 1'000'000, QByteArray::number(m_oldBytes.size()));
    QVERIFY(m_newBytes != m_oldBytes);
    QString error;
    QVERIFY2(saveBytes(m_oldBytes, m_old, &error), qPrintable(error));
    QVERIFY2(saveBytes(m_newBytes, m_new, &error), qPrintable(error));
    QVERIFY2(saveBytes(m_oldBytes, m_target, &error), qPrintable(error));
}

void TestCrashSafe::checkAndReset(int round)
{
    QFile f(m_target);
    QVERIFY2(f.open(QIODevice::ReadOnly),
             qPrintable(QStringLiteral("round %1: the target is gone").arg(round)));
    const QByteArray bytes = f.readAll();
    f.close();
    if (bytes == m_oldBytes)
        ++m_sawOld;
    else if (bytes == m_newBytes)
        ++m_sawNew;
    else
        QFAIL(qPrintable(QStringLiteral("round %1: the target is neither version (%2 bytes; "
                                        "old %3, new %4)")
                             .arg(round)
                             .arg(bytes.size())
                             .arg(m_oldBytes.size())
                             .arg(m_newBytes.size())));
    // Where the file system supports O_TMPFILE the saver's temporary file has
    // no name and vanishes with the process; elsewhere a kill in the middle of
    // a save leaves it next to the target. Count and remove it.
    QDir work(QFileInfo(m_target).path());
    for (const QString &name : work.entryList(QDir::Files)) {
        if (name != QFileInfo(m_target).fileName()) {
            ++m_leftovers;
            QVERIFY(work.remove(name));
        }
    }
    QString error;
    QVERIFY2(saveBytes(m_oldBytes, m_target, &error), qPrintable(error));
}

void TestCrashSafe::killCommandLine()
{
    // One full run tells how long a save takes on this machine.
    QElapsedTimer clock;
    clock.start();
    QProcess p;
    p.start(QStringLiteral(STACKPLAN_BINARY),
            {QStringLiteral("fmt"), m_new, QStringLiteral("-o"), m_target});
    QVERIFY(p.waitForFinished(30000));
    QCOMPARE(p.exitCode(), 0);
    const qint64 full = qMax<qint64>(clock.elapsed(), 1);
    checkAndReset(0);
    m_sawOld = m_sawNew = m_leftovers = 0;

    const int rounds = 20;
    for (int round = 1; round <= rounds; ++round) {
        QProcess fmt;
        fmt.start(QStringLiteral(STACKPLAN_BINARY),
                  {QStringLiteral("fmt"), m_new, QStringLiteral("-o"), m_target});
        QVERIFY(fmt.waitForStarted());
        // Anywhere in the run, a little past its usual end included.
        QThread::msleep(QRandomGenerator::global()->bounded(full * 11 / 10 + 1));
        fmt.kill();
        QVERIFY(fmt.waitForFinished(10000));
        checkAndReset(round);
    }
    qInfo("stackplan fmt: one save run %lld ms; %d kills: old %d, new %d, "
          "temporary files left by kills mid-save %d",
          full, rounds, m_sawOld, m_sawNew, m_leftovers);
    QCOMPARE(m_sawOld + m_sawNew, rounds);
}

void TestCrashSafe::killSaveLoop()
{
    m_sawOld = m_sawNew = m_leftovers = 0;
    const int rounds = 40;
    for (int round = 1; round <= rounds; ++round) {
        QProcess saver;
        saver.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--save-loop"), m_old, m_new, m_target});
        QVERIFY(saver.waitForStarted());
        QVERIFY2(saver.waitForReadyRead(30000), "the saver did not start saving");
        QThread::msleep(QRandomGenerator::global()->bounded(250));
        saver.kill();
        QVERIFY(saver.waitForFinished(10000));
        QCOMPARE(saver.exitStatus(), QProcess::CrashExit);
        checkAndReset(round);
    }
    qInfo("save loop: %d kills: old %d, new %d, temporary files left by kills mid-save %d", rounds,
          m_sawOld, m_sawNew, m_leftovers);
    // The saver does nothing but save, so most kills land inside a save; both
    // versions seen shows the kills spread over many saves.
    QVERIFY(m_sawOld > 0);
    QVERIFY(m_sawNew > 0);
}

int main(int argc, char *argv[])
{
    if (argc == 5 && std::strcmp(argv[1], "--save-loop") == 0) {
        QCoreApplication app(argc, argv);
        return saveLoop(QCoreApplication::arguments().mid(2));
    }
    QCoreApplication app(argc, argv);
    TestCrashSafe test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_crashsafe.moc"
