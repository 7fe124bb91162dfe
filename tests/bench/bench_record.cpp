// The performance record: every step a user waits on, from loading a file to
// exporting its picture, at 100 to 100,000 components in one run, and the same
// graphs through Graphviz's `dot -Tplain` side by side. Prints Markdown tables
// for docs/performance.md. Wall and CPU time are both given because the build
// machine is shared: the wall clock also counts other processes' turns.
//
// usage: bench_record [SIZES...] [--dot-max N] [--dot-cap SECONDS] [--fix-max N]
//                     [--generate-max N]
//        bench_record --write N FILE   (writes a generated design, for peak-memory.sh)
#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "core/designio.h"
#include "core/document.h"
#include "designgen.h"
#include "diagram/dot.h"
#include "diagram/layout.h"
#include "diagram/mermaid.h"
#include "generate/bundle.h"
#include "render/imageexport.h"
#include "rules/fixes.h"
#include "rules/validator.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QLocale>
#include <QProcess>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>

using namespace stackplan;

namespace {

constexpr quint32 Seed = 42;

double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// CPU time of the children this process has waited for (the `dot` runs).
double childCpuMs()
{
    rusage u{};
    getrusage(RUSAGE_CHILDREN, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) * 1e3 +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e3;
}

struct Time
{
    double wall = -1; // ms; negative: not measured
    double cpu = -1;
    QString note; // instead of a figure, or after it
};

Time measure(const std::function<void()> &step)
{
    QElapsedTimer t;
    const double c0 = cpuMs();
    t.start();
    step();
    Time r;
    r.wall = double(t.nsecsElapsed()) / 1e6;
    r.cpu = cpuMs() - c0;
    return r;
}

QString number(double ms)
{
    const QLocale c(QLocale::English);
    return ms < 100 ? c.toString(ms, 'f', 1) : c.toString(qint64(ms + 0.5));
}

QString cell(const Time &t)
{
    if (t.wall < 0)
        return t.note.isEmpty() ? QStringLiteral("–") : t.note;
    QString s = number(t.wall) + QStringLiteral(" (") + number(t.cpu) + QLatin1Char(')');
    if (!t.note.isEmpty())
        s += QLatin1Char(' ') + t.note;
    return s;
}

Design unplaced(Design d)
{
    for (Host &h : d.hosts)
        h.position.reset();
    for (Component &c : d.components)
        c.position.reset();
    for (Note &n : d.notes)
        n.position.reset();
    return d;
}

struct DotRun
{
    Time ours;
    Time dot; // wall; cpu is the child's
    bool timedOut = false;
    bool skipped = false;
};

// `dot -Tplain` on our DOT export of the design, stopped after capMs.
void runDot(const Design &d, const QString &dir, int capMs, DotRun *run)
{
    const QString file = dir + QStringLiteral("/graph.dot");
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly)) {
        run->skipped = true;
        return;
    }
    f.write(exportDot(d));
    f.close();
    QProcess p;
    const double c0 = childCpuMs();
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral("dot"),
            {QStringLiteral("-Tplain"), QStringLiteral("-o"), QStringLiteral("/dev/null"), file});
    if (!p.waitForFinished(capMs)) {
        p.kill();
        p.waitForFinished();
        run->timedOut = true;
    } else if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        run->skipped = true;
    }
    run->dot.wall = double(t.nsecsElapsed()) / 1e6;
    run->dot.cpu = childCpuMs() - c0;
}

// Scale 1 up to 50 million pixels, smaller beyond: a 100,000-component
// picture at full size would be gigapixels, which nobody exports.
double pngScale(const Design &d)
{
    const QSize px = exportImageSize(d, ImageOptions{});
    const double area = double(px.width()) * double(px.height());
    return area <= 50e6 ? 1.0 : std::sqrt(50e6 / area);
}

