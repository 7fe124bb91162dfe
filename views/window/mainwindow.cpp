#include "window/mainwindow.h"

#include "canvas/diagramscene.h"
#include "canvas/diagramview.h"
#include "core/designio.h"
#include "core/templates.h"
#include "diagram/dot.h"
#include "diagram/drawio.h"
#include "diagram/import.h"
#include "diagram/layout.h"
#include "diagram/mermaid.h"
#include "generate/bundle.h"
#include "live/livemode.h"
#include "panels/findingsmodel.h"
#include "panels/findingspanel.h"
#include "panels/icons.h"
#include "panels/inspector.h"
#include "panels/livevalidator.h"
#include "panels/outlinemodel.h"
#include "panels/outlineview.h"
#include "panels/palettemodel.h"
#include "panels/previewpanel.h"
#include "panels/whatifpanel.h"
#include "panels/wording.h"
#include "render/imageexport.h"
#include "rules/fixes.h"
#include "window/templatechooser.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDir>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QStyle>
#include <QToolBar>
#include <QUndoView>
#include <QVBoxLayout>

namespace stackplan {

namespace {

constexpr int MaxRecentFiles = 8;
constexpr int DefaultAutosaveMs = 5000;

QString stackplanFilter()
{
    return QObject::tr("Stackplan designs (*.stackplan)");
}

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
{
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks |
                   QMainWindow::AllowNestedDocks);
    // A first start fills most of the screen; later ones restore the last size.
    const QSize available = screen() ? screen()->availableSize() : QSize(1440, 900);
    resize(qMin(available.width(), 1680), qMin(available.height(), 1050));

    createPanels();
    createActions();
    createMenus();
    createToolBar();
    createStatusBar();
    restoreWindowState();

    connect(m_document.undoStack(), &QUndoStack::cleanChanged, this, [this](bool clean) {
        updateTitle();
        if (clean)
            m_recovery.clear();
    });
    connect(&m_document, &Document::changed, this, [this] {
        updateCounts();
        // Drop ids that no longer exist (undo of an addition, a deletion).
        QStringList kept;
        for (const QString &id : m_selection.ids()) {
            if (m_document.design().contains(id))
                kept.append(id);
        }
        m_selection.setIds(kept);
    });
    // The stack's index moves after the command ran: only then is it dirty.
    connect(m_document.undoStack(), &QUndoStack::indexChanged, this, [this] {
        if (!m_document.undoStack()->isClean() && !m_autosaveTimer.isActive())
            m_autosaveTimer.start();
    });
    m_autosaveTimer.setSingleShot(true);
    m_autosaveTimer.setInterval(DefaultAutosaveMs);
    connect(&m_autosaveTimer, &QTimer::timeout, this, &MainWindow::autosaveNow);

    updateTitle();
    updateCounts();
    offerRecovery();
}

MainWindow::~MainWindow()
{
    // The document and the selection are members, gone before QWidget's
    // destructor deletes the children: delete everything that watches them
    // first, while they still exist.
    m_autosaveTimer.stop();
    m_document.disconnect(this);
    m_document.undoStack()->disconnect(this);
    m_selection.disconnect(this);
    if (m_scene)
        m_scene->disconnect(this);
    delete m_layoutTask;
    qDeleteAll(m_docks);
    m_docks.clear();
    delete takeCentralWidget();
    delete m_scene;
    delete m_validator;
    delete m_outlineModel;
    delete m_paletteModel;
}

QAction *MainWindow::action(const QString &name) const
{
    return m_actions.value(name);
}

QDockWidget *MainWindow::addPanel(const QString &objectName, const QString &title, QWidget *widget,
                                  Qt::DockWidgetArea area)
{
    auto *dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetClosable | QDockWidget::DockWidgetMovable |
                      QDockWidget::DockWidgetFloatable);
    addDockWidget(area, dock);
    m_docks.append(dock);
    return dock;
}

