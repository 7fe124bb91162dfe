// The designer driven through its real widgets: palette, inspector, outline,
// findings, what-if, files and crash recovery.
#include "canvas/canvasitems.h"
#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "core/designio.h"
#include "core/templates.h"
#include "generate/bundle.h"
#include "panels/findingsmodel.h"
#include "panels/findingspanel.h"
#include "panels/inspector.h"
#include "panels/livevalidator.h"
#include "panels/outlinemodel.h"
#include "panels/outlineview.h"
#include "panels/palettemodel.h"
#include "panels/previewpanel.h"
#include "panels/whatifpanel.h"
#include "rules/validator.h"
#include "window/mainwindow.h"
#include "window/recovery.h"
#include "window/templatechooser.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QListWidget>
#include <QMimeData>
#include <QPalette>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QUndoStack>

#include <memory>

using namespace stackplan;

namespace {

// Delivers a drag-and-drop to a widget as the window system would.
bool dropOn(QWidget *target, const QPoint &pos, QMimeData *data)
{
    QDragEnterEvent enter(pos, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    if (!enter.isAccepted())
        return false;
    QDragMoveEvent move(pos, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &move);
    if (!move.isAccepted())
        return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    return drop.isAccepted();
}

} // namespace

class TestDesigner : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void paletteModel();
    void paletteDropCreatesComponent();
    void canvasSelectionIsShared();
    void outlineFollowsDocument();
    void outlineSelectionSync();
    void inspectorEditAndUndo();
    void inspectorGrammarFeedback();
    void inspectorHostEdit();
    void deleteThenUndoIsByteIdentical();
    void findingsFollowEdits();
    void quickFixFromPanel();
    void whatIfPanel();
    void previewsFollowSelectionAndEdits();
    void whatIfGreysCanvas();
    void droppedFileOpens();
    void exportEveryFormatAndBundle();
    void arrangeIsOneStep();
    void templateChooser();
    void followsDarkPalette();
    void windowStateRemembered();
    void saveOpenRoundTrip();
    void autosaveWritesRecoveryFile();
    void recoveryAfterCrash();

private:
    std::unique_ptr<MainWindow> m_window;
    QByteArray bytes() const { return writeDesign(m_window->document()->design()); }
};

void TestDesigner::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("StackplanTest"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_designer"));
    QSettings().clear();
    QDir(RecoveryStore::directory()).removeRecursively();
}

void TestDesigner::init()
{
    m_window = std::make_unique<MainWindow>();
    m_window->openDefaultDesign();
    m_window->resize(1440, 900);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestDesigner::cleanup()
{
    // No prompt on close: the tests leave unsaved changes behind on purpose.
    m_window->document()->undoStack()->setClean();
    m_window->close();
    m_window.reset();
    QDir(RecoveryStore::directory()).removeRecursively();
}

void TestDesigner::paletteModel()
{
    PaletteModel *model = m_window->paletteModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model->rowCount(), KindCount + 2);
    QCOMPARE(model->entry(model->hostRow()), PaletteModel::Entry::Host);
    QCOMPARE(model->entry(model->noteRow()), PaletteModel::Entry::Note);
    for (Kind kind : allKinds()) {
        const int row = model->rowOf(kind);
        QCOMPARE(model->kind(row), std::optional<Kind>(kind));
        QVERIFY(!model->index(row).data(Qt::DecorationRole).value<QIcon>().isNull());
        std::unique_ptr<QMimeData> mime(model->mimeData({model->index(row)}));
        QVERIFY(mime);
        QVERIFY(mime->hasFormat(model->mimeTypes().front()));
    }
    // Activating a row (Enter, double click) adds that kind.
    const int before = int(m_window->document()->design().components.size());
    QListView *view = m_window->paletteView();
    const QModelIndex cacheRow = model->index(model->rowOf(Kind::Cache));
    view->setCurrentIndex(cacheRow);
    view->setFocus();
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(m_window->document()->design().components.size(), before + 1);
    QCOMPARE(m_window->document()->design().components.back().kind, Kind::Cache);
    QCOMPARE(m_window->selection()->current(), m_window->document()->design().components.back().id);
}

