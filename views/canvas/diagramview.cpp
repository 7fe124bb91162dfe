#include "canvas/diagramview.h"

#include "canvas/canvasitems.h"
#include "canvas/diagramscene.h"
#include "canvas/mimetypes.h"
#include "render/diagrampainter.h"
#include "render/theme.h"

#include <QApplication>
#include <QClipboard>
#include <QGraphicsItem>
#include <QKeyEvent>
#include <QMimeData>
#include <QPaintEvent>
#include <QPainter>
#include <QRubberBand>
#include <QScrollBar>
#include <QStyleOptionGraphicsItem>
#include <QStyleOptionRubberBand>
#include <QWheelEvent>

#include <cmath>

namespace stackplan {

namespace {
constexpr qreal MinZoom = 0.02;
constexpr qreal MaxZoom = 4.0;
} // namespace

DiagramView::DiagramView(DiagramScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing |
                   QPainter::SmoothPixmapTransform);
    setDragMode(RubberBandDrag);
    setRubberBandSelectionMode(Qt::ContainsItemShape);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setViewportUpdateMode(SmartViewportUpdate);
    // Items save and restore the painter themselves where they change it.
    setOptimizationFlags(DontSavePainterState);
    setAcceptDrops(true);
    setFrameShape(NoFrame);
    setMouseTracking(true);
    connect(scene, &DiagramScene::guidesChanged, viewport(), qOverload<>(&QWidget::update));
    // Any change may move what the overview batches hold; repaint after
    // dropping them, since the change may come after the paint it caused.
    auto invalidate = [this] {
        m_overview.invalidate();
        m_overviewDirty = true;
        if (isOverview())
            viewport()->update();
    };
    connect(scene, &QGraphicsScene::changed, this, invalidate);
    connect(scene, &QGraphicsScene::selectionChanged, this, invalidate);
}

qreal DiagramView::zoom() const
{
    return transform().m11();
}

void DiagramView::setZoom(qreal z)
{
    z = std::clamp(z, MinZoom, MaxZoom);
    if (std::abs(z - zoom()) < 1e-6)
        return;
    const qreal factor = z / zoom();
    scale(factor, factor);
    emit zoomChanged(zoom());
}

void DiagramView::zoomIn()
{
    setZoom(zoom() * 1.25);
}

void DiagramView::zoomOut()
{
    setZoom(zoom() / 1.25);
}

void DiagramView::resetZoom()
{
    setZoom(1.0);
}

void DiagramView::zoomToFit()
{
    const QRectF content = m_scene->contentRect();
    if (content.isEmpty())
        return;
    const QRectF target = content.adjusted(-30, -30, 30, 30);
    const QRectF view = viewport()->rect();
    const qreal z = std::min({view.width() / target.width(), view.height() / target.height(), 1.0});
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(NoAnchor);
    setTransform(QTransform::fromScale(std::max(z, MinZoom), std::max(z, MinZoom)));
    setTransformationAnchor(anchor);
    centerOn(target.center());
    emit zoomChanged(zoom());
}

void DiagramView::deleteSelection()
{
    m_scene->deleteSelection();
}

void DiagramView::copy()
{
    const QByteArray bytes = m_scene->copySelection();
    if (bytes.isEmpty())
        return;
    auto *mimeData = new QMimeData;
    mimeData->setData(mime::Elements, bytes);
    mimeData->setText(QString::fromUtf8(bytes));
    QGuiApplication::clipboard()->setMimeData(mimeData);
}

void DiagramView::cut()
{
    copy();
    deleteSelection();
}

void DiagramView::paste()
{
    const QMimeData *clip = QGuiApplication::clipboard()->mimeData();
    if (!clip)
        return;
    QByteArray bytes = clip->data(mime::Elements);
    if (bytes.isEmpty() && clip->hasText())
        bytes = clip->text().toUtf8(); // a design copied as text elsewhere
    if (bytes.isEmpty())
        return;
    const QPoint cursor = viewport()->mapFromGlobal(QCursor::pos());
    if (viewport()->rect().contains(cursor) && underMouse())
        m_scene->paste(bytes, mapToScene(cursor));
    else
        m_scene->paste(bytes);
}

void DiagramView::duplicate()
{
    m_scene->duplicateSelection();
}

void DiagramView::selectAll()
{
    QStringList ids;
    const Design &d = m_scene->design();
    for (const Host &h : d.hosts)
        ids.append(h.id);
    for (const Component &c : d.components)
        ids.append(c.id);
    for (const Link &l : d.links)
        ids.append(l.id);
    for (const Note &n : d.notes)
        ids.append(n.id);
    m_scene->selectIds(ids);
}

void DiagramView::showElements(const QStringList &ids)
{
    m_scene->selectIds(ids);
    QRectF r;
    for (QGraphicsItem *item : m_scene->selectedItems())
        r |= item->sceneBoundingRect();
    if (!r.isEmpty())
        centerOn(r.center());
}

