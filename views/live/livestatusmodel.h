// The table of the live dock: one row per component of the design with its
// state, latency and last error, fed by LiveMode after every probe round.
// Rows follow the design's component order; a round replaces the values, a
// changed component list resets the model.
#pragma once

#include "live/livestatus.h"

#include <QAbstractTableModel>
#include <QDateTime>

namespace stackplan::live {

// What the designer keeps about a component between rounds.
struct LiveEntry
{
    ComponentStatus status;
    QString lastError;     // the latest failure's detail, kept after recovery
    QDateTime lastErrorAt; // when it was seen
    QDateTime checkedAt;   // when the latest round ended; invalid = not probed

    // The text of the component's tooltip: state, latency, detail, last error.
    QString toolTip() const;
};

class LiveStatusModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        IdColumn,
        HostColumn,
        AddressColumn,
        StateColumn,
        LatencyColumn,
        DetailColumn,
        ColumnCount
    };
    // The state as an int (State) in every column.
    static constexpr int StateRole = Qt::UserRole + 1;

    explicit LiveStatusModel(QObject *parent = nullptr);

    void setEntries(const QList<LiveEntry> &entries);
    const QList<LiveEntry> &entries() const { return m_entries; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<LiveEntry> m_entries;
};

// The colour of a state's mark, the same on the canvas and in the table.
QColor stateColor(State state);

} // namespace stackplan::live
