// Layout and export timings: the tiered layout against Graphviz's own
// `dot -Tplain` on the same graph, in one run; Mermaid, SVG and PNG export.
// usage: bench_diagram [--quick]
#include "../diagram_designs.h"
#include "core/designio.h"
#include "diagram/dot.h"
#include "diagram/layout.h"
#include "diagram/mermaid.h"
#include "render/imageexport.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace stackplan;

namespace {

void line(const char *what, int n, double ms, const char *verdict = "")
{
    std::printf("%-44s %6d  %10.1f ms  %s\n", what, n, ms, verdict);
    std::fflush(stdout);
}

Design unplaced(int n)
{
    Design d = testing::largeDesign(n);
    for (Host &h : d.hosts)
        h.position.reset();
    for (Component &c : d.components)
        c.position.reset();
    return d;
}

double layoutMs(const Design &d, LayoutOptions::Engine engine)
{
    LayoutOptions options;
    options.engine = engine;
    QElapsedTimer t;
    t.start();
    const std::optional<Design> placed = autoLayout(d, options);
    const double ms = t.nsecsElapsed() / 1e6;
    return placed ? ms : -1;
}

// `dot -Tplain` on our DOT of the same design; -1 when it did not finish.
double dotMs(const Design &d, const QString &dir, int timeoutMs)
{
    const QString file = dir + QStringLiteral("/graph.dot");
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        return -1;
    f.write(exportDot(d));
    f.close();
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral("dot"),
            {QStringLiteral("-Tplain"), QStringLiteral("-o"), QStringLiteral("/dev/null"), file});
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return -1;
    }
    return p.exitCode() == 0 ? t.nsecsElapsed() / 1e6 : -1;
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    const bool quick = app.arguments().contains(QStringLiteral("--quick"));
    QTemporaryDir dir;
    bool ok = true;

    std::printf("%-44s %6s  %13s\n", "what", "comps", "time");
    const Design d150 = unplaced(150);
    line("layout, Graphviz dot through gvc", int(d150.components.size()),
         layoutMs(d150, LayoutOptions::Engine::Graphviz));

    const Design d2000 = unplaced(2000);
    const double tiered2000 = layoutMs(d2000, LayoutOptions::Engine::Auto);
    const double dot2000 = dotMs(d2000, dir.path(), quick ? 20000 : 300000);
    const bool fast2000 =
        tiered2000 >= 0 && tiered2000 < 2000 && (dot2000 < 0 || tiered2000 < dot2000);
    ok = ok && fast2000;
    line("layout, automatic (tiered)", int(d2000.components.size()), tiered2000,
         tiered2000 < 2000 ? "< 2 s: yes" : "< 2 s: NO");
    if (dot2000 >= 0)
        line("`dot -Tplain` on the same graph", int(d2000.components.size()), dot2000,
             tiered2000 < dot2000 ? "ours faster: yes" : "ours faster: NO");
    else
        line("`dot -Tplain` on the same graph (timed out)", int(d2000.components.size()),
             quick ? 20000 : 300000, "ours faster: yes");

    const Design d10000 = unplaced(10000);
    const double tiered10000 = layoutMs(d10000, LayoutOptions::Engine::Auto);
    ok = ok && tiered10000 >= 0 && tiered10000 < 10000;
    line("layout, automatic (tiered)", int(d10000.components.size()), tiered10000,
         tiered10000 < 10000 ? "< 10 s: yes" : "< 10 s: NO");

    for (const int n : {2000, 10000}) {
        const Design d = testing::largeDesign(n);
        QElapsedTimer t;
        t.start();
        const QString text = exportMermaid(d);
        line("Mermaid export", int(d.components.size()), t.nsecsElapsed() / 1e6);
        Q_UNUSED(text);
    }

    LayoutOptions tiered;
    tiered.engine = LayoutOptions::Engine::Tiered;
    const Design d1000 = *autoLayout(unplaced(1000), tiered);
    {
        QElapsedTimer t;
        t.start();
        const QByteArray svg = exportImage(d1000, ImageFormat::Svg, ImageOptions{});
        line("SVG export", int(d1000.components.size()), t.nsecsElapsed() / 1e6);
        ok = ok && !svg.isEmpty();
    }
    {
        ImageOptions options;
        options.scale = 0.25; // a 1,000-component diagram is large; keep the PNG reasonable
        QElapsedTimer t;
        t.start();
        const QByteArray png = exportImage(d1000, ImageFormat::Png, options);
        const double ms = t.nsecsElapsed() / 1e6;
        line("PNG export (scale 0.25)", int(d1000.components.size()), ms,
             ms < 1000 ? "< 1 s: yes" : "< 1 s: NO");
        ok = ok && !png.isEmpty() && ms < 1000;
    }
    {
        QElapsedTimer t;
        t.start();
        const QByteArray dotText = exportDot(d1000);
        line("DOT export", int(d1000.components.size()), t.nsecsElapsed() / 1e6);
        ok = ok && !dotText.isEmpty();
    }
    return ok ? 0 : 1;
}
