#include "window/templatechooser.h"

#include "core/templates.h"
#include "panels/wording.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace stackplan {

TemplateChooser::TemplateChooser(Renderer renderer, QWidget *parent)
    : QDialog(parent)
    , m_renderer(std::move(renderer))
{
    setWindowTitle(tr("New design"));
    resize(860, 520);
    m_list = new QListWidget;
    m_list->setObjectName(QStringLiteral("templateList"));
    m_list->setMaximumWidth(240);
    auto *empty = new QListWidgetItem(tr("Empty design"));
    empty->setData(Qt::UserRole, QString());
    empty->setToolTip(tr("Start from a blank canvas."));
    m_list->addItem(empty);
    for (const TemplateInfo &t : bundledTemplates()) {
        auto *item = new QListWidgetItem(t.title);
        item->setData(Qt::UserRole, t.name);
        item->setToolTip(t.description);
        m_list->addItem(item);
    }
    m_picture = new QLabel;
    m_picture->setAlignment(Qt::AlignCenter);
    m_picture->setMinimumSize(520, 340);
    m_picture->setFrameShape(QFrame::StyledPanel);
    m_picture->setAutoFillBackground(true);
    m_picture->setBackgroundRole(QPalette::Base);
    m_description = new QLabel;
    m_description->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Create"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_list, &QListWidget::currentRowChanged, this, &TemplateChooser::showPreview);
    connect(m_list, &QListWidget::itemDoubleClicked, this, &QDialog::accept);

    auto *right = new QVBoxLayout;
    right->addWidget(m_picture, 1);
    right->addWidget(m_description);
    auto *top = new QHBoxLayout;
    top->addWidget(m_list);
    top->addLayout(right, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);
    selectTemplate(DefaultTemplate);
}

QString TemplateChooser::chosenTemplate() const
{
    const QListWidgetItem *item = m_list->currentItem();
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void TemplateChooser::selectTemplate(const QString &name)
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(Qt::UserRole).toString() == name) {
            m_list->setCurrentRow(i);
            return;
        }
    }
}

void TemplateChooser::showPreview()
{
    const QString name = chosenTemplate();
    const QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    if (name.isEmpty()) {
        m_picture->setPixmap({});
        m_picture->setText(tr("A blank canvas"));
        m_description->setText(item->toolTip());
        return;
    }
    const std::optional<Design> design = templateDesign(name);
    if (!design)
        return;
    QString summary = item->toolTip() + QStringLiteral("\n") +
                      plural(design->hosts.size(), tr("host"), tr("hosts")) +
                      QStringLiteral(" · ") +
                      plural(design->components.size(), tr("component"), tr("components")) +
                      QStringLiteral(" · ") + plural(design->links.size(), tr("link"), tr("links"));
    m_description->setText(summary);
    if (m_renderer) {
        const qreal ratio = devicePixelRatioF();
        QImage image = m_renderer(*design, (m_picture->size() - QSize(16, 16)) * ratio);
        image.setDevicePixelRatio(ratio);
        m_picture->setPixmap(QPixmap::fromImage(image));
    } else {
        m_picture->setText(item->text());
    }
}

} // namespace stackplan
