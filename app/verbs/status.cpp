#include "verbs/common.h"

#include "live/prober.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace stackplan::cli {

namespace {

QString textTable(const QList<live::ComponentStatus> &statuses)
{
    const QStringList header{QStringLiteral("ID"),      QStringLiteral("HOST"),
                             QStringLiteral("ADDRESS"), QStringLiteral("STATE"),
                             QStringLiteral("LATENCY"), QStringLiteral("DETAIL")};
    QList<QStringList> rows{header};
    for (const live::ComponentStatus &s : statuses) {
        const QString dash = QStringLiteral("-");
        rows.append({s.id, s.host.isEmpty() ? dash : s.host,
                     s.address.isEmpty() ? dash : s.endpoint(), live::stateName(s.state),
                     s.latencyMs < 0 ? dash : QStringLiteral("%1 ms").arg(s.latencyMs), s.detail});
    }
    QList<qsizetype> widths(header.size() - 1, 0);
    for (const QStringList &row : rows) {
        for (qsizetype i = 0; i < widths.size(); ++i)
            widths[i] = std::max(widths[i], row.at(i).size());
    }
    QString out;
    for (const QStringList &row : rows) {
        QString line;
        for (qsizetype i = 0; i < widths.size(); ++i)
            line += row.at(i).leftJustified(widths[i]) + QStringLiteral("  ");
        line += row.last();
        out += line.trimmed() + u'\n';
    }
    return out;
}

QJsonDocument jsonReport(const QString &file, const QList<live::ComponentStatus> &statuses)
{
    QJsonArray components;
    for (const live::ComponentStatus &s : statuses) {
        QJsonArray probes;
        for (const live::ProbeResult &p : s.probes) {
            probes.append(QJsonObject{
                {QStringLiteral("probe"), p.spec.describe()},
                {QStringLiteral("ok"), p.ok},
                {QStringLiteral("latency_ms"),
                 p.latencyMs < 0 ? QJsonValue() : QJsonValue(p.latencyMs)},
                {QStringLiteral("detail"), p.detail},
            });
        }
        QJsonArray haproxy;
        for (const live::HaproxyView &v : s.haproxy) {
            haproxy.append(QJsonObject{
                {QStringLiteral("load_balancer"), v.loadBalancer},
                {QStringLiteral("backend"), v.row.proxy},
                {QStringLiteral("status"), v.row.status},
                {QStringLiteral("check_status"), v.row.checkStatus},
            });
        }
        components.append(QJsonObject{
            {QStringLiteral("id"), s.id},
            {QStringLiteral("host"), s.host.isEmpty() ? QJsonValue() : QJsonValue(s.host)},
            {QStringLiteral("address"), s.address.isEmpty() ? QJsonValue() : QJsonValue(s.address)},
            {QStringLiteral("port"), s.port},
            {QStringLiteral("state"), live::stateName(s.state)},
            {QStringLiteral("latency_ms"),
             s.latencyMs < 0 ? QJsonValue() : QJsonValue(s.latencyMs)},
            {QStringLiteral("detail"), s.detail},
            {QStringLiteral("probes"), probes},
            {QStringLiteral("haproxy"), haproxy},
        });
    }
    return QJsonDocument(
        QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("components"), components}});
}

int runStatus(const QStringList &args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("FILE"), QStringLiteral("The design to probe."));
    const QCommandLineOption timeout(
        QStringLiteral("timeout"),
        QStringLiteral("Give each probe this many milliseconds (default %1).")
            .arg(live::DefaultTimeoutMs),
        QStringLiteral("MS"), QString::number(live::DefaultTimeoutMs));
    const QCommandLineOption format(QStringLiteral("format"),
                                    QStringLiteral("Print text (default) or json."),
                                    QStringLiteral("FORMAT"), QStringLiteral("text"));
    parser.addOption(timeout);
    parser.addOption(format);
    int code = 0;
    if (!parseArgs(parser, QStringLiteral("status"), args, &code))
        return code;
    const QStringList files = parser.positionalArguments();
    if (files.size() != 1) {
        printErr(
            QStringLiteral("usage: stackplan status FILE [--timeout MS] [--format text|json]\n"));
        return BadInput;
    }
    const auto fmt =
        choice(parser, QStringLiteral("format"), {QStringLiteral("text"), QStringLiteral("json")},
               QStringLiteral("status"));
    if (!fmt)
        return BadInput;
    bool numeric = false;
    const int ms = parser.value(timeout).toInt(&numeric);
    // Ten minutes is past any sensible probe; a typo should not hang a script.
    if (!numeric || ms < 1 || ms > 600000) {
        printErr(QStringLiteral("stackplan status: --timeout must be a number of milliseconds "
                                "from 1 to 600000, not \"%1\"\n")
                     .arg(parser.value(timeout)));
        return BadInput;
    }
    const auto design = loadDesign(files.front());
    if (!design)
        return BadInput;

    const QList<live::ComponentStatus> statuses = live::probeOnce(*design, ms);
    const QString name =
        files.front() == QStringLiteral("-") ? QStringLiteral("<stdin>") : files.front();
    if (*fmt == QStringLiteral("json"))
        printOut(QString::fromUtf8(jsonReport(name, statuses).toJson(QJsonDocument::Indented)));
    else
        printOut(textTable(statuses));

    int probed = 0;
    for (const live::ComponentStatus &s : statuses)
        probed += s.state != live::State::Unknown;
    if (probed == 0)
        printErr(QStringLiteral("%1: no component could be probed: give the hosts addresses\n")
                     .arg(name));
    return live::anyFailing(statuses) ? Findings : Ok;
}

} // namespace

} // namespace stackplan::cli

namespace {
const stackplan::cli::VerbRegistration
    statusVerb({90, "status", "status FILE [--timeout MS] [--format text|json]",
                "Probe the running deployment the design describes.", stackplan::cli::runStatus});
} // namespace
