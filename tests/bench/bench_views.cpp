// Designer benchmarks: a 10,000-component design building its scene and
// painting its first frame, a full repaint at zoom-to-fit, and PNG export of
// 1,000 components. `--export DIR` writes the templates' pictures instead.
#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "core/designio.h"
#include "core/document.h"
#include "core/templates.h"
#include "render/imageexport.h"

#include <QApplication>
#include <QBuffer>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>

using namespace stackplan;

namespace {

int exportTemplates(const QString &dir)
{
    QDir().mkpath(dir);
    for (const TemplateInfo &t : bundledTemplates()) {
        for (bool dark : {false, true}) {
            ImageOptions options;
            options.dark = dark;
            const QString path = dir + QLatin1Char('/') + t.name +
                                 (dark ? QStringLiteral("-dark") : QStringLiteral("-light")) +
                                 QStringLiteral(".png");
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly))
                return 1;
            f.write(exportImage(*templateDesign(t.name), ImageFormat::Png, options));
            std::printf("%s\n", qPrintable(path));
        }
    }
    return 0;
}

// A design of `components` components: one user entry and hosts of three
// (web, app, database) in a grid, each host's tiers linked.
Design bigDesign(int components)
{
    Design d;
    d.name = QStringLiteral("bench");
    Component users;
    users.id = QStringLiteral("users");
    users.kind = Kind::Internet;
    users.position = QPointF(0, 0);
    d.components.append(users);
    const int hosts = (components - 1) / 3;
    // Roughly 16:9 overall.
    const int columns = std::max(1, int(std::lround(std::sqrt(hosts * 220.0 / 560.0 * 16 / 9))));
    for (int i = 0; i < hosts; ++i) {
        Host h;
        h.id = QStringLiteral("h-%1").arg(i);
        h.position = QPointF(200 + (i % columns) * 560, (i / columns) * 220);
        d.hosts.append(h);
        const Kind kinds[3] = {Kind::WebServer, Kind::AppServer, Kind::Database};
        const char *prefix[3] = {"web", "app", "db"};
        for (int k = 0; k < 3; ++k) {
            Component c;
            c.id = QStringLiteral("%1-%2").arg(QLatin1String(prefix[k])).arg(i);
            c.kind = kinds[k];
            c.host = h.id;
            c.position = QPointF(20 + k * 170, 40);
            d.components.append(c);
        }
        for (int k = 0; k < 2; ++k) {
            Link l;
            l.id = QStringLiteral("l-%1-%2").arg(i).arg(k);
            l.from = QStringLiteral("%1-%2").arg(QLatin1String(prefix[k])).arg(i);
            l.to = QStringLiteral("%1-%2").arg(QLatin1String(prefix[k + 1])).arg(i);
            d.links.append(l);
        }
        if (i < columns) {
            Link l;
            l.id = QStringLiteral("l-in-%1").arg(i);
            l.from = QStringLiteral("users");
            l.to = QStringLiteral("web-%1").arg(i);
            d.links.append(l);
        }
    }
    d.reindex();
    return d;
}

double ms(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

// CPU time of this process in ms: on a shared machine the wall clock also
// counts the time other processes held the cores.
double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.at(v.size() / 2);
}

// invalidate: as after an edit (nothing cached from the previous frame).
double lastRepaintCpu = 0;

