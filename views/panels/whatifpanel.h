// What-if mode: tick the zones, hosts or components that fail; the panel says
// whether the service survives and which tiers are lost, and announces every
// element that goes dark so the canvas can grey it out. Recomputed on every
// change of the design while the mode is on.
#pragma once

#include "core/document.h"
#include "rules/whatif.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace stackplan {

class WhatIfPanel : public QWidget
{
    Q_OBJECT

public:
    explicit WhatIfPanel(Document *document, QWidget *parent = nullptr);

    // Off: nothing fails, nothing is dark.
    void setActive(bool active);
    bool isActive() const { return m_active; }

    // Names ticked (zone names, host ids, component ids).
    QStringList failing() const;
    void setFailing(const QStringList &names);
    const WhatIfResult &result() const { return m_result; }
    // Everything the canvas greys out: failed and unreachable components,
    // failed hosts, and the links that touch them.
    const QStringList &darkElements() const { return m_dark; }
    QTreeWidget *tree() const { return m_tree; }
    QLabel *verdict() const { return m_verdict; }

signals:
    void darkElementsChanged(const QStringList &ids);
    // The panel's own on/off button was pressed.
    void activationRequested(bool on);

private:
    void rebuildTree();
    void recompute();
    QTreeWidgetItem *addGroup(const QString &title);

    Document *m_document;
    QTreeWidget *m_tree;
    QLabel *m_verdict;
    QLabel *m_details;
    QPushButton *m_clear;
    QPushButton *m_toggle;
    QSet<QString> m_checked;
    WhatIfResult m_result;
    QStringList m_dark;
    bool m_active = false;
    bool m_building = false;
};

} // namespace stackplan