void TestDesigner::paletteDropCreatesComponent()
{
    Document *doc = m_window->document();
    DiagramScene *scene = m_window->scene();
    DiagramView *view = m_window->view();
    const QByteArray before = bytes();
    PaletteModel *palette = m_window->paletteModel();
    // The palette's own drag data, dropped on web-01 through the canvas.
    std::unique_ptr<QMimeData> data(
        palette->mimeData({palette->index(palette->rowOf(Kind::Cache))}));
    QVERIFY(data);
    HostItem *host = scene->hostItem(QStringLiteral("web-01"));
    QVERIFY(host);
    view->centerOn(host);
    const QRectF hostRect = host->sceneBoundingRect();
    const QPoint at = view->mapFromScene(hostRect.center() + QPointF(0, hostRect.height() / 4));
    const int components = int(doc->design().components.size());
    QVERIFY(dropOn(view->viewport(), at, data.get()));
    QCOMPARE(doc->design().components.size(), components + 1);
    const Component &added = doc->design().components.back();
    QCOMPARE(added.kind, Kind::Cache);
    QCOMPARE(added.host, QStringLiteral("web-01"));
    // The new component is selected everywhere and shown by the inspector.
    QCOMPARE(m_window->selection()->ids(), QStringList{added.id});
    QCOMPARE(m_window->inspector()->shownId(), added.id);
    QVERIFY(m_window->outlineView()->selectionModel()->isSelected(
        m_window->outlineModel()->indexOf(added.id)));
    m_window->action(QStringLiteral("undo"))->trigger();
    QCOMPARE(bytes(), before);
    // A host from the palette, on empty canvas.
    std::unique_ptr<QMimeData> hostData(palette->mimeData({palette->index(palette->hostRow())}));
    const QPointF empty = scene->contentRect().bottomRight() + QPointF(200, 200);
    view->centerOn(empty);
    QVERIFY(dropOn(view->viewport(), view->mapFromScene(empty), hostData.get()));
    QCOMPARE(doc->design().hosts.size(), 4);
}

void TestDesigner::canvasSelectionIsShared()
{
    DiagramScene *scene = m_window->scene();
    // Selecting on the canvas selects in the window.
    scene->selectIds({QStringLiteral("app-2")});
    QCOMPARE(m_window->selection()->ids(), QStringList{QStringLiteral("app-2")});
    QCOMPARE(m_window->inspector()->shownId(), QStringLiteral("app-2"));
    // Selecting in the window selects on the canvas.
    m_window->selection()->setIds({QStringLiteral("lb-01"), QStringLiteral("nginx-1")});
    QCOMPARE(scene->selectedIds().size(), 2);
    QVERIFY(scene->selectedIds().contains(QStringLiteral("nginx-1")));
    // Clicking a finding selects and centres its elements.
    FindingsPanel *panel = m_window->findingsPanel();
    QTRY_VERIFY(panel->model()->rowCount() > 0);
    const Finding f = panel->model()->finding(0);
    QTreeView *view = panel->view();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->visualRect(panel->model()->index(0, 1)).center());
    QCOMPARE(m_window->selection()->ids(), f.elements);
    QStringList onCanvas = scene->selectedIds();
    onCanvas.sort();
    QStringList expected = f.elements;
    expected.sort();
    QCOMPARE(onCanvas, expected);
    ElementItem *item = scene->elementItem(f.elements.front());
    QVERIFY(item);
    const QRect visible = m_window->view()->viewport()->rect();
    QVERIFY(visible.contains(m_window->view()->mapFromScene(item->sceneBoundingRect().center())));
}

void TestDesigner::outlineFollowsDocument()
{
    OutlineModel *model = m_window->outlineModel();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    Document *doc = m_window->document();
    const Design &d = doc->design();
    // Hosts on top with their components below them.
    const QModelIndex web01 = model->indexOf(QStringLiteral("web-01"));
    QVERIFY(web01.isValid());
    QCOMPARE(model->rowCount(web01), int(d.componentsOnHost(QStringLiteral("web-01")).size()));
    QCOMPARE(model->indexOf(QStringLiteral("nginx-1")).parent(), web01);
    QVERIFY(model->indexOf(QStringLiteral("l-3")).isValid());

    // Moving a component to its own machine moves its row; undo puts it back.
    QVERIFY(doc->setComponentHost(QStringLiteral("app-1"), QString(), std::nullopt));
    QVERIFY(!model->indexOf(QStringLiteral("app-1")).parent().isValid());
    doc->undoStack()->undo();
    QCOMPARE(model->indexOf(QStringLiteral("app-1")).parent(),
             model->indexOf(QStringLiteral("web-01")));

    // Removing a host removes its rows and its components' links.
    QVERIFY(doc->removeElements({QStringLiteral("web-02")}));
    QVERIFY(!model->indexOf(QStringLiteral("web-02")).isValid());
    QVERIFY(!model->indexOf(QStringLiteral("nginx-2")).isValid());
    QVERIFY(!model->indexOf(QStringLiteral("l-3")).isValid());
    doc->undoStack()->undo();
    QVERIFY(model->indexOf(QStringLiteral("nginx-2")).isValid());

    // A label change shows at once.
    QSignalSpy changed(model, &QAbstractItemModel::dataChanged);
    QVERIFY(doc->setComponentLabel(QStringLiteral("haproxy"), QStringLiteral("Front door")));
    QVERIFY(!changed.isEmpty());
    QVERIFY(model->indexOf(QStringLiteral("haproxy"))
                .data()
                .toString()
                .contains(QStringLiteral("Front door")));
}

