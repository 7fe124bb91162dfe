// Validation cost against the file format's: validate() at 1k, 10k and 100k
// components beside loading and saving the same design, the growth from one
// size to the next, and the designer's revalidation after one edit at 10k
// for every kind of edit (median of 21 edits; the edit with its revalidation,
// and the revalidation alone). Times are the thread's CPU time (best of
// several runs for the sizes), so a busy machine does not distort them; the
// wall-clock time of the edits is printed too.
// STACKPLAN_BENCH_EDITS_ONLY=1 runs only the edits (200 of each, for
// profiling), STACKPLAN_BENCH_EDIT=<name prefix> only one kind, and
// STACKPLAN_BENCH_COUNT=1 prints the findings of each rule at 10k.
#include "core/designio.h"
#include "core/document.h"
#include "designgen.h"
#include "rules/validator.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QMap>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>

using namespace stackplan;

namespace {

double cpuMs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

template<typename F>
double bestMs(int runs, F &&f)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        const double start = cpuMs();
        f();
        best = std::min(best, cpuMs() - start);
    }
    return best;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const bool editsOnly = qEnvironmentVariableIsSet("STACKPLAN_BENCH_EDITS_ONLY");
    if (!editsOnly)
        std::printf("%10s %10s %10s %12s %9s %8s %10s\n", "components", "load ms", "save ms",
                    "validate ms", "v/(l+s)", "growth", "findings");
    double previous = 0;
    for (int n : {1000, 10000, 100000}) {
        if (editsOnly)
            break;
        const Design design = designgen::generateDesign(n, 42);
        const QByteArray bytes = writeDesign(design);
        const int runs = n >= 100000 ? 3 : 7;
        const double load = bestMs(runs, [&] {
            const LoadResult r = readDesign(bytes);
            if (!r.ok())
                std::abort();
        });
        const double save = bestMs(runs, [&] { (void)writeDesign(design); });
        int findings = 0;
        const double check = bestMs(runs, [&] { findings = int(validate(design).size()); });
        const QString growth =
            previous > 0 ? QString::number(check / previous, 'f', 1) : QStringLiteral("-");
        std::printf("%10d %10.1f %10.1f %12.1f %9.2f %8s %10d\n", n, load, save, check,
                    check / (load + save), qPrintable(growth), findings);
        previous = check;
    }

    // The designer revalidates after every edit: a port (reruns the port
    // rules), a cluster name (reruns the service-path analysis), a move (none),
    // and the structural edits (additions, removals, re-hosting, protocols).
    // Each timed edit of a structural kind is undone untimed, so every sample
    // starts from the same design.
    Document document;
    document.resetDesign(designgen::generateDesign(10000, 42));
    // The validator revalidates on Document::changed; slots connected before
    // and after it time its share of an edit (the rest is the edit itself).
    double revalidateStart = 0, revalidateCpu = 0;
    QObject::connect(&document, &Document::changed, [&] { revalidateStart = cpuMs(); });
    Validator validator(&document);
    QObject::connect(&document, &Document::changed,
                     [&] { revalidateCpu = cpuMs() - revalidateStart; });
    QString web, lb;
    QStringList webs, hosts, requestLinks;
    for (const Component &c : document.design().components) {
        if (c.kind == Kind::WebServer) {
            webs.append(c.id);
            if (!c.host.isEmpty())
                hosts.append(c.host);
        }
        if (c.kind == Kind::LoadBalancer && lb.isEmpty())
            lb = c.id;
    }
    web = webs.first();
    for (const Link &l : document.design().links) {
        if (l.from == lb)
            requestLinks.append(l.id);
    }
    auto pick = [](const QStringList &list, int i) { return list[(i * 7919) % list.size()]; };
    struct Edit
    {
        const char *name;
        std::function<void(int)> apply;
        bool undo; // undo it untimed afterwards
    };
    const QList<Edit> kinds{
        {"port of a web server",
         [&](int i) { document.setSetting(web, QStringLiteral("port"), 8000 + i); }, false},
        {"cluster of a load balancer",
         [&](int i) {
             document.setSetting(lb, QStringLiteral("cluster"),
                                 i % 2 ? QStringLiteral("other") : QStringLiteral("edge-x"));
         },
         false},
        {"move of a component",
         [&](int i) {
             document.moveElements({{web, QPointF(20 + i, 40)}});
         },
         false},
        {"add component",
         [&](int i) {
             Component c;
             c.kind = Kind::WebServer;
             c.host = pick(hosts, i);
             c.settings.insert(QStringLiteral("port"), 9000 + i);
             document.addComponent(c);
         },
         true},
        {"remove component", [&](int i) { document.removeElements({pick(webs, i)}); }, true},
        {"add host",
         [&](int) {
             Host h;
             h.monitoring = true;
             document.addHost(h);
         },
         true},
        {"remove host", [&](int i) { document.removeElements({pick(hosts, i)}); }, true},
        {"add link",
         [&](int i) {
             Link l;
             l.from = lb;
             l.to = pick(webs, i);
             document.addLink(l);
         },
         true},
        {"remove link", [&](int i) { document.removeElements({pick(requestLinks, i)}); }, true},
        {"re-host a component",
         [&](int i) { document.setComponentHost(pick(webs, i), pick(hosts, i + 1), {}); }, true},
        {"protocol of a link",
         [&](int i) {
             document.setLinkField(pick(requestLinks, i), LinkField::Protocol,
                                   i % 2 ? QStringLiteral("https") : QStringLiteral("replication"));
         },
         true},
        {"undo of a component removal", [&](int) { document.undoStack()->undo(); }, false},
    };
    if (qEnvironmentVariableIsSet("STACKPLAN_BENCH_COUNT")) {
        QMap<QString, int> per;
        for (const Finding &f : validator.findings())
            ++per[f.rule];
        for (auto it = per.begin(); it != per.end(); ++it)
            std::printf("%s %d\n", qPrintable(it.key()), it.value());
        return 0;
    }
    const int edits = editsOnly ? 200 : 21;
    const QByteArray only = qgetenv("STACKPLAN_BENCH_EDIT");
    for (const Edit &edit : kinds) {
        if (!only.isEmpty() && !QByteArray(edit.name).startsWith(only))
            continue;
        const bool undoKind = QByteArray(edit.name).startsWith("undo");
        QList<double> cpu, wall, revalidation;
        for (int i = 0; i < edits; ++i) {
            if (undoKind)
                document.removeElements({pick(webs, i)});
            QElapsedTimer t;
            t.start();
            const double start = cpuMs();
            edit.apply(i);
            cpu.append(cpuMs() - start);
            wall.append(double(t.nsecsElapsed()) / 1e6);
            revalidation.append(revalidateCpu);
            if (edit.undo)
                document.undoStack()->undo();
        }
        std::sort(cpu.begin(), cpu.end());
        std::sort(wall.begin(), wall.end());
        std::sort(revalidation.begin(), revalidation.end());
        std::printf("edit + revalidate at 10000 components, %s: median %.1f ms CPU "
                    "(worst %.1f), median %.1f ms wall; revalidation alone median %.1f ms CPU "
                    "(worst %.1f)\n",
                    edit.name, cpu[cpu.size() / 2], cpu.last(), wall[wall.size() / 2],
                    revalidation[revalidation.size() / 2], revalidation.last());
    }
    if (validator.findings() != validate(document.design()))
        std::printf("MISMATCH: incremental findings differ from a full validation\n");
    std::printf("(%d findings)\n", int(validator.findings().size()));
    return 0;
}
