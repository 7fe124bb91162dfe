#include "panels/outlineview.h"

#include "panels/outlinemodel.h"
#include "panels/selection.h"

#include <QHeaderView>
#include <QItemSelectionModel>

namespace stackplan {

OutlineView::OutlineView(OutlineModel *model, Selection *selection, QWidget *parent)
    : QTreeView(parent)
    , m_model(model)
    , m_selection(selection)
{
    setObjectName(QStringLiteral("outline"));
    setModel(model);
    setHeaderHidden(true);
    setUniformRowHeights(true);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAnimated(true);
    setIconSize(QSize(18, 18));
    expandAll();
    connect(selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OutlineView::viewToSelection);
    connect(selection, &Selection::changed, this, &OutlineView::selectionToView);
    connect(model, &QAbstractItemModel::modelReset, this, [this] {
        expandAll();
        selectionToView();
    });
    connect(this, &QTreeView::activated, this, [this](const QModelIndex &index) {
        const QString id = m_model->idOf(index);
        if (!id.isEmpty())
            emit activatedElement(id);
    });
}

void OutlineView::selectionToView()
{
    if (m_syncing)
        return;
    m_syncing = true;
    QItemSelection items;
    QModelIndex first;
    for (const QString &id : m_selection->ids()) {
        const QModelIndex index = m_model->indexOf(id);
        if (!index.isValid())
            continue;
        items.select(index, index);
        if (!first.isValid())
            first = index;
    }
    selectionModel()->select(items, QItemSelectionModel::ClearAndSelect);
    if (first.isValid()) {
        selectionModel()->setCurrentIndex(first, QItemSelectionModel::NoUpdate);
        scrollTo(first);
    }
    m_syncing = false;
}

void OutlineView::viewToSelection()
{
    if (m_syncing)
        return;
    m_syncing = true;
    QStringList ids;
    const QModelIndexList rows = selectionModel()->selectedIndexes();
    for (const QModelIndex &index : rows) {
        const QString id = m_model->idOf(index);
        if (!id.isEmpty())
            ids.append(id);
    }
    m_selection->setIds(ids);
    m_syncing = false;
}

} // namespace stackplan