void DiagramView::drawBackground(QPainter *painter, const QRectF &rect)
{
    const Theme &theme = m_scene->theme();
    painter->fillRect(rect, theme.background);
    const qreal lod =
        QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform());
    if (lod < 0.5)
        return;
    // A dot every 20 units: enough to place by eye, quiet enough to ignore.
    const qreal step = 20;
    const qreal left = std::floor(rect.left() / step) * step;
    const qreal top = std::floor(rect.top() / step) * step;
    QVector<QPointF> dots;
    dots.reserve(int((rect.width() / step + 2) * (rect.height() / step + 2)));
    for (qreal x = left; x < rect.right(); x += step)
        for (qreal y = top; y < rect.bottom(); y += step)
            dots.append(QPointF(x, y));
    QPen pen(theme.grid, 1.6);
    pen.setCosmetic(true);
    painter->save();
    painter->setPen(pen);
    painter->drawPoints(dots.constData(), int(dots.size()));
    painter->restore();
}

bool DiagramView::isOverview() const
{
    return zoom() < painting::DetailLod;
}

void DiagramView::paintEvent(QPaintEvent *event)
{
    if (!isOverview()) {
        QGraphicsView::paintEvent(event);
        return;
    }
    // Far out: the design in batches, rendered once per change or scroll into
    // a picture of the viewport, then what the view draws on top.
    const qreal dpr = viewport()->devicePixelRatioF();
    const QSize pixels = viewport()->size() * dpr;
    if (m_overviewDirty || m_overviewImage.size() != pixels ||
        m_overviewTransform != viewportTransform()) {
        m_overviewImage = QImage(pixels, QImage::Format_ARGB32_Premultiplied);
        m_overviewImage.setDevicePixelRatio(dpr);
        QPainter cache(&m_overviewImage);
        cache.setWorldTransform(viewportTransform());
        const QRectF all = mapToScene(viewport()->rect()).boundingRect();
        drawBackground(&cache, all);
        m_overview.paint(&cache, m_scene, all);
        m_overviewTransform = viewportTransform();
        m_overviewDirty = false;
    }
    QPainter painter(viewport());
    painter.setClipRect(event->rect());
    painter.drawImage(QPointF(0, 0), m_overviewImage);
    painter.setWorldTransform(viewportTransform());
    drawForeground(&painter, mapToScene(event->rect()).boundingRect());
    painter.resetTransform();
    if (const QRect band = rubberBandRect(); !band.isEmpty()) {
        QStyleOptionRubberBand option;
        option.initFrom(viewport());
        option.rect = band;
        option.shape = QRubberBand::Rectangle;
        style()->drawControl(QStyle::CE_RubberBand, &option, &painter, viewport());
    }
}

void DiagramView::drawForeground(QPainter *painter, const QRectF &)
{
    const QList<QLineF> &guides = m_scene->guides();
    if (guides.isEmpty())
        return;
    QPen pen(m_scene->theme().guide, 1, Qt::DashLine);
    pen.setCosmetic(true);
    painter->save();
    painter->setPen(pen);
    for (const QLineF &l : guides)
        painter->drawLine(l);
    painter->restore();
}

void DiagramView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        if (steps != 0)
            setZoom(zoom() * std::pow(1.15, steps));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void DiagramView::mousePressEvent(QMouseEvent *event)
{
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld)) {
        m_panning = true;
        m_panStart = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    QGraphicsView::mousePressEvent(event);
}

void DiagramView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint p = event->position().toPoint();
        const QPoint delta = p - m_panStart;
        m_panStart = p;
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void DiagramView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        viewport()->setCursor(m_spaceHeld ? Qt::OpenHandCursor : Qt::ArrowCursor);
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void DiagramView::keyPressEvent(QKeyEvent *event)
{
    if (event->matches(QKeySequence::Delete) || event->key() == Qt::Key_Backspace) {
        deleteSelection();
    } else if (event->matches(QKeySequence::Copy)) {
        copy();
    } else if (event->matches(QKeySequence::Cut)) {
        cut();
    } else if (event->matches(QKeySequence::Paste)) {
        paste();
    } else if (event->key() == Qt::Key_D && event->modifiers() == Qt::ControlModifier) {
        duplicate();
    } else if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
    } else if (event->matches(QKeySequence::ZoomIn)) {
        zoomIn();
    } else if (event->matches(QKeySequence::ZoomOut)) {
        zoomOut();
    } else if (event->key() == Qt::Key_0 && event->modifiers() == Qt::ControlModifier) {
        resetZoom();
    } else if (event->key() == Qt::Key_Escape) {
        m_scene->clearSelection();
    } else if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = true;
        viewport()->setCursor(Qt::OpenHandCursor);
    } else {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    event->accept();
}

void DiagramView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat()) {
        m_spaceHeld = false;
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

} // namespace stackplan
