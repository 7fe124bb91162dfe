// The designer's main window: owns the open Document, the shared Selection
// and the dockable panels that view them (palette, outline, inspector, undo
// history), the canvas in the middle, the menus, the toolbar and the status
// bar. Files, autosave and crash recovery live here; everything that changes
// the design goes through the Document so that it can be undone.
#pragma once

#include "core/document.h"
#include "panels/selection.h"
#include "rules/finding.h"
#include "window/recovery.h"

#include <QFrame>
#include <QMainWindow>
#include <QPointer>
#include <QTimer>

class QAction;
class QDockWidget;
class QFrame;
class QLabel;
class QListView;
class QMenu;
class QToolBar;
class QUndoView;

namespace stackplan {

class DiagramScene;
class DiagramView;
class FindingsPanel;
class LayoutTask;
class Inspector;
class LiveValidator;
class PreviewPanel;
class WhatIfPanel;
class OutlineModel;
class OutlineView;
class PaletteModel;

class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    Document *document() { return &m_document; }
    Selection *selection() { return &m_selection; }
    QString fileName() const { return m_fileName; }

    // Opens a design or imports a diagram (by its suffix); on failure shows
    // why and keeps the current design. Does not ask about unsaved changes.
    bool openFile(const QString &path);
    void openDefaultDesign();
    // Starts a new design from a bundled template ("" = empty).
    void newFromTemplate(const QString &name);
    // Saves to path and makes it the document's file.
    bool saveTo(const QString &path);

    // Autosave: writes the recovery file now when there are unsaved changes.
    void autosaveNow();
    void setAutosaveInterval(int milliseconds) { m_autosaveTimer.setInterval(milliseconds); }
    const RecoveryStore &recoveryStore() const { return m_recovery; }
    // Looks for designs left by a crash and offers the newest in a banner.
    void offerRecovery();
    // Restores the design the banner offers; false when there is none.
    bool restoreRecovery();

    // The panels, for tests.
    PaletteModel *paletteModel() const { return m_paletteModel; }
    QListView *paletteView() const { return m_paletteView; }
    OutlineModel *outlineModel() const { return m_outlineModel; }
    OutlineView *outlineView() const { return m_outlineView; }
    Inspector *inspector() const { return m_inspector; }
    QUndoView *undoView() const { return m_undoView; }
    LiveValidator *validator() const { return m_validator; }
    FindingsPanel *findingsPanel() const { return m_findingsPanel; }
    WhatIfPanel *whatIfPanel() const { return m_whatIfPanel; }
    PreviewPanel *previewPanel() const { return m_previewPanel; }
    // Applies a finding's quick fix as one undo step; false when it does not apply.
    bool applyQuickFix(const Finding &finding);
    // Writes the bundle to a folder or a .tar.gz; shows why on failure.
    bool generateBundleTo(const QString &target);
    QWidget *recoveryBanner() const { return m_recoveryBanner; }
    DiagramScene *scene() const { return m_scene; }
    DiagramView *view() const { return m_view; }
    // Imports a Mermaid (.mmd, .md) or DOT (.dot, .gv) diagram as a new,
    // unsaved design.
    bool importFile(const QString &path);
    // Exports to path in the format its suffix names (png, svg, pdf, mmd,
    // dot, drawio).
    bool exportTo(const QString &path);
    // Lays out the whole design again (one undo step, when it finishes).
    void arrange();
    bool isArranging() const;
    QAction *action(const QString &name) const;

protected:
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void createPanels();
    void createActions();
    void createMenus();
    void createToolBar();
    void createStatusBar();
    void restoreWindowState();
    void saveWindowState();
    QDockWidget *addPanel(const QString &objectName, const QString &title, QWidget *widget,
                          Qt::DockWidgetArea area);

    bool maybeSave();
    void newDesign();
    void open();
    bool save();
    bool saveAs();
    void openRecent(const QString &path);
    void addRecentFile(const QString &path);
    void updateRecentMenu();
    void deleteSelection();
    void selectAll();
    void about();
    void updateTitle();
    void updateCounts();
    void updateFindingsSummary();
    void focusElements(const QStringList &ids);
    void generateBundle();
    void revealInBundle(const QString &bundlePath);
    void setWhatIfMode(bool on);
    void importDialog();
    void exportDialog(const QString &format);
    void updateMarks();
    void fitLater();
    void updateThemeColors();
    static bool canOpen(const QString &path);

    Document m_document;
    Selection m_selection;
    QString m_fileName;
    RecoveryStore m_recovery;
    QTimer m_autosaveTimer;
    QList<RecoveredDesign> m_offered;

    DiagramScene *m_scene = nullptr;
    DiagramView *m_view = nullptr;
    LayoutTask *m_layoutTask = nullptr;
    bool m_syncingSelection = false;
    QFrame *m_recoveryBanner = nullptr;
    QLabel *m_recoveryText = nullptr;

    PaletteModel *m_paletteModel = nullptr;
    QListView *m_paletteView = nullptr;
    OutlineModel *m_outlineModel = nullptr;
    OutlineView *m_outlineView = nullptr;
    Inspector *m_inspector = nullptr;
    QUndoView *m_undoView = nullptr;
    LiveValidator *m_validator = nullptr;
    FindingsPanel *m_findingsPanel = nullptr;
    WhatIfPanel *m_whatIfPanel = nullptr;
    QDockWidget *m_whatIfDock = nullptr;
    PreviewPanel *m_previewPanel = nullptr;
    QString m_lastBundle;
    QList<QDockWidget *> m_docks;

    QHash<QString, QAction *> m_actions;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QToolBar *m_toolBar = nullptr;
    QLabel *m_countsLabel = nullptr;
    QLabel *m_findingsLabel = nullptr;
    QLabel *m_zoomLabel = nullptr;
};

} // namespace stackplan
