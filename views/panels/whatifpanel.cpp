#include "panels/whatifpanel.h"

#include "core/schema.h"
#include "panels/icons.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace stackplan {

namespace {

constexpr int NameRole = Qt::UserRole + 1;

QString tierTitle(const QString &kindNameText)
{
    const auto kind = kindFromName(kindNameText);
    return kind ? kindTitle(*kind) : kindNameText;
}

} // namespace

WhatIfPanel::WhatIfPanel(Document *document, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
{
    setObjectName(QStringLiteral("whatIfPanel"));
    auto *intro = new QLabel(tr("Tick what fails. The canvas greys out everything that goes "
                                "dark."));
    intro->setWordWrap(true);
    intro->setForegroundRole(QPalette::PlaceholderText);

    m_verdict = new QLabel;
    m_verdict->setObjectName(QStringLiteral("whatIfVerdict"));
    m_verdict->setWordWrap(true);
    m_verdict->setTextFormat(Qt::RichText);
    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("whatIfDetails"));
    m_details->setWordWrap(true);
    m_details->setTextFormat(Qt::RichText);

    m_tree = new QTreeWidget;
    m_tree->setObjectName(QStringLiteral("whatIfTree"));
    m_tree->setHeaderHidden(true);
    m_tree->setIconSize(QSize(18, 18));
    m_tree->setUniformRowHeights(true);
    connect(m_tree, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item) {
        if (m_building)
            return;
        const QString name = item->data(0, NameRole).toString();
        if (name.isEmpty())
            return;
        if (item->checkState(0) == Qt::Checked)
            m_checked.insert(name);
        else
            m_checked.remove(name);
        recompute();
    });

    m_clear = new QPushButton(tr("Nothing fails"));
    m_clear->setObjectName(QStringLiteral("whatIfClear"));
    connect(m_clear, &QPushButton::clicked, this, [this] { setFailing({}); });

    m_toggle = new QPushButton(tr("Start what-if"));
    m_toggle->setObjectName(QStringLiteral("whatIfToggle"));
    m_toggle->setCheckable(true);
    connect(m_toggle, &QPushButton::clicked, this,
            [this](bool on) { emit activationRequested(on); });

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->addWidget(intro);
    layout->addWidget(m_toggle);
    layout->addWidget(m_verdict);
    layout->addWidget(m_details);
    layout->addWidget(m_tree, 1);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_clear);
    layout->addLayout(buttons);

    connect(document, &Document::changed, this, [this] {
        if (!m_active)
            return;
        rebuildTree();
        recompute();
    });
    rebuildTree();
    recompute();
}

void WhatIfPanel::setActive(bool active)
{
    if (m_active == active)
        return;
    m_active = active;
    rebuildTree();
    recompute();
}

QStringList WhatIfPanel::failing() const
{
    QStringList names(m_checked.begin(), m_checked.end());
    names.sort();
    return names;
}

void WhatIfPanel::setFailing(const QStringList &names)
{
    m_checked = QSet<QString>(names.begin(), names.end());
    rebuildTree();
    recompute();
}

QTreeWidgetItem *WhatIfPanel::addGroup(const QString &title)
{
    auto *group = new QTreeWidgetItem(m_tree, {title});
    group->setFlags(Qt::ItemIsEnabled);
    QFont f = group->font(0);
    f.setBold(true);
    group->setFont(0, f);
    group->setExpanded(true);
    return group;
}

