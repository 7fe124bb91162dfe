// Writing the bundle: a directory swapped in whole, or a .tar.gz made by
// libarchive, file by file as the bundle is made. Either way the target holds
// the old content or the new, never a mix.
#include "generate/bundle.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QSet>
#include <QTemporaryDir>

#include <archive.h>
#include <archive_entry.h>

#include <cerrno>

namespace stackplan {

namespace {

// A fixed time for every entry, so the same design gives the same archive.
constexpr time_t ArchiveTime = 1767225600; // 2026-01-01T00:00:00Z

// Why a write failed: the system's reason when there is one (a short write,
// such as on a full disk, leaves Qt's error string empty), else Qt's.
QString writeError(const QFileDevice &file)
{
    return errno != 0 ? qt_error_string(errno) : file.errorString();
}

bool isArchiveName(const QString &target)
{
    return target.endsWith(QStringLiteral(".tar.gz")) || target.endsWith(QStringLiteral(".tgz"));
}

bool looksLikeBundle(const QString &dir)
{
    const QDir d(dir);
    return d.exists(QStringLiteral("README.md")) &&
           (d.exists(QStringLiteral("hosts")) || d.exists(QStringLiteral("design.stackplan")));
}

// A gzip-compressed tar stream (deterministic: fixed times and owners) whose
// bytes go to `output` as libarchive produces them.
class TarStream
{
public:
    using Output = std::function<bool(const char *data, qsizetype size)>;

    explicit TarStream(Output output)
        : m_output(std::move(output))
    {}
    ~TarStream()
    {
        if (m_archive)
            archive_write_free(m_archive);
        if (m_entry)
            archive_entry_free(m_entry);
    }
    TarStream(const TarStream &) = delete;
    TarStream &operator=(const TarStream &) = delete;

    bool open()
    {
        m_archive = archive_write_new();
        m_entry = archive_entry_new();
        if (!m_archive || !m_entry)
            return fail("memory");
        if (archive_write_add_filter_gzip(m_archive) != ARCHIVE_OK)
            return fail("gzip");
        // No time stamp in the gzip header either: reproducible bytes.
        archive_write_set_filter_option(m_archive, "gzip", "timestamp", nullptr);
        if (archive_write_set_format_pax_restricted(m_archive) != ARCHIVE_OK)
            return fail("format");
        if (archive_write_open(m_archive, this, nullptr, &TarStream::write, nullptr) != ARCHIVE_OK)
            return fail("open");
        return true;
    }

    bool add(const GeneratedFile &file)
    {
        // Parent folders first, so extracting gives sane permissions.
        for (qsizetype slash = file.path.indexOf(u'/'); slash > 0;
             slash = file.path.indexOf(u'/', slash + 1)) {
            const QString folder = file.path.left(slash + 1);
            if (m_folders.contains(folder))
                continue;
            m_folders.insert(folder);
            if (!header(folder, true, 0))
                return fail("header");
        }
        if (!header(file.path, false, file.content.size()))
            return fail("header");
        if (archive_write_data(m_archive, file.content.constData(), size_t(file.content.size())) !=
            la_ssize_t(file.content.size()))
            return fail("data");
        return true;
    }

    bool close()
    {
        if (archive_write_close(m_archive) != ARCHIVE_OK)
            return fail("close");
        return true;
    }

    QString errorString() const { return m_error; }

private:
    static la_ssize_t write(struct archive *, void *self, const void *buffer, size_t length)
    {
        auto *stream = static_cast<TarStream *>(self);
        if (!stream->m_output(static_cast<const char *>(buffer), qsizetype(length)))
            return -1;
        return la_ssize_t(length);
    }

    bool header(const QString &path, bool isDir, qint64 size)
    {
        archive_entry_clear(m_entry);
        const QByteArray name = path.toUtf8();
        archive_entry_set_pathname(m_entry, name.constData());
        archive_entry_set_filetype(m_entry, isDir ? AE_IFDIR : AE_IFREG);
        archive_entry_set_perm(m_entry, isDir ? 0755 : 0644);
        archive_entry_set_size(m_entry, isDir ? 0 : size);
        archive_entry_set_mtime(m_entry, ArchiveTime, 0);
        archive_entry_set_uid(m_entry, 0);
        archive_entry_set_gid(m_entry, 0);
        archive_entry_set_uname(m_entry, "root");
        archive_entry_set_gname(m_entry, "root");
        return archive_write_header(m_archive, m_entry) == ARCHIVE_OK;
    }

