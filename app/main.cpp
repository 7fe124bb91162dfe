// stackplan: the designer with no verb, the command line with one.
#include "cli.h"
#include "window/mainwindow.h"

#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QGuiApplication>

#include <cstdio>

#include <unistd.h>

namespace {

bool hasDisplay()
{
    return !qEnvironmentVariableIsEmpty("DISPLAY") ||
           !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") ||
           !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM");
}

// Headless sessions often have no XDG_RUNTIME_DIR; Qt then falls back to a
// private folder in /tmp, but warns on standard error, which a command-line
// export should not. Make that same folder ourselves and name it.
void quietRuntimeDir()
{
    if (!qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR"))
        return;
    const QString dir =
        QDir::tempPath() + QStringLiteral("/runtime-") + QString::number(::getuid());
    if (!QDir().mkpath(dir))
        return;
    QFile::setPermissions(dir, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    qputenv("XDG_RUNTIME_DIR", QFile::encodeName(dir));
}

} // namespace

int main(int argc, char *argv[])
{
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args.append(QString::fromLocal8Bit(argv[i]));

    if (stackplan::cli::wantsCommandLine(args)) {
        // Image export draws with the canvas code: it needs a QGuiApplication,
        // offscreen when there is no display.
        if (args.front() == QStringLiteral("export")) {
            if (!hasDisplay())
                qputenv("QT_QPA_PLATFORM", "offscreen");
            quietRuntimeDir();
            QGuiApplication app(argc, argv);
            QCoreApplication::setApplicationName(QStringLiteral("stackplan"));
            QCoreApplication::setApplicationVersion(QStringLiteral(STACKPLAN_VERSION));
            return stackplan::cli::run(args);
        }
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("stackplan"));
        QCoreApplication::setApplicationVersion(QStringLiteral(STACKPLAN_VERSION));
        return stackplan::cli::run(args);
    }
    if (!hasDisplay()) {
        QCoreApplication app(argc, argv);
        const QByteArray text =
            (QStringLiteral("No display: the designer needs one. Use the command line:\n\n") +
             stackplan::cli::overview())
                .toUtf8();
        std::fwrite(text.constData(), 1, size_t(text.size()), stdout);
        return 0;
    }

    QApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Stackplan"));
    QCoreApplication::setApplicationName(QStringLiteral("Stackplan"));
    QCoreApplication::setApplicationVersion(QStringLiteral(STACKPLAN_VERSION));
    QGuiApplication::setDesktopFileName(QStringLiteral("org.stackplan.Stackplan"));
    stackplan::MainWindow window;
    if (!args.isEmpty())
        window.openFile(args.front());
    else
        window.openDefaultDesign();
    window.show();
    return QApplication::exec();
}
