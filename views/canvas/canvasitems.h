// The canvas's graphics items. Each holds only the id of its element and reads
// everything it draws from the document through its DiagramScene; the scene
// creates, updates and destroys them in its slots for the document's signals.
#pragma once

#include "core/kinds.h"
#include "render/geometry.h"
#include "render/marks.h"
#include "render/theme.h"

#include <QGraphicsItem>
#include <QLineF>
#include <QList>
#include <QString>

namespace stackplan {

class DiagramScene;

class ElementItem : public QGraphicsItem
{
public:
    ElementItem(DiagramScene *scene, const QString &id);

    const QString &id() const { return m_id; }
    virtual ElementType elementType() const = 0;
    DiagramScene *diagram() const { return m_diagram; }
    // Rebuilds the tooltip from the element, its marks and its live state.
    virtual void refreshToolTip() = 0;

protected:
    qreal lodFor(const QPainter *painter) const;

    DiagramScene *m_diagram;
    QString m_id;
};

class HostItem : public ElementItem
{
public:
    enum { Type = UserType + 1 };
    HostItem(DiagramScene *scene, const QString &id);

    int type() const override { return Type; }
    ElementType elementType() const override { return ElementType::Host; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void refreshToolTip() override;

    // The container's rectangle in item coordinates (pos = the host's position).
    QRectF containerRect() const { return m_rect; }
    QRectF sceneContainerRect() const { return m_rect.translated(pos()); }
    // Re-fits the container around its components' items.
    void refreshGeometry();
    void setDropTarget(bool on);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    QRectF m_rect;
    QPointF m_lastPos;
    bool m_dropTarget = false;
};

class ComponentItem : public ElementItem
{
public:
    enum { Type = UserType + 2 };
    ComponentItem(DiagramScene *scene, const QString &id);

    int type() const override { return Type; }
    ElementType elementType() const override { return ElementType::Component; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void refreshToolTip() override;

    QRectF cardRect() const { return geometry::componentRectAt(QPointF(0, 0)); }
    QRectF sceneCardRect() const { return cardRect().translated(pos()); }
    // The link handle on the right edge, item coordinates.
    QRectF handleRect() const;
    QPointF sceneHandleCenter() const { return mapToScene(handleRect().center()); }
    // The host the component sits on, as last synced from the document.
    const QString &hostId() const { return m_hostId; }
    void setHostId(const QString &hostId) { m_hostId = hostId; }
    // The kind as last synced (the overview colours by it without a lookup).
    Kind kind() const { return m_kind; }
    void setKind(Kind kind) { m_kind = kind; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;
    void hoverEnterEvent(QGraphicsSceneHoverEvent *event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent *event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    QString m_hostId;
    Kind m_kind = Kind::Internet;
    bool m_hovered = false;
    bool m_linking = false;
};

class LinkItem : public ElementItem
{
public:
    enum { Type = UserType + 3 };
    LinkItem(DiagramScene *scene, const QString &id);

    int type() const override { return Type; }
    ElementType elementType() const override { return ElementType::Link; }
    QRectF boundingRect() const override { return m_bounds; }
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void refreshToolTip() override;

    // Follows its components' items and the link's label.
    void refreshGeometry();
    const LinkShape &linkShape() const { return m_shape; }

private:
    LinkShape m_shape;
    QString m_label;
    QRectF m_bounds;
};

class NoteItem : public ElementItem
{
public:
    enum { Type = UserType + 4 };
    NoteItem(DiagramScene *scene, const QString &id);

    int type() const override { return Type; }
    ElementType elementType() const override { return ElementType::Note; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void refreshToolTip() override;
    void refreshGeometry();
    QRectF noteRect() const { return m_rect; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    QRectF m_rect;
};

// Far out, the view paints the whole design with this in a few batched calls
// instead of item by item: twenty thousand items painted one by one cannot
// reach 60 frames a second, batched rectangles and lines can. The items stay
// in the scene for selection and hit tests.
// The batches are kept until invalidate() (the view calls it when the scene
// changes), so a repaint without changes only fills rectangles.
class OverviewPainter
{
public:
    void invalidate() { m_dirty = true; }
    void paint(QPainter *painter, const DiagramScene *scene, const QRectF &exposed);

private:
    struct Batch
    {
        QList<QRectF> rects;
        QColor fill;
        QColor edge;
    };
    void rebuild(const DiagramScene *scene);

    bool m_dirty = true;
    const Theme *m_theme = nullptr;
    QList<Batch> m_below; // hosts
    QList<QLineF> m_lines;
    QList<QLineF> m_selectedLines;
    QList<Batch> m_above; // components, notes
    QList<std::pair<QPointF, MarkSeverity>> m_badges;
};

} // namespace stackplan
