#include "mainwindow.h"

#include "core/designio.h"
#include "core/templates.h"

#include <QFileInfo>
#include <QMessageBox>

namespace stackplan {

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    resize(1280, 800);
    connect(m_document.undoStack(), &QUndoStack::cleanChanged, this, &MainWindow::updateTitle);
    updateTitle();
}

MainWindow::~MainWindow() = default;

bool MainWindow::openFile(const QString &path)
{
    const LoadResult result = readDesignFile(path);
    if (!result.ok()) {
        QMessageBox::warning(this, tr("Cannot open %1").arg(QFileInfo(path).fileName()),
                             result.format(path));
        return false;
    }
    m_document.resetDesign(*result.design);
    m_fileName = path;
    updateTitle();
    return true;
}

void MainWindow::openDefaultDesign()
{
    if (const auto design = templateDesign(DefaultTemplate))
        m_document.resetDesign(*design);
    m_fileName.clear();
    updateTitle();
}

void MainWindow::updateTitle()
{
    const QString name = m_fileName.isEmpty() ? tr("Untitled") : QFileInfo(m_fileName).fileName();
    setWindowTitle(QStringLiteral("%1[*] — Stackplan").arg(name));
    setWindowModified(!m_document.undoStack()->isClean());
}

} // namespace stackplan
