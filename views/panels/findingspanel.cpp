#include "panels/findingspanel.h"

#include "panels/findingsmodel.h"
#include "panels/icons.h"
#include "panels/livevalidator.h"
#include "panels/wording.h"
#include "rules/registry.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMouseEvent>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QUrl>
#include <QVBoxLayout>

namespace stackplan {

// Fix buttons drawn by a delegate: thousands of findings must not mean
// thousands of widgets.
class FixDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    std::function<void(int row)> clicked;
    bool enabled = false;

    static QRect buttonRect(const QRect &cell) { return cell.adjusted(6, 1, -6, -1); }

    bool hasButton(const QModelIndex &index) const
    {
        return enabled && index.data(FindingsModel::HasFixRole).toBool();
    }

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override
    {
        QStyleOptionViewItem base = option;
        initStyleOption(&base, index);
        base.text.clear();
        QStyle *style = option.widget ? option.widget->style() : QApplication::style();
        style->drawControl(QStyle::CE_ItemViewItem, &base, painter, option.widget);
        if (!hasButton(index))
            return;
        QStyleOptionButton button;
        button.rect = buttonRect(option.rect);
        button.text = FindingsPanel::tr("Fix");
        button.state = QStyle::State_Enabled | QStyle::State_Raised;
        if (m_pressed == index)
            button.state |= QStyle::State_Sunken;
        button.palette = option.palette;
        style->drawControl(QStyle::CE_PushButton, &button, painter, option.widget);
    }

    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override
    {
        QSize s = QStyledItemDelegate::sizeHint(option, index);
        s.setHeight(qMax(s.height(), option.fontMetrics.height() + 8));
        return s;
    }

    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override
    {
        if (!hasButton(index))
            return QStyledItemDelegate::editorEvent(event, model, option, index);
        const auto type = event->type();
        if (type != QEvent::MouseButtonPress && type != QEvent::MouseButtonRelease &&
            type != QEvent::MouseButtonDblClick)
            return false;
        const auto *mouse = static_cast<QMouseEvent *>(event);
        const bool inside = buttonRect(option.rect).contains(mouse->position().toPoint());
        if (type == QEvent::MouseButtonPress) {
            m_pressed = inside ? QPersistentModelIndex(index) : QPersistentModelIndex();
            return inside;
        }
        const bool click = type == QEvent::MouseButtonRelease && inside && m_pressed == index;
        m_pressed = QPersistentModelIndex();
        if (click && clicked)
            clicked(index.row());
        return inside;
    }

private:
    QPersistentModelIndex m_pressed;
};

FindingsPanel::FindingsPanel(LiveValidator *validator, QWidget *parent)
    : QWidget(parent)
    , m_validator(validator)
    , m_model(new FindingsModel(validator, this))
{
    setObjectName(QStringLiteral("findingsPanel"));
    m_summary = new QLabel;
    m_summary->setObjectName(QStringLiteral("findingsSummary"));
    m_fixAll = new QPushButton(tr("Fix all"));
    m_fixAll->setObjectName(QStringLiteral("fixAllButton"));
    m_fixAll->setToolTip(tr("Apply every quick fix, as one undo step"));
    m_fixAll->hide();
    connect(m_fixAll, &QPushButton::clicked, this, [this] {
        if (m_fixAllFn)
            m_fixAllFn();
    });
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 0);
    bar->addWidget(m_summary, 1);
    bar->addWidget(m_fixAll);

    m_view = new QTreeView;
    m_view->setObjectName(QStringLiteral("findingsView"));
    m_view->setModel(m_model);
    m_view->setRootIsDecorated(false);
    m_view->setUniformRowHeights(true);
    m_view->setAlternatingRowColors(true);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setIconSize(QSize(16, 16));
    m_view->setFrameShape(QFrame::NoFrame);
    QHeaderView *header = m_view->header();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(FindingsModel::RuleColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(FindingsModel::MessageColumn, QHeaderView::Stretch);
    header->setSectionResizeMode(FindingsModel::ElementsColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(FindingsModel::FixColumn, QHeaderView::Fixed);
    header->resizeSection(FindingsModel::ElementsColumn, 180);
    header->resizeSection(FindingsModel::FixColumn, 64);
    m_fixDelegate = new FixDelegate(m_view);
    m_fixDelegate->clicked = [this](int row) {
        if (m_fixer && row >= 0 && row < m_model->rowCount())
            m_fixer(m_model->finding(row));
    };
    m_view->setItemDelegateForColumn(FindingsModel::FixColumn, m_fixDelegate);

    m_details = new QLabel;
    m_details->setObjectName(QStringLiteral("findingDetails"));
    m_details->setWordWrap(true);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_details->setTextFormat(Qt::RichText);
    m_details->setContentsMargins(10, 6, 10, 6);
    m_details->setMinimumWidth(220);
    m_details->setTextInteractionFlags(Qt::TextBrowserInteraction);
    connect(m_details, &QLabel::linkActivated, this,
            [](const QString &link) { QDesktopServices::openUrl(QUrl(link)); });

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);

    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &FindingsPanel::showDetails);
    connect(m_view, &QTreeView::clicked, this, [this](const QModelIndex &index) {
        if (index.isValid())
            emit elementsActivated(m_model->finding(index.row()).elements);
    });
    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (index.isValid())
            emit elementsActivated(m_model->finding(index.row()).elements);
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        updateSummary();
        // Keep the same finding selected when it is still there.
        const int row = m_model->rowOf(m_selected);
        if (row >= 0)
            m_view->setCurrentIndex(m_model->index(row, 0));
        else
            showDetails();
    });
    connect(validator, &LiveValidator::busyChanged, this, [this] { updateSummary(); });
    updateSummary();
    showDetails();
}

