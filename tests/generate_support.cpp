#include "generate_support.h"

#include <QFile>
#include <QProcess>

ToolResult runTool(const QString &program, const QStringList &args, int timeoutMs,
                   const QByteArray &input)
{
    ToolResult result;
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        result.output = p.errorString().toUtf8();
        return result;
    }
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        result.output = p.readAll() + "\n(timed out)";
        return result;
    }
    result.output = p.readAll();
    result.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    return result;
}

ToolResult runInNetns(const QString &shellCommand, int timeoutMs)
{
    const QString setup =
        QStringLiteral("ip link set lo up && sysctl -qw net.ipv4.ip_nonlocal_bind=1 && "
                       "sysctl -qw net.ipv6.ip_nonlocal_bind=1 && ");
    return runTool(QStringLiteral("unshare"),
                   {QStringLiteral("-n"), QStringLiteral("--"), QStringLiteral("sh"),
                    QStringLiteral("-c"), setup + shellCommand},
                   timeoutMs);
}

bool makeCertificate(const QString &dir, const QString &commonName)
{
    const ToolResult r =
        runTool(QStringLiteral("openssl"),
                {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                 QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                 QStringLiteral("2"), QStringLiteral("-subj"), QStringLiteral("/CN=") + commonName,
                 QStringLiteral("-keyout"), dir + QStringLiteral("/key.pem"),
                 QStringLiteral("-out"), dir + QStringLiteral("/cert.pem")},
                60000);
    if (r.exitCode != 0)
        return false;
    QFile cert(dir + QStringLiteral("/cert.pem"));
    QFile key(dir + QStringLiteral("/key.pem"));
    QFile combined(dir + QStringLiteral("/combined.pem"));
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly) ||
        !combined.open(QIODevice::WriteOnly))
        return false;
    combined.write(cert.readAll() + key.readAll());
    return true;
}

QString shellQuote(const QString &text)
{
    QString out = text;
    out.replace(u'\'', QStringLiteral("'\\''"));
    return u'\'' + out + u'\'';
}