void WhatIfPanel::rebuildTree()
{
    m_building = true;
    m_tree->clear();
    const Design &d = m_document->design();
    // Names that vanished from the design no longer fail.
    QSet<QString> present;
    auto addItem = [&](QTreeWidgetItem *group, const QString &name, const QString &text,
                       const QIcon &icon) {
        auto *item = new QTreeWidgetItem(group, {text});
        item->setData(0, NameRole, name);
        item->setIcon(0, icon);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemNeverHasChildren);
        item->setCheckState(0, m_checked.contains(name) ? Qt::Checked : Qt::Unchecked);
        present.insert(name);
    };
    QStringList zones;
    for (const Host &h : d.hosts) {
        if (!h.zone.isEmpty() && !zones.contains(h.zone))
            zones.append(h.zone);
    }
    if (!zones.isEmpty()) {
        QTreeWidgetItem *group = addGroup(tr("Zones"));
        for (const QString &z : std::as_const(zones))
            addItem(group, z, z, QIcon(QStringLiteral(":/icons/zone.svg")));
        group->setExpanded(true);
    }
    if (!d.hosts.isEmpty()) {
        QTreeWidgetItem *group = addGroup(tr("Hosts"));
        for (const Host &h : d.hosts)
            addItem(group, h.id, h.effectiveHostname(), hostIcon());
        group->setExpanded(true);
    }
    if (!d.components.isEmpty()) {
        QTreeWidgetItem *group = addGroup(tr("Components"));
        for (const Component &c : d.components)
            addItem(group, c.id, QStringLiteral("%1  (%2)").arg(c.displayLabel(), c.id),
                    kindIcon(c.kind));
        group->setExpanded(true);
    }
    m_checked.intersect(present);
    m_tree->setEnabled(m_active);
    m_building = false;
}

void WhatIfPanel::recompute()
{
    const Design &d = m_document->design();
    QStringList dark;
    if (m_active) {
        m_result = whatIf(d, failing());
        QSet<QString> gone(m_result.failed.begin(), m_result.failed.end());
        gone.unite(QSet<QString>(m_result.dark.begin(), m_result.dark.end()));
        for (const QString &name : m_checked) {
            if (d.host(name)) {
                dark.append(name);
            } else if (!d.component(name)) {
                for (const Host &h : d.hosts) {
                    if (h.zone == name)
                        dark.append(h.id);
                }
            }
        }
        for (const Component &c : d.components) {
            if (gone.contains(c.id))
                dark.append(c.id);
        }
        for (const Link &l : d.links) {
            if (gone.contains(l.from) || gone.contains(l.to))
                dark.append(l.id);
        }
    } else {
        m_result = WhatIfResult();
    }

    if (!m_active) {
        m_verdict->setText(tr("What-if mode is off."));
        m_details->clear();
    } else if (m_checked.isEmpty()) {
        m_verdict->setText(m_result.serviceBefore
                               ? tr("<b>Nothing fails.</b> The service works.")
                               : tr("<b>Nothing fails,</b> yet the service does not work: users "
                                    "cannot reach an application."));
        m_details->clear();
    } else {
        const bool survives = m_result.serviceAfter;
        m_verdict->setText(
            QStringLiteral("<span style='font-size:large; color:%1'>%2</span> <b>%3</b>")
                .arg(survives ? QStringLiteral("#2e8b57") : QStringLiteral("#d63a3a"),
                     survives ? QStringLiteral("✔") : QStringLiteral("✖"),
                     survives ? tr("The service survives.") : tr("The service is down.")));
        QStringList tiers;
        for (const QString &t : std::as_const(m_result.tiersLost))
            tiers.append(tierTitle(t));
        QString details;
        details += QStringLiteral("<p>%1 <b>%2</b></p>")
                       .arg(tr("Tiers lost:"),
                            tiers.isEmpty() ? tr("none") : tiers.join(QStringLiteral(", ")));
        details += QStringLiteral("<p>%1 %2</p>")
                       .arg(tr("Failed:"), m_result.failed.join(QStringLiteral(", ")));
        if (!m_result.dark.isEmpty())
            details += QStringLiteral("<p>%1 %2</p>")
                           .arg(tr("Unreachable:"), m_result.dark.join(QStringLiteral(", ")));
        m_details->setText(details);
    }
    m_clear->setEnabled(m_active && !m_checked.isEmpty());
    m_toggle->setChecked(m_active);
    m_toggle->setText(m_active ? tr("Stop what-if") : tr("Start what-if"));
    if (dark != m_dark) {
        m_dark = dark;
        emit darkElementsChanged(m_dark);
    }
}

} // namespace stackplan
