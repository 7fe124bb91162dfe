// The designer's canvas and the image export, driven through real widgets:
// drops go through the view's drop handling, links and moves through mouse
// events on the viewport, edits through the keys.
#include "canvas/canvasitems.h"
#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "canvas/mimetypes.h"
#include "core/designio.h"
#include "core/document.h"
#include "core/templates.h"
#include "render/diagrampainter.h"
#include "render/geometry.h"
#include "render/imageexport.h"
#include "render/pngencoder.h"
#include "render/theme.h"

#include <QApplication>
#include <QClipboard>
#include <QImage>
#include <QMimeData>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTest>
#include <QXmlStreamReader>

#include <memory>

using namespace stackplan;

namespace {

struct Canvas
{
    Document document;
    std::unique_ptr<DiagramScene> scene;
    std::unique_ptr<DiagramView> view;

    explicit Canvas(const QString &templateName = QStringLiteral("three-server"))
    {
        document.resetDesign(*templateDesign(templateName));
        scene = std::make_unique<DiagramScene>(&document);
        view = std::make_unique<DiagramView>(scene.get());
        view->resize(1400, 900);
        view->show();
        view->resetZoom();
        view->centerOn(scene->contentRect().center());
    }
    QPoint viewportPoint(const QPointF &scenePos) const { return view->mapFromScene(scenePos); }
    QByteArray bytes() const { return writeDesign(document.design()); }
};

// Delivers a drag-and-drop to the viewport as the window system would. Takes
// the data, as a drag does.
bool dropOn(QWidget *viewport, const QPoint &pos, QMimeData *rawData)
{
    const std::unique_ptr<QMimeData> owned(rawData);
    QMimeData *data = owned.get();
    QDragEnterEvent enter(pos, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &enter);
    if (!enter.isAccepted())
        return false;
    QDragMoveEvent move(pos, Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &move);
    if (!move.isAccepted())
        return false;
    QDropEvent drop(QPointF(pos), Qt::CopyAction, data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(viewport, &drop);
    return drop.isAccepted();
}

void drag(QWidget *viewport, const QPoint &from, const QPoint &to, int steps = 6)
{
    QTest::mousePress(viewport, Qt::LeftButton, Qt::NoModifier, from);
    for (int i = 1; i <= steps; ++i) {
        const QPoint p = from + (to - from) * i / steps;
        QMouseEvent move(QEvent::MouseMove, p, viewport->mapToGlobal(p), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(viewport, &move);
    }
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::NoModifier, to);
}

QImage renderScene(DiagramScene *scene, const QRectF &rect)
{
    QImage image(rect.size().toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter p(&image);
    scene->render(&p, QRectF(QPointF(0, 0), rect.size()), rect);
    return image;
}

int countColour(const QImage &image, const QColor &colour, int tolerance = 30)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - colour.red()) < tolerance &&
                std::abs(c.green() - colour.green()) < tolerance &&
                std::abs(c.blue() - colour.blue()) < tolerance)
                ++n;
        }
    return n;
}

} // namespace

class TestCanvas : public QObject
{
    Q_OBJECT

private slots:
    void sceneMirrorsTheDesign();
    void dropFromPaletteCreatesComponentInHost();
    void dropOutsideHostsAndHostsAndNotes();
    void draggingBetweenHandlesCreatesLink();
    void rubberBandSelects();
    void deleteThenUndoRestoresBytes();
    void moveIsOneUndoStep();
    void dragOutOfHostRehosts();
    void copyPasteAndDuplicate();
    void sceneFollowsDocumentWithoutRebuilding();
    void marksAndDarkElementsReachItems();
    void liveStatesReachItems();
    void zoomAndFit();
    void overviewPaintsFarOut();
    void exportPngHasTheRightSize();
    void exportSvgAndPdfAreValid();
    void pngStripsJoinSeamlessly();
    void svgDrawsWhatPngDraws_data();
    void svgDrawsWhatPngDraws();
    void exportRefusesBadScale();
    void pngEncoderRoundTrips();
};

void TestCanvas::sceneMirrorsTheDesign()
{
    Canvas c;
    const Design &d = c.document.design();
    QCOMPARE(c.scene->elementItemCount(), d.elementCount());
    for (const Component &comp : d.components) {
        ComponentItem *item = c.scene->componentItem(comp.id);
        QVERIFY(item);
        if (!comp.host.isEmpty()) {
            HostItem *host = c.scene->hostItem(comp.host);
            QVERIFY(host);
            // Hosts are containers: the card lies inside its host.
            QVERIFY(host->sceneContainerRect().contains(item->sceneCardRect()));
            QCOMPARE(item->pos(), host->pos() + *comp.position);
        }
    }
    QVERIFY(c.scene->linkItem(QStringLiteral("l-1"))->linkShape().valid);
}