void MainWindow::createPanels()
{
    // The middle: a banner for recovered work above the canvas.
    auto *centre = new QWidget;
    auto *centreLayout = new QVBoxLayout(centre);
    centreLayout->setContentsMargins(0, 0, 0, 0);
    centreLayout->setSpacing(0);
    m_recoveryBanner = new QFrame;
    m_recoveryBanner->setObjectName(QStringLiteral("recoveryBanner"));
    m_recoveryBanner->setStyleSheet(
        QStringLiteral("#recoveryBanner { background: #fff4ce; border-bottom: 1px solid #e0c46c; }"
                       "#recoveryBanner QLabel { color: #3d3000; }"));
    auto *bannerLayout = new QHBoxLayout(m_recoveryBanner);
    bannerLayout->setContentsMargins(12, 6, 12, 6);
    m_recoveryText = new QLabel;
    auto *restore = new QPushButton(tr("Restore"));
    restore->setObjectName(QStringLiteral("restoreButton"));
    auto *discard = new QPushButton(tr("Discard"));
    discard->setObjectName(QStringLiteral("discardButton"));
    bannerLayout->addWidget(m_recoveryText, 1);
    bannerLayout->addWidget(restore);
    bannerLayout->addWidget(discard);
    connect(restore, &QPushButton::clicked, this, [this] { restoreRecovery(); });
    connect(discard, &QPushButton::clicked, this, [this] {
        for (const RecoveredDesign &r : std::as_const(m_offered))
            RecoveryStore::discard(r);
        m_offered.clear();
        m_recoveryBanner->hide();
    });
    m_recoveryBanner->hide();
    centreLayout->addWidget(m_recoveryBanner);
    m_scene = new DiagramScene(&m_document, this);
    m_scene->setDarkTheme(isDarkPalette());
    m_view = new DiagramView(m_scene);
    m_view->setObjectName(QStringLiteral("canvas"));
    m_view->setMinimumSize(400, 300);
    m_view->setFrameShape(QFrame::NoFrame);
    centreLayout->addWidget(m_view, 1);
    // The canvas and the rest of the window share one selection.
    connect(m_scene, &QGraphicsScene::selectionChanged, this, [this] {
        if (m_syncingSelection)
            return;
        m_syncingSelection = true;
        m_selection.setIds(m_scene->selectedIds());
        m_syncingSelection = false;
    });
    connect(&m_selection, &Selection::changed, this, [this] {
        if (m_syncingSelection)
            return;
        m_syncingSelection = true;
        m_scene->selectIds(m_selection.ids());
        m_syncingSelection = false;
    });
    setCentralWidget(centre);

    m_paletteModel = new PaletteModel(this);
    m_paletteView = new QListView;
    m_paletteView->setObjectName(QStringLiteral("palette"));
    m_paletteView->setModel(m_paletteModel);
    m_paletteView->setDragEnabled(true);
    m_paletteView->setDragDropMode(QAbstractItemView::DragOnly);
    m_paletteView->setDefaultDropAction(Qt::CopyAction);
    m_paletteView->setIconSize(QSize(24, 24));
    m_paletteView->setSpacing(2);
    m_paletteView->setUniformItemSizes(true);
    m_paletteView->setToolTip(tr("Drag onto the canvas, or double-click to add."));
    connect(m_paletteView, &QListView::activated, this, [this](const QModelIndex &index) {
        // The keyboard way to add: the canvas places it.
        switch (m_paletteModel->entry(index.row())) {
        case PaletteModel::Entry::Host: {
            Host h;
            h.id = m_document.design().freeId(QStringLiteral("host"));
            if (const QString id = m_document.addHost(h); !id.isEmpty())
                m_selection.setIds({id});
            break;
        }
        case PaletteModel::Entry::Note: {
            Note n;
            n.id = m_document.design().freeId(QStringLiteral("note"));
            n.text = tr("Note");
            if (const QString id = m_document.addNote(n); !id.isEmpty())
                m_selection.setIds({id});
            break;
        }
        case PaletteModel::Entry::Component: {
            Component c;
            c.kind = *m_paletteModel->kind(index.row());
            if (const QString id = m_document.addComponent(c); !id.isEmpty())
                m_selection.setIds({id});
            break;
        }
        }
    });
    QDockWidget *paletteDock = addPanel(QStringLiteral("paletteDock"), tr("Palette"), m_paletteView,
                                        Qt::LeftDockWidgetArea);

    m_outlineModel = new OutlineModel(&m_document, this);
    m_outlineView = new OutlineView(m_outlineModel, &m_selection);
    QDockWidget *outlineDock = addPanel(QStringLiteral("outlineDock"), tr("Outline"), m_outlineView,
                                        Qt::LeftDockWidgetArea);
    splitDockWidget(paletteDock, outlineDock, Qt::Vertical);

    m_inspector = new Inspector(&m_document, &m_selection);
    QDockWidget *inspectorDock = addPanel(QStringLiteral("inspectorDock"), tr("Inspector"),
                                          m_inspector, Qt::RightDockWidgetArea);
    inspectorDock->setMinimumWidth(320);

    m_undoView = new QUndoView(m_document.undoStack());
    m_undoView->setObjectName(QStringLiteral("history"));
    m_undoView->setEmptyLabel(tr("<opened>"));
    QDockWidget *historyDock =
        addPanel(QStringLiteral("historyDock"), tr("History"), m_undoView, Qt::RightDockWidgetArea);
    tabifyDockWidget(inspectorDock, historyDock);
    inspectorDock->raise();

    m_validator = new LiveValidator(&m_document, this);
    m_findingsPanel = new FindingsPanel(m_validator);
    QDockWidget *findingsDock = addPanel(QStringLiteral("findingsDock"), tr("Findings"),
                                         m_findingsPanel, Qt::BottomDockWidgetArea);
    connect(m_findingsPanel, &FindingsPanel::elementsActivated, this, &MainWindow::focusElements);
    connect(m_validator, &LiveValidator::findingsChanged, this, &MainWindow::updateFindingsSummary);
    connect(m_validator, &LiveValidator::findingsChanged, this, &MainWindow::updateMarks);
    updateMarks();
    m_findingsPanel->setFixer([this](const Finding &f) { return applyQuickFix(f); },
                              [this] {
                                  m_document.beginMacro(tr("Fix all findings"));
                                  const int n = fixAll(m_document);
                                  m_document.endMacro();
                                  statusBar()->showMessage(
                                      plural(n, tr("fix applied"), tr("fixes applied")), 4000);
                              });

    m_previewPanel = new PreviewPanel(&m_document, &m_selection);
    QDockWidget *previewDock = addPanel(QStringLiteral("previewDock"), tr("Previews"),
                                        m_previewPanel, Qt::BottomDockWidgetArea);
    tabifyDockWidget(findingsDock, previewDock);
    findingsDock->raise();
    connect(m_previewPanel, &PreviewPanel::revealRequested, this, &MainWindow::revealInBundle);

    m_whatIfPanel = new WhatIfPanel(&m_document);
    m_whatIfDock = addPanel(QStringLiteral("whatIfDock"), tr("What if"), m_whatIfPanel,
                            Qt::RightDockWidgetArea);
    tabifyDockWidget(historyDock, m_whatIfDock);
    connect(m_whatIfPanel, &WhatIfPanel::activationRequested, this, &MainWindow::setWhatIfMode);
    connect(m_whatIfPanel, &WhatIfPanel::darkElementsChanged, this, [this](const QStringList &ids) {
        m_scene->setDarkElements(QSet<QString>(ids.begin(), ids.end()));
    });
    connect(m_outlineView, &OutlineView::activatedElement, this,
            [this](const QString &id) { m_view->showElements({id}); });
    inspectorDock->raise();
    resizeDocks({findingsDock}, {230}, Qt::Vertical);
    resizeDocks({paletteDock, inspectorDock}, {230, 380}, Qt::Horizontal);
}