void TestDesigner::outlineSelectionSync()
{
    OutlineView *view = m_window->outlineView();
    OutlineModel *model = m_window->outlineModel();
    // Clicking a row selects the element everywhere.
    const QModelIndex nginx = model->indexOf(QStringLiteral("nginx-2"));
    view->scrollTo(nginx);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(nginx).center());
    QCOMPARE(m_window->selection()->ids(), QStringList{QStringLiteral("nginx-2")});
    QCOMPARE(m_window->inspector()->shownId(), QStringLiteral("nginx-2"));
    // Selecting elsewhere selects the rows.
    m_window->selection()->setIds({QStringLiteral("lb-01"), QStringLiteral("l-1")});
    QModelIndexList rows = view->selectionModel()->selectedIndexes();
    QCOMPARE(rows.size(), 2);
    QVERIFY(rows.contains(model->indexOf(QStringLiteral("lb-01"))));
    QVERIFY(rows.contains(model->indexOf(QStringLiteral("l-1"))));
    // And the selection survives a rebuild of the tree.
    QVERIFY(m_window->document()->addNote(Note{QString(), QStringLiteral("hello"), {}, {}}).size() >
            0);
    rows = view->selectionModel()->selectedIndexes();
    QCOMPARE(rows.size(), 2);
}

void TestDesigner::inspectorEditAndUndo()
{
    Document *doc = m_window->document();
    const QByteArray before = bytes();
    m_window->selection()->setIds({QStringLiteral("haproxy")});
    Inspector *inspector = m_window->inspector();
    auto *algorithm = qobject_cast<QComboBox *>(inspector->editorFor(QStringLiteral("algorithm")));
    QVERIFY(algorithm);
    QCOMPARE(algorithm->currentText(), QStringLiteral("roundrobin"));
    const int steps = doc->undoStack()->count();
    algorithm->setFocus();
    QTest::keyClick(algorithm, Qt::Key_Down);
    QCOMPARE(doc->design().component(QStringLiteral("haproxy"))->stringSetting(u"algorithm"),
             QStringLiteral("leastconn"));
    QCOMPARE(doc->undoStack()->count(), steps + 1);
    // A second edit of the same field is a step of its own.
    QTest::keyClick(algorithm, Qt::Key_Down);
    QCOMPARE(doc->undoStack()->count(), steps + 2);
    doc->undoStack()->undo();
    QCOMPARE(doc->design().component(QStringLiteral("haproxy"))->stringSetting(u"algorithm"),
             QStringLiteral("leastconn"));
    QCOMPARE(algorithm->currentText(), QStringLiteral("leastconn"));

    // Typing a label, then Enter: one step.
    auto *label = qobject_cast<QLineEdit *>(inspector->editorFor(QStringLiteral("label")));
    QVERIFY(label);
    label->setFocus();
    QTest::keyClicks(label, QStringLiteral("Edge"));
    QTest::keyClick(label, Qt::Key_Return);
    QCOMPARE(doc->design().component(QStringLiteral("haproxy"))->label, QStringLiteral("Edge"));
    QCOMPARE(doc->undoStack()->count(), steps + 2);
    doc->undoStack()->undo();
    doc->undoStack()->undo();
    QCOMPARE(bytes(), before);
    QCOMPARE(label->text(), QString());
    QCOMPARE(algorithm->currentText(), QStringLiteral("roundrobin"));

    // A flag inside an object setting (health_check.*) and a number.
    auto *fall =
        qobject_cast<QSpinBox *>(inspector->editorFor(QStringLiteral("health_check.fall")));
    QVERIFY(fall);
    fall->setFocus();
    fall->selectAll();
    QTest::keyClicks(fall, QStringLiteral("5"));
    QTest::keyClick(fall, Qt::Key_Return);
    QCOMPARE(doc->design().component(QStringLiteral("haproxy"))->intSetting(u"health_check.fall"),
             5);
    doc->undoStack()->undo();
    QCOMPARE(bytes(), before);
}