void TestCanvas::dropFromPaletteCreatesComponentInHost()
{
    Canvas c;
    HostItem *host = c.scene->hostItem(QStringLiteral("web-02"));
    const QRectF r = host->sceneContainerRect();
    // An empty spot of the host, under its components.
    const QPointF at(r.left() + 80, r.bottom() - 10);
    const int before = int(c.document.design().components.size());
    QSignalSpy dropped(c.scene.get(), &DiagramScene::elementsDropped);
    QVERIFY(dropOn(c.view->viewport(), c.viewportPoint(at), mime::kindMimeData(Kind::Cache)));
    QCOMPARE(c.document.design().components.size(), before + 1);
    QCOMPARE(dropped.size(), 1);
    const QString id = dropped.front().front().toStringList().front();
    const Component *added = c.document.design().component(id);
    QVERIFY(added);
    QCOMPARE(added->kind, Kind::Cache);
    QCOMPARE(added->host, QStringLiteral("web-02"));
    ComponentItem *item = c.scene->componentItem(id);
    QVERIFY(item);
    QVERIFY(item->isSelected());
    // The host grew around its new component.
    QVERIFY(c.scene->hostItem(QStringLiteral("web-02"))
                ->sceneContainerRect()
                .contains(item->sceneCardRect()));
    QVERIFY(item->sceneCardRect().contains(at) || item->sceneCardRect().top() <= at.y() + 60);
    c.document.undoStack()->undo();
    QVERIFY(!c.scene->componentItem(id));
    QCOMPARE(c.document.design().components.size(), before);
}

void TestCanvas::dropOutsideHostsAndHostsAndNotes()
{
    Canvas c;
    const QRectF content = c.scene->contentRect();
    const QPointF empty(content.left() + 60, content.bottom() + 200);
    c.view->centerOn(empty);
    QVERIFY(dropOn(c.view->viewport(), c.viewportPoint(empty), mime::kindMimeData(Kind::Dns)));
    const Component &dns = c.document.design().components.back();
    QCOMPARE(dns.kind, Kind::Dns);
    QVERIFY(dns.host.isEmpty());
    QVERIFY(c.scene->componentItem(dns.id)->sceneCardRect().contains(empty));

    const QPointF hostSpot(content.left() + 400, content.bottom() + 300);
    c.view->centerOn(hostSpot);
    QVERIFY(dropOn(c.view->viewport(), c.viewportPoint(hostSpot), mime::hostMimeData()));
    const Host &host = c.document.design().hosts.back();
    HostItem *hostItem = c.scene->hostItem(host.id);
    QVERIFY(hostItem);
    QVERIFY(hostItem->sceneContainerRect().contains(hostSpot));
    // A load balancer dropped into the new host lands on it; DNS never does.
    QVERIFY(dropOn(c.view->viewport(), c.viewportPoint(hostSpot),
                   mime::kindMimeData(Kind::LoadBalancer)));
    QCOMPARE(c.document.design().components.back().host, host.id);
    QVERIFY(dropOn(c.view->viewport(), c.viewportPoint(hostSpot + QPointF(0, 20)),
                   mime::kindMimeData(Kind::Internet)));
    QVERIFY(c.document.design().components.back().host.isEmpty());

    QVERIFY(dropOn(c.view->viewport(), c.viewportPoint(empty + QPointF(300, 0)),
                   mime::noteMimeData(QStringLiteral("Check the TLS certificates"))));
    QCOMPARE(c.document.design().notes.back().text, QStringLiteral("Check the TLS certificates"));
    QVERIFY(c.scene->noteItem(c.document.design().notes.back().id));
    // Foreign data is refused.
    auto *text = new QMimeData;
    text->setText(QStringLiteral("hello"));
    QVERIFY(!dropOn(c.view->viewport(), c.viewportPoint(empty), text));
}

void TestCanvas::draggingBetweenHandlesCreatesLink()
{
    Canvas c;
    // A cache on web-01 with no links yet.
    Component cache;
    cache.kind = Kind::Cache;
    cache.host = QStringLiteral("web-01");
    cache.position = QPointF(190, 180);
    const QString cacheId = c.document.addComponent(cache);
    QVERIFY(!cacheId.isEmpty());
    const int links = int(c.document.design().links.size());
    const int steps = c.document.undoStack()->count();

    ComponentItem *app = c.scene->componentItem(QStringLiteral("app-1"));
    ComponentItem *target = c.scene->componentItem(cacheId);
    c.view->centerOn(app->sceneCardRect().center());
    // Hovering shows the handle; pressing on it starts a link.
    const QPoint handle = c.viewportPoint(app->sceneHandleCenter());
    QTest::mouseMove(c.view->viewport(), handle);
    QSignalSpy created(c.scene.get(), &DiagramScene::linkCreated);
    drag(c.view->viewport(), handle, c.viewportPoint(target->sceneCardRect().center()));
    QCOMPARE(created.size(), 1);
    QCOMPARE(c.document.design().links.size(), links + 1);
    const Link &link = c.document.design().links.back();
    QCOMPARE(link.from, QStringLiteral("app-1"));
    QCOMPARE(link.to, cacheId);
    // Protocol and port follow from the kinds through the schema.
    QCOMPARE(c.document.design().effectiveProtocol(link), QStringLiteral("redis"));
    QCOMPARE(c.document.design().effectivePort(link), 6379);
    QCOMPARE(c.document.undoStack()->count(), steps + 1);
    // The card did not move: the handle drag is not a move.
    QCOMPARE(app->pos(), c.scene->hostItem(QStringLiteral("web-01"))->pos() + QPointF(190, 40));
    LinkItem *item = c.scene->linkItem(link.id);
    QVERIFY(item && item->linkShape().valid);

    // Database to database means replication.
    ComponentItem *primary = c.scene->componentItem(QStringLiteral("mysql-primary"));
    c.document.removeElements({QStringLiteral("l-10")});
    c.view->centerOn(primary->sceneCardRect().center());
    const QPoint h2 = c.viewportPoint(primary->sceneHandleCenter());
    QTest::mouseMove(c.view->viewport(), h2);
    drag(c.view->viewport(), h2,
         c.viewportPoint(
             c.scene->componentItem(QStringLiteral("mysql-replica"))->sceneCardRect().center()));
    QCOMPARE(created.size(), 2);
    QCOMPARE(c.document.design().links.back().protocol, QStringLiteral("replication"));

    // Dropping on empty canvas creates nothing; undo removes the link.
    QTest::mouseMove(c.view->viewport(), h2);
    drag(c.view->viewport(), h2, h2 + QPoint(0, 400));
    QCOMPARE(created.size(), 2);
    c.document.undoStack()->undo();
    QVERIFY(!c.scene->linkItem(c.document.design().links.back().id) ||
            c.document.design().links.back().protocol != QStringLiteral("replication"));
}