void FindingsPanel::setFixer(Fixer fixer, std::function<void()> fixAll)
{
    m_fixer = std::move(fixer);
    m_fixAllFn = std::move(fixAll);
    m_fixDelegate->enabled = bool(m_fixer);
    m_view->viewport()->update();
    updateSummary();
}

QRect FindingsPanel::fixButtonRect(int row) const
{
    const QModelIndex index = m_model->index(row, FindingsModel::FixColumn);
    if (!m_fixDelegate->hasButton(index))
        return {};
    return FixDelegate::buttonRect(m_view->visualRect(index));
}

void FindingsPanel::updateSummary()
{
    const int errors = m_validator->count(Severity::Error);
    const int warnings = m_validator->count(Severity::Warning);
    const int infos = m_validator->count(Severity::Info);
    QString text;
    if (errors + warnings + infos == 0) {
        text = tr("No findings: the design follows every rule.");
    } else {
        QStringList parts;
        auto part = [&](int n, SeverityLevel level, const QString &words) {
            if (n == 0)
                return;
            const QColor c = severityColor(level);
            parts.append(QStringLiteral("<span style='color:%1'>●</span> %2").arg(c.name(), words));
        };
        part(errors, SeverityLevel::Error, plural(errors, tr("error"), tr("errors")));
        part(warnings, SeverityLevel::Warning, plural(warnings, tr("warning"), tr("warnings")));
        part(infos, SeverityLevel::Info, QStringLiteral("%1 info").arg(infos));
        text = parts.join(QStringLiteral("&nbsp;&nbsp;&nbsp;"));
    }
    if (m_validator->isBusy())
        text += QStringLiteral("&nbsp;&nbsp;<i>") + tr("checking…") + QStringLiteral("</i>");
    m_summary->setText(text);
    bool anyFix = false;
    for (const Finding &f : m_validator->findings())
        anyFix = anyFix || f.fix;
    m_fixAll->setVisible(m_fixAllFn && anyFix);
}

QString FindingsPanel::rulePage(const QString &ruleId)
{
    const QString name = QStringLiteral("rules/%1.md").arg(ruleId);
    const QString app = QCoreApplication::applicationDirPath();
    const QStringList bases{
        app + QStringLiteral("/../share/doc/stackplan"),
        app + QStringLiteral("/../docs"),
        app + QStringLiteral("/../../docs"),
        app + QStringLiteral("/../../../docs"),
    };
    for (const QString &base : bases) {
        const QFileInfo info(QDir(base).filePath(name));
        if (info.isFile())
            return info.canonicalFilePath();
    }
    return {};
}

void FindingsPanel::showDetails()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid()) {
        m_selected = Finding();
        m_details->setText(QStringLiteral("<p style='color:gray'>%1</p>")
                               .arg(tr("Select a finding to read why it matters and how to fix "
                                       "it. Click it to find its elements on the canvas.")));
        return;
    }
    m_selected = m_model->finding(current.row());
    const Finding &f = m_selected;
    const RuleInfo *rule = findRule(f.rule);
    QString html = QStringLiteral("<p><b>%1</b> · %2</p>").arg(f.rule, f.title.toHtmlEscaped());
    if (rule && !rule->risk.isEmpty())
        html += QStringLiteral("<p>%1</p>").arg(rule->risk.toHtmlEscaped());
    html += QStringLiteral("<p><b>%1</b> %2</p>").arg(tr("Remedy:"), f.remediation.toHtmlEscaped());
    const QString page = rulePage(f.rule);
    if (!page.isEmpty())
        html += QStringLiteral("<p><a href='%1'>%2</a></p>")
                    .arg(QUrl::fromLocalFile(page).toString(), tr("The rule's page"));
    m_details->setText(html);
}

} // namespace stackplan
