// The outline panel's tree. Mirrors the shared Selection both ways, and keeps
// the selection across the model's rebuilds.
#pragma once

#include <QTreeView>

namespace stackplan {

class OutlineModel;
class Selection;

class OutlineView : public QTreeView
{
    Q_OBJECT

public:
    OutlineView(OutlineModel *model, Selection *selection, QWidget *parent = nullptr);

signals:
    // Double click: the window centres the canvas on it.
    void activatedElement(const QString &id);

private:
    void selectionToView();
    void viewToSelection();

    OutlineModel *m_model;
    Selection *m_selection;
    bool m_syncing = false;
};

} // namespace stackplan
