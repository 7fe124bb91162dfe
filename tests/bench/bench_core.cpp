// Loading and saving large designs. Prints, for each size, the file size and
// the best of several runs of: parsing bytes into a design, writing the
// canonical bytes, and the whole save to disk (QSaveFile).
//
// Usage: bench_core [COMPONENTS…]   (default: 10000 100000)
#include "core/designio.h"
#include "designgen.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <functional>

using namespace stackplan;

namespace {

double bestOf(int runs, const std::function<void()> &work)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        t.start();
        work();
        best = qMin(best, t.nsecsElapsed() / 1e6);
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QList<int> sizes;
    for (const QString &a : app.arguments().mid(1))
        sizes.append(a.toInt());
    if (sizes.isEmpty())
        sizes = {10000, 100000};

    QTemporaryDir dir;
    std::printf("%10s %8s %8s %8s %10s %10s %10s\n", "components", "hosts", "links", "MB",
                "load ms", "write ms", "save ms");
    for (int n : sizes) {
        const Design design = designgen::generateDesign(n, 42);
        const QByteArray bytes = writeDesign(design);
        const int runs = n >= 100000 ? 3 : 5;

        LoadResult loaded;
        const double load = bestOf(runs, [&] { loaded = readDesign(bytes); });
        bool ok = loaded.ok() && *loaded.design == design;
        QByteArray written;
        const double write = bestOf(runs, [&] { written = writeDesign(design); });
        const QString path = dir.filePath(QStringLiteral("big.stackplan"));
        QString error;
        const double save = bestOf(runs, [&] { ok = ok && saveDesign(design, path, &error); });
        ok = ok && written == bytes;
        std::printf("%10d %8lld %8lld %8.1f %10.0f %10.0f %10.0f%s\n", n,
                    qlonglong(design.hosts.size()), qlonglong(design.links.size()),
                    bytes.size() / 1e6, load, write, save, ok ? "" : "  FAILED");
        std::fflush(stdout);
        if (!ok)
            return 1;
    }
    return 0;
}