void TestCanvas::rubberBandSelects()
{
    Canvas c;
    // Around the users card and the lb-01 host with its component: from empty
    // canvas above-left to below-right.
    const QRectF users = c.scene->componentItem(QStringLiteral("users"))->sceneCardRect();
    const QRectF lb = c.scene->hostItem(QStringLiteral("lb-01"))->sceneContainerRect();
    const QPoint from = c.viewportPoint(QPointF(users.left() - 20, lb.top() - 20));
    const QPoint to = c.viewportPoint(QPointF(lb.right() + 20, lb.bottom() + 20));
    drag(c.view->viewport(), from, to, 8);
    QStringList selected = c.scene->selectedIds();
    selected.sort();
    QCOMPARE(selected, (QStringList{QStringLiteral("haproxy"), QStringLiteral("l-1"),
                                    QStringLiteral("lb-01"), QStringLiteral("users")}));
    // Nothing moved, nothing pushed.
    QCOMPARE(c.document.undoStack()->count(), 0);
    // A click on empty canvas clears it.
    QTest::mouseClick(c.view->viewport(), Qt::LeftButton, Qt::NoModifier, from);
    QVERIFY(c.scene->selectedIds().isEmpty());
}

void TestCanvas::deleteThenUndoRestoresBytes()
{
    Canvas c(QStringLiteral("secured-monitored"));
    const QByteArray original = c.bytes();
    c.scene->selectIds(
        {QStringLiteral("web-01"), QStringLiteral("haproxy"), QStringLiteral("l-10")});
    c.view->setFocus();
    QTest::keyClick(c.view.get(), Qt::Key_Delete);
    QVERIFY(!c.document.design().host(QStringLiteral("web-01")));
    QVERIFY(!c.document.design().component(QStringLiteral("nginx-1"))); // went with its host
    QVERIFY(!c.scene->componentItem(QStringLiteral("nginx-1")));
    QVERIFY(!c.scene->linkItem(QStringLiteral("l-1")));
    QCOMPARE(c.scene->elementItemCount(), c.document.design().elementCount());
    c.document.undoStack()->undo();
    QCOMPARE(c.bytes(), original);
    QCOMPARE(c.scene->elementItemCount(), c.document.design().elementCount());
    QVERIFY(c.scene->linkItem(QStringLiteral("l-1"))->linkShape().valid);
    c.document.undoStack()->redo();
    c.document.undoStack()->undo();
    QCOMPARE(c.bytes(), original);
}

void TestCanvas::moveIsOneUndoStep()
{
    Canvas c;
    const QByteArray original = c.bytes();
    ComponentItem *users = c.scene->componentItem(QStringLiteral("users"));
    const QPointF start = users->pos();
    const int steps = c.document.undoStack()->count();
    const QPoint from = c.viewportPoint(users->sceneCardRect().center() + QPointF(-20, 20));
    drag(c.view->viewport(), from, from + QPoint(33, 57), 10);
    QCOMPARE(c.document.undoStack()->count(), steps + 1);
    const QPointF moved = *c.document.design().component(QStringLiteral("users"))->position;
    // Snapped to the 10-unit grid.
    QCOMPARE(moved, QPointF(std::round((start.x() + 33) / 10) * 10,
                            std::round((start.y() + 57) / 10) * 10));
    QCOMPARE(users->pos(), moved);
    QVERIFY(c.scene->linkItem(QStringLiteral("l-1"))->linkShape().start.y() >
            start.y() + geometry::ComponentHeight / 2 + 40);
    c.document.undoStack()->undo();
    QCOMPARE(c.bytes(), original);
    QCOMPARE(users->pos(), start);

    // Moving a host carries its components, still one step.
    HostItem *host = c.scene->hostItem(QStringLiteral("lb-01"));
    const QPointF haproxy = c.scene->componentItem(QStringLiteral("haproxy"))->pos();
    const QPoint grip = c.viewportPoint(host->sceneContainerRect().topLeft() + QPointF(60, 12));
    drag(c.view->viewport(), grip, grip + QPoint(0, 100));
    QCOMPARE(c.document.undoStack()->count(), steps + 1);
    QCOMPARE(c.document.design().host(QStringLiteral("lb-01"))->position, QPointF(240, 300));
    QCOMPARE(c.scene->componentItem(QStringLiteral("haproxy"))->pos(), haproxy + QPointF(0, 100));
    QCOMPARE(c.document.design().component(QStringLiteral("haproxy"))->position, QPointF(20, 40));
    c.document.undoStack()->undo();
    QCOMPARE(c.bytes(), original);
}

