// The designer's main window: owns the open Document and the panels that
// view it. Opening a file or a template resets the document.
#pragma once

#include "core/document.h"

#include <QMainWindow>

namespace stackplan {

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Document *document() { return &m_document; }

    // Opens a design; on failure shows the loader's message and keeps the
    // current design. Returns whether it opened.
    bool openFile(const QString &path);
    void openDefaultDesign();

private:
    void updateTitle();

    Document m_document;
    QString m_fileName;
};

} // namespace stackplan
