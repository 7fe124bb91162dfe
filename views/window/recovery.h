// Autosave and crash recovery. While a design has unsaved changes, its bytes
// are written every few seconds to a recovery file of this process (beside a
// small description: the file it came from, when). The process holds a lock
// on its slot; a recovery file whose lock is free was left by a process that
// did not exit cleanly, and the next window offers to restore it.
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QLockFile>
#include <QString>

#include <memory>

namespace stackplan {

struct RecoveredDesign
{
    QString recoveryPath; // the recovery file itself
    QString originalPath; // the file it was opened from; empty if never saved
    QDateTime savedAt;
    QByteArray bytes;
};

class RecoveryStore
{
public:
    RecoveryStore();
    ~RecoveryStore();

    // Where recovery files live (under the application's local data).
    static QString directory();

    // Writes this process's recovery file atomically.
    bool write(const QByteArray &bytes, const QString &originalPath);
    // Removes this process's recovery file (saved, closed cleanly).
    void clear();
    QString path() const { return m_path; }

    // Recovery files left by processes that are gone, newest first.
    static QList<RecoveredDesign> orphans();
    // Removes a recovered file once restored or declined.
    static void discard(const RecoveredDesign &recovered);

private:
    QString m_path;
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace stackplan