void TestCanvas::dragOutOfHostRehosts()
{
    Canvas c;
    const QByteArray original = c.bytes();
    ComponentItem *db = c.scene->componentItem(QStringLiteral("mysql-replica"));
    const QRectF hostBefore = c.scene->hostItem(QStringLiteral("web-02"))->sceneContainerRect();
    const QPoint from = c.viewportPoint(db->sceneCardRect().center());
    // Below the host, onto empty canvas.
    drag(c.view->viewport(), from, from + QPoint(0, 200), 8);
    const Component *moved = c.document.design().component(QStringLiteral("mysql-replica"));
    QVERIFY(moved->host.isEmpty());
    QVERIFY(c.scene->componentItem(QStringLiteral("mysql-replica"))->hostId().isEmpty());
    // The host shrank back without it.
    QVERIFY(c.scene->hostItem(QStringLiteral("web-02"))->sceneContainerRect().width() <
            hostBefore.width());
    // And back into web-01: it is placed there, relative to the host.
    HostItem *web01 = c.scene->hostItem(QStringLiteral("web-01"));
    const QPoint from2 = c.viewportPoint(db->sceneCardRect().center());
    const QPointF into = web01->sceneContainerRect().center() + QPointF(0, 20);
    drag(c.view->viewport(), from2, c.viewportPoint(into), 8);
    QCOMPARE(c.document.design().component(QStringLiteral("mysql-replica"))->host,
             QStringLiteral("web-01"));
    QCOMPARE(c.document.undoStack()->count(), 2);
    c.document.undoStack()->undo();
    c.document.undoStack()->undo();
    QCOMPARE(c.bytes(), original);
}

