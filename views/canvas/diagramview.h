// The canvas widget: shows a DiagramScene with zoom (Ctrl+wheel, fit, 100 %),
// panning (middle button or Space+drag), rubber-band selection, a dotted grid,
// alignment guides while dragging, and the edit keys (delete, cut, copy,
// paste, duplicate). Emits zoomChanged() for the status bar.
#pragma once

#include "canvas/canvasitems.h"

#include <QGraphicsView>
#include <QImage>
#include <QTransform>

namespace stackplan {

class DiagramScene;

class DiagramView : public QGraphicsView
{
    Q_OBJECT

public:
    explicit DiagramView(DiagramScene *scene, QWidget *parent = nullptr);

    DiagramScene *diagramScene() const { return m_scene; }
    qreal zoom() const;
    // Zoomed out so far that the design is painted as an overview.
    bool isOverview() const;

public slots:
    void setZoom(qreal zoom);
    void zoomIn();
    void zoomOut();
    void zoomToFit();
    void resetZoom();
    void deleteSelection();
    void cut();
    void copy();
    void paste();
    void duplicate();
    void selectAll();
    // Scrolls so the elements are in view and selects them.
    void showElements(const QStringList &ids);

signals:
    void zoomChanged(qreal zoom);

protected:
    void paintEvent(QPaintEvent *event) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;

private:
    DiagramScene *m_scene;
    OverviewPainter m_overview;
    QImage m_overviewImage;
    QTransform m_overviewTransform;
    bool m_overviewDirty = true;
    bool m_panning = false;
    bool m_spaceHeld = false;
    QPoint m_panStart;
};

} // namespace stackplan
