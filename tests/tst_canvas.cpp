// The designer's canvas and the image export, driven through real widgets.
#include "core/templates.h"
#include "render/imageexport.h"

#include <QApplication>
#include <QBuffer>
#include <QImage>
#include <QSvgRenderer>
#include <QTest>

using namespace stackplan;

class TestCanvas : public QObject
{
    Q_OBJECT

private slots:
    void exportPngHasTheRightSize();
    void exportSvgAndPdfAreValid();
};

void TestCanvas::exportPngHasTheRightSize()
{
    const Design design = *templateDesign(QStringLiteral("three-server"));
    ImageOptions options;
    options.scale = 2.0;
    QString error;
    const QByteArray png = exportImage(design, ImageFormat::Png, options, {}, &error);
    QVERIFY2(!png.isEmpty(), qPrintable(error));
    QImage image;
    QVERIFY(image.loadFromData(png, "PNG"));
    const QSize expected = exportImageSize(design, options);
    QCOMPARE(image.size(), expected);
    ImageOptions unscaled;
    const QSize one = exportImageSize(design, unscaled);
    QVERIFY(qAbs(expected.width() - 2 * one.width()) <= 2);
    // The cards are drawn: many distinct colours, not one flat background.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    // Background in the corner: the light theme's, then the dark one's.
    const QColor corner = image.pixelColor(1, 1);
    QVERIFY(corner.lightness() > 200);
    options.dark = true;
    QImage dark;
    QVERIFY(dark.loadFromData(exportImage(design, ImageFormat::Png, options), "PNG"));
    QVERIFY(dark.pixelColor(1, 1).lightness() < 60);
}

void TestCanvas::exportSvgAndPdfAreValid()
{
    const Design design = *templateDesign(QStringLiteral("secured-monitored"));
    QList<Mark> marks{{QStringLiteral("haproxy"), MarkSeverity::Error, QStringLiteral("boom")}};
    QString error;
    const QByteArray svg = exportImage(design, ImageFormat::Svg, {}, marks, &error);
    QVERIFY2(!svg.isEmpty(), qPrintable(error));
    QSvgRenderer renderer(svg);
    QVERIFY(renderer.isValid());
    QCOMPARE(renderer.viewBox().size(), exportImageSize(design, {}));
    QVERIFY(svg.contains("<svg"));
    const QByteArray pdf = exportImage(design, ImageFormat::Pdf, {}, marks, &error);
    QVERIFY2(pdf.startsWith("%PDF-"), qPrintable(error));
    QVERIFY(pdf.trimmed().endsWith("%%EOF"));
    QVERIFY(pdf.size() > 2000);
}

QTEST_MAIN(TestCanvas)
#include "tst_canvas.moc"