double repaint(DiagramView &view, int runs, bool invalidate = false, const QString &save = {})
{
    QList<double> cpu;
    QImage frame(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
    QList<double> times;
    for (int i = 0; i < runs; ++i) {
        if (invalidate)
            view.diagramScene()->selectIds({});
        QElapsedTimer t;
        t.start();
        const double c0 = cpuMs();
        // What the screen gets: the viewport's own paint event, into an image.
        view.viewport()->render(&frame);
        times.append(ms(t));
        cpu.append(cpuMs() - c0);
    }
    lastRepaintCpu = median(cpu);
    if (!save.isEmpty())
        frame.save(save);
    return median(times);
}

// The canvas as a window shows it: the three-server template at 100 %, one
// card selected and one finding, for looking at by eye.
int canvasShot(const QString &path)
{
    Document document;
    document.resetDesign(*templateDesign(QStringLiteral("three-server")));
    DiagramScene scene(&document);
    DiagramView view(&scene);
    view.resize(1100, 640);
    view.show();
    view.zoomToFit();
    view.resetZoom();
    view.centerOn(scene.contentRect().center());
    scene.selectIds({QStringLiteral("app-1")});
    scene.setMarks({{QStringLiteral("haproxy"), MarkSeverity::Error,
                     QStringLiteral("Single point of failure")}});
    QApplication::processEvents();
    return view.grab().save(path) ? 0 : 1;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int e = int(args.indexOf(QStringLiteral("--export")));
    if (e > 0 && e + 1 < args.size())
        return exportTemplates(args.at(e + 1));
    const int shot = int(args.indexOf(QStringLiteral("--canvas")));
    if (shot > 0 && shot + 1 < args.size())
        return canvasShot(args.at(shot + 1));

    const QSize viewSize(1600, 1000);
    {
        const QByteArray bytes = writeDesign(bigDesign(10000));
        Document document;
        DiagramScene scene(&document);
        DiagramView view(&scene);
        view.resize(viewSize);
        view.show();
        QApplication::processEvents();

        QElapsedTimer total;
        total.start();
        const double cpuStart = cpuMs();
        QElapsedTimer t;
        t.start();
        const LoadResult loaded = readDesign(bytes);
        const double readMs = ms(t);
        t.restart();
        document.resetDesign(*loaded.design);
        const double buildMs = ms(t);
        t.restart();
        view.zoomToFit();
        QImage first(view.viewport()->size(), QImage::Format_ARGB32_Premultiplied);
        view.viewport()->render(&first);
        const double firstMs = ms(t);
        const double totalMs = ms(total);
        const double totalCpu = cpuMs() - cpuStart;
        std::printf("10,000 components (%lld elements): read %.0f ms, scene %.0f ms, first frame "
                    "%.0f ms, total %.0f ms wall, %.0f ms CPU (limit 2000)\n",
                    qint64(document.design().elementCount()), readMs, buildMs, firstMs, totalMs,
                    totalCpu);
        const QString save = qEnvironmentVariable("STACKPLAN_BENCH_FRAME");
        const double afterEdit = repaint(view, 30, true, save);
        const double afterEditCpu = lastRepaintCpu;
        const double unchanged = repaint(view, 30);
        std::printf("full repaint at zoom-to-fit (zoom %.3f, %dx%d): median of 30 after an edit "
                    "%.2f ms wall, %.2f ms CPU; unchanged %.2f ms wall, %.2f ms CPU (limit 16)\n",
                    view.zoom(), viewSize.width(), viewSize.height(), afterEdit, afterEditCpu,
                    unchanged, lastRepaintCpu);
        if (args.contains(QStringLiteral("--repaint-only"))) {
            repaint(view, 300);
            return 0;
        }
        view.resetZoom();
        view.centerOn(QPointF(2000, 1000));
        const double at100 = repaint(view, 30);
        std::printf("full repaint at 100 %%: median %.2f ms wall, %.2f ms CPU of 30\n", at100,
                    lastRepaintCpu);
        view.setZoom(0.4);
        const double at40 = repaint(view, 30);
        std::printf("full repaint at 40 %%: median %.2f ms wall, %.2f ms CPU of 30\n", at40,
                    lastRepaintCpu);

        // A drag's worth of moves: one component moved through the document.
        QElapsedTimer m;
        m.start();
        for (int i = 0; i < 50; ++i)
            document.moveElements({{QStringLiteral("app-100"), QPointF(190 + i, 40)}});
        std::printf("move one component through the document: %.3f ms each\n", ms(m) / 50);
    }
    {
        const Design design = bigDesign(1000);
        QList<double> times, cpu;
        QSize size;
        for (int i = 0; i < 5; ++i) {
            QElapsedTimer t;
            t.start();
            const double c0 = cpuMs();
            const QByteArray png = exportImage(design, ImageFormat::Png, ImageOptions());
            times.append(ms(t));
            cpu.append(cpuMs() - c0);
            QBuffer buffer;
            buffer.setData(png);
            size = QImageReader(&buffer, "png").size();
        }
        std::printf("PNG export of 1,000 components (%dx%d): median %.0f ms wall, %.0f ms CPU of "
                    "5 (limit 1000)\n",
                    size.width(), size.height(), median(times), median(cpu));
    }
    return 0;
}
