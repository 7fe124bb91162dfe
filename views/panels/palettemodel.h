// The palette: a list of what can be dropped on the canvas (a host, every
// kind of component, a note). Dragging a row produces the canvas's drop MIME
// data, so the canvas's ordinary drop handling creates the element.
#pragma once

#include "core/kinds.h"

#include <QAbstractListModel>

#include <optional>

namespace stackplan {

class PaletteModel : public QAbstractListModel
{
    Q_OBJECT

public:
    enum class Entry { Host, Component, Note };
    enum Role { EntryRole = Qt::UserRole + 1, KindNameRole };

    explicit PaletteModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }

    Entry entry(int row) const;
    std::optional<Kind> kind(int row) const;
    // The row of a kind; -1 when absent.
    int rowOf(Kind kind) const;
    int hostRow() const { return 0; }
    int noteRow() const { return rowCount() - 1; }

    // The MIME data the canvas accepts for one row.
    static QMimeData *mimeDataFor(Entry entry, std::optional<Kind> kind);
};

} // namespace stackplan