void MainWindow::createActions()
{
    auto make = [this](const QString &name, const QString &text, const QKeySequence &shortcut,
                       const QIcon &icon, auto slot) {
        auto *a = new QAction(icon, text, this);
        a->setObjectName(name);
        if (!shortcut.isEmpty())
            a->setShortcut(shortcut);
        connect(a, &QAction::triggered, this, slot);
        m_actions.insert(name, a);
        return a;
    };
    QStyle *s = style();
    make(QStringLiteral("new"), tr("&New…"), QKeySequence::New,
         QIcon::fromTheme(QStringLiteral("document-new"), s->standardIcon(QStyle::SP_FileIcon)),
         [this] { newDesign(); });
    make(QStringLiteral("open"), tr("&Open…"), QKeySequence::Open,
         QIcon::fromTheme(QStringLiteral("document-open"),
                          s->standardIcon(QStyle::SP_DialogOpenButton)),
         [this] { open(); });
    make(QStringLiteral("save"), tr("&Save"), QKeySequence::Save,
         QIcon::fromTheme(QStringLiteral("document-save"),
                          s->standardIcon(QStyle::SP_DialogSaveButton)),
         [this] { save(); });
    make(QStringLiteral("saveAs"), tr("Save &As…"), QKeySequence::SaveAs,
         QIcon::fromTheme(QStringLiteral("document-save-as")), [this] { saveAs(); });
    make(QStringLiteral("quit"), tr("&Quit"), QKeySequence::Quit,
         QIcon::fromTheme(QStringLiteral("application-exit")), [this] { close(); });

    QAction *undo = m_document.undoStack()->createUndoAction(this, tr("&Undo"));
    undo->setObjectName(QStringLiteral("undo"));
    undo->setShortcut(QKeySequence::Undo);
    // The toolbar keeps a short label; the menu says what will be undone.
    undo->setIconText(tr("Undo"));
    undo->setIcon(
        QIcon::fromTheme(QStringLiteral("edit-undo"), s->standardIcon(QStyle::SP_ArrowBack)));
    m_actions.insert(QStringLiteral("undo"), undo);
    QAction *redo = m_document.undoStack()->createRedoAction(this, tr("&Redo"));
    redo->setObjectName(QStringLiteral("redo"));
    redo->setShortcut(QKeySequence::Redo);
    redo->setIconText(tr("Redo"));
    redo->setIcon(
        QIcon::fromTheme(QStringLiteral("edit-redo"), s->standardIcon(QStyle::SP_ArrowForward)));
    m_actions.insert(QStringLiteral("redo"), redo);

    QAction *del =
        make(QStringLiteral("delete"), tr("&Delete"), QKeySequence::Delete,
             QIcon::fromTheme(QStringLiteral("edit-delete"), s->standardIcon(QStyle::SP_TrashIcon)),
             [this] { deleteSelection(); });
    del->setEnabled(false);
    connect(&m_selection, &Selection::changed, del,
            [this, del] { del->setEnabled(!m_selection.ids().isEmpty()); });
    make(QStringLiteral("selectAll"), tr("Select &All"), QKeySequence::SelectAll,
         QIcon::fromTheme(QStringLiteral("edit-select-all")), [this] { selectAll(); });
    QAction *whatIf = make(
        QStringLiteral("whatIf"), tr("&What-if Mode"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_W),
        QIcon::fromTheme(QStringLiteral("dialog-warning"), actionIcon(QStringLiteral("whatIf"))),
        [this](bool on) { setWhatIfMode(on); });
    whatIf->setCheckable(true);
    whatIf->setToolTip(tr("Fail hosts, components or zones and see what survives"));
    make(QStringLiteral("generateBundle"), tr("&Generate Bundle…"),
         QKeySequence(Qt::CTRL | Qt::Key_G),
         QIcon::fromTheme(QStringLiteral("document-export"), s->standardIcon(QStyle::SP_DirIcon)),
         [this] { generateBundle(); });
    make(QStringLiteral("cut"), tr("Cu&t"), QKeySequence::Cut,
         QIcon::fromTheme(QStringLiteral("edit-cut")), [this] { m_view->cut(); });
    make(QStringLiteral("copy"), tr("&Copy"), QKeySequence::Copy,
         QIcon::fromTheme(QStringLiteral("edit-copy")), [this] { m_view->copy(); });
    make(QStringLiteral("paste"), tr("&Paste"), QKeySequence::Paste,
         QIcon::fromTheme(QStringLiteral("edit-paste")), [this] { m_view->paste(); });
    make(QStringLiteral("duplicate"), tr("D&uplicate"), QKeySequence(Qt::CTRL | Qt::Key_D), QIcon(),
         [this] { m_view->duplicate(); });
    make(QStringLiteral("zoomIn"), tr("Zoom &In"), QKeySequence::ZoomIn,
         QIcon::fromTheme(QStringLiteral("zoom-in"), actionIcon(QStringLiteral("zoomIn"))),
         [this] { m_view->zoomIn(); });
    make(QStringLiteral("zoomOut"), tr("Zoom &Out"), QKeySequence::ZoomOut,
         QIcon::fromTheme(QStringLiteral("zoom-out"), actionIcon(QStringLiteral("zoomOut"))),
         [this] { m_view->zoomOut(); });
    make(QStringLiteral("zoomFit"), tr("Zoom to &Fit"), QKeySequence(Qt::CTRL | Qt::Key_9),
         QIcon::fromTheme(QStringLiteral("zoom-fit-best"), actionIcon(QStringLiteral("zoomFit"))),
         [this] { m_view->zoomToFit(); });
    make(QStringLiteral("zoomReset"), tr("&Actual Size"), QKeySequence(Qt::CTRL | Qt::Key_0),
         QIcon::fromTheme(QStringLiteral("zoom-original")), [this] { m_view->resetZoom(); });
    make(QStringLiteral("arrange"), tr("&Arrange"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
         QIcon::fromTheme(QStringLiteral("view-grid"), actionIcon(QStringLiteral("arrange"))),
         [this] { arrange(); });
    make(QStringLiteral("import"), tr("&Import Diagram…"), QKeySequence(Qt::CTRL | Qt::Key_I),
         QIcon::fromTheme(QStringLiteral("document-import")), [this] { importDialog(); });
    QAction *snap = make(QStringLiteral("snap"), tr("&Snap to Grid"), QKeySequence(), QIcon(),
                         [this](bool on) { m_scene->setSnapToGrid(on); });
    snap->setCheckable(true);
    snap->setChecked(true);
    make(QStringLiteral("about"), tr("&About Stackplan"), QKeySequence(),
         QIcon::fromTheme(QStringLiteral("help-about")), [this] { about(); });
    make(QStringLiteral("aboutQt"), tr("About &Qt"), QKeySequence(), QIcon(),
         [] { QApplication::aboutQt(); });
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(action(QStringLiteral("new")));
    file->addAction(action(QStringLiteral("open")));
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    updateRecentMenu();
    file->addSeparator();
    file->addAction(action(QStringLiteral("save")));
    file->addAction(action(QStringLiteral("saveAs")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("import")));
    QMenu *exportMenu = file->addMenu(tr("&Export"));
    exportMenu->setObjectName(QStringLiteral("exportMenu"));
    const QList<QPair<QString, QString>> formats{
        {QStringLiteral("png"), tr("PNG Image…")},    {QStringLiteral("svg"), tr("SVG Image…")},
        {QStringLiteral("pdf"), tr("PDF Document…")}, {QStringLiteral("mmd"), tr("Mermaid…")},
        {QStringLiteral("dot"), tr("Graphviz DOT…")}, {QStringLiteral("drawio"), tr("draw.io…")},
    };
    for (const auto &[format, title] : formats) {
        QAction *a = exportMenu->addAction(title, this, [this, f = format] { exportDialog(f); });
        a->setObjectName(QStringLiteral("export-") + format);
        m_actions.insert(QStringLiteral("export-") + format, a);
    }
    file->addAction(action(QStringLiteral("generateBundle")));
    file->addSeparator();
    file->addAction(action(QStringLiteral("quit")));

    QMenu *design = menuBar()->addMenu(tr("&Design"));
    design->setObjectName(QStringLiteral("designMenu"));
    design->addAction(action(QStringLiteral("arrange")));
    design->addAction(action(QStringLiteral("whatIf")));

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->setObjectName(QStringLiteral("editMenu"));
    edit->addAction(action(QStringLiteral("undo")));
    edit->addAction(action(QStringLiteral("redo")));
    edit->addSeparator();
    edit->addAction(action(QStringLiteral("cut")));
    edit->addAction(action(QStringLiteral("copy")));
    edit->addAction(action(QStringLiteral("paste")));
    edit->addAction(action(QStringLiteral("duplicate")));
    edit->addAction(action(QStringLiteral("delete")));
    edit->addAction(action(QStringLiteral("selectAll")));

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (const char *name : {"zoomIn", "zoomOut", "zoomFit", "zoomReset"})
        m_viewMenu->addAction(action(QString::fromLatin1(name)));
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(action(QStringLiteral("snap")));
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(live::installLiveMode(this, &m_document, m_view)->toggleAction());
    m_viewMenu->addSeparator();
    QMenu *panels = m_viewMenu->addMenu(tr("&Panels"));
    for (QDockWidget *dock : std::as_const(m_docks))
        panels->addAction(dock->toggleViewAction());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(QStringLiteral("about")));
    help->addAction(action(QStringLiteral("aboutQt")));
}