void TestDesigner::inspectorGrammarFeedback()
{
    Document *doc = m_window->document();
    m_window->selection()->setIds({QStringLiteral("lb-01")});
    Inspector *inspector = m_window->inspector();
    auto *address = qobject_cast<QLineEdit *>(inspector->editorFor(QStringLiteral("address")));
    QLabel *feedback = inspector->feedbackFor(QStringLiteral("address"));
    QVERIFY(address && feedback);
    QVERIFY(feedback->isHidden());
    const QByteArray before = bytes();
    const int steps = doc->undoStack()->count();
    address->setFocus();
    address->selectAll();
    QTest::keyClicks(address, QStringLiteral("203.0.113.300"));
    QVERIFY(!feedback->isHidden());
    QVERIFY(!feedback->text().isEmpty());
    QTest::keyClick(address, Qt::Key_Return);
    // Nothing invalid reaches the design.
    QCOMPARE(bytes(), before);
    QCOMPARE(doc->undoStack()->count(), steps);
    // Correcting it clears the message and commits.
    QTest::keyClick(address, Qt::Key_Backspace);
    QTest::keyClick(address, Qt::Key_Backspace);
    QVERIFY(feedback->isHidden());
    QTest::keyClick(address, Qt::Key_Return);
    QCOMPARE(doc->design().host(QStringLiteral("lb-01"))->address, QStringLiteral("203.0.113.3"));
    QCOMPARE(doc->undoStack()->count(), steps + 1);
}

void TestDesigner::inspectorHostEdit()
{
    Document *doc = m_window->document();
    m_window->selection()->setIds({QStringLiteral("web-01")});
    auto *firewall =
        qobject_cast<QCheckBox *>(m_window->inspector()->editorFor(QStringLiteral("firewall")));
    QVERIFY(firewall);
    QVERIFY(!firewall->isChecked());
    QTest::mouseClick(firewall, Qt::LeftButton, {}, QPoint(8, firewall->height() / 2));
    QVERIFY(doc->design().host(QStringLiteral("web-01"))->firewallEnabled);
    doc->undoStack()->undo();
    QVERIFY(!doc->design().host(QStringLiteral("web-01"))->firewallEnabled);
    QVERIFY(!firewall->isChecked());
}

void TestDesigner::deleteThenUndoIsByteIdentical()
{
    Document *doc = m_window->document();
    const QByteArray before = bytes();
    m_window->selection()->setIds({QStringLiteral("web-01"), QStringLiteral("l-1")});
    QAction *del = m_window->action(QStringLiteral("delete"));
    QVERIFY(del && del->isEnabled());
    del->trigger();
    QVERIFY(!doc->design().host(QStringLiteral("web-01")));
    QVERIFY(!doc->design().component(QStringLiteral("mysql-primary")));
    QVERIFY(!doc->design().link(QStringLiteral("l-1")));
    QVERIFY(m_window->selection()->ids().isEmpty());
    QVERIFY(m_window->isWindowModified());
    m_window->action(QStringLiteral("undo"))->trigger();
    QCOMPARE(bytes(), before);
    QVERIFY(!m_window->isWindowModified());
    m_window->action(QStringLiteral("redo"))->trigger();
    QVERIFY(!doc->design().host(QStringLiteral("web-01")));
}

void TestDesigner::findingsFollowEdits()
{
    FindingsPanel *panel = m_window->findingsPanel();
    FindingsModel *model = panel->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    LiveValidator *validator = m_window->validator();
    const QList<Finding> expected = validate(m_window->document()->design());
    QVERIFY(!expected.isEmpty());
    QTRY_COMPARE(model->findings(), expected);

    // Clicking a finding selects its elements.
    QTreeView *view = panel->view();
    const QModelIndex first = model->index(0, FindingsModel::MessageColumn);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->visualRect(first).center());
    QCOMPARE(m_window->selection()->ids(), expected.front().elements);

    // An edit revalidates off the interface thread, and the panel follows.
    Document *doc = m_window->document();
    QVERIFY(doc->setHostField(QStringLiteral("web-01"), HostField::FirewallEnabled, true));
    const QList<Finding> after = validate(doc->design());
    QVERIFY(after != expected);
    QTRY_COMPARE(model->findings(), after);
    QTRY_VERIFY(!validator->isBusy());
    doc->undoStack()->undo();
    QTRY_COMPARE(model->findings(), expected);
    // Many edits in a row end with the findings of the last design.
    for (int i = 0; i < 20; ++i)
        doc->setSetting(QStringLiteral("haproxy"), QStringLiteral("tls"), i % 2 == 0);
    QTRY_VERIFY(!validator->isBusy());
    QCOMPARE(model->findings(), validate(doc->design()));
}

