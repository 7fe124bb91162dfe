#include "panels/palettemodel.h"

#include "canvas/mimetypes.h"
#include "core/schema.h"
#include "panels/icons.h"

#include <QMimeData>

namespace stackplan {

PaletteModel::PaletteModel(QObject *parent)
    : QAbstractListModel(parent)
{}

int PaletteModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(allKinds().size()) + 2;
}

PaletteModel::Entry PaletteModel::entry(int row) const
{
    if (row == 0)
        return Entry::Host;
    if (row == rowCount() - 1)
        return Entry::Note;
    return Entry::Component;
}

std::optional<Kind> PaletteModel::kind(int row) const
{
    if (entry(row) != Entry::Component || row < 1 || row > allKinds().size())
        return std::nullopt;
    return allKinds().at(row - 1);
}

int PaletteModel::rowOf(Kind k) const
{
    const int i = int(allKinds().indexOf(k));
    return i < 0 ? -1 : i + 1;
}

QVariant PaletteModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const Entry e = entry(row);
    const std::optional<Kind> k = kind(row);
    switch (role) {
    case Qt::DisplayRole:
        if (e == Entry::Host)
            return tr("Host");
        if (e == Entry::Note)
            return tr("Note");
        return kindSpec(*k).title;
    case Qt::DecorationRole:
        if (e == Entry::Host)
            return hostIcon();
        if (e == Entry::Note)
            return noteIcon();
        return kindIcon(*k);
    case Qt::ToolTipRole:
    case Qt::StatusTipRole:
        if (e == Entry::Host)
            return tr("A machine: drop components into it to run them there.");
        if (e == Entry::Note)
            return tr("A free text note on the diagram.");
        return kindSpec(*k).description;
    case EntryRole:
        return int(e);
    case KindNameRole:
        return k ? kindName(*k) : QString();
    default:
        return {};
    }
}

Qt::ItemFlags PaletteModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled |
           Qt::ItemNeverHasChildren;
}

QStringList PaletteModel::mimeTypes() const
{
    return {mime::Kind, mime::Host, mime::Note};
}

QMimeData *PaletteModel::mimeDataFor(Entry e, std::optional<Kind> k)
{
    switch (e) {
    case Entry::Host:
        return mime::hostMimeData();
    case Entry::Note:
        return mime::noteMimeData(tr("Note"));
    case Entry::Component:
        return mime::kindMimeData(*k);
    }
    return nullptr;
}

QMimeData *PaletteModel::mimeData(const QModelIndexList &indexes) const
{
    for (const QModelIndex &index : indexes) {
        if (index.isValid())
            return mimeDataFor(entry(index.row()), kind(index.row()));
    }
    return nullptr;
}

} // namespace stackplan