void MainWindow::createToolBar()
{
    m_toolBar = addToolBar(tr("Main"));
    m_toolBar->setObjectName(QStringLiteral("mainToolBar"));
    m_toolBar->setMovable(false);
    m_toolBar->setIconSize(QSize(20, 20));
    m_toolBar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    for (const char *name : {"new", "open", "save"})
        m_toolBar->addAction(action(QString::fromLatin1(name)));
    m_toolBar->addSeparator();
    for (const char *name : {"undo", "redo", "delete"})
        m_toolBar->addAction(action(QString::fromLatin1(name)));
    m_toolBar->addSeparator();
    for (const char *name : {"zoomIn", "zoomOut", "zoomFit"})
        m_toolBar->addAction(action(QString::fromLatin1(name)));
    m_toolBar->addSeparator();
    m_toolBar->addAction(action(QStringLiteral("arrange")));
    m_toolBar->addAction(action(QStringLiteral("whatIf")));
    m_toolBar->addAction(action(QStringLiteral("generateBundle")));
    m_viewMenu->addAction(m_toolBar->toggleViewAction());
}

void MainWindow::createStatusBar()
{
    m_countsLabel = new QLabel;
    m_countsLabel->setObjectName(QStringLiteral("countsLabel"));
    m_findingsLabel = new QLabel;
    m_findingsLabel->setObjectName(QStringLiteral("findingsLabel"));
    m_zoomLabel = new QLabel;
    m_zoomLabel->setObjectName(QStringLiteral("zoomLabel"));
    m_zoomLabel->setMinimumWidth(56);
    m_zoomLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    statusBar()->addWidget(m_countsLabel);
    statusBar()->addPermanentWidget(m_findingsLabel);
    updateFindingsSummary();
    statusBar()->addPermanentWidget(m_zoomLabel);
    auto showZoom = [this](qreal zoom) {
        m_zoomLabel->setText(QStringLiteral("%1 %").arg(qRound(zoom * 100)));
    };
    connect(m_view, &DiagramView::zoomChanged, this, showZoom);
    showZoom(m_view->zoom());
}

