#include "window/recovery.h"

#include "core/designio.h"
#include "core/grammar.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QUuid>

#include <algorithm>

namespace stackplan {

namespace {

QString metaPathFor(const QString &recoveryPath)
{
    return recoveryPath.chopped(int(qstrlen(".stackplan"))) + QStringLiteral(".json");
}

QString lockPathFor(const QString &recoveryPath)
{
    return recoveryPath.chopped(int(qstrlen(".stackplan"))) + QStringLiteral(".lock");
}

// Removes the files of a slot whose process is gone, the lock excepted.
// Where the file system lacks O_TMPFILE, a kill in the middle of an autosave
// leaves QSaveFile's named temporary file (the final name plus a suffix).
void removeDeadSlot(const QString &recoveryPath)
{
    const QString meta = metaPathFor(recoveryPath);
    QFile::remove(recoveryPath);
    QFile::remove(meta);
    QDir dir = QFileInfo(recoveryPath).dir();
    const QStringList temporaries =
        dir.entryList({QFileInfo(recoveryPath).fileName() + QStringLiteral(".*"),
                       QFileInfo(meta).fileName() + QStringLiteral(".*")},
                      QDir::Files | QDir::Hidden);
    for (const QString &name : temporaries)
        dir.remove(name);
}

} // namespace

QString RecoveryStore::directory()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
           QStringLiteral("/recovery");
}

RecoveryStore::RecoveryStore()
{
    QDir().mkpath(directory());
    // A fresh name per process: two designers never share a slot.
    const QString name = QStringLiteral("recovery-%1-%2.stackplan")
                             .arg(QCoreApplication::applicationPid())
                             .arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    m_path = directory() + QLatin1Char('/') + name;
    m_lock = std::make_unique<QLockFile>(lockPathFor(m_path));
    m_lock->setStaleLockTime(0);
    m_lock->tryLock(0);
}

RecoveryStore::~RecoveryStore()
{
    clear();
}

bool RecoveryStore::write(const QByteArray &bytes, const QString &originalPath)
{
    // The description first: a process killed between the two then leaves
    // a design with its description (at worst one a few seconds newer), or
    // a description with no design, which is swept; never a design that
    // lost the name of its file.
    QString error;
    QJsonObject meta{
        {QStringLiteral("file"), originalPath},
        {QStringLiteral("saved"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)}};
    if (!saveBytes(QJsonDocument(meta).toJson(QJsonDocument::Compact), metaPathFor(m_path), &error))
        return false;
    return saveBytes(bytes, m_path, &error);
}

void RecoveryStore::clear()
{
    QFile::remove(m_path);
    QFile::remove(metaPathFor(m_path));
}

QList<RecoveredDesign> RecoveryStore::orphans()
{
    QList<RecoveredDesign> found;
    const QDir dir(directory());
    // A process killed before its first autosave, or while clearing, leaves
    // a slot with no design: nothing to offer, but its files would pile up.
    for (const QString &name : dir.entryList({QStringLiteral("recovery-*.lock")}, QDir::Files)) {
        const QString path =
            dir.filePath(name).chopped(int(qstrlen(".lock"))) + QStringLiteral(".stackplan");
        if (QFile::exists(path))
            continue;
        QLockFile lock(lockPathFor(path));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        removeDeadSlot(path);
        lock.unlock();
    }
    const QStringList files =
        dir.entryList({QStringLiteral("recovery-*.stackplan")}, QDir::Files, QDir::Time);
    for (const QString &name : files) {
        const QString path = dir.filePath(name);
        // A lock we can take belongs to no running process.
        QLockFile lock(lockPathFor(path));
        lock.setStaleLockTime(0);
        if (!lock.tryLock(0))
            continue;
        lock.unlock();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly) || file.size() > MaxFileSize)
            continue;
        RecoveredDesign r;
        r.recoveryPath = path;
        r.bytes = file.readAll();
        QFile metaFile(metaPathFor(path));
        if (metaFile.open(QIODevice::ReadOnly)) {
            const QJsonObject meta = QJsonDocument::fromJson(metaFile.readAll()).object();
            r.originalPath = meta.value(QStringLiteral("file")).toString();
            r.savedAt =
                QDateTime::fromString(meta.value(QStringLiteral("saved")).toString(), Qt::ISODate);
        }
        if (!r.savedAt.isValid())
            r.savedAt = QFileInfo(path).lastModified();
        found.append(r);
    }
    std::sort(found.begin(), found.end(), [](const RecoveredDesign &a, const RecoveredDesign &b) {
        return a.savedAt > b.savedAt;
    });
    return found;
}

void RecoveryStore::discard(const RecoveredDesign &recovered)
{
    removeDeadSlot(recovered.recoveryPath);
    QFile::remove(lockPathFor(recovered.recoveryPath));
}

} // namespace stackplan
