// The scene that shows a Document: one item per host, component, link and
// note, kept in maps keyed by id. Items are created and destroyed only in the
// slots for the document's signals (never a rebuild on one change); every
// edit the user makes here goes through Document methods, so it undoes.
// Emits linkCreated() and elementsDropped() after the document took them.
#pragma once

#include "core/document.h"
#include "render/marks.h"
#include "render/theme.h"

#include <QGraphicsScene>
#include <QHash>
#include <QLineF>
#include <QList>
#include <QSet>

#include <optional>

class QGraphicsPathItem;

namespace stackplan {

class ElementItem;
class HostItem;
class ComponentItem;
class LinkItem;
class NoteItem;

class DiagramScene : public QGraphicsScene
{
    Q_OBJECT

public:
    explicit DiagramScene(Document *document, QObject *parent = nullptr);
    ~DiagramScene() override;

    Document *document() const { return m_document; }
    const Design &design() const { return m_document->design(); }

    const Theme &theme() const { return *m_theme; }
    void setDarkTheme(bool dark);

    HostItem *hostItem(const QString &id) const { return m_hosts.value(id); }
    ComponentItem *componentItem(const QString &id) const { return m_components.value(id); }
    LinkItem *linkItem(const QString &id) const { return m_links.value(id); }
    NoteItem *noteItem(const QString &id) const { return m_notes.value(id); }
    ElementItem *elementItem(const QString &id) const;
    const QHash<QString, HostItem *> &hostItems() const { return m_hosts; }
    const QHash<QString, ComponentItem *> &componentItems() const { return m_components; }
    const QHash<QString, LinkItem *> &linkItems() const { return m_links; }
    const QHash<QString, NoteItem *> &noteItems() const { return m_notes; }
    const QHash<QString, BadgeInfo> &badges() const { return m_badges; }

    int elementItemCount() const
    {
        return int(m_hosts.size() + m_components.size() + m_links.size() + m_notes.size());
    }
    // How many times the whole scene was rebuilt (on designReset only).
    int rebuildCount() const { return m_rebuilds; }

    // Selection by element id, in the design's order.
    QStringList selectedIds() const;
    void selectIds(const QStringList &ids);
    // The bounding rectangle of all elements.
    QRectF contentRect() const;

    // Findings' badges, what-if greying, live state.
    void setMarks(const QList<Mark> &marks);
    BadgeInfo badge(const QString &id) const { return m_badges.value(id); }
    void setDarkElements(const QSet<QString> &ids);
    bool isDark(const QString &id) const { return m_dark.contains(id); }
    void setLiveStates(const QHash<QString, LiveState> &states);
    std::optional<LiveState> liveState(const QString &id) const;

    void setSnapToGrid(bool on) { m_snap = on; }
    bool snapToGrid() const { return m_snap; }
    void setAlignmentGuides(bool on) { m_guidesEnabled = on; }
    // Guides shown while dragging (scene coordinates); the view draws them.
    const QList<QLineF> &guides() const { return m_guides; }

    // Creates elements as a drop would; return the new id ("" = refused).
    QString dropComponent(Kind kind, const QPointF &scenePos);
    QString dropHost(const QPointF &scenePos);
    QString dropNote(const QString &text, const QPointF &scenePos);

    // Clipboard: the selection as a .stackplan fragment, and pasting one at an
    // offset (or centred on at). Return the new ids.
    QByteArray copySelection() const;
    QStringList paste(const QByteArray &fragment, std::optional<QPointF> at = std::nullopt);
    QStringList duplicateSelection();
    bool deleteSelection();

    // Used by the items.
    bool isSyncing() const { return m_syncing; }
    bool isMoving() const { return m_moving; }
    QPointF constrainPosition(ElementItem *item, const QPointF &proposed);
    void itemMoved(ElementItem *item);
    QList<ComponentItem *> componentsOn(const QString &hostId) const;
    void beginLinkDrag(ComponentItem *from, const QPointF &scenePos);
    void updateLinkDrag(const QPointF &scenePos);
    void finishLinkDrag(const QPointF &scenePos);
    bool isLinking() const { return m_linkFrom != nullptr; }
    // The card a link being dragged would connect to (highlighted).
    const ComponentItem *linkTarget() const { return m_linkTarget; }

signals:
    void linkCreated(const QString &id);
    void elementsDropped(const QStringList &ids);
    void guidesChanged();

protected:
    void dragEnterEvent(QGraphicsSceneDragDropEvent *event) override;
    void dragMoveEvent(QGraphicsSceneDragDropEvent *event) override;
    void dragLeaveEvent(QGraphicsSceneDragDropEvent *event) override;
    void dropEvent(QGraphicsSceneDragDropEvent *event) override;
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;

private:
    void rebuild();
    void addHostItem(const QString &id);
    void addComponentItem(const QString &id);
    void addLinkItem(const QString &id);
    void addNoteItem(const QString &id);
    void removeHostItem(const QString &id);
    void removeComponentItem(const QString &id);
    void removeLinkItem(const QString &id);
    void removeNoteItem(const QString &id);
    void syncHost(const QString &id);
    void syncComponent(const QString &id);
    void syncNote(const QString &id);
    void syncLink(const QString &id);
    void refreshLinksOf(const QString &componentId);
    void refreshHost(const QString &hostId);
    void growSceneRect(const QRectF &rect);
    QPointF componentScenePos(const Component &component) const;
    QPointF hostScenePos(const Host &host) const;
    QPointF autoPosition();
    HostItem *hostAt(const QPointF &scenePos, const QSet<QString> &exclude = {}) const;
    void commitMove();
    void updateElementState(const QString &id);
    void setDropTarget(HostItem *host);

    Document *m_document;
    const Theme *m_theme;
    QHash<QString, HostItem *> m_hosts;
    QHash<QString, ComponentItem *> m_components;
    QHash<QString, LinkItem *> m_links;
    QHash<QString, NoteItem *> m_notes;
    QHash<QString, QSet<QString>> m_linksByComponent;
    QHash<QString, QSet<QString>> m_componentsByHost;
    QHash<QString, BadgeInfo> m_badges;
    QSet<QString> m_dark;
    QHash<QString, LiveState> m_live;
    QList<QLineF> m_guides;
    bool m_snap = true;
    bool m_guidesEnabled = true;
    bool m_syncing = false;
    bool m_moving = false;
    int m_rebuilds = 0;
    int m_autoIndex = 0;
    ComponentItem *m_linkFrom = nullptr;
    QGraphicsPathItem *m_linkPreview = nullptr;
    ComponentItem *m_linkTarget = nullptr;
    HostItem *m_dropTarget = nullptr;
};

} // namespace stackplan