void MainWindow::restoreWindowState()
{
    QSettings settings;
    const QByteArray geometry = settings.value(QStringLiteral("window/geometry")).toByteArray();
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = settings.value(QStringLiteral("window/state")).toByteArray();
    if (!state.isEmpty())
        restoreState(state);
}

void MainWindow::saveWindowState()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!maybeSave()) {
        event->ignore();
        return;
    }
    saveWindowState();
    m_recovery.clear();
    event->accept();
}

bool MainWindow::maybeSave()
{
    if (m_document.undoStack()->isClean())
        return true;
    const QString name = m_fileName.isEmpty() ? tr("Untitled") : QFileInfo(m_fileName).fileName();
    const auto answer = QMessageBox::warning(
        this, tr("Unsaved changes"), tr("Save the changes to \"%1\" before closing it?").arg(name),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

bool MainWindow::canOpen(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("stackplan") || suffix == QLatin1String("mmd") ||
           suffix == QLatin1String("mermaid") || suffix == QLatin1String("md") ||
           suffix == QLatin1String("dot") || suffix == QLatin1String("gv");
}

bool MainWindow::openFile(const QString &path)
{
    if (QFileInfo(path).suffix().toLower() != QLatin1String("stackplan") && canOpen(path))
        return importFile(path);
    const LoadResult result = readDesignFile(path);
    if (!result.ok()) {
        QMessageBox::warning(this, tr("Cannot open %1").arg(QFileInfo(path).fileName()),
                             result.format(path));
        return false;
    }
    m_document.resetDesign(*result.design);
    m_selection.clear();
    m_fileName = QFileInfo(path).absoluteFilePath();
    addRecentFile(m_fileName);
    updateTitle();
    fitLater();
    if (!result.warnings.isEmpty())
        statusBar()->showMessage(result.warnings.front().format(path), 8000);
    return true;
}

void MainWindow::fitLater()
{
    // After the window is laid out, so the canvas knows its size.
    QTimer::singleShot(0, m_view, [view = m_view] { view->zoomToFit(); });
}

void MainWindow::openDefaultDesign()
{
    newFromTemplate(DefaultTemplate);
}

void MainWindow::newFromTemplate(const QString &name)
{
    Design design;
    if (!name.isEmpty()) {
        if (const auto d = templateDesign(name))
            design = *d;
    }
    m_document.resetDesign(design);
    m_selection.clear();
    m_fileName.clear();
    updateTitle();
    fitLater();
}

bool MainWindow::saveTo(const QString &path)
{
    QString error;
    if (!saveDesign(m_document.design(), path, &error)) {
        QMessageBox::warning(this, tr("Cannot save"), tr("%1: %2").arg(path, error));
        return false;
    }
    m_fileName = QFileInfo(path).absoluteFilePath();
    m_document.undoStack()->setClean();
    m_recovery.clear();
    addRecentFile(m_fileName);
    updateTitle();
    statusBar()->showMessage(tr("Saved %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

void MainWindow::newDesign()
{
    if (!maybeSave())
        return;
    TemplateChooser chooser(
        [dark = isDarkPalette()](const Design &design, const QSize &size) {
            ImageOptions options;
            options.dark = dark;
            options.title = false;
            options.badges = false;
            const QSize natural = exportImageSize(design, options);
            if (natural.isEmpty())
                return QImage();
            options.scale = qMin(qreal(size.width()) / natural.width(),
                                 qreal(size.height()) / natural.height());
            return QImage::fromData(exportImage(design, ImageFormat::Png, options), "PNG");
        },
        this);
    if (chooser.exec() != QDialog::Accepted)
        return;
    newFromTemplate(chooser.chosenTemplate());
}

void MainWindow::open()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open design"), QFileInfo(m_fileName).absolutePath(), stackplanFilter());
    if (!path.isEmpty())
        openFile(path);
}

bool MainWindow::save()
{
    if (m_fileName.isEmpty())
        return saveAs();
    return saveTo(m_fileName);
}

bool MainWindow::saveAs()
{
    QString suggested = m_fileName;
    if (suggested.isEmpty()) {
        const QString name =
            m_document.design().name.isEmpty() ? tr("untitled") : m_document.design().name;
        suggested = name + QStringLiteral(".stackplan");
    }
    QString path =
        QFileDialog::getSaveFileName(this, tr("Save design as"), suggested, stackplanFilter());
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".stackplan");
    return saveTo(path);
}

void MainWindow::openRecent(const QString &path)
{
    if (!maybeSave())
        return;
    if (!openFile(path)) {
        QSettings settings;
        QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
        recent.removeAll(path);
        settings.setValue(QStringLiteral("recentFiles"), recent);
        updateRecentMenu();
    }
}

void MainWindow::addRecentFile(const QString &path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > MaxRecentFiles)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    int n = 0;
    for (const QString &path : recent) {
        ++n;
        QAction *a = m_recentMenu->addAction(
            QStringLiteral("&%1  %2").arg(n).arg(QFileInfo(path).fileName()));
        a->setToolTip(path);
        a->setStatusTip(path);
        connect(a, &QAction::triggered, this, [this, path] { openRecent(path); });
    }
    if (recent.isEmpty()) {
        m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
        return;
    }
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("Clear list"), this, [this] {
        QSettings().remove(QStringLiteral("recentFiles"));
        updateRecentMenu();
    });
}

void MainWindow::autosaveNow()
{
    if (m_document.undoStack()->isClean())
        return;
    m_recovery.write(writeDesign(m_document.design()), m_fileName);
}

void MainWindow::offerRecovery()
{
    m_offered = RecoveryStore::orphans();
    if (m_offered.isEmpty()) {
        m_recoveryBanner->hide();
        return;
    }
    const RecoveredDesign &r = m_offered.front();
    const QString name =
        r.originalPath.isEmpty() ? tr("an unsaved design") : QFileInfo(r.originalPath).fileName();
    m_recoveryText->setText(
        tr("Stackplan did not close normally. Unsaved changes to %1 from %2 can be restored.")
            .arg(name, QLocale().toString(r.savedAt.toLocalTime(), QLocale::ShortFormat)));
    m_recoveryBanner->show();
}

bool MainWindow::restoreRecovery()
{
    if (m_offered.isEmpty())
        return false;
    const RecoveredDesign r = m_offered.front();
    const LoadResult result = readDesign(r.bytes);
    if (!result.ok()) {
        QMessageBox::warning(this, tr("Cannot restore"), result.format(r.recoveryPath));
        return false;
    }
    // Restored work is unsaved work: one undo step over an empty design,
    // so the window shows it as modified until it is saved.
    m_document.resetDesign(Design());
    m_document.replaceDesign(*result.design, tr("Restore recovered design"));
    m_selection.clear();
    m_fileName = r.originalPath;
    for (const RecoveredDesign &each : std::as_const(m_offered))
        RecoveryStore::discard(each);
    m_offered.clear();
    m_recoveryBanner->hide();
    updateTitle();
    autosaveNow();
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile() && canOpen(urls.front().toLocalFile()))
        event->acceptProposedAction();
}

