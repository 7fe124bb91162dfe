// Designer benchmarks: scene build and first frame, a full repaint at
// zoom-to-fit, and PNG export. `--export DIR` writes the templates' pictures.
#include "core/templates.h"
#include "render/imageexport.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QTextStream>

#include <cstdio>

using namespace stackplan;

namespace {

int exportTemplates(const QString &dir)
{
    QDir().mkpath(dir);
    for (const TemplateInfo &t : bundledTemplates()) {
        for (bool dark : {false, true}) {
            ImageOptions options;
            options.dark = dark;
            const QString path = dir + QLatin1Char('/') + t.name +
                                 (dark ? QStringLiteral("-dark") : QStringLiteral("-light")) +
                                 QStringLiteral(".png");
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly))
                return 1;
            f.write(exportImage(*templateDesign(t.name), ImageFormat::Png, options));
            std::printf("%s\n", qPrintable(path));
        }
    }
    return 0;
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int e = int(args.indexOf(QStringLiteral("--export")));
    if (e > 0 && e + 1 < args.size())
        return exportTemplates(args.at(e + 1));
    return 0;
}