void TestDesigner::quickFixFromPanel()
{
    Document *doc = m_window->document();
    FindingsPanel *panel = m_window->findingsPanel();
    FindingsModel *model = panel->model();
    QTRY_COMPARE(model->findings(), validate(doc->design()));
    int row = -1;
    for (int i = 0; i < model->rowCount(); ++i) {
        if (model->finding(i).fix) {
            row = i;
            break;
        }
    }
    QVERIFY2(row >= 0, "the three-server design has a finding with a quick fix");
    const Finding finding = model->finding(row);
    for (int i = 0; i < model->rowCount(); ++i)
        QCOMPARE(!panel->fixButtonRect(i).isEmpty(), model->finding(i).fix);
    const QByteArray before = bytes();
    const int steps = doc->undoStack()->count();
    panel->view()->scrollTo(model->index(row, 0));
    const QRect fix = panel->fixButtonRect(row);
    QVERIFY(!fix.isEmpty());
    QVERIFY(panel->view()->viewport()->rect().contains(fix.center()));
    QTest::mouseClick(panel->view()->viewport(), Qt::LeftButton, {}, fix.center());
    QCOMPARE(doc->undoStack()->count(), steps + 1);
    QVERIFY(!validate(doc->design()).contains(finding));
    QTRY_VERIFY(!model->findings().contains(finding));
    doc->undoStack()->undo();
    QCOMPARE(bytes(), before);
    QTRY_VERIFY(model->findings().contains(finding));
}

void TestDesigner::whatIfPanel()
{
    WhatIfPanel *panel = m_window->whatIfPanel();
    QVERIFY(!panel->isActive());
    QSignalSpy dark(panel, &WhatIfPanel::darkElementsChanged);
    m_window->action(QStringLiteral("whatIf"))->trigger();
    QVERIFY(panel->isActive());
    auto tick = [panel](const QString &name) {
        const auto items =
            panel->tree()->findItems(QStringLiteral("*"), Qt::MatchWildcard | Qt::MatchRecursive);
        for (QTreeWidgetItem *item : items) {
            if (item->data(0, Qt::UserRole + 1).toString() == name) {
                item->setCheckState(0, item->checkState(0) == Qt::Checked ? Qt::Unchecked
                                                                          : Qt::Checked);
                return true;
            }
        }
        return false;
    };
    // The only load balancer fails: nothing behind it is reachable.
    QVERIFY(tick(QStringLiteral("lb-01")));
    QVERIFY(!panel->result().serviceAfter);
    QVERIFY(panel->verdict()->text().contains(QStringLiteral("down")));
    QStringList ids = panel->darkElements();
    for (const char *id : {"lb-01", "haproxy", "nginx-1", "nginx-2", "app-1", "l-1", "l-2"})
        QVERIFY2(ids.contains(QString::fromLatin1(id)), id);
    QVERIFY(!ids.contains(QStringLiteral("users")));
    QVERIFY(!ids.contains(QStringLiteral("web-01")));
    QCOMPARE(dark.last().front().toStringList(), ids);
    // One web server fails: the other carries the service.
    QVERIFY(tick(QStringLiteral("lb-01")));
    QVERIFY(tick(QStringLiteral("nginx-2")));
    QVERIFY(panel->result().serviceAfter);
    QVERIFY(panel->result().tiersLost.isEmpty());
    ids = panel->darkElements();
    QVERIFY(ids.contains(QStringLiteral("nginx-2")));
    QVERIFY(ids.contains(QStringLiteral("l-3")));
    QVERIFY(!ids.contains(QStringLiteral("nginx-1")));
    QVERIFY(!ids.contains(QStringLiteral("haproxy")));
    // Off: nothing is dark.
    m_window->action(QStringLiteral("whatIf"))->trigger();
    QVERIFY(panel->darkElements().isEmpty());
}

