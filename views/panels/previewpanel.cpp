#include "panels/previewpanel.h"

#include "panels/confighighlighter.h"
#include "panels/icons.h"
#include "panels/selection.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QVBoxLayout>

namespace stackplan {

PreviewPanel::PreviewPanel(Document *document, Selection *selection, QWidget *parent)
    : QWidget(parent)
    , m_document(document)
    , m_selection(selection)
{
    setObjectName(QStringLiteral("previewPanel"));
    m_machines = new QComboBox;
    m_machines->setObjectName(QStringLiteral("previewMachine"));
    m_machines->setMinimumContentsLength(12);
    m_machines->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_files = new QComboBox;
    m_files->setObjectName(QStringLiteral("previewFile"));
    m_files->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_copy = new QPushButton(tr("Copy"));
    m_copy->setObjectName(QStringLiteral("previewCopy"));
    m_copy->setToolTip(tr("Copy this file to the clipboard"));
    m_reveal = new QPushButton(tr("Reveal in bundle"));
    m_reveal->setObjectName(QStringLiteral("previewReveal"));
    m_reveal->setToolTip(tr("Generate the bundle and show this file in it"));
    m_text = new QPlainTextEdit;
    m_text->setObjectName(QStringLiteral("previewText"));
    m_text->setReadOnly(true);
    m_text->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_text->setFrameShape(QFrame::NoFrame);
    m_highlighter = new ConfigHighlighter(m_text->document());
    m_status = new QLabel;
    m_status->setObjectName(QStringLiteral("previewStatus"));
    m_status->setWordWrap(true);
    m_status->setTextFormat(Qt::PlainText);
    m_status->hide();

    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(8, 4, 8, 0);
    bar->addWidget(new QLabel(tr("Machine")));
    bar->addWidget(m_machines);
    bar->addWidget(new QLabel(tr("File")));
    bar->addWidget(m_files, 1);
    bar->addWidget(m_copy);
    bar->addWidget(m_reveal);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(bar);
    layout->addWidget(m_status);
    layout->addWidget(m_text, 1);

    m_timer.setSingleShot(true);
    m_timer.setInterval(120);
    connect(&m_timer, &QTimer::timeout, this, &PreviewPanel::regenerate);
    connect(document, &Document::changed, this, [this] {
        m_dirty = true;
        if (isVisible())
            m_timer.start();
    });
    connect(selection, &Selection::changed, this, &PreviewPanel::followSelection);
    connect(m_machines, &QComboBox::activated, this,
            [this] { setMachine(m_machines->currentData().toString()); });
    connect(m_files, &QComboBox::currentIndexChanged, this, &PreviewPanel::showFile);
    connect(m_copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_text->toPlainText()); });
    connect(m_reveal, &QPushButton::clicked, this, [this] {
        if (!currentPath().isEmpty())
            emit revealRequested(currentPath());
    });
    regenerate();
}

void PreviewPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_dirty)
        regenerate();
}

void PreviewPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        m_highlighter->updateColors();
    QWidget::changeEvent(event);
}

void PreviewPanel::followSelection()
{
    const Design &d = m_document->design();
    const QString id = m_selection->current();
    QString machine;
    if (d.host(id)) {
        machine = id;
    } else if (const Component *c = d.component(id)) {
        machine = c->host.isEmpty() ? c->id : c->host;
    } else if (const Link *l = d.link(id)) {
        if (const Component *to = d.component(l->to))
            machine = to->host.isEmpty() ? to->id : to->host;
    }
    if (!machine.isEmpty() && machine != m_machine)
        setMachine(machine);
}

void PreviewPanel::setMachine(const QString &id)
{
    m_machine = id;
    regenerate();
}

QString PreviewPanel::currentPath() const
{
    return m_files->currentData().toString();
}

void PreviewPanel::setCurrentPath(const QString &path)
{
    const int i = m_files->findData(path);
    if (i >= 0)
        m_files->setCurrentIndex(i);
}

QString PreviewPanel::text() const
{
    return m_text->toPlainText();
}

void PreviewPanel::fillMachines()
{
    const Design &d = m_document->design();
    QSignalBlocker block(m_machines);
    m_machines->clear();
    for (const Host &h : d.hosts)
        m_machines->addItem(hostIcon(), h.effectiveHostname(), h.id);
    // Components on machines of their own that get configuration.
    for (const Component &c : d.components) {
        if (c.host.isEmpty() && c.kind != Kind::Internet && c.kind != Kind::Dns)
            m_machines->addItem(kindIcon(c.kind), c.id, c.id);
    }
    if (m_machine.isEmpty() || m_machines->findData(m_machine) < 0)
        m_machine = m_machines->count() > 0 ? m_machines->itemData(0).toString() : QString();
    m_machines->setCurrentIndex(m_machines->findData(m_machine));
}

void PreviewPanel::regenerate()
{
    m_timer.stop();
    m_dirty = false;
    fillMachines();
    const QString previous = currentPath();
    const QString previousName = previous.section(QLatin1Char('/'), 2);
    m_result =
        m_machine.isEmpty() ? BundleResult() : generateHostFiles(m_document->design(), m_machine);
    {
        QSignalBlocker block(m_files);
        m_files->clear();
        const QString prefix = QStringLiteral("hosts/%1/").arg(m_machine);
        for (const GeneratedFile &f : std::as_const(m_result.files)) {
            const QString shown = f.path.startsWith(prefix) ? f.path.mid(prefix.size()) : f.path;
            m_files->addItem(QStringLiteral("/") + shown, f.path);
        }
        // Stay on the same file (or the same file of another machine).
        int i = m_files->findData(previous);
        if (i < 0 && !previousName.isEmpty())
            i = m_files->findData(prefix + previousName);
        m_files->setCurrentIndex(i >= 0 ? i : 0);
    }
    if (!m_result.ok()) {
        m_status->setText(tr("Cannot generate: %1").arg(m_result.formatErrors()));
        m_status->setStyleSheet(QStringLiteral("color: #d63a3a; padding: 2px 8px;"));
        m_status->show();
    } else if (m_result.files.isEmpty()) {
        m_status->setText(m_machine.isEmpty() ? tr("No machine to configure.")
                                              : tr("Nothing to configure on %1.").arg(m_machine));
        m_status->setStyleSheet(QStringLiteral("padding: 2px 8px;"));
        m_status->show();
    } else {
        m_status->hide();
    }
    showFile();
}

void PreviewPanel::showFile()
{
    const GeneratedFile *file = m_result.file(currentPath());
    const QString text = file ? QString::fromUtf8(file->content) : QString();
    m_highlighter->setLanguage(ConfigHighlighter::languageFor(currentPath()));
    if (m_text->toPlainText() != text) {
        // Keep the reader's place while the file changes under them.
        const int scroll = m_text->verticalScrollBar()->value();
        m_text->setPlainText(text);
        m_text->verticalScrollBar()->setValue(scroll);
    }
    m_copy->setEnabled(file != nullptr);
    m_reveal->setEnabled(file != nullptr);
}

} // namespace stackplan