int writeOne(int n, const QString &path)
{
    QString error;
    if (!saveDesign(designgen::generateDesign(n, Seed), path, &error)) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 3;
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const QStringList args = app.arguments();

    const int w = int(args.indexOf(QStringLiteral("--write")));
    if (w > 0 && w + 2 < args.size())
        return writeOne(args.at(w + 1).toInt(), args.at(w + 2));

    QList<int> sizes;
    int dotMax = 10000;
    int dotCapS = 60;
    int fixMax = 100000;
    // The bundle grows with hosts x monitoring servers (every Prometheus server
    // is allowed into every host's firewall); the designs share one pair.
    int generateMax = 1000000;
    for (int i = 1; i < args.size(); ++i) {
        const QString &a = args.at(i);
        if (a == QStringLiteral("--dot-max") && i + 1 < args.size())
            dotMax = args.at(++i).toInt();
        else if (a == QStringLiteral("--dot-cap") && i + 1 < args.size())
            dotCapS = args.at(++i).toInt();
        else if (a == QStringLiteral("--fix-max") && i + 1 < args.size())
            fixMax = args.at(++i).toInt();
        else if (a == QStringLiteral("--generate-max") && i + 1 < args.size())
            generateMax = args.at(++i).toInt();
        else if (a.toInt() > 0)
            sizes.append(a.toInt());
    }
    if (sizes.isEmpty())
        sizes = {100, 1000, 10000, 100000};

    const QStringList steps = {
        QStringLiteral("load (read from memory)"),
        QStringLiteral("save (atomic, to disk)"),
        QStringLiteral("validate"),
        QStringLiteral("fix (fixAll on a copy)"),
        QStringLiteral("generate (streamed, not written)"),
        QStringLiteral("layout (automatic)"),
        QStringLiteral("scene build"),
        QStringLiteral("first frame at zoom-to-fit"),
        QStringLiteral("one repaint at zoom-to-fit (median of 5)"),
        QStringLiteral("PNG export"),
        QStringLiteral("SVG export"),
        QStringLiteral("Mermaid export"),
        QStringLiteral("DOT export"),
    };
    std::map<int, std::map<QString, Time>> table;
    std::map<int, QString> shape;
    std::map<int, DotRun> dots;
    QTemporaryDir dir;

    for (const int n : sizes) {
        std::fprintf(stderr, "%d components...\n", n);
        auto &row = table[n];
        const Design design = designgen::generateDesign(n, Seed);
        QByteArray bytes = writeDesign(design);
        shape[n] = QStringLiteral("%1 hosts, %2 links, file %3 kB")
                       .arg(design.hosts.size())
                       .arg(design.links.size())
                       .arg(QLocale(QLocale::English).toString(qint64(bytes.size() / 1000)));

        row[steps[0]] = measure([&] {
            const LoadResult r = readDesign(bytes);
            if (!r.ok())
                std::fprintf(stderr, "load failed\n");
        });
        bytes.clear();
        const QString file = dir.path() + QStringLiteral("/record.stackplan");
        row[steps[1]] = measure([&] {
            QString error;
            saveDesign(design, file, &error);
        });
        QFile::remove(file);
        int findings = 0;
        row[steps[2]] = measure([&] { findings = int(validate(design).size()); });
        row[steps[2]].note =
            QStringLiteral("%1 findings").arg(QLocale(QLocale::English).toString(findings));

        if (n <= fixMax) {
            Document copy;
            copy.resetDesign(design);
            int fixes = 0;
            row[steps[3]] = measure([&] { fixes = fixAll(copy); });
            row[steps[3]].note =
                QStringLiteral("%1 fixes").arg(QLocale(QLocale::English).toString(fixes));
        } else {
            row[steps[3]].note = QStringLiteral("not run");
        }

        if (n <= generateMax) {
            int files = 0;
            qint64 bundleBytes = 0;
            bool generated = false;
            // Streamed as the command line writes it, each file counted and dropped.
            row[steps[4]] = measure([&] {
                generated = streamBundle(design, {}, [&](const GeneratedFile &f) {
                                ++files;
                                bundleBytes += f.content.size();
                                return true;
                            }).isEmpty();
            });
            row[steps[4]].note = generated ? QStringLiteral("%1 files, %2 MB")
                                                 .arg(QLocale(QLocale::English).toString(files))
                                                 .arg(double(bundleBytes) / 1e6, 0, 'f', 1)
                                           : QStringLiteral("refused");
        } else {
            row[steps[4]].note = QStringLiteral("not run");
        }

        const Design bare = unplaced(design);
        DotRun &dr = dots[n];
        std::optional<Design> laidOut;
        dr.ours = measure([&] { laidOut = autoLayout(bare); });
        // The scene and the pictures show the design as our layout placed it,
        // as a user sees it after Arrange (the generator's grid is one tall column).
        const Design &placed = laidOut ? *laidOut : design;
        row[steps[5]] = dr.ours;
        row[steps[5]].note = chooseEngine(bare, LayoutOptions{}) == LayoutOptions::Engine::Graphviz
                                 ? QStringLiteral("gvc")
                                 : QStringLiteral("tiered");

        {
            Document document;
            DiagramScene scene(&document);
            DiagramView view(&scene);
            view.resize(1600, 1000);
            view.show();
            QApplication::processEvents();
            row[steps[6]] = measure([&] { document.resetDesign(placed); });
            QImage frame(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
            row[steps[7]] = measure([&] {
                view.zoomToFit();
                view.viewport()->render(&frame);
            });
            QList<Time> repaints;
            for (int i = 0; i < 5; ++i) {
                // As after an edit: nothing cached from the previous frame.
                view.diagramScene()->selectIds({});
                repaints.append(measure([&] { view.viewport()->render(&frame); }));
            }
            std::sort(repaints.begin(), repaints.end(),
                      [](const Time &a, const Time &b) { return a.wall < b.wall; });
            row[steps[8]] = repaints.at(2);
        }

        {
            ImageOptions o;
            o.scale = pngScale(placed);
            const QSize px = exportImageSize(placed, o);
            shape[n] += QStringLiteral("; PNG %1 x %2 px (scale %3)")
                            .arg(px.width())
                            .arg(px.height())
                            .arg(o.scale, 0, 'g', 3);
            QByteArray png;
            row[steps[9]] = measure([&] { png = exportImage(placed, ImageFormat::Png, o); });
            if (png.isEmpty())
                row[steps[9]].note = QStringLiteral("failed");
            QByteArray svg;
            row[steps[10]] =
                measure([&] { svg = exportImage(placed, ImageFormat::Svg, ImageOptions{}); });
            row[steps[10]].note =
                svg.isEmpty() ? QStringLiteral("failed")
                              : QStringLiteral("%1 MB").arg(double(svg.size()) / 1e6, 0, 'f', 1);
        }
        row[steps[11]] = measure([&] { exportMermaid(placed); });
        row[steps[12]] = measure([&] { exportDot(placed); });

        if (n <= dotMax)
            runDot(bare, dir.path(), dotCapS * 1000, &dr);
        else
            dr.skipped = true;
    }

    // The record.
    QString out = QStringLiteral("| step |");
    QString rule = QStringLiteral("|---|");
    const QLocale c(QLocale::English);
    for (const int n : sizes) {
        out += QLatin1Char(' ') + c.toString(n) + QStringLiteral(" |");
        rule += QStringLiteral("---:|");
    }
    out += QLatin1Char('\n') + rule + QLatin1Char('\n');
    for (const QString &step : steps) {
        out += QStringLiteral("| ") + step + QStringLiteral(" |");
        for (const int n : sizes)
            out += QLatin1Char(' ') + cell(table[n][step]) + QStringLiteral(" |");
        out += QLatin1Char('\n');
    }
    out += QStringLiteral("\nms, wall (CPU). Designs from designgen, seed 42:\n\n");
    for (const int n : sizes)
        out += QStringLiteral("- %1 components: %2\n").arg(c.toString(n), shape[n]);

    out += QStringLiteral("\n| components | our layout | `dot -Tplain` | dot / ours (wall) | "
                          "dot / ours (CPU) |\n|---:|---:|---:|---:|---:|\n");
    for (const int n : sizes) {
        const DotRun &dr = dots[n];
        QString dotCell, wallRatio, cpuRatio;
        if (dr.skipped && dr.dot.wall < 0) {
            dotCell = QStringLiteral("not run");
            wallRatio = cpuRatio = QStringLiteral("–");
        } else if (dr.timedOut) {
            dotCell = QStringLiteral("> %1 s (stopped)").arg(dotCapS);
            wallRatio = QStringLiteral("> ") + c.toString(qint64(dotCapS * 1000 / dr.ours.wall));
            cpuRatio = QStringLiteral("> ") +
                       c.toString(qint64(dr.dot.cpu / std::max(dr.ours.cpu, 0.001)));
        } else if (dr.skipped) {
            dotCell = QStringLiteral("failed");
            wallRatio = cpuRatio = QStringLiteral("–");
        } else {
            dotCell = cell(dr.dot);
            wallRatio = c.toString(dr.dot.wall / dr.ours.wall, 'f', 1);
            cpuRatio = c.toString(dr.dot.cpu / std::max(dr.ours.cpu, 0.001), 'f', 1);
        }
        out += QStringLiteral("| %1 | %2 | %3 | %4 | %5 |\n")
                   .arg(c.toString(n), cell(dr.ours), dotCell, wallRatio, cpuRatio);
    }
    std::printf("%s", qPrintable(out));
    return 0;
}