void TestDesigner::previewsFollowSelectionAndEdits()
{
    PreviewPanel *preview = m_window->previewPanel();
    m_window->selection()->setIds({QStringLiteral("haproxy")});
    QCOMPARE(preview->machine(), QStringLiteral("lb-01"));
    preview->setCurrentPath(QStringLiteral("hosts/lb-01/etc/haproxy/haproxy.cfg"));
    QCOMPARE(preview->currentPath(), QStringLiteral("hosts/lb-01/etc/haproxy/haproxy.cfg"));
    QVERIFY(preview->text().contains(QStringLiteral("balance roundrobin")));
    // Live: an edit shows in the preview.
    QVERIFY(m_window->document()->setSetting(QStringLiteral("haproxy"), QStringLiteral("algorithm"),
                                             QStringLiteral("leastconn")));
    preview->regenerate();
    QVERIFY(preview->text().contains(QStringLiteral("balance leastconn")));
    // The text is the generator's own output.
    const BundleResult expected =
        generateHostFiles(m_window->document()->design(), QStringLiteral("lb-01"));
    QCOMPARE(preview->text().toUtf8(),
             expected.file(QStringLiteral("hosts/lb-01/etc/haproxy/haproxy.cfg"))->content);
    auto *copy = preview->findChild<QPushButton *>(QStringLiteral("previewCopy"));
    QVERIFY(copy);
    QTest::mouseClick(copy, Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), preview->text());
    // Selecting a database shows its machine's files.
    m_window->selection()->setIds({QStringLiteral("mysql-replica")});
    QCOMPARE(preview->machine(), QStringLiteral("web-02"));
    bool hasMysql = false;
    for (int i = 0; i < preview->fileBox()->count(); ++i)
        hasMysql = hasMysql || preview->fileBox()->itemData(i).toString().contains(u"/mysql/");
    QVERIFY(hasMysql);
}

void TestDesigner::whatIfGreysCanvas()
{
    DiagramScene *scene = m_window->scene();
    WhatIfPanel *panel = m_window->whatIfPanel();
    m_window->action(QStringLiteral("whatIf"))->trigger();
    panel->setFailing({QStringLiteral("web-01")});
    const WhatIfResult r = panel->result();
    QVERIFY(r.failed.contains(QStringLiteral("nginx-1")));
    // Exactly what fails or is cut off is grey, and the host that failed.
    const Design &d = m_window->document()->design();
    for (const Component &c : d.components) {
        const bool gone = r.failed.contains(c.id) || r.dark.contains(c.id);
        QVERIFY2(scene->isDark(c.id) == gone, qPrintable(c.id));
    }
    QVERIFY(scene->isDark(QStringLiteral("web-01")));
    QVERIFY(!scene->isDark(QStringLiteral("web-02")));
    QVERIFY(!scene->isDark(QStringLiteral("haproxy")));
    QVERIFY(scene->isDark(QStringLiteral("l-2")));
    QVERIFY(!scene->isDark(QStringLiteral("l-3")));
    // Leaving the mode restores every item.
    m_window->action(QStringLiteral("whatIf"))->trigger();
    for (const Component &c : d.components)
        QVERIFY(!scene->isDark(c.id));
    QVERIFY(!scene->isDark(QStringLiteral("web-01")));
}

void TestDesigner::droppedFileOpens()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("dropped.stackplan"));
    Design design = *templateDesign(QStringLiteral("single-server"));
    QString error;
    QVERIFY(saveDesign(design, path, &error));
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(path)});
    // Dropped on the canvas, it reaches the window.
    QWidget *canvas = m_window->view()->viewport();
    QVERIFY(dropOn(canvas, canvas->rect().center(), &data));
    QTRY_COMPARE(m_window->fileName(), QFileInfo(path).absoluteFilePath());
    QVERIFY(m_window->document()->design() == design);
    // A Mermaid flowchart dropped is imported as a new design.
    const QString mmd = dir.filePath(QStringLiteral("site.mmd"));
    QFile f(mmd);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("flowchart LR\n  users((Users)) --> lb[HAProxy]\n  lb --> web1[Nginx]\n"
            "  web1 --> db[(MySQL)]\n");
    f.close();
    QMimeData mermaid;
    mermaid.setUrls({QUrl::fromLocalFile(mmd)});
    QVERIFY(dropOn(m_window.get(), QPoint(20, 20), &mermaid));
    QTRY_COMPARE(m_window->document()->design().components.size(), 4);
    QVERIFY(m_window->fileName().isEmpty());
    QVERIFY(m_window->isWindowModified());
    // Anything else is refused.
    QMimeData other;
    other.setUrls({QUrl::fromLocalFile(dir.filePath(QStringLiteral("notes.txt")))});
    QVERIFY(!dropOn(m_window.get(), QPoint(20, 20), &other));
}

