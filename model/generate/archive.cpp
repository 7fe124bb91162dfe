// Writing the bundle: a directory swapped in whole, or a .tar.gz made by
// libarchive. Either way the target holds the old content or the new, never
// a mix.
#include "generate/bundle.h"

#include "core/designio.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace stackplan {

namespace {

// A fixed time for every entry, so the same design gives the same archive.
constexpr time_t ArchiveTime = 1767225600; // 2026-01-01T00:00:00Z

la_ssize_t appendToByteArray(struct archive *, void *clientData, const void *buffer, size_t length)
{
    static_cast<QByteArray *>(clientData)
        ->append(static_cast<const char *>(buffer), qsizetype(length));
    return la_ssize_t(length);
}

bool looksLikeBundle(const QString &dir)
{
    const QDir d(dir);
    return d.exists(QStringLiteral("README.md")) &&
           (d.exists(QStringLiteral("hosts")) || d.exists(QStringLiteral("design.stackplan")));
}

} // namespace

QByteArray bundleArchive(const QList<GeneratedFile> &files, QString *error)
{
    QByteArray out;
    std::unique_ptr<struct archive, int (*)(struct archive *)> a(archive_write_new(),
                                                                 archive_write_free);
    auto fail = [&](const char *what) {
        if (error)
            *error =
                QStringLiteral("cannot build the archive: %1: %2")
                    .arg(QString::fromUtf8(what), QString::fromUtf8(archive_error_string(a.get())));
        return QByteArray();
    };
    if (archive_write_add_filter_gzip(a.get()) != ARCHIVE_OK)
        return fail("gzip");
    // No time stamp in the gzip header either: reproducible bytes.
    archive_write_set_filter_option(a.get(), "gzip", "timestamp", nullptr);
    if (archive_write_set_format_pax_restricted(a.get()) != ARCHIVE_OK)
        return fail("format");
    if (archive_write_open(a.get(), &out, nullptr, appendToByteArray, nullptr) != ARCHIVE_OK)
        return fail("open");
    QStringList dirsDone;
    std::unique_ptr<struct archive_entry, void (*)(struct archive_entry *)> entry(
        archive_entry_new(), archive_entry_free);
    auto writeHeader = [&](const QString &path, bool isDir, qint64 size) {
        archive_entry_clear(entry.get());
        const QByteArray name = path.toUtf8();
        archive_entry_set_pathname(entry.get(), name.constData());
        archive_entry_set_filetype(entry.get(), isDir ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(entry.get(), isDir ? 0755 : 0644);
        archive_entry_set_size(entry.get(), isDir ? 0 : size);
        archive_entry_set_mtime(entry.get(), ArchiveTime, 0);
        archive_entry_set_uid(entry.get(), 0);
        archive_entry_set_gid(entry.get(), 0);
        archive_entry_set_uname(entry.get(), "root");
        archive_entry_set_gname(entry.get(), "root");
        return archive_write_header(a.get(), entry.get()) == ARCHIVE_OK;
    };
    for (const GeneratedFile &f : files) {
        // Parent folders first, so extracting gives sane permissions.
        const QStringList parts = f.path.split(u'/');
        QString prefix;
        for (qsizetype i = 0; i + 1 < parts.size(); ++i) {
            prefix += parts[i] + u'/';
            if (dirsDone.contains(prefix))
                continue;
            dirsDone.append(prefix);
            if (!writeHeader(prefix, true, 0))
                return fail("header");
        }
        if (!writeHeader(f.path, false, f.content.size()))
            return fail("header");
        if (archive_write_data(a.get(), f.content.constData(), size_t(f.content.size())) !=
            la_ssize_t(f.content.size()))
            return fail("data");
    }
    if (archive_write_close(a.get()) != ARCHIVE_OK)
        return fail("close");
    return out;
}

bool writeBundle(const QList<GeneratedFile> &files, const QString &target, QString *error)
{
    auto fail = [error](const QString &why) {
        if (error)
            *error = why;
        return false;
    };
    if (target.endsWith(QStringLiteral(".tar.gz")) || target.endsWith(QStringLiteral(".tgz"))) {
        QString why;
        const QByteArray bytes = bundleArchive(files, &why);
        if (bytes.isEmpty())
            return fail(why);
        return saveBytes(bytes, target, error);
    }
    const QFileInfo info(target);
    if (info.exists() && !info.isDir())
        return fail(QStringLiteral("%1: exists and is not a folder").arg(target));
    const bool replacing = info.exists() && !QDir(target).isEmpty();
    if (replacing && !looksLikeBundle(target))
        return fail(QStringLiteral("%1: folder is not empty and holds no bundle; not replacing it")
                        .arg(target));
    const QString parent = info.absoluteDir().absolutePath();
    if (!QDir().mkpath(parent))
        return fail(QStringLiteral("%1: cannot create the parent folder").arg(target));
    // Built beside the target, then renamed into place: never half a bundle.
    QTemporaryDir staging(parent + QStringLiteral("/.stackplan-bundle-XXXXXX"));
    if (!staging.isValid())
        return fail(QStringLiteral("%1: cannot write in %2: %3")
                        .arg(target, parent, staging.errorString()));
    for (const GeneratedFile &f : files) {
        const QString path = staging.path() + u'/' + f.path;
        if (!QDir().mkpath(QFileInfo(path).absolutePath()))
            return fail(QStringLiteral("%1: cannot create a folder for %2").arg(target, f.path));
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly) || out.write(f.content) != f.content.size() ||
            !out.flush())
            return fail(
                QStringLiteral("%1: cannot write %2: %3").arg(target, f.path, out.errorString()));
        out.close();
    }
    QFile::setPermissions(staging.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                              QFile::ReadGroup | QFile::ExeGroup |
                                              QFile::ReadOther | QFile::ExeOther);
    const QString absoluteTarget = info.absoluteFilePath();
    QString old;
    if (info.exists()) {
        old = staging.path() + QStringLiteral(".old");
        if (!QDir().rename(absoluteTarget, old))
            return fail(QStringLiteral("%1: cannot move the old bundle aside").arg(target));
    }
    if (!QDir().rename(staging.path(), absoluteTarget)) {
        if (!old.isEmpty())
            QDir().rename(old, absoluteTarget);
        return fail(QStringLiteral("%1: cannot move the bundle into place").arg(target));
    }
    staging.setAutoRemove(false);
    if (!old.isEmpty())
        QDir(old).removeRecursively();
    return true;
}

} // namespace stackplan