void MainWindow::dragMoveEvent(QDragMoveEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() == 1 && urls.front().isLocalFile() && canOpen(urls.front().toLocalFile()))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (urls.size() != 1 || !urls.front().isLocalFile())
        return;
    const QString path = urls.front().toLocalFile();
    if (!canOpen(path))
        return;
    event->acceptProposedAction();
    // Open after the drop returns: a modal prompt inside a drop handler
    // blocks the source application.
    QTimer::singleShot(0, this, [this, path] {
        if (maybeSave())
            openFile(path);
    });
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        updateThemeColors();
    QMainWindow::changeEvent(event);
}

void MainWindow::updateThemeColors()
{
    if (m_scene)
        m_scene->setDarkTheme(isDarkPalette());
    // Drawn icons take their ink from the palette: ask the views to redraw.
    if (m_outlineModel && m_outlineModel->rowCount() > 0)
        emit m_outlineModel->layoutChanged();
    if (m_paletteModel)
        emit m_paletteModel->dataChanged(m_paletteModel->index(0),
                                         m_paletteModel->index(m_paletteModel->rowCount() - 1));
}

void MainWindow::deleteSelection()
{
    QStringList ids;
    for (const QString &id : m_selection.ids()) {
        if (m_document.design().contains(id))
            ids.append(id);
    }
    if (ids.isEmpty())
        return;
    m_selection.clear();
    m_document.removeElements(ids);
}

void MainWindow::selectAll()
{
    QStringList ids;
    const Design &d = m_document.design();
    for (const Host &h : d.hosts)
        ids.append(h.id);
    for (const Component &c : d.components)
        ids.append(c.id);
    for (const Link &l : d.links)
        ids.append(l.id);
    for (const Note &n : d.notes)
        ids.append(n.id);
    m_selection.setIds(ids);
}

void MainWindow::about()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("About Stackplan"));
    box.setIconPixmap(kindIcon(Kind::LoadBalancer).pixmap(64, 64));
    box.setTextFormat(Qt::RichText);
    box.setText(tr("<h3>Stackplan %1</h3>"
                   "<p>Design web infrastructure, check it against good practice, and "
                   "generate its configuration.</p>"
                   "<p>Built with Qt %2.</p>")
                    .arg(QStringLiteral(STACKPLAN_VERSION), QString::fromLatin1(qVersion())));
    box.exec();
}