void TestDesigner::exportEveryFormatAndBundle()
{
    QTemporaryDir dir;
    const QList<QPair<QString, QByteArray>> formats{
        {QStringLiteral("png"), QByteArray("\x89PNG")},
        {QStringLiteral("svg"), QByteArray("<?xml")},
        {QStringLiteral("pdf"), QByteArray("%PDF")},
        {QStringLiteral("mmd"), QByteArray()},
        {QStringLiteral("dot"), QByteArray()},
        {QStringLiteral("drawio"), QByteArray()},
    };
    for (const auto &[suffix, magic] : formats) {
        const QString path = dir.filePath(QStringLiteral("design.") + suffix);
        QVERIFY2(m_window->exportTo(path), qPrintable(suffix));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        QVERIFY2(bytes.size() > 100, qPrintable(suffix));
        QVERIFY2(bytes.startsWith(magic), qPrintable(suffix));
        if (suffix == QLatin1String("drawio"))
            QVERIFY(bytes.contains("<mxfile"));
    }
    // The Mermaid export comes back through import with every component.
    QVERIFY(m_window->importFile(dir.filePath(QStringLiteral("design.mmd"))));
    QCOMPARE(m_window->document()->design().components.size(), 8);
    m_window->document()->undoStack()->setClean();
    m_window->openDefaultDesign();

    const QString bundle = dir.filePath(QStringLiteral("bundle"));
    QVERIFY(m_window->generateBundleTo(bundle));
    QFile cfg(bundle + QStringLiteral("/hosts/lb-01/etc/haproxy/haproxy.cfg"));
    QVERIFY(cfg.open(QIODevice::ReadOnly));
    QCOMPARE(cfg.readAll(), generateBundle(m_window->document()->design())
                                .file(QStringLiteral("hosts/lb-01/etc/haproxy/haproxy.cfg"))
                                ->content);
}

void TestDesigner::arrangeIsOneStep()
{
    Document *doc = m_window->document();
    const QByteArray before = bytes();
    const int steps = doc->undoStack()->count();
    m_window->action(QStringLiteral("arrange"))->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(!m_window->isArranging(), 20000);
    QTRY_COMPARE(doc->undoStack()->count(), steps + 1);
    QVERIFY(bytes() != before);
    // Nothing overlaps: every two hosts are apart.
    const Design &d = doc->design();
    for (const Host &a : d.hosts)
        QVERIFY(a.position.has_value());
    doc->undoStack()->undo();
    QCOMPARE(bytes(), before);
}

