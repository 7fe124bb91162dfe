// The configuration bundle (bundle.md): a design turned into the files an
// operator copies onto each machine. Every value from the design is checked
// against its field's grammar before it reaches a file; a value that fails
// stops the generation with an error naming the element and the field, so a
// hostile name can never add a directive.
#pragma once

#include "core/design.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace stackplan {

// One file of the bundle; path is relative to the bundle's root and uses '/'
// ("hosts/lb-01/etc/haproxy/haproxy.cfg", "README.md").
struct GeneratedFile
{
    QString path;
    QByteArray content;

    bool operator==(const GeneratedFile &) const = default;
};

// The generators, by their names on the command line (--only).
enum class BundlePart { HAProxy, Nginx, MySql, Firewall, Keepalived, Monitoring };

// "haproxy", "nginx", "mysql", "firewall", "keepalived", "monitoring"
QString bundlePartName(BundlePart part);
std::optional<BundlePart> bundlePartFromName(QStringView name);
const QList<BundlePart> &allBundleParts();

// Why a design cannot be generated: the element ("haproxy", "web-01", the
// design itself as "design") and the field ("settings.certificate",
// "address") whose value failed its grammar.
struct GenerateError
{
    QString element;
    QString field;
    QString message; // "not a valid certificate path: must be an absolute path starting with /"

    // "haproxy: settings.certificate: not a valid certificate path: ..."
    QString format() const;
    bool operator==(const GenerateError &) const = default;
};

struct BundleOptions
{
    QList<BundlePart> only; // empty = every generator
    // README.md, findings.md and design.stackplan at the root.
    bool withDocuments = true;
};

struct BundleResult
{
    QList<GeneratedFile> files; // sorted by path; empty when there are errors
    QList<GenerateError> errors;

    bool ok() const { return errors.isEmpty(); }
    // Every error, one per line.
    QString formatErrors() const;
    const GeneratedFile *file(const QString &path) const;
};

// Every field a generator would write, checked against its grammar. Empty
// when the design can be generated.
QList<GenerateError> checkGeneratedFields(const Design &design);

// The files of one host (bundle paths, "hosts/HOST/…"), for live previews.
// hostId may also name a component without a host (its own machine).
BundleResult generateHostFiles(const Design &design, const QString &hostId,
                               const BundleOptions &options = {});

// The whole bundle, in memory.
BundleResult generateBundle(const Design &design, const BundleOptions &options = {});

// Takes the files of a bundle one at a time; false stops the generation.
using BundleSink = std::function<bool(const GeneratedFile &file)>;

// The whole bundle, handed to sink file by file as it is made: each machine's
// files (machines in the order of their folders), monitoring/prometheus.yml,
// then README.md, design.stackplan and findings.md. Memory stays bounded by the
// design and the largest file, whatever the size of the bundle. Returns the
// fields that failed their grammar; when there are any, sink is never called.
// *stopped tells whether sink refused a file.
QList<GenerateError> streamBundle(const Design &design, const BundleOptions &options,
                                  const BundleSink &sink, bool *stopped = nullptr);

// Writes a bundle file by file to a directory, or to a gzip-compressed tar
// archive when the target ends in ".tar.gz" or ".tgz". Nothing is at the
// target until commit() succeeds; then it holds the new bundle whole, and
// before that the old one (a folder is replaced only when it holds a bundle).
// A writer destroyed without commit() leaves nothing behind.
class BundleWriter
{
public:
    explicit BundleWriter(const QString &target);
    ~BundleWriter();
    BundleWriter(const BundleWriter &) = delete;
    BundleWriter &operator=(const BundleWriter &) = delete;

    // The first call prepares the target (and may fail for it).
    bool add(const GeneratedFile &file);
    bool commit();
    // Why add() or commit() failed, naming the target.
    QString errorString() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

// Writes files with a BundleWriter; *error says why not.
bool writeBundle(const QList<GeneratedFile> &files, const QString &target, QString *error);

// What streaming a design's bundle to a target came to.
struct BundleWritten
{
    QList<GenerateError> errors; // fields that failed their grammar: nothing written
    QString writeError;          // the target could not be written: it is as it was
    qsizetype files = 0;         // files written

    bool ok() const { return errors.isEmpty() && writeError.isEmpty(); }
};

// The bundle of design streamed into target (a folder or a .tar.gz) through
// a BundleWriter, as the command line and the designer write it.
BundleWritten streamBundleTo(const Design &design, const BundleOptions &options,
                             const QString &target);

// The bundle as .tar.gz bytes (deterministic: fixed times and owners).
QByteArray bundleArchive(const QList<GeneratedFile> &files, QString *error = nullptr);

// The placeholder the replication password is read from at deploy time.
inline const QString ReplicationPasswordVariable = QStringLiteral("@replication_password");

} // namespace stackplan
