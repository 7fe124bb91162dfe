// The full designer window on a 10,000-component design: opening the file
// until the first frame of the whole window (canvas, outline, inspector,
// findings, previews), the live findings catching up, and the cost of one edit
// on the interface thread with every panel listening.
#include "core/designio.h"
#include "designgen.h"
#include "panels/livevalidator.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdio>

using namespace stackplan;

namespace {

double ms(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

double median(QList<double> v)
{
    std::sort(v.begin(), v.end());
    return v.isEmpty() ? 0 : v.at(v.size() / 2);
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("StackplanBench"));
    const int components = argc > 1 ? QByteArray(argv[1]).toInt() : 10000;
    const Design design = designgen::generateDesign(components, 7);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.stackplan"));
    QString error;
    if (!saveDesign(design, path, &error))
        return 1;

    MainWindow window;
    window.resize(1600, 1000);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    QCoreApplication::processEvents();

    QElapsedTimer t;
    t.start();
    if (!window.openFile(path))
        return 1;
    const double opened = ms(t);
    QCoreApplication::processEvents(); // the queued zoom-to-fit and layouts
    const QPixmap frame = window.grab();
    const double firstFrame = ms(t);
    if (!QTest::qWaitFor([&] { return !window.validator()->isBusy(); }, 60000))
        return 1;
    const double findings = ms(t);
    std::printf("%d components, %lld elements, %lld findings\n", components,
                qlonglong(design.elementCount()), qlonglong(window.validator()->findings().size()));
    std::printf("open (read, document, every panel): %.1f ms\n", opened);
    std::printf("open until the whole window's first frame: %.1f ms\n", firstFrame);
    std::printf("open until the findings are shown: %.1f ms\n", findings);

    // One edit, as the inspector makes it: what the interface thread pays.
    Document *doc = window.document();
    const QString id = design.components.at(design.components.size() / 2).id;
    window.selection()->setIds({id});
    QCoreApplication::processEvents();
    QList<double> edits;
    QList<double> catchUp;
    for (int i = 0; i < 15; ++i) {
        QElapsedTimer e;
        e.start();
        doc->setComponentLabel(id, QStringLiteral("edit %1").arg(i));
        edits.append(ms(e));
        if (!QTest::qWaitFor([&] { return !window.validator()->isBusy(); }, 60000))
            return 1;
        catchUp.append(ms(e));
    }
    std::printf("one edit on the interface thread, median of 15: %.2f ms\n", median(edits));
    std::printf("one edit until its findings are shown, median of 15: %.1f ms\n", median(catchUp));
    doc->undoStack()->setClean();
    return frame.isNull() ? 1 : 0;
}
