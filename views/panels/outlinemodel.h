// The outline: the design as a tree (hosts with their components, components
// on machines of their own, then links and notes in groups). A thin adaptor
// over the Document: it rebuilds its rows when elements are added or removed
// and reports changed rows in place.
#pragma once

#include "core/document.h"

#include <QAbstractItemModel>
#include <QHash>

#include <memory>
#include <vector>

namespace stackplan {

class OutlineModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Role { IdRole = Qt::UserRole + 1, TypeRole };

    explicit OutlineModel(Document *document, QObject *parent = nullptr);
    ~OutlineModel() override;

    QModelIndex index(int row, int column,
                      const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

    // The row of an element; invalid when absent.
    QModelIndex indexOf(const QString &id) const;
    QString idOf(const QModelIndex &index) const;

private:
    struct Node
    {
        QString id;    // empty for a group
        QString group; // "links", "notes" for group rows
        Node *parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };

    void rebuild();
    void scheduleRebuild();
    void elementChanged(const QString &id);
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOfNode(const Node *node) const;

    Document *m_document;
    Node m_root;
    QHash<QString, Node *> m_nodes;
    bool m_rebuildPending = false;
};

} // namespace stackplan
