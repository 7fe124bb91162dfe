// Crash-safe autosave: SIGKILL a process at random moments while it autosaves
// a large design through RecoveryStore, the designer's own recovery code. After
// every kill the recovery file is absent (no autosave finished yet) or byte for
// byte the last version the process reported written or the one it was
// writing, never torn; a new RecoveryStore sees the slot as left by a dead
// process and hands back exactly those bytes, and now and then a new designer
// window offers it and restores it through its banner.
//
// The autosaver is this executable re-run with --autosave-loop. Everything
// lives under a temporary XDG_DATA_HOME, never the user's recovery folder.
#include "core/design.h"
#include "core/designio.h"
#include "designgen.h"
#include "window/mainwindow.h"
#include "window/recovery.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QPushButton>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QUndoStack>

#include <cstdio>
#include <cstring>

using namespace stackplan;

namespace {

// The design's name holds a counter of fixed width, so each version differs
// from the previous one and stays a canonical design.
const QByteArray Marker = QByteArrayLiteral("autosave version ");
constexpr int CounterWidth = 8;

QString versionName(quint64 n)
{
    return QString::fromLatin1(Marker) +
           QStringLiteral("%1").arg(n % 100'000'000, CounterWidth, 10, QLatin1Char('0'));
}

// Version n of the design: the template with its counter set to n.
void setVersion(QByteArray &bytes, qsizetype at, quint64 n)
{
    const QByteArray name = versionName(n).toLatin1();
    std::memcpy(bytes.data() + at, name.constData(), size_t(name.size()));
}

// About 1.3 MB of tiered sites, named with the version counter.
Design largeDesign()
{
    Design d = designgen::generateDesign(3000, 7);
    d.name = versionName(0);
    return d;
}

void setNames()
{
    QCoreApplication::setOrganizationName(QStringLiteral("StackplanTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_autosavecrash"));
}

int autosaveLoop(const QString &templatePath, const QString &original)
{
    // args: TEMPLATE ORIGINAL. Autosaves versions 0, 1, 2, … until killed.
    // The versions are patched into the bytes rather than serialised each
    // time, so the process spends its time inside RecoveryStore::write().
    QFile file(templatePath);
    if (!file.open(QIODevice::ReadOnly))
        return 2;
    QByteArray bytes = file.readAll();
    const qsizetype at = bytes.indexOf(Marker);
    if (at < 0)
        return 2;
    RecoveryStore store;
    std::printf("ready %s\n", qPrintable(store.path()));
    std::fflush(stdout);
    for (quint64 n = 0;; ++n) {
        setVersion(bytes, at, n);
        if (!store.write(bytes, original))
            return 3;
        std::printf("wrote %llu\n", static_cast<unsigned long long>(n));
        std::fflush(stdout);
    }
}

} // namespace

class TestAutosaveCrash : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void killAutosaveLoop();
    void cleanupTestCase();

private:
    // Checks what one killed autosaver left, recovers it (through a designer
    // window when `throughWindow`) and checks nothing of its slot remains.
    void checkRound(int round, const QString &slot, qint64 lastWritten, bool throughWindow);
    QByteArray version(quint64 n) const
    {
        QByteArray bytes = m_bytes;
        setVersion(bytes, m_at, n);
        return bytes;
    }

    QString m_template, m_original;
    QByteArray m_bytes;
    qsizetype m_at = -1;
    int m_absent = 0, m_last = 0, m_inFlight = 0, m_windows = 0;
    qint64 m_mostWrites = -1;
};

void TestAutosaveCrash::initTestCase()
{
    // main() pointed XDG_DATA_HOME at a temporary directory.
    QVERIFY(RecoveryStore::directory().startsWith(qEnvironmentVariable("XDG_DATA_HOME")));
    QVERIFY(QDir(RecoveryStore::directory()).isEmpty());
    m_bytes = writeDesign(largeDesign());
    QVERIFY2(m_bytes.size() > 1'000'000, QByteArray::number(m_bytes.size()));
    m_at = m_bytes.indexOf(Marker);
    QVERIFY(m_at >= 0);
    QCOMPARE(m_bytes.indexOf(Marker, m_at + 1), -1);
    m_template = qEnvironmentVariable("XDG_DATA_HOME") + QStringLiteral("/template.stackplan");
    m_original = qEnvironmentVariable("XDG_DATA_HOME") + QStringLiteral("/work/design.stackplan");
    QString error;
    QVERIFY2(saveBytes(m_bytes, m_template, &error), qPrintable(error));
}

