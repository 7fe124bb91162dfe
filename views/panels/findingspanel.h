// The findings panel: the live findings with severity icons, a Fix button on
// each finding that has a quick fix, and the selected finding's rule
// explained (risk, remedy, a link to the rule's page). Clicking a finding asks
// the window to select and centre its elements.
#pragma once

#include "rules/finding.h"

#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTreeView;

#include <QRect>

namespace stackplan {

class FindingsModel;
class LiveValidator;

class FindingsPanel : public QWidget
{
    Q_OBJECT

public:
    using Fixer = std::function<bool(const Finding &)>;

    FindingsPanel(LiveValidator *validator, QWidget *parent = nullptr);

    // What a Fix button does; without one, no Fix buttons are shown.
    void setFixer(Fixer fixer, std::function<void()> fixAll = {});

    FindingsModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    // Where the Fix button of a row is drawn (viewport coordinates); empty
    // when the finding has no fix.
    QRect fixButtonRect(int row) const;
    // The rule's page: docs/rules/<ID>.md next to the program or in the
    // source tree; empty when not found.
    static QString rulePage(const QString &ruleId);

signals:
    void elementsActivated(const QStringList &ids);

private:
    void showDetails();
    void updateSummary();

    LiveValidator *m_validator;
    FindingsModel *m_model;
    QTreeView *m_view;
    QLabel *m_summary;
    QLabel *m_details;
    QPushButton *m_fixAll;
    class FixDelegate *m_fixDelegate;
    Fixer m_fixer;
    std::function<void()> m_fixAllFn;
    Finding m_selected;
};

} // namespace stackplan