void TestCanvas::copyPasteAndDuplicate()
{
    Canvas c;
    const int components = int(c.document.design().components.size());
    c.scene->selectIds({QStringLiteral("web-02")});
    c.view->setFocus();
    QTest::keyClick(c.view.get(), Qt::Key_C, Qt::ControlModifier);
    const QMimeData *clip = QGuiApplication::clipboard()->mimeData();
    QVERIFY(clip && clip->hasFormat(mime::Elements));
    QVERIFY(readDesign(clip->data(mime::Elements)).ok());
    QTest::keyClick(c.view.get(), Qt::Key_V, Qt::ControlModifier);
    // The host came with its three components and the link between two of them.
    QCOMPARE(c.document.design().hosts.size(), 4);
    QCOMPARE(c.document.design().components.size(), components + 3);
    const Host &pasted = c.document.design().hosts.back();
    QVERIFY(pasted.id != QStringLiteral("web-02"));
    QCOMPARE(c.scene->componentsOn(pasted.id).size(), 3);
    const QStringList selected = c.scene->selectedIds();
    QVERIFY(selected.contains(pasted.id));
    // nginx-2 -> app-2 and app-2 -> mysql-replica, between the copies.
    QCOMPARE(c.document.design().links.size(), 12);
    const Link &copiedLink = c.document.design().links.back();
    QCOMPARE(c.document.design().component(copiedLink.from)->host, pasted.id);
    QCOMPARE(c.document.design().component(copiedLink.to)->host, pasted.id);
    QVERIFY(c.scene->linkItem(copiedLink.id)->linkShape().valid);
    c.document.undoStack()->undo();
    QCOMPARE(c.document.design().hosts.size(), 3);
    QCOMPARE(c.scene->elementItemCount(), c.document.design().elementCount());

    // Duplicate a component: a copy on the same host, one undo step.
    c.scene->selectIds({QStringLiteral("app-1")});
    const int steps = c.document.undoStack()->index();
    QTest::keyClick(c.view.get(), Qt::Key_D, Qt::ControlModifier);
    QCOMPARE(c.document.undoStack()->index(), steps + 1);
    const Component &dup = c.document.design().components.back();
    QCOMPARE(dup.kind, Kind::AppServer);
    QCOMPARE(dup.host, QStringLiteral("web-01"));
    QVERIFY(dup.id != QStringLiteral("app-1"));
    QVERIFY(c.scene->componentItem(dup.id)->isSelected());

    // Cut removes and pastes back.
    c.scene->selectIds({QStringLiteral("users")});
    QTest::keyClick(c.view.get(), Qt::Key_X, Qt::ControlModifier);
    QVERIFY(!c.document.design().component(QStringLiteral("users")));
    QTest::keyClick(c.view.get(), Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(c.document.design().components.back().kind, Kind::Internet);
    QCOMPARE(c.document.design().components.back().label, QStringLiteral("Users"));
}

void TestCanvas::sceneFollowsDocumentWithoutRebuilding()
{
    Canvas c;
    const int rebuilds = c.scene->rebuildCount();
    ComponentItem *nginx = c.scene->componentItem(QStringLiteral("nginx-1"));
    Component cache;
    cache.kind = Kind::Cache;
    cache.position = QPointF(40, 600);
    const QString id = c.document.addComponent(cache);
    QVERIFY(c.scene->componentItem(id));
    QCOMPARE(c.scene->componentItem(id)->pos(), QPointF(40, 600));
    Link link;
    link.from = QStringLiteral("app-1");
    link.to = id;
    const QString lid = c.document.addLink(link);
    QVERIFY(c.scene->linkItem(lid));
    c.document.setComponentHost(id, QStringLiteral("web-02"), QPointF(20, 160));
    QCOMPARE(c.scene->componentItem(id)->hostId(), QStringLiteral("web-02"));
    QVERIFY(c.scene->hostItem(QStringLiteral("web-02"))
                ->sceneContainerRect()
                .contains(c.scene->componentItem(id)->sceneCardRect()));
    c.document.removeElements({id});
    QVERIFY(!c.scene->componentItem(id));
    QVERIFY(!c.scene->linkItem(lid));
    c.document.undoStack()->undo();
    QVERIFY(c.scene->componentItem(id));
    QVERIFY(c.scene->linkItem(lid));
    QVERIFY(c.scene->linkItem(lid)->linkShape().valid);
    QHash<QString, QPointF> moves{{QStringLiteral("web-01"), QPointF(600, 0)}};
    c.document.moveElements(moves);
    QCOMPARE(c.scene->hostItem(QStringLiteral("web-01"))->pos(), QPointF(600, 0));
    QCOMPARE(nginx->pos(), QPointF(620, 40));
    c.document.undoStack()->undo();
    QCOMPARE(nginx->pos(), QPointF(520, 80));
    // The same items throughout: nothing was rebuilt.
    QCOMPARE(c.scene->componentItem(QStringLiteral("nginx-1")), nginx);
    QCOMPARE(c.scene->rebuildCount(), rebuilds);
    QCOMPARE(c.scene->elementItemCount(), c.document.design().elementCount());
    // Only a reset rebuilds.
    c.document.resetDesign(*templateDesign(QStringLiteral("scaled")));
    QCOMPARE(c.scene->rebuildCount(), rebuilds + 1);
    QCOMPARE(c.scene->elementItemCount(), c.document.design().elementCount());
}

void TestCanvas::marksAndDarkElementsReachItems()
{
    Canvas c;
    ComponentItem *item = c.scene->componentItem(QStringLiteral("haproxy"));
    const QRectF area = item->sceneBoundingRect();
    const QImage before = renderScene(c.scene.get(), area);
    const QColor red = Theme::severityColor(MarkSeverity::Error);
    QCOMPARE(countColour(before, red), 0);
    c.scene->setMarks({{QStringLiteral("haproxy"), MarkSeverity::Warning, QStringLiteral("no TLS")},
                       {QStringLiteral("haproxy"), MarkSeverity::Error,
                        QStringLiteral("single point of failure")},
                       {QStringLiteral("l-2"), MarkSeverity::Info, QStringLiteral("plain http")}});
    QCOMPARE(c.scene->badge(QStringLiteral("haproxy")).severity, MarkSeverity::Error);
    QCOMPARE(c.scene->badge(QStringLiteral("haproxy")).count, 2);
    QVERIFY(item->toolTip().contains(QStringLiteral("single point of failure")));
    QVERIFY(item->toolTip().contains(QStringLiteral("no TLS")));
    QVERIFY(
        c.scene->linkItem(QStringLiteral("l-2"))->toolTip().contains(QStringLiteral("plain http")));
    const QImage marked = renderScene(c.scene.get(), area);
    QVERIFY(countColour(marked, red) > 40);
    c.scene->setMarks({});
    QVERIFY(!item->toolTip().contains(QStringLiteral("no TLS")));
    QCOMPARE(countColour(renderScene(c.scene.get(), area), red), 0);

    // What-if: the dark element is greyed (its tier colour is gone).
    const QColor violet = Theme::tierColor(Kind::LoadBalancer);
    QVERIFY(countColour(before, violet, 20) > 50);
    c.scene->setDarkElements({QStringLiteral("haproxy"), QStringLiteral("lb-01")});
    QVERIFY(c.scene->isDark(QStringLiteral("haproxy")));
    QVERIFY(item->toolTip().contains(QStringLiteral("what-if")));
    QCOMPARE(countColour(renderScene(c.scene.get(), area), violet, 20), 0);
    QVERIFY(countColour(
                renderScene(c.scene.get(),
                            c.scene->componentItem(QStringLiteral("nginx-1"))->sceneBoundingRect()),
                Theme::tierColor(Kind::WebServer), 20) > 50);
    c.scene->setDarkElements({});
    QVERIFY(countColour(renderScene(c.scene.get(), area), violet, 20) > 50);
}

void TestCanvas::liveStatesReachItems()
{
    Canvas c;
    ComponentItem *item = c.scene->componentItem(QStringLiteral("mysql-primary"));
    c.scene->setLiveStates({{QStringLiteral("mysql-primary"),
                             {LiveStatus::Down, QStringLiteral("connection refused")}}});
    QVERIFY(item->toolTip().contains(QStringLiteral("down")));
    QVERIFY(item->toolTip().contains(QStringLiteral("connection refused")));
    QVERIFY(countColour(renderScene(c.scene.get(), item->sceneBoundingRect()),
                        Theme::liveColor(LiveStatus::Down), 25) > 10);
    c.scene->setLiveStates({});
    QVERIFY(!item->toolTip().contains(QStringLiteral("refused")));
}

void TestCanvas::zoomAndFit()
{
    Canvas c(QStringLiteral("scaled"));
    QSignalSpy zoomed(c.view.get(), &DiagramView::zoomChanged);
    QCOMPARE(c.view->zoom(), 1.0);
    const QPoint centre = c.view->viewport()->rect().center();
    QWheelEvent wheel(centre, c.view->viewport()->mapToGlobal(centre), QPoint(), QPoint(0, 240),
                      Qt::NoButton, Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(c.view->viewport(), &wheel);
    QVERIFY(c.view->zoom() > 1.2);
    QVERIFY(!zoomed.isEmpty());
    c.view->resize(600, 400);
    c.view->zoomToFit();
    QVERIFY(c.view->zoom() < 1.0);
    const QRectF visible = c.view->mapToScene(c.view->viewport()->rect()).boundingRect();
    QVERIFY(visible.contains(c.scene->contentRect()));
    c.view->setFocus();
    QTest::keyClick(c.view.get(), Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(c.view->zoom(), 1.0);
}

void TestCanvas::overviewPaintsFarOut()
{
    Canvas c(QStringLiteral("scaled"));
    c.view->setZoom(0.15);
    c.view->centerOn(c.scene->contentRect().center());
    QVERIFY(c.view->isOverview());
    const QColor violet = Theme::tierColor(Kind::LoadBalancer);
    const QColor red = Theme::severityColor(MarkSeverity::Error);
    QImage frame = c.view->viewport()->grab().toImage();
    QVERIFY(countColour(frame, violet, 12) > 20);
    QCOMPARE(countColour(frame, red, 12), 0);
    // A finding shows as a dot, and a selection in the selection colour, as
    // soon as they change (the cached picture is dropped).
    c.scene->setMarks({{QStringLiteral("haproxy-1"), MarkSeverity::Error, QStringLiteral("x")}});
    QTRY_VERIFY(countColour(c.view->viewport()->grab().toImage(), red, 12) > 10);
    c.scene->selectIds({QStringLiteral("haproxy-1"), QStringLiteral("haproxy-2")});
    QTRY_VERIFY(countColour(c.view->viewport()->grab().toImage(), violet, 12) == 0);
    // Moving through the document moves the block.
    const int before = countColour(c.view->viewport()->grab().toImage(), c.scene->theme().text, 12);
    QVERIFY(before > 20);
    c.document.removeElements({QStringLiteral("haproxy-1"), QStringLiteral("haproxy-2")});
    QTRY_COMPARE(countColour(c.view->viewport()->grab().toImage(), c.scene->theme().text, 12), 0);
    c.view->resetZoom();
    QVERIFY(!c.view->isOverview());
}

void TestCanvas::exportPngHasTheRightSize()
{
    const Design design = *templateDesign(QStringLiteral("three-server"));
    ImageOptions options;
    options.scale = 2.0;
    QString error;
    const QByteArray png = exportImage(design, ImageFormat::Png, options, {}, &error);
    QVERIFY2(!png.isEmpty(), qPrintable(error));
    QImage image;
    QVERIFY(image.loadFromData(png, "PNG"));
    const QSize expected = exportImageSize(design, options);
    QCOMPARE(image.size(), expected);
    const QSize one = exportImageSize(design, ImageOptions());
    QVERIFY(qAbs(expected.width() - 2 * one.width()) <= 2);
    QVERIFY(one.width() > 800 && one.height() > 400);
    // The cards are drawn: many distinct colours, each tier's among them.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 5)
        for (int x = 0; x < image.width(); x += 5)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    for (Kind kind : {Kind::Internet, Kind::LoadBalancer, Kind::WebServer, Kind::Database})
        QVERIFY(countColour(image, Theme::tierColor(kind), 12) > 200);
    QVERIFY(image.pixelColor(1, 1).lightness() > 200);
    // Badges only when asked for.
    const QList<Mark> marks{{QStringLiteral("haproxy"), MarkSeverity::Error, QStringLiteral("x")}};
    const QColor red = Theme::severityColor(MarkSeverity::Error);
    QImage withBadges;
    QVERIFY(withBadges.loadFromData(exportImage(design, ImageFormat::Png, options, marks), "PNG"));
    QVERIFY(countColour(withBadges, red, 12) > 100);
    options.badges = false;
    QImage without;
    QVERIFY(without.loadFromData(exportImage(design, ImageFormat::Png, options, marks), "PNG"));
    QCOMPARE(countColour(without, red, 12), 0);
    options.dark = true;
    QImage dark;
    QVERIFY(dark.loadFromData(exportImage(design, ImageFormat::Png, options), "PNG"));
    QVERIFY(dark.pixelColor(1, 1).lightness() < 60);
}

void TestCanvas::exportSvgAndPdfAreValid()
{
    const Design design = *templateDesign(QStringLiteral("secured-monitored"));
    QList<Mark> marks{{QStringLiteral("haproxy"), MarkSeverity::Error, QStringLiteral("boom")}};
    QString error;
    const QByteArray svg = exportImage(design, ImageFormat::Svg, {}, marks, &error);
    QVERIFY2(!svg.isEmpty(), qPrintable(error));
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox().size(), exportImageSize(design, {}));
    QVERIFY(svg.contains("<svg"));
    QVERIFY(svg.contains("HAProxy"));
    // The SVG draws the same picture: rendered, it holds the tiers' colours.
    QImage fromSvg(renderer.viewBox().size(), QImage::Format_ARGB32_Premultiplied);
    fromSvg.fill(Qt::white);
    QPainter p(&fromSvg);
    renderer.render(&p);
    p.end();
    QVERIFY(countColour(fromSvg, Theme::tierColor(Kind::Monitoring), 12) > 200);
    // Markup in a label stays text: escaped, never an element.
    Design hostile = design;
    hostile.components.front().label = QStringLiteral("<script>alert(1)</script> & \"q\" \x01]]>");
    hostile.name = QStringLiteral("</title><script/>");
    const QByteArray escaped = exportImage(hostile, ImageFormat::Svg, {}, {}, &error);
    QXmlStreamReader xml(escaped);
    QStringList elements;
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement)
            elements.append(xml.name().toString());
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY(!elements.contains(QStringLiteral("script")));
    QVERIFY(escaped.contains("&lt;script&gt;"));
    const QByteArray pdf = exportImage(design, ImageFormat::Pdf, {}, marks, &error);
    QVERIFY2(pdf.startsWith("%PDF-"), qPrintable(error));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    QVERIFY(pdf.contains("/MediaBox"));
    QVERIFY(pdf.size() > 2000);
}

// The share of pixels where two pictures of one size differ by more than a
// little in some channel (text antialiasing differs between renderers).
double differingShare(const QImage &a, const QImage &b)
{
    const QImage x = a.convertToFormat(QImage::Format_RGB32);
    const QImage y = b.convertToFormat(QImage::Format_RGB32);
    qint64 differing = 0;
    for (int row = 0; row < x.height(); ++row) {
        const auto *l = reinterpret_cast<const QRgb *>(x.constScanLine(row));
        const auto *r = reinterpret_cast<const QRgb *>(y.constScanLine(row));
        for (int col = 0; col < x.width(); ++col) {
            const int d = std::max({std::abs(qRed(l[col]) - qRed(r[col])),
                                    std::abs(qGreen(l[col]) - qGreen(r[col])),
                                    std::abs(qBlue(l[col]) - qBlue(r[col]))});
            differing += d > 64;
        }
    }
    return double(differing) / (double(x.width()) * x.height());
}

QImage renderSvg(const QByteArray &svg, const QSize &size)
{
    QSvgRenderer renderer(svg);
    QImage image(size, QImage::Format_RGB32);
    image.fill(Qt::magenta);
    if (!renderer.isValid())
        return image;
    QPainter p(&image);
    renderer.render(&p);
    return image;
}

// A large PNG is drawn in strips, compressed on a second thread while the
// next strip is drawn: the picture is the one drawn in one piece.
void TestCanvas::pngStripsJoinSeamlessly()
{
    const Design design = *templateDesign(QStringLiteral("scaled"));
    ImageOptions options;
    options.scale = 5;
    QList<Mark> marks;
    for (qsizetype i = 0; i < design.components.size(); ++i)
        marks.append({design.components[i].id, MarkSeverity(i % 3), QStringLiteral("m")});
    QImage png;
    QVERIFY(png.loadFromData(exportImage(design, ImageFormat::Png, options, marks), "PNG"));
    const QSize size = exportImageSize(design, options);
    QCOMPARE(png.size(), size);
    QVERIFY(qint64(size.width()) * size.height() > 3 * 4'000'000); // four strips or more

    const DesignGeometry geometry(design);
    QRectF area = geometry.bounds() | titleRect(design, geometry);
    area.adjust(-options.margin, -options.margin, options.margin, options.margin);
    QImage whole(size, QImage::Format_RGB32);
    {
        QPainter p(&whole);
        p.setRenderHint(QPainter::TextAntialiasing);
        const Theme &theme = Theme::forDark(false);
        p.fillRect(QRectF(QPointF(0, 0), QSizeF(size)), theme.background);
        p.scale(options.scale, options.scale);
        p.translate(-area.topLeft());
        RenderOptions ro;
        ro.marks = badgesFromMarks(marks);
        renderDesign(&p, design, geometry, theme, ro);
    }
    // Antialiased curves that cross a strip's edge may come out a shade
    // different (the rasterizer clips them); nothing else may differ.
    const double share = differingShare(png, whole);
    QVERIFY2(share < 0.0001, qPrintable(QString::number(share)));
    qint64 touched = 0;
    const QImage a = png.convertToFormat(QImage::Format_RGB32);
    for (int y = 0; y < size.height(); ++y) {
        const auto *l = reinterpret_cast<const QRgb *>(a.constScanLine(y));
        const auto *r = reinterpret_cast<const QRgb *>(whole.constScanLine(y));
        for (int x = 0; x < size.width(); ++x)
            touched += (l[x] & 0xffffff) != (r[x] & 0xffffff);
    }
    QVERIFY2(touched < qint64(size.width()) * size.height() / 2000,
             qPrintable(QString::number(touched)));
}

void TestCanvas::svgDrawsWhatPngDraws_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("dark");
    for (const TemplateInfo &t : bundledTemplates()) {
        QTest::newRow(qPrintable(t.name)) << t.name << false;
        QTest::newRow(qPrintable(t.name + QStringLiteral(" dark"))) << t.name << true;
    }
}