void MainWindow::updateTitle()
{
    const QString name = m_fileName.isEmpty() ? tr("Untitled") : QFileInfo(m_fileName).fileName();
    setWindowTitle(QStringLiteral("%1[*] — Stackplan").arg(name));
    setWindowModified(!m_document.undoStack()->isClean());
}

void MainWindow::updateFindingsSummary()
{
    if (!m_findingsLabel)
        return;
    const int errors = m_validator->count(Severity::Error);
    const int warnings = m_validator->count(Severity::Warning);
    const int infos = m_validator->count(Severity::Info);
    if (errors + warnings + infos == 0) {
        m_findingsLabel->setText(tr("No findings"));
        return;
    }
    auto dot = [](SeverityLevel level, int n) {
        return QStringLiteral("<span style='color:%1'>●</span> %2")
            .arg(severityColor(level).name())
            .arg(n);
    };
    m_findingsLabel->setText(dot(SeverityLevel::Error, errors) + QStringLiteral("&nbsp;&nbsp;") +
                             dot(SeverityLevel::Warning, warnings) +
                             QStringLiteral("&nbsp;&nbsp;") + dot(SeverityLevel::Info, infos));
    m_findingsLabel->setToolTip(
        tr("%1 errors, %2 warnings, %3 info").arg(errors).arg(warnings).arg(infos));
}

void MainWindow::focusElements(const QStringList &ids)
{
    QStringList present;
    for (const QString &id : ids) {
        if (m_document.design().contains(id))
            present.append(id);
    }
    m_selection.setIds(present);
    if (!present.isEmpty())
        m_view->showElements(present);
}

void MainWindow::updateMarks()
{
    QList<Mark> marks;
    for (const Finding &f : m_validator->findings()) {
        const MarkSeverity severity = f.severity == Severity::Error     ? MarkSeverity::Error
                                      : f.severity == Severity::Warning ? MarkSeverity::Warning
                                                                        : MarkSeverity::Info;
        for (const QString &id : f.elements)
            marks.append({id, severity, QStringLiteral("%1: %2").arg(f.rule, f.message)});
    }
    m_scene->setMarks(marks);
}

bool MainWindow::applyQuickFix(const Finding &finding)
{
    if (!applyFix(m_document, finding)) {
        statusBar()->showMessage(
            tr("The fix of %1 does not apply to this design any more.").arg(finding.rule), 5000);
        return false;
    }
    statusBar()->showMessage(tr("Fixed: %1").arg(finding.title), 4000);
    return true;
}

void MainWindow::setWhatIfMode(bool on)
{
    m_whatIfPanel->setActive(on);
    if (on) {
        m_whatIfDock->show();
        m_whatIfDock->raise();
    }
    if (QAction *a = action(QStringLiteral("whatIf")); a && a->isChecked() != on)
        a->setChecked(on);
}

bool MainWindow::generateBundleTo(const QString &target)
{
    // Written as it is made, as the command line does: a large design's bundle
    // never sits whole in memory.
    const BundleWritten written = streamBundleTo(m_document.design(), {}, target);
    if (!written.errors.isEmpty()) {
        QStringList lines;
        for (const GenerateError &e : written.errors)
            lines.append(e.format());
        QMessageBox::warning(this, tr("Cannot generate the bundle"), lines.join(u'\n'));
        return false;
    }
    if (!written.writeError.isEmpty()) {
        QMessageBox::warning(this, tr("Cannot write the bundle"), written.writeError);
        return false;
    }
    m_lastBundle = target;
    statusBar()->showMessage(
        tr("Bundle written to %1 (%2)").arg(target, plural(written.files, tr("file"), tr("files"))),
        6000);
    return true;
}

void MainWindow::generateBundle()
{
    const QString base =
        m_fileName.isEmpty() ? QDir::homePath() : QFileInfo(m_fileName).absolutePath();
    const QString name = m_fileName.isEmpty()
                             ? QStringLiteral("bundle")
                             : QFileInfo(m_fileName).completeBaseName() + QStringLiteral("-bundle");
    QString selectedFilter;
    const QString folderFilter = tr("Folder (*)");
    const QString archiveFilter = tr("Archive (*.tar.gz)");
    QString target = QFileDialog::getSaveFileName(
        this, tr("Generate bundle"), QDir(base).filePath(name),
        folderFilter + QStringLiteral(";;") + archiveFilter, &selectedFilter);
    if (target.isEmpty())
        return;
    if (selectedFilter == archiveFilter && !target.endsWith(QLatin1String(".tar.gz")) &&
        !target.endsWith(QLatin1String(".tgz")))
        target += QStringLiteral(".tar.gz");
    generateBundleTo(target);
}

void MainWindow::revealInBundle(const QString &bundlePath)
{
    // Regenerate so the file on disk is the one in the preview.
    if (m_lastBundle.isEmpty() || m_lastBundle.endsWith(QLatin1String(".tar.gz")) ||
        m_lastBundle.endsWith(QLatin1String(".tgz"))) {
        generateBundle();
        if (m_lastBundle.isEmpty() || !QFileInfo(m_lastBundle).isDir())
            return;
    } else if (!generateBundleTo(m_lastBundle)) {
        return;
    }
    const QFileInfo file(QDir(m_lastBundle).filePath(bundlePath));
    QDesktopServices::openUrl(QUrl::fromLocalFile(file.absolutePath()));
    statusBar()->showMessage(file.absoluteFilePath(), 8000);
}