    bool fail(const char *what)
    {
        if (m_error.isEmpty())
            m_error = QStringLiteral("cannot build the archive: %1: %2")
                          .arg(QString::fromUtf8(what),
                               m_archive ? QString::fromUtf8(archive_error_string(m_archive))
                                         : QString());
        return false;
    }

    Output m_output;
    struct archive *m_archive = nullptr;
    struct archive_entry *m_entry = nullptr;
    QSet<QString> m_folders;
    QString m_error;
};

} // namespace

QByteArray bundleArchive(const QList<GeneratedFile> &files, QString *error)
{
    QByteArray out;
    TarStream tar([&out](const char *data, qsizetype size) {
        out.append(data, size);
        return true;
    });
    bool ok = tar.open();
    for (qsizetype i = 0; ok && i < files.size(); ++i)
        ok = tar.add(files[i]);
    ok = ok && tar.close();
    if (!ok) {
        if (error)
            *error = tar.errorString();
        return QByteArray();
    }
    return out;
}

// ----------------------------------------------------------------------------

struct BundleWriter::Private
{
    QString target;
    bool started = false;
    bool failed = false;
    bool committed = false;
    QString error;
    // An archive: written through QSaveFile, renamed over the target on commit.
    std::unique_ptr<QSaveFile> file; // declared before tar: the stream goes first
    std::unique_ptr<TarStream> tar;
    // A folder: built beside the target, then renamed into place.
    std::unique_ptr<QTemporaryDir> staging;
    QSet<QString> made; // each folder created once: thousands of hosts share few shapes

    bool fail(const QString &why)
    {
        if (!failed)
            error = why;
        failed = true;
        return false;
    }

    bool start()
    {
        started = true;
        if (isArchiveName(target)) {
            file = std::make_unique<QSaveFile>(target);
            file->setDirectWriteFallback(false);
            if (!file->open(QIODevice::WriteOnly))
                return fail(
                    QStringLiteral("%1: cannot write: %2").arg(target, file->errorString()));
            QSaveFile *out = file.get();
            tar = std::make_unique<TarStream>(
                [out](const char *data, qsizetype size) { return out->write(data, size) == size; });
            if (!tar->open())
                return fail(QStringLiteral("%1: %2").arg(target, tar->errorString()));
            return true;
        }
        const QFileInfo info(target);
        if (info.exists() && !info.isDir())
            return fail(QStringLiteral("%1: exists and is not a folder").arg(target));
        if (info.exists() && !QDir(target).isEmpty() && !looksLikeBundle(target))
            return fail(
                QStringLiteral("%1: folder is not empty and holds no bundle; not replacing it")
                    .arg(target));
        const QString parent = info.absoluteDir().absolutePath();
        if (!QDir().mkpath(parent))
            return fail(QStringLiteral("%1: cannot create the parent folder").arg(target));
        staging =
            std::make_unique<QTemporaryDir>(parent + QStringLiteral("/.stackplan-bundle-XXXXXX"));
        if (!staging->isValid())
            return fail(QStringLiteral("%1: cannot write in %2: %3")
                            .arg(target, parent, staging->errorString()));
        return true;
    }

    // Why the archive stream failed: the file's write error, else libarchive's.
    QString archiveError() const
    {
        return errno != 0 || file->error() != QFileDevice::NoError ? writeError(*file)
                                                                   : tar->errorString();
    }

    bool addToArchive(const GeneratedFile &f)
    {
        errno = 0;
        if (tar->add(f))
            return true;
        return fail(QStringLiteral("%1: cannot write %2: %3").arg(target, f.path, archiveError()));
    }