void TestAutosaveCrash::checkRound(int round, const QString &slot, qint64 lastWritten,
                                   bool throughWindow)
{
    const QString where =
        QStringLiteral("round %1 (last version written %2): ").arg(round).arg(lastWritten);
    const QByteArray expectLast = version(quint64(qMax<qint64>(lastWritten, 0)));
    const QByteArray expectNext = version(quint64(lastWritten + 1));

    QFile file(slot);
    QByteArray left;
    if (!file.exists()) {
        // Only before the first autosave finished: later ones replace it.
        QVERIFY2(lastWritten < 0, qPrintable(where + QStringLiteral("the recovery file is gone")));
        ++m_absent;
    } else {
        QVERIFY(file.open(QIODevice::ReadOnly));
        left = file.readAll();
        file.close();
        if (lastWritten >= 0 && left == expectLast) {
            ++m_last;
        } else if (left == expectNext) {
            ++m_inFlight;
        } else {
            QFAIL(qPrintable(where + QStringLiteral("the recovery file (%1 bytes) is neither "
                                                    "version %2 nor %3 complete")
                                         .arg(left.size())
                                         .arg(lastWritten)
                                         .arg(lastWritten + 1)));
        }
    }

    if (throughWindow && !left.isEmpty()) {
        ++m_windows;
        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY2(window.recoveryBanner()->isVisible(), qPrintable(where));
        auto *restore =
            window.recoveryBanner()->findChild<QPushButton *>(QStringLiteral("restoreButton"));
        QVERIFY(restore);
        QTest::mouseClick(restore, Qt::LeftButton);
        QVERIFY(window.recoveryBanner()->isHidden());
        QCOMPARE(writeDesign(window.document()->design()), left);
        QVERIFY(window.isWindowModified());
        QCOMPARE(window.fileName(), m_original);
        QVERIFY(!QFile::exists(slot));
        // No prompt on close: the restored work is unsaved on purpose.
        window.document()->undoStack()->setClean();
        window.close();
    } else {
        // What a designer starting now would be offered: exactly that file,
        // from a process that is gone.
        RecoveryStore fresh;
        QVERIFY(fresh.path() != slot);
        const QList<RecoveredDesign> found = RecoveryStore::orphans();
        if (left.isEmpty()) {
            QVERIFY2(found.isEmpty(), qPrintable(where + QStringLiteral("a slot with no design "
                                                                        "was offered")));
        } else {
            QCOMPARE(found.size(), 1);
            const RecoveredDesign &r = found.front();
            QCOMPARE(r.recoveryPath, slot);
            QVERIFY2(r.bytes == left, qPrintable(where + QStringLiteral("other bytes restored")));
            QVERIFY(r.savedAt.isValid());
            // The description is written before the design, so a design
            // never comes without the name of its file.
            QCOMPARE(r.originalPath, m_original);
            RecoveryStore::discard(r);
        }
    }

    // Nothing of the dead process's slot stays behind: no design, description,
    // lock or temporary file.
    const QString prefix = QFileInfo(slot).completeBaseName();
    const QStringList rest =
        QDir(RecoveryStore::directory())
            .entryList({prefix + QLatin1Char('*')}, QDir::Files | QDir::Hidden | QDir::System);
    QVERIFY2(rest.isEmpty(),
             qPrintable(where + QStringLiteral("left behind: ") + rest.join(QStringLiteral(", "))));
}

void TestAutosaveCrash::killAutosaveLoop()
{
    const int rounds = 50;
    for (int round = 1; round <= rounds; ++round) {
        QProcess saver;
        saver.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--autosave-loop"), m_template, m_original});
        QVERIFY(saver.waitForStarted());
        // The first line, printed just before the first autosave, names the
        // slot.
        QByteArray ready;
        while (!ready.endsWith('\n')) {
            QVERIFY2(saver.waitForReadyRead(30000), "the autosaver did not start");
            ready += saver.readLine();
        }
        QVERIFY2(ready.startsWith("ready "), ready.constData());
        const QString slot = QString::fromLocal8Bit(ready.mid(6).trimmed());
        QVERIFY(slot.startsWith(RecoveryStore::directory()));
        // Most kills anywhere in the first few dozen autosaves; one in five
        // around the first, before any recovery file or description exists.
        QThread::msleep(QRandomGenerator::global()->bounded(round % 5 == 0 ? 15 : 300));
        saver.kill();
        QVERIFY(saver.waitForFinished(10000));
        QCOMPARE(saver.exitStatus(), QProcess::CrashExit);
        qint64 lastWritten = -1;
        const QList<QByteArray> lines = saver.readAllStandardOutput().split('\n');
        for (const QByteArray &line : lines) {
            // A line cut by the kill is not counted: the version may not be.
            if (line.startsWith("wrote ") && &line != &lines.back())
                lastWritten = line.mid(6).toLongLong();
        }
        m_mostWrites = qMax(m_mostWrites, lastWritten + 1);
        checkRound(round, slot, lastWritten, round % 10 == 3);
        if (QTest::currentTestFailed())
            return;
    }
    qInfo("%d kills: no recovery file yet %d, the last version reported %d, the version in "
          "flight %d; restored through a window %d; most autosaves "
          "before a kill %lld",
          rounds, m_absent, m_last, m_inFlight, m_windows, m_mostWrites);
    QCOMPARE(m_absent + m_last + m_inFlight, rounds);
    // Kills spread over many autosaves, and some found a recovery file.
    QVERIFY(m_last + m_inFlight > rounds / 2);
    QVERIFY(m_mostWrites > 2);
    QVERIFY(m_windows > 0);
}

void TestAutosaveCrash::cleanupTestCase()
{
    QVERIFY(QDir(RecoveryStore::directory()).isEmpty());
}

int main(int argc, char *argv[])
{
    if (argc == 4 && std::strcmp(argv[1], "--autosave-loop") == 0) {
        QCoreApplication app(argc, argv);
        setNames();
        return autosaveLoop(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
    }
    // Data, settings and cache of this run and its autosavers stay here; the
    // autosavers inherit the environment.
    QTemporaryDir home;
    if (!home.isValid())
        return 1;
    for (const char *name : {"XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"}) {
        const QString dir = home.filePath(QString::fromLatin1(name));
        QDir().mkpath(dir);
        qputenv(name, QFile::encodeName(dir));
    }
    QApplication app(argc, argv);
    setNames();
    TestAutosaveCrash test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_autosavecrash.moc"