bool MainWindow::importFile(const QString &path)
{
    const ImportResult result = stackplan::importFile(path);
    if (!result.ok()) {
        QMessageBox::warning(this, tr("Cannot import %1").arg(QFileInfo(path).fileName()),
                             QStringLiteral("%1:%2").arg(path, result.error));
        return false;
    }
    // An imported diagram is a new design that was never saved.
    m_document.resetDesign(Design());
    m_document.replaceDesign(*result.design, tr("Import %1").arg(QFileInfo(path).fileName()));
    m_selection.clear();
    m_fileName.clear();
    updateTitle();
    m_view->zoomToFit();
    statusBar()->showMessage(
        tr("Imported %1: %2")
                .arg(QFileInfo(path).fileName(),
                     plural(result.design->components.size(), tr("component"), tr("components"))) +
            (result.guesses.isEmpty()
                 ? QString()
                 : tr(", %1 guessed from labels")
                       .arg(plural(result.guesses.size(), tr("kind"), tr("kinds")))),
        8000);
    return true;
}

void MainWindow::importDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Import diagram"), QFileInfo(m_fileName).absolutePath(),
        tr("Diagrams (*.mmd *.mermaid *.md *.dot *.gv)"));
    if (!path.isEmpty())
        importFile(path);
}

bool MainWindow::exportTo(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    const Design &design = m_document.design();
    QByteArray bytes;
    QString error;
    if (const auto image = imageFormatFromName(suffix)) {
        ImageOptions options;
        options.scale = *image == ImageFormat::Png ? 2.0 : 1.0;
        options.dark = isDarkPalette();
        QList<Mark> marks;
        for (const Finding &f : m_validator->findings()) {
            for (const QString &id : f.elements)
                marks.append({id,
                              f.severity == Severity::Error     ? MarkSeverity::Error
                              : f.severity == Severity::Warning ? MarkSeverity::Warning
                                                                : MarkSeverity::Info,
                              f.message});
        }
        bytes = exportImage(design, *image, options, marks, &error);
    } else if (suffix == QLatin1String("mmd") || suffix == QLatin1String("mermaid")) {
        bytes = exportMermaid(design).toUtf8();
    } else if (suffix == QLatin1String("dot") || suffix == QLatin1String("gv")) {
        bytes = exportDot(design);
    } else if (suffix == QLatin1String("drawio")) {
        bytes = exportDrawio(design);
    } else {
        error = tr("unknown format \"%1\"").arg(suffix);
    }
    if (bytes.isEmpty() || !saveBytes(bytes, path, &error)) {
        QMessageBox::warning(this, tr("Cannot export"), tr("%1: %2").arg(path, error));
        return false;
    }
    statusBar()->showMessage(tr("Exported %1").arg(QFileInfo(path).fileName()), 4000);
    return true;
}

void MainWindow::exportDialog(const QString &format)
{
    const QString base =
        m_fileName.isEmpty()
            ? QDir::home().filePath(m_document.design().name.isEmpty() ? QStringLiteral("design")
                                                                       : m_document.design().name)
            : QFileInfo(m_fileName).absolutePath() + QLatin1Char('/') +
                  QFileInfo(m_fileName).completeBaseName();
    QString path =
        QFileDialog::getSaveFileName(this, tr("Export"), base + QLatin1Char('.') + format,
                                     tr("%1 files (*.%2)").arg(format.toUpper(), format));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + format;
    exportTo(path);
}

bool MainWindow::isArranging() const
{
    return m_layoutTask && m_layoutTask->isRunning();
}

void MainWindow::arrange()
{
    if (isArranging())
        return;
    if (!m_layoutTask) {
        m_layoutTask = new LayoutTask(this);
        connect(m_layoutTask, &LayoutTask::finished, this, [this](const Design &laidOut) {
            action(QStringLiteral("arrange"))->setEnabled(true);
            m_document.replaceDesign(laidOut, tr("Arrange"));
            m_view->zoomToFit();
            statusBar()->showMessage(tr("Arranged"), 3000);
        });
        connect(m_layoutTask, &LayoutTask::failed, this, [this](const QString &message) {
            action(QStringLiteral("arrange"))->setEnabled(true);
            statusBar()->showMessage(tr("Cannot arrange: %1").arg(message), 6000);
        });
        connect(m_layoutTask, &LayoutTask::cancelled, this,
                [this] { action(QStringLiteral("arrange"))->setEnabled(true); });
        connect(m_layoutTask, &LayoutTask::progress, this, [this](int percent) {
            statusBar()->showMessage(tr("Arranging… %1 %").arg(percent));
        });
    }
    // Every element is placed afresh: positions kept would pin them.
    Design design = m_document.design();
    for (Host &h : design.hosts)
        h.position.reset();
    for (Component &c : design.components)
        c.position.reset();
    for (Note &n : design.notes)
        n.position.reset();
    action(QStringLiteral("arrange"))->setEnabled(false);
    statusBar()->showMessage(tr("Arranging…"));
    m_layoutTask->start(design);
}

void MainWindow::updateCounts()
{
    const Design &d = m_document.design();
    m_countsLabel->setText(
        plural(d.hosts.size(), tr("host"), tr("hosts")) + QStringLiteral("  ·  ") +
        plural(d.components.size(), tr("component"), tr("components")) + QStringLiteral("  ·  ") +
        plural(d.links.size(), tr("link"), tr("links")));
}

} // namespace stackplan
