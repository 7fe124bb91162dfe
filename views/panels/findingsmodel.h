// The findings as a table (severity and rule, message, elements) over the
// LiveValidator. Rows are reset when the findings change; the panel restores
// its selection by finding.
#pragma once

#include "rules/finding.h"

#include <QAbstractTableModel>

namespace stackplan {

class LiveValidator;

class FindingsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { RuleColumn, MessageColumn, ElementsColumn, FixColumn, ColumnCount };
    enum Role { RuleIdRole = Qt::UserRole + 1, SeverityRole, ElementsRole, HasFixRole };

    explicit FindingsModel(LiveValidator *validator, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    const Finding &finding(int row) const { return m_findings.at(row); }
    const QList<Finding> &findings() const { return m_findings; }
    // The row of a finding equal to f; -1 when gone.
    int rowOf(const Finding &f) const;

private:
    LiveValidator *m_validator;
    QList<Finding> m_findings;
};

} // namespace stackplan