    bool addToFolder(const GeneratedFile &f)
    {
        const QDir root(staging->path());
        for (qsizetype slash = f.path.indexOf(u'/'); slash > 0;
             slash = f.path.indexOf(u'/', slash + 1)) {
            const QString folder = f.path.left(slash);
            if (made.contains(folder))
                continue;
            if (!root.mkdir(folder))
                return fail(QStringLiteral("%1: cannot create the folder %2").arg(target, folder));
            made.insert(folder);
        }
        QFile out(staging->path() + u'/' + f.path);
        errno = 0;
        if (!out.open(QIODevice::WriteOnly) || out.write(f.content) != f.content.size() ||
            !out.flush())
            return fail(
                QStringLiteral("%1: cannot write %2: %3").arg(target, f.path, writeError(out)));
        out.close();
        if (out.error() != QFileDevice::NoError)
            return fail(
                QStringLiteral("%1: cannot write %2: %3").arg(target, f.path, writeError(out)));
        return true;
    }

    bool commitArchive()
    {
        errno = 0;
        if (!tar->close())
            return fail(QStringLiteral("%1: cannot write: %2").arg(target, archiveError()));
        tar.reset();
        // QSaveFile::commit() misses a failure of the last buffered write: flush first.
        if (!file->flush()) {
            const QString why = writeError(*file);
            file->cancelWriting();
            return fail(QStringLiteral("%1: cannot write: %2").arg(target, why));
        }
        if (!file->commit())
            return fail(QStringLiteral("%1: cannot write: %2").arg(target, file->errorString()));
        return true;
    }

    bool commitFolder()
    {
        QFile::setPermissions(staging->path(), QFile::ReadOwner | QFile::WriteOwner |
                                                   QFile::ExeOwner | QFile::ReadGroup |
                                                   QFile::ExeGroup | QFile::ReadOther |
                                                   QFile::ExeOther);
        const QFileInfo info(target);
        const QString absoluteTarget = info.absoluteFilePath();
        QString old;
        if (info.exists()) {
            old = staging->path() + QStringLiteral(".old");
            if (!QDir().rename(absoluteTarget, old))
                return fail(QStringLiteral("%1: cannot move the old bundle aside").arg(target));
        }
        if (!QDir().rename(staging->path(), absoluteTarget)) {
            if (!old.isEmpty())
                QDir().rename(old, absoluteTarget);
            return fail(QStringLiteral("%1: cannot move the bundle into place").arg(target));
        }
        staging->setAutoRemove(false);
        if (!old.isEmpty())
            QDir(old).removeRecursively();
        return true;
    }
};

BundleWriter::BundleWriter(const QString &target)
    : d(std::make_unique<Private>())
{
    d->target = target;
}

BundleWriter::~BundleWriter() = default;

bool BundleWriter::add(const GeneratedFile &file)
{
    if (d->failed || d->committed || (!d->started && !d->start()))
        return false;
    return d->tar ? d->addToArchive(file) : d->addToFolder(file);
}

bool BundleWriter::commit()
{
    if (d->failed || d->committed || (!d->started && !d->start()))
        return false;
    if (!(d->tar ? d->commitArchive() : d->commitFolder()))
        return false;
    d->committed = true;
    return true;
}

QString BundleWriter::errorString() const
{
    return d->error;
}

bool writeBundle(const QList<GeneratedFile> &files, const QString &target, QString *error)
{
    BundleWriter writer(target);
    bool ok = true;
    for (qsizetype i = 0; ok && i < files.size(); ++i)
        ok = writer.add(files[i]);
    ok = ok && writer.commit();
    if (!ok && error)
        *error = writer.errorString();
    return ok;
}

BundleWritten streamBundleTo(const Design &design, const BundleOptions &options,
                             const QString &target)
{
    BundleWritten result;
    BundleWriter writer(target);
    bool stopped = false;
    result.errors = streamBundle(
        design, options,
        [&](const GeneratedFile &f) {
            ++result.files;
            return writer.add(f);
        },
        &stopped);
    if (result.errors.isEmpty() && (stopped || !writer.commit()))
        result.writeError = writer.errorString();
    return result;
}

} // namespace stackplan