// Qt's own SVG renderer draws our SVG as we draw the PNG: shapes, text and
// every icon (each written once and reused), in light and dark themes.
void TestCanvas::svgDrawsWhatPngDraws()
{
    QFETCH(QString, name);
    QFETCH(bool, dark);
    const Design design = *templateDesign(name);
    ImageOptions options;
    options.dark = dark;
    // Badges of every severity.
    QList<Mark> marks;
    for (qsizetype i = 0; i < design.components.size(); ++i)
        marks.append({design.components[i].id, MarkSeverity(i % 3), QStringLiteral("m")});
    QImage png;
    QVERIFY(png.loadFromData(exportImage(design, ImageFormat::Png, options, marks), "PNG"));
    const QByteArray svg = exportImage(design, ImageFormat::Svg, options, marks);
    QXmlStreamReader xml(svg);
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    const double share = differingShare(renderSvg(svg, png.size()), png);
    QVERIFY2(share < 0.01, qPrintable(QString::number(share)));

    // One definition per icon, one use per icon drawn: components, hosts and
    // the hosts' firewall and monitoring markers.
    QSet<QString> icons;
    qsizetype drawn = 0;
    for (const Component &c : design.components) {
        icons.insert(kindName(c.kind));
        ++drawn;
    }
    for (const Host &h : design.hosts) {
        icons.insert(QStringLiteral("host"));
        if (h.firewallEnabled)
            icons.insert(kindName(Kind::Firewall));
        if (h.monitoring)
            icons.insert(kindName(Kind::Monitoring));
        drawn += 1 + int(h.firewallEnabled) + int(h.monitoring);
    }
    QCOMPARE(svg.count("<g id=\"i"), icons.size());
    QCOMPARE(svg.count("<use "), drawn);

    // Without its icons the picture differs: the comparison sees them.
    QByteArray noIcons = svg;
    noIcons.replace("<use ", "<ignored ");
    QVERIFY(differingShare(renderSvg(noIcons, png.size()), png) > 2 * share + 0.002);
}

