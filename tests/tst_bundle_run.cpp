#include <QTest>
class TestBundleRun : public QObject
{
    Q_OBJECT
private slots:
    void placeholder() {}
};
QTEST_GUILESS_MAIN(TestBundleRun)
#include "tst_bundle_run.moc"
