#include "panels/findingsmodel.h"

#include "panels/icons.h"
#include "panels/livevalidator.h"

namespace stackplan {

namespace {

SeverityLevel levelOf(Severity s)
{
    switch (s) {
    case Severity::Error:
        return SeverityLevel::Error;
    case Severity::Warning:
        return SeverityLevel::Warning;
    case Severity::Info:
        return SeverityLevel::Info;
    }
    return SeverityLevel::Info;
}

} // namespace

FindingsModel::FindingsModel(LiveValidator *validator, QObject *parent)
    : QAbstractTableModel(parent)
    , m_validator(validator)
    , m_findings(validator->findings())
{
    connect(validator, &LiveValidator::findingsChanged, this, [this] {
        beginResetModel();
        m_findings = m_validator->findings();
        endResetModel();
    });
}

int FindingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_findings.size());
}

int FindingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int FindingsModel::rowOf(const Finding &f) const
{
    return int(m_findings.indexOf(f));
}

QVariant FindingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Finding &f = m_findings.at(index.row());
    switch (role) {
    case RuleIdRole:
        return f.rule;
    case SeverityRole:
        return int(f.severity);
    case ElementsRole:
        return f.elements;
    case HasFixRole:
        return f.fix;
    case Qt::ToolTipRole:
        return QStringLiteral("<b>%1 · %2</b><p>%3</p><p><i>%4</i></p>")
            .arg(f.rule, f.title.toHtmlEscaped(), f.message.toHtmlEscaped(),
                 f.remediation.toHtmlEscaped());
    default:
        break;
    }
    switch (index.column()) {
    case RuleColumn:
        if (role == Qt::DisplayRole)
            return f.rule;
        if (role == Qt::DecorationRole)
            return severityIcon(levelOf(f.severity));
        if (role == Qt::AccessibleTextRole)
            return severityName(f.severity) + QLatin1Char(' ') + f.rule;
        break;
    case MessageColumn:
        if (role == Qt::DisplayRole)
            return f.message;
        break;
    case ElementsColumn:
        if (role == Qt::DisplayRole)
            return f.elements.join(QStringLiteral(", "));
        break;
    case FixColumn:
        if (role == Qt::AccessibleTextRole)
            return f.fix ? tr("Fix") : QString();
        break;
    default:
        break;
    }
    return {};
}

QVariant FindingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case RuleColumn:
        return tr("Rule");
    case MessageColumn:
        return tr("Finding");
    case ElementsColumn:
        return tr("Elements");
    case FixColumn:
        return QString();
    default:
        return {};
    }
}

} // namespace stackplan