void TestCanvas::exportRefusesBadScale()
{
    const Design design = *templateDesign(QStringLiteral("single-server"));
    ImageOptions options;
    options.scale = 0;
    QString error;
    QVERIFY(exportImage(design, ImageFormat::Png, options, {}, &error).isEmpty());
    QVERIFY(error.contains(QStringLiteral("scale")));
    options.scale = 15;
    Design huge = design;
    huge.hosts.clear();
    huge.links.clear();
    huge.components.resize(2);
    huge.components[0].host.clear();
    huge.components[0].position = QPointF(0, 0);
    huge.components[1].host.clear();
    huge.components[1].position = QPointF(30000, 30000);
    huge.reindex();
    error.clear();
    QVERIFY(exportImage(huge, ImageFormat::Png, options, {}, &error).isEmpty());
    QVERIFY(error.contains(QStringLiteral("scale")));
}

void TestCanvas::pngEncoderRoundTrips()
{
    // Flat areas, gradients and noise, odd sizes: decoded exactly as drawn.
    for (const QSize size : {QSize(1, 1), QSize(7, 3), QSize(333, 121)}) {
        QImage image(size, QImage::Format_RGB32);
        quint32 seed = 12345;
        for (int y = 0; y < size.height(); ++y)
            for (int x = 0; x < size.width(); ++x) {
                seed = seed * 1664525u + 1013904223u;
                const QRgb c = x < size.width() / 3       ? qRgb(248, 250, 252)
                               : x < 2 * size.width() / 3 ? qRgb(x % 256, y % 256, (x + y) % 256)
                                                          : QRgb(0xff000000u | (seed >> 8));
                image.setPixel(x, y, c);
            }
        const QByteArray png = encodePng(image);
        QImage decoded;
        QVERIFY(decoded.loadFromData(png, "PNG"));
        QCOMPARE(decoded.size(), size);
        QCOMPARE(decoded.convertToFormat(QImage::Format_RGB32), image);
    }
}

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
