// Takes the designer screenshots of the documentation from the real window:
//   designer_screenshots three-server OUT.png
//   designer_screenshots secured OUT.png
// Run under a display (xvfb-run) so the window is drawn by the real platform.
#include "canvas/diagramview.h"
#include "panels/findingsmodel.h"
#include "panels/findingspanel.h"
#include "panels/previewpanel.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QDockWidget>
#include <QPushButton>
#include <QTest>
#include <QTreeView>

using namespace stackplan;

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("StackplanScreenshots"));
    QCoreApplication::setApplicationName(QStringLiteral("Stackplan"));
    const QStringList args = app.arguments();
    if (args.size() != 3)
        return 2;
    const QString scenario = args.at(1);
    MainWindow window;
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 3;
    FindingsPanel *findings = window.findingsPanel();
    if (scenario == QLatin1String("three-server")) {
        window.openDefaultDesign();
        QTest::qWait(600);
        // Show a finding explained, its elements selected on the canvas.
        FindingsModel *model = findings->model();
        int row = 0;
        for (int i = 0; i < model->rowCount(); ++i) {
            if (model->finding(i).rule.startsWith(QLatin1String("SPOF"))) {
                row = i;
                break;
            }
        }
        QTreeView *view = findings->view();
        const QModelIndex index = model->index(row, 1);
        view->scrollTo(index);
        QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(index).center());
        QTest::qWait(200);
        window.view()->zoomToFit();
    } else {
        window.newFromTemplate(QStringLiteral("secured-monitored"));
        QTest::qWait(600);
        auto *fixAll = findings->findChild<QPushButton *>(QStringLiteral("fixAllButton"));
        if (fixAll && fixAll->isVisible())
            QTest::mouseClick(fixAll, Qt::LeftButton);
        QTest::qWait(600);
        window.selection()->setIds({QStringLiteral("haproxy")});
        if (auto *dock = window.findChild<QDockWidget *>(QStringLiteral("previewDock")))
            dock->raise();
        window.view()->zoomToFit();
        window.previewPanel()->setCurrentPath(
            QStringLiteral("hosts/lb-01/etc/haproxy/haproxy.cfg"));
    }
    QTest::qWait(800);
    window.document()->undoStack()->setClean();
    return window.grab().save(args.at(2)) ? 0 : 1;
}
