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
#include <ctime>
#include <functional>

using namespace stackplan;

namespace {

double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

// The best of several runs, in wall-clock and in CPU milliseconds: on a
// shared machine the CPU time is the steadier figure.
struct Timing
{
    double wall = 1e300;
    double cpu = 1e300;
};

Timing bestOf(int runs, const std::function<void()> &work)
{
    Timing best;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer t;
        const double c = cpuMs();
        t.start();
        work();
        best.wall = qMin(best.wall, t.nsecsElapsed() / 1e6);
        best.cpu = qMin(best.cpu, cpuMs() - c);
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
    std::printf("%10s %8s %8s %6s %16s %16s %16s\n", "components", "hosts", "links", "MB",
                "load ms (cpu)", "write ms (cpu)", "save ms (cpu)");
    for (int n : sizes) {
        const Design design = designgen::generateDesign(n, 42);
        const QByteArray bytes = writeDesign(design);
        const int runs = n >= 100000 ? 3 : 5;

        LoadResult loaded;
        const Timing load = bestOf(runs, [&] { loaded = readDesign(bytes); });
        bool ok = loaded.ok() && *loaded.design == design;
        QByteArray written;
        const Timing write = bestOf(runs, [&] { written = writeDesign(design); });
        const QString path = dir.filePath(QStringLiteral("big.stackplan"));
        QString error;
        const Timing save = bestOf(runs, [&] { ok = ok && saveDesign(design, path, &error); });
        ok = ok && written == bytes;
        std::printf("%10d %8lld %8lld %6.1f %7.0f (%6.0f) %7.0f (%6.0f) %7.0f (%6.0f)%s\n", n,
                    qlonglong(design.hosts.size()), qlonglong(design.links.size()),
                    bytes.size() / 1e6, load.wall, load.cpu, write.wall, write.cpu, save.wall,
                    save.cpu, ok ? "" : "  FAILED");
        std::fflush(stdout);
        if (!ok)
            return 1;
    }
    return 0;
}
