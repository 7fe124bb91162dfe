// Previews: the configuration files generated for the selected host (or a
// component on its own machine), regenerated as the design changes,
// syntax-coloured, with Copy and "Reveal in bundle". Generation runs only
// while the panel is visible, and is coalesced to once per burst of edits.
#pragma once

#include "core/document.h"
#include "generate/bundle.h"

#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;

namespace stackplan {

class ConfigHighlighter;
class Selection;

class PreviewPanel : public QWidget
{
    Q_OBJECT

public:
    PreviewPanel(Document *document, Selection *selection, QWidget *parent = nullptr);

    // The machine shown: a host id, or a component on its own machine.
    QString machine() const { return m_machine; }
    void setMachine(const QString &id);
    // The bundle path shown ("hosts/lb-01/etc/haproxy/haproxy.cfg").
    QString currentPath() const;
    void setCurrentPath(const QString &path);
    QString text() const;
    const BundleResult &result() const { return m_result; }
    QComboBox *machineBox() const { return m_machines; }
    QComboBox *fileBox() const { return m_files; }
    // Regenerates now (normally after a short delay).
    void regenerate();

signals:
    // "Reveal in bundle": the window generates the bundle and shows this file.
    void revealRequested(const QString &bundlePath);

protected:
    void showEvent(QShowEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void followSelection();
    void fillMachines();
    void showFile();

    Document *m_document;
    Selection *m_selection;
    QComboBox *m_machines;
    QComboBox *m_files;
    QPlainTextEdit *m_text;
    QLabel *m_status;
    QPushButton *m_copy;
    QPushButton *m_reveal;
    ConfigHighlighter *m_highlighter;
    QTimer m_timer;
    QString m_machine;
    BundleResult m_result;
    bool m_dirty = true;
};

} // namespace stackplan