void TestDesigner::templateChooser()
{
    int calls = 0;
    TemplateChooser chooser(
        [&calls](const Design &design, const QSize &size) {
            ++calls;
            QImage image(size, QImage::Format_ARGB32);
            image.fill(design.hosts.isEmpty() ? Qt::white : Qt::blue);
            return image;
        },
        nullptr);
    QAbstractItemModelTester tester(chooser.list()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(chooser.list()->count(), int(bundledTemplates().size()) + 1);
    QCOMPARE(chooser.chosenTemplate(), DefaultTemplate);
    QVERIFY(calls > 0);
    chooser.selectTemplate(QStringLiteral("scaled"));
    QCOMPARE(chooser.chosenTemplate(), QStringLiteral("scaled"));
    chooser.list()->setCurrentRow(0);
    QCOMPARE(chooser.chosenTemplate(), QString());
    m_window->newFromTemplate(QStringLiteral("scaled"));
    QVERIFY(m_window->document()->design() == *templateDesign(QStringLiteral("scaled")));
    QVERIFY(!m_window->isWindowModified());
    // The what-if tree is an item model too.
    m_window->action(QStringLiteral("whatIf"))->trigger();
    QAbstractItemModelTester whatIf(m_window->whatIfPanel()->tree()->model(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_window->whatIfPanel()->setFailing({QStringLiteral("lb-01")});
    m_window->document()->removeElements({QStringLiteral("lb-01")});
    QVERIFY(!m_window->whatIfPanel()->failing().contains(QStringLiteral("lb-01")));
}

void TestDesigner::followsDarkPalette()
{
    const QPalette light = QApplication::palette();
    QVERIFY(!m_window->scene()->theme().dark);
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    QApplication::setPalette(dark);
    QTRY_VERIFY(m_window->scene()->theme().dark);
    QApplication::setPalette(light);
    QTRY_VERIFY(!m_window->scene()->theme().dark);
}

void TestDesigner::windowStateRemembered()
{
    auto *findings = m_window->findChild<QDockWidget *>(QStringLiteral("findingsDock"));
    QVERIFY(findings);
    findings->hide();
    m_window->resize(1234, 777);
    m_window->close();
    MainWindow next;
    next.show();
    QVERIFY(QTest::qWaitForWindowExposed(&next));
    QCOMPARE(next.size(), QSize(1234, 777));
    QVERIFY(next.findChild<QDockWidget *>(QStringLiteral("findingsDock"))->isHidden());
    QSettings().remove(QStringLiteral("window"));
}

void TestDesigner::saveOpenRoundTrip()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Document *doc = m_window->document();
    QVERIFY(doc->setSetting(QStringLiteral("haproxy"), QStringLiteral("tls"), true));
    QVERIFY(m_window->isWindowModified());
    const QString path = dir.filePath(QStringLiteral("round.stackplan"));
    QVERIFY(m_window->saveTo(path));
    QVERIFY(!m_window->isWindowModified());
    QVERIFY(m_window->windowTitle().startsWith(QStringLiteral("round.stackplan")));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray saved = file.readAll();
    QCOMPARE(saved, bytes());

    MainWindow other;
    QVERIFY(other.openFile(path));
    QCOMPARE(writeDesign(other.document()->design()), saved);
    QVERIFY(other.document()->design() == doc->design());
    QCOMPARE(other.fileName(), QFileInfo(path).absoluteFilePath());
    // The file is now first among the recent files.
    QCOMPARE(QSettings().value(QStringLiteral("recentFiles")).toStringList().value(0),
             QFileInfo(path).absoluteFilePath());
    // A file that is not a design is refused and leaves the design alone.
    const QString broken = dir.filePath(QStringLiteral("broken.stackplan"));
    QFile b(broken);
    QVERIFY(b.open(QIODevice::WriteOnly));
    b.write("{ not json");
    b.close();
    QTimer::singleShot(0, &other, [] {
        // The refusal is a message box: close it.
        if (QWidget *box = QApplication::activeModalWidget())
            box->close();
    });
    QVERIFY(!other.openFile(broken));
    QCOMPARE(writeDesign(other.document()->design()), saved);
}

void TestDesigner::autosaveWritesRecoveryFile()
{
    Document *doc = m_window->document();
    const QString recovery = m_window->recoveryStore().path();
    QVERIFY(!QFile::exists(recovery));
    m_window->setAutosaveInterval(20);
    QVERIFY(doc->setComponentLabel(QStringLiteral("haproxy"), QStringLiteral("Autosaved")));
    // The timer writes it without being asked.
    QTRY_VERIFY(QFile::exists(recovery));
    QFile file(recovery);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), bytes());
    // This window's own file is not offered to another window of the same,
    // running process.
    MainWindow other;
    QVERIFY(other.recoveryBanner()->isHidden());
    // Back to the saved state: nothing to recover.
    doc->undoStack()->undo();
    QVERIFY(!QFile::exists(recovery));
}

void TestDesigner::recoveryAfterCrash()
{
    // What a crashed process leaves: a recovery file, its description, and
    // no live lock.
    Design design = *templateDesign(QStringLiteral("scaled"));
    design.name = QStringLiteral("crashed work");
    QDir().mkpath(RecoveryStore::directory());
    const QString path =
        RecoveryStore::directory() + QStringLiteral("/recovery-999999-dead.stackplan");
    QString error;
    QVERIFY2(saveDesign(design, path, &error), qPrintable(error));
    const QString original = QDir::temp().filePath(QStringLiteral("crashed.stackplan"));
    QFile meta(RecoveryStore::directory() + QStringLiteral("/recovery-999999-dead.json"));
    QVERIFY(meta.open(QIODevice::WriteOnly));
    meta.write(QJsonDocument(
                   QJsonObject{{QStringLiteral("file"), original},
                               {QStringLiteral("saved"), QStringLiteral("2026-01-02T03:04:05Z")}})
                   .toJson());
    meta.close();

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QVERIFY(window.recoveryBanner()->isVisible());
    auto *restore =
        window.recoveryBanner()->findChild<QPushButton *>(QStringLiteral("restoreButton"));
    QVERIFY(restore);
    QTest::mouseClick(restore, Qt::LeftButton);
    QVERIFY(window.recoveryBanner()->isHidden());
    QCOMPARE(writeDesign(window.document()->design()), writeDesign(design));
    QCOMPARE(window.fileName(), original);
    QVERIFY(window.isWindowModified());
    QVERIFY(!QFile::exists(path));
    // Offered once only.
    MainWindow later;
    QVERIFY(later.recoveryBanner()->isHidden());
    window.document()->undoStack()->setClean();
}

QTEST_MAIN(TestDesigner)
#include "tst_designer.moc"
