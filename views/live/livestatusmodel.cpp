#include "live/livestatusmodel.h"

#include <QColor>
#include <QLocale>

namespace stackplan::live {

QColor stateColor(State state)
{
    switch (state) {
    case State::Up:
        return QColor(0x2e, 0xa0, 0x43);
    case State::Down:
        return QColor(0xd1, 0x24, 0x2f);
    case State::Degraded:
        return QColor(0xd2, 0x99, 0x22);
    case State::Unknown:
        break;
    }
    return QColor(0x8c, 0x95, 0x9f);
}

QString LiveEntry::toolTip() const
{
    QString text = QStringLiteral("%1: %2").arg(status.id, stateName(status.state));
    if (status.latencyMs >= 0)
        text += QStringLiteral(", %1 ms").arg(status.latencyMs);
    if (!status.detail.isEmpty())
        text += u'\n' + status.detail;
    if (!lastError.isEmpty())
        text += QStringLiteral("\nLast error (%1): %2")
                    .arg(QLocale().toString(lastErrorAt.time(), QLocale::ShortFormat), lastError);
    return text;
}

LiveStatusModel::LiveStatusModel(QObject *parent)
    : QAbstractTableModel(parent)
{}

void LiveStatusModel::setEntries(const QList<LiveEntry> &entries)
{
    bool sameRows = entries.size() == m_entries.size();
    for (qsizetype i = 0; sameRows && i < entries.size(); ++i)
        sameRows = entries.at(i).status.id == m_entries.at(i).status.id;
    if (!sameRows) {
        beginResetModel();
        m_entries = entries;
        endResetModel();
        return;
    }
    m_entries = entries;
    if (!m_entries.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int LiveStatusModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LiveStatusModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LiveStatusModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const LiveEntry &entry = m_entries.at(index.row());
    const ComponentStatus &s = entry.status;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case IdColumn:
            return s.id;
        case HostColumn:
            return s.host;
        case AddressColumn:
            return s.endpoint();
        case StateColumn:
            return entry.checkedAt.isValid() ? stateName(s.state) : tr("not probed");
        case LatencyColumn:
            return s.latencyMs < 0 ? QString() : tr("%1 ms").arg(s.latencyMs);
        case DetailColumn:
            return s.state == State::Up && !entry.lastError.isEmpty()
                       ? tr("%1 (last error: %2)").arg(s.detail, entry.lastError)
                       : s.detail;
        }
        break;
    case Qt::DecorationRole:
        if (index.column() == StateColumn)
            return stateColor(s.state);
        break;
    case Qt::ToolTipRole:
        return entry.toolTip();
    case Qt::TextAlignmentRole:
        if (index.column() == LatencyColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case StateRole:
        return int(s.state);
    default:
        break;
    }
    return {};
}

QVariant LiveStatusModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case IdColumn:
        return tr("Component");
    case HostColumn:
        return tr("Host");
    case AddressColumn:
        return tr("Address");
    case StateColumn:
        return tr("State");
    case LatencyColumn:
        return tr("Latency");
    case DetailColumn:
        return tr("Detail");
    }
    return {};
}

} // namespace stackplan::live
