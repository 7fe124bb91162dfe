#include "diagram/import.h"

#include "core/designio.h"
#include "core/grammar.h"
#include "core/schema.h"
#include "diagram/layout.h"

#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QRegularExpression>

namespace stackplan {

QString ImportResult::report() const
{
    QString out;
    for (const QString &g : guesses)
        out += QStringLiteral("guess: ") + g + u'\n';
    for (const QString &n : notes)
        out += QStringLiteral("note: ") + n + u'\n';
    return out;
}

namespace {

// Lower case, words separated by spaces: "MySQL_Primary-1" -> "mysql primary 1".
QString words(const QString &text)
{
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text[i];
        const QChar previous = i > 0 ? text[i - 1] : QChar();
        const QChar next = i + 1 < text.size() ? text[i + 1] : QChar();
        // "webServer" -> "web server", "nginx1" -> "nginx 1"; "MySQL" stays.
        if (ch.isUpper() && previous.isLower() && next.isLower())
            out += u' ';
        if (ch.isDigit() && previous.isLetter())
            out += u' ';
        if (ch.isLetterOrNumber())
            out += ch.toLower();
        else
            out += u' ';
    }
    return u' ' + out.simplified() + u' ';
}

bool has(const QString &w, const QRegularExpression &re, QString *match)
{
    const QRegularExpressionMatch m = re.match(w);
    if (!m.hasMatch())
        return false;
    *match = m.captured(1).trimmed();
    return true;
}

QRegularExpression wordsRe(const char *alternatives)
{
    return QRegularExpression(QStringLiteral(" (") + QLatin1String(alternatives) +
                              QStringLiteral(")(?= )"));
}

} // namespace

KindGuess guessKind(const QString &label, const QString &sourceId, bool cylinder, bool circle)
{
    static const QRegularExpression firewall =
        wordsRe("firewall|fw|ufw|iptables|nftables|pfsense|waf");
    static const QRegularExpression lb = wordsRe(
        "haproxy|load balancer|loadbalancer|load balancers|balancer|lb\\d*|elb|alb|nlb|lbs|proxy");
    static const QRegularExpression monitoring =
        wordsRe("monitoring|monitor|datadog|prometheus|sumo logic|sumologic|sumo|grafana|nagios|"
                "zabbix|metrics|new relic|newrelic");
    static const QRegularExpression cache = wordsRe("redis|memcached|memcache|cache|caching");
    static const QRegularExpression database =
        wordsRe("mysql|mariadb|database|databases|db\\d*|postgres|postgresql|sql|rds|"
                "primary|master|replica|slave|db primary|db replica");
    static const QRegularExpression dns = wordsRe("dns|route 53|route53|domain|nameserver|bind");
    static const QRegularExpression internet =
        wordsRe("users?|clients?|browsers?|internet|visitors?|customers?|end users?|web browser|"
                "client browser|user browser|public|www|mobile|people");
    static const QRegularExpression webStrong =
        wordsRe("nginx|apache|apache2|httpd|web server|webserver|web servers|caddy|lighttpd|"
                "static files|static");
    static const QRegularExpression appStrong =
        wordsRe("application|application server|app server|appserver|flask|gunicorn|django|php fpm|"
                "phpfpm|php|node|nodejs|node js|express|rails|puma|uwsgi|tomcat|backend|api|wsgi|"
                "code|codebase|unicorn");
    static const QRegularExpression webWeak = wordsRe("web\\d*|frontend|front end|www\\d+");
    static const QRegularExpression appWeak = wordsRe("app\\d*|apps|service|worker");

    const QString w = words(label) + words(sourceId);
    KindGuess g;
    QString m;
    if (has(w, firewall, &m)) {
        g.kind = Kind::Firewall;
    } else if (has(w, lb, &m)) {
        g.kind = Kind::LoadBalancer;
    } else if (has(w, monitoring, &m)) {
        g.kind = Kind::Monitoring;
        if (w.contains(QStringLiteral(" datadog ")))
            g.settings.insert(QStringLiteral("system"), QStringLiteral("datadog"));
        else if (w.contains(QStringLiteral(" sumo")))
            g.settings.insert(QStringLiteral("system"), QStringLiteral("sumologic"));
    } else if (has(w, cache, &m)) {
        g.kind = Kind::Cache;
        if (w.contains(QStringLiteral(" memcache")))
            g.settings.insert(QStringLiteral("engine"), QStringLiteral("memcached"));
    } else if (has(w, database, &m) || cylinder) {
        if (m.isEmpty())
            m = QStringLiteral("cylinder shape");
        g.kind = Kind::Database;
    } else if (has(w, dns, &m)) {
        g.kind = Kind::Dns;
    } else if (has(w, internet, &m)) {
        g.kind = Kind::Internet;
    } else if (has(w, webStrong, &m)) {
        g.kind = Kind::WebServer;
    } else if (has(w, appStrong, &m)) {
        g.kind = Kind::AppServer;
    } else if (has(w, webWeak, &m)) {
        g.kind = Kind::WebServer;
    } else if (has(w, appWeak, &m)) {
        g.kind = Kind::AppServer;
    } else if (circle) {
        g.kind = Kind::Internet;
        m = QStringLiteral("circle shape");
    } else {
        g.kind = Kind::AppServer;
        g.fallback = true;
        m = QStringLiteral("nothing recognised; assumed an application server");
    }
    g.reason = m;
    if (g.kind == Kind::Database) {
        if (w.contains(QStringLiteral(" mariadb ")))
            g.settings.insert(QStringLiteral("engine"), QStringLiteral("mariadb"));
        static const QRegularExpression replica =
            wordsRe("replica|replicas|slave|slaves|secondary|read replica|standby|follower|reader");
        QString r;
        if (has(w, replica, &r))
            g.settings.insert(QStringLiteral("role"), QStringLiteral("replica"));
    }
    if (g.kind == Kind::AppServer) {
        if (w.contains(QStringLiteral(" gunicorn ")) || w.contains(QStringLiteral(" flask ")) ||
            w.contains(QStringLiteral(" django ")) || w.contains(QStringLiteral(" wsgi ")) ||
            w.contains(QStringLiteral(" uwsgi ")))
            g.settings.insert(QStringLiteral("runtime"), QStringLiteral("gunicorn"));
        else if (w.contains(QStringLiteral(" php")))
            g.settings.insert(QStringLiteral("runtime"), QStringLiteral("php-fpm"));
        else if (w.contains(QStringLiteral(" node ")) || w.contains(QStringLiteral(" nodejs ")) ||
                 w.contains(QStringLiteral(" express ")))
            g.settings.insert(QStringLiteral("runtime"), QStringLiteral("node"));
    }
    return g;
}

QString designIdFrom(const QString &text, const QSet<QString> &taken)
{
    QString id;
    for (const QChar ch : text.toLower()) {
        if ((ch >= u'a' && ch <= u'z') || (ch >= u'0' && ch <= u'9'))
            id += ch;
        else if (!id.endsWith(u'-'))
            id += u'-';
    }
    while (id.startsWith(u'-'))
        id.remove(0, 1);
    while (id.endsWith(u'-'))
        id.chop(1);
    if (id.isEmpty() || !(id[0] >= u'a' && id[0] <= u'z'))
        id.prepend(QStringLiteral("n-"));
    id.truncate(MaxIdLength - 4);
    while (id.endsWith(u'-'))
        id.chop(1);
    if (!taken.contains(id))
        return id;
    for (int i = 2;; ++i) {
        const QString candidate = id + u'-' + QString::number(i);
        if (!taken.contains(candidate))
            return candidate;
    }
}

namespace {

// Diagram text may hold line breaks, tabs or other control characters and be
// of any length; the design's names and labels hold none and are short.
QString fitText(const QString &text, int maxLength)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        const char16_t u = c.unicode();
        out += (u < 0x20 || u == 0x7f || u == 0x2028 || u == 0x2029) ? QChar(u' ') : c;
    }
    out = out.simplified();
    if (out.size() > maxLength) {
        out.truncate(maxLength);
        if (out.back().isHighSurrogate())
            out.chop(1);
        out = out.trimmed();
    }
    return out;
}

// A group reads like a machine when its title or id names one: "web-01",
// "Server 2", "lb1 (10.0.0.5)", "VM", "EC2 instance".
bool machineLike(const RawGroup &g, QString *address)
{
    static const QRegularExpression ip(QStringLiteral("(\\d{1,3}(?:\\.\\d{1,3}){3})"));
    const QRegularExpressionMatch m = ip.match(g.title);
    if (m.hasMatch()) {
        *address = m.captured(1);
        return true;
    }
    static const QRegularExpression machine =
        wordsRe("server|servers? \\d+|host|hosts|machine|vm|vps|instance|ec2|droplet|box|node \\d+|"
                "[a-z]+ ?\\d+|[a-z]+ \\d+ \\d+");
    static const QRegularExpression notMachine =
        wordsRe("tier|layer|network|vpc|dmz|zone|region|cluster|pool|farm|group|cloud|aws|gcp|"
                "azure|datacenter|data center|backend|frontend|services|stack|subnet|private|"
                "public|internal|external|site");
    const QString w = words(g.title) + words(g.sourceId);
    QString match;
    if (has(w, notMachine, &match))
        return false;
    return has(w, machine, &match);
}

QString hostnameFromTitle(const QString &title)
{
    // "web-01 (10.0.0.5)", "web-01 10.0.0.5", "Server 1 - 10.0.0.5" -> the name part.
    QString name = title;
    const qsizetype paren = name.indexOf(u'(');
    if (paren > 0)
        name = name.left(paren);
    static const QRegularExpression ip(QStringLiteral("\\d{1,3}(\\.\\d{1,3}){3}"));
    name.remove(ip);
    static const QRegularExpression trailing(QStringLiteral("[\\s:@,-]+$"));
    name.remove(trailing);
    return name.trimmed();
}

struct LabelFacts
{
    QString protocol;
    int port = 0;
    bool reads = false;
    bool response = false;
    QString rest; // what remains as a free label
};

LabelFacts readLabel(const QString &label)
{
    LabelFacts f;
    QString text = label;
    static const QRegularExpression reads(
        QStringLiteral("\\((reads?|read[ -]only)\\)|\\bread[ -]only\\b|\\breads?\\b"),
        QRegularExpression::CaseInsensitiveOption);
    if (reads.match(text).hasMatch()) {
        f.reads = true;
        text.remove(reads);
    }
    static const QRegularExpression response(
        QStringLiteral("\\b(response|responses|reply|replies|returns?|result|results|answer)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    f.response = response.match(text).hasMatch();
    static const QRegularExpression port(
        QStringLiteral("(?:^|[\\s:/(])(?:port\\s*)?:?(\\d{2,5})\\b"),
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch pm = port.match(text);
    if (pm.hasMatch()) {
        const int p = pm.captured(1).toInt();
        if (p > 0 && p < 65536) {
            f.port = p;
            text.remove(pm.capturedStart(0), pm.capturedLength(0));
        }
    }
    static const QList<QPair<QString, QString>> protocols = {
        {QStringLiteral("replication|replicates|replicate|repl|binlog|sync"),
         QStringLiteral("replication")},
        {QStringLiteral("https|tls|ssl"), QStringLiteral("https")},
        {QStringLiteral("http"), QStringLiteral("http")},
        {QStringLiteral("mysql|sql"), QStringLiteral("mysql")},
        {QStringLiteral("redis|memcached"), QStringLiteral("redis")},
        {QStringLiteral("metrics|scrape|scrapes|monitors|monitoring"), QStringLiteral("metrics")},
        {QStringLiteral("tcp"), QStringLiteral("tcp")},
    };
    for (const auto &[pattern, protocol] : protocols) {
        const QRegularExpression re(QStringLiteral("\\b(") + pattern + QStringLiteral(")\\b"),
                                    QRegularExpression::CaseInsensitiveOption);
        if (re.match(text).hasMatch()) {
            f.protocol = protocol;
            text.remove(re);
            break;
        }
    }
    // Our own export joins a free label and the protocol with " · ".
    text.replace(QStringLiteral("·"), QStringLiteral(" "));
    static const QRegularExpression filler(
        QStringLiteral("\\b(to|via|over|from|and|the|on|port)\\b"),
        QRegularExpression::CaseInsensitiveOption);
    if (QString(text).remove(filler).simplified().isEmpty() ||
        QString(text).remove(filler).contains(
            QRegularExpression(QStringLiteral("^[\\s:/()\\-,.]*$"))))
        text.clear();
    text = text.simplified();
    static const QRegularExpression onlyPunct(QStringLiteral("^[\\s:/()\\-,.]*$"));
    if (!onlyPunct.match(text).hasMatch())
        f.rest = text;
    return f;
}

} // namespace

ImportResult checkedImport(ImportResult result)
{
    if (!result.design)
        return result;
    // Whatever the source said, the result must be a design our own reader
    // accepts (a hand-edited DOT can name a host that is not there).
    const LoadResult check = readDesign(writeDesign(*result.design));
    if (check.ok())
        return result;
    ImportResult failed;
    failed.error = QStringLiteral("1:1: the result is not a valid design: ") +
                   (check.errors.isEmpty() ? QString()
                                           : check.errors.front().path + QStringLiteral(": ") +
                                                 check.errors.front().message);
    return failed;
}

ImportResult buildDesign(const RawDiagram &raw, const QString &name)
{
    ImportResult result;
    result.notes = raw.notes;
    Design design;
    design.name = fitText(name, MaxNameLength);

    // Groups that become hosts.
    QHash<QString, const RawGroup *> groups;
    for (const RawGroup &g : raw.groups)
        groups.insert(g.sourceId, &g);
    QSet<QString> taken;
    QHash<QString, QString> hostOfGroup; // group sourceId -> host id
    for (const RawGroup &g : raw.groups) {
        bool hasNodes = false;
        for (const RawNode &n : raw.nodes)
            hasNodes = hasNodes || n.group == g.sourceId;
        QString address;
        const QString title = g.title.isEmpty() ? g.sourceId : g.title;
        if (!hasNodes) {
            result.notes.append(
                QStringLiteral("group \"%1\" holds no boxes directly; dropped").arg(title));
            continue;
        }
        if (!machineLike(g, &address)) {
            result.notes.append(QStringLiteral("group \"%1\" does not read like a machine; dropped "
                                               "(its components keep their own machines)")
                                    .arg(title));
            continue;
        }
        Host h;
        QString idSource = g.sourceId;
        const QString hostname = hostnameFromTitle(title);
        if (idSource.isEmpty() || idSource.startsWith(QStringLiteral("subgraph")))
            idSource = hostname;
        h.id = designIdFrom(idSource, taken);
        taken.insert(h.id);
        // A title's dotted quad may be no address at all ("603.0.113.42"); the
        // design keeps only what its own grammar accepts.
        if (!address.isEmpty() && !matchesGrammar(Grammar::Address, address)) {
            result.notes.append(
                QStringLiteral("group \"%1\": \"%2\" is not an IPv4 address; host left without one")
                    .arg(title, address));
            address.clear();
        }
        h.address = address;
        if (hostname != h.id && matchesGrammar(Grammar::Hostname, hostname))
            h.hostname = hostname;
        hostOfGroup.insert(g.sourceId, h.id);
        result.guesses.append(
            QStringLiteral("group \"%1\": host %2%3")
                .arg(title, h.id,
                     address.isEmpty() ? QString() : QStringLiteral(" at ") + address));
        design.hosts.append(h);
    }

    // Components.
    QHash<QString, QString> idOf; // sourceId -> component id
    for (const RawNode &n : raw.nodes) {
        Component c;
        QString idSource = n.sourceId;
        c.id = designIdFrom(idSource, taken);
        taken.insert(c.id);
        idOf.insert(n.sourceId, c.id);
        const QString shown = n.label.isEmpty() ? n.sourceId : n.label;
        std::optional<Kind> exact = n.kindHint.isEmpty() ? std::nullopt : kindFromName(n.kindHint);
        if (exact) {
            c.kind = *exact;
            const KindGuess g = guessKind(shown, QString(), n.cylinder, n.circle);
            if (g.kind == c.kind)
                c.settings = g.settings;
        } else {
            const KindGuess g = guessKind(shown, n.sourceId, n.cylinder, n.circle);
            c.kind = g.kind;
            c.settings = g.settings;
            QString settingsText;
            for (auto it = g.settings.begin(); it != g.settings.end(); ++it)
                settingsText += QStringLiteral(", %1 %2").arg(it.key(), it.value().toString());
            result.guesses.append(QStringLiteral("\"%1\": %2%3 (%4)")
                                      .arg(shown, kindName(g.kind), settingsText, g.reason));
        }
        if (!n.label.isEmpty() && n.label != n.sourceId) {
            c.label = fitText(n.label, MaxNameLength);
            // Keep the label only when it says more than the default one.
            Component probe = c;
            probe.label.clear();
            if (probe.displayLabel() == c.label)
                c.label.clear();
        }
        // The innermost group that became a host.
        QString group = n.group;
        while (!group.isEmpty() && !hostOfGroup.contains(group))
            group = groups.contains(group) ? groups[group]->parent : QString();
        if (!group.isEmpty()) {
            if (kindSpec(c.kind).mayHaveHost)
                c.host = hostOfGroup.value(group);
            else
                result.notes.append(QStringLiteral("\"%1\" is a %2, which never runs on a host; "
                                                   "taken out of its group")
                                        .arg(shown, kindName(c.kind)));
        }
        design.components.append(c);
    }
    design.reindex();

    // Links.
    QSet<QPair<QString, QString>> seen;
    for (const RawEdge &e : raw.edges) {
        QString from = idOf.value(e.reversedArrow ? e.to : e.from);
        QString to = idOf.value(e.reversedArrow ? e.from : e.to);
        if (from.isEmpty() || to.isEmpty())
            continue;
        const QString where = e.line > 0 ? QStringLiteral("line %1: ").arg(e.line) : QString();
        if (e.invisible) {
            result.notes.append(where +
                                QStringLiteral("invisible link %1 ~~~ %2 dropped").arg(from, to));
            continue;
        }
        if (from == to) {
            result.notes.append(where + QStringLiteral("link from %1 to itself dropped").arg(from));
            continue;
        }
        const Component *source = design.component(from);
        const Component *target = design.component(to);
        const LabelFacts facts = readLabel(e.label);
        // Traffic flows from the users inwards; an edge back to them (or one
        // labelled as a response) only describes the answer.
        if (target->kind == Kind::Internet && source->kind != Kind::Internet) {
            result.notes.append(where + QStringLiteral("link %1 -> %2 carries responses back to "
                                                       "the user; dropped")
                                            .arg(from, to));
            continue;
        }
        // An edge back up the stack (database to application, web server to
        // load balancer) next to the request's own edge is its answer.
        const auto depth = [](Kind k) { return k == Kind::Monitoring ? -1 : tierOf(k); };
        const bool upwards = depth(source->kind) > depth(target->kind) && depth(target->kind) >= 0;
        if ((facts.response || upwards) && seen.contains({to, from})) {
            result.notes.append(
                where +
                QStringLiteral("link %1 -> %2 is the response of %2 -> %1; dropped").arg(from, to));
            continue;
        }
        if (seen.contains({from, to})) {
            result.notes.append(where +
                                QStringLiteral("second link %1 -> %2 dropped").arg(from, to));
            continue;
        }
        if (e.bidirectional)
            result.notes.append(where + QStringLiteral("two-way link %1 <-> %2 kept as %1 -> %2 "
                                                       "(the direction of the request)")
                                            .arg(from, to));
        seen.insert({from, to});
        Link link;
        // A box may itself be called "l-2": link ids skip every id in use.
        for (qsizetype n = design.links.size() + 1; link.id.isEmpty() || taken.contains(link.id);
             ++n)
            link.id = QStringLiteral("l-") + QString::number(n);
        taken.insert(link.id);
        link.from = from;
        link.to = to;
        link.readsOnly = facts.reads && target->kind == Kind::Database;
        QString protocol = facts.protocol;
        if (source->kind == Kind::Database && target->kind == Kind::Database)
            protocol = QStringLiteral("replication");
        // "443/tcp" to a load balancer or web server is HTTPS.
        if (facts.port == 443 && (protocol.isEmpty() || protocol == QStringLiteral("tcp")) &&
            (target->kind == Kind::LoadBalancer || target->kind == Kind::WebServer))
            protocol = QStringLiteral("https");
        if (!protocol.isEmpty() && allProtocols().contains(protocol) &&
            protocol != defaultProtocolFor(target->kind))
            link.protocol = protocol;
        link.label = fitText(facts.rest, MaxNameLength);
        if (facts.port > 0) {
            Link probe = link;
            if (design.effectivePort(probe) != facts.port)
                link.port = facts.port;
        }
        design.links.append(link);
    }

    // Databases: the target of replication is a replica; a source a primary.
    for (const Link &l : design.links) {
        if (design.effectiveProtocol(l) != QStringLiteral("replication"))
            continue;
        Component *to = design.component(l.to);
        if (to && to->kind == Kind::Database &&
            to->settings.value(QStringLiteral("role")).toString() != QStringLiteral("replica")) {
            to->settings.insert(QStringLiteral("role"), QStringLiteral("replica"));
            result.guesses.append(QStringLiteral("%1: replica (it receives replication from %2)")
                                      .arg(to->id, l.from));
        }
    }
    // Labels that only restate the kind's default label go.
    for (Component &c : design.components) {
        if (c.label.isEmpty())
            continue;
        Component probe = c;
        probe.label.clear();
        if (probe.displayLabel() == c.label)
            c.label.clear();
    }

    LayoutOptions options;
    std::optional<Design> placed = autoLayout(design, options);
    result.design = placed ? *placed : design;
    return checkedImport(result);
}

namespace {

QString baseName(const QString &path)
{
    return path == QStringLiteral("-") ? QString() : QFileInfo(path).completeBaseName();
}

std::optional<QString> firstMermaidBlock(const QString &markdown)
{
    static const QRegularExpression fence(
        QStringLiteral("^[ \\t]*(```|~~~)[ \\t]*mermaid[^\\n]*\\n(.*?)^[ \\t]*\\1[ \\t]*$"),
        QRegularExpression::MultilineOption | QRegularExpression::DotMatchesEverythingOption);
    const QRegularExpressionMatch m = fence.match(markdown);
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(2);
}

} // namespace

ImportResult importFile(const QString &path)
{
    ImportResult result;
    QFile file;
    const bool isStdin = path == QStringLiteral("-");
    const bool opened = isStdin ? file.open(stdin, QIODevice::ReadOnly)
                                : (file.setFileName(path), file.open(QIODevice::ReadOnly));
    if (!opened) {
        result.error = QStringLiteral("cannot open: ") + file.errorString();
        return result;
    }
    const QByteArray bytes = file.read(MaxFileSize + 1);
    if (bytes.size() > MaxFileSize) {
        result.error = QStringLiteral("larger than 64 MiB");
        return result;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    const QString text = QString::fromUtf8(bytes);
    ImportResult out;
    if (suffix == QStringLiteral("dot") || suffix == QStringLiteral("gv")) {
        out = importDot(bytes);
    } else if (suffix == QStringLiteral("md") || suffix == QStringLiteral("markdown")) {
        const std::optional<QString> block = firstMermaidBlock(text);
        if (!block) {
            result.error = QStringLiteral("no ```mermaid block found");
            return result;
        }
        // Line numbers in messages count from the file's first line.
        const qsizetype at = text.indexOf(*block);
        const QString padding = QString(text.left(at).count(u'\n'), u'\n');
        out = importMermaid(padding + *block);
    } else if (suffix == QStringLiteral("mmd") || suffix == QStringLiteral("mermaid")) {
        out = importMermaid(text);
    } else {
        // Standard input or an unknown suffix: DOT starts with its keyword.
        static const QRegularExpression dotStart(
            QStringLiteral("^\\s*(?:(?://|#)[^\\n]*\\n\\s*|/\\*.*?\\*/"
                           "\\s*)*(strict\\s+)?(di)?graph\\s*[^\\s;]*\\s*\\{"),
            QRegularExpression::CaseInsensitiveOption |
                QRegularExpression::DotMatchesEverythingOption);
        if (dotStart.match(text).hasMatch())
            out = importDot(bytes);
        else if (const std::optional<QString> block = firstMermaidBlock(text))
            out = importMermaid(*block);
        else
            out = importMermaid(text);
    }
    if (out.design && out.design->name.isEmpty())
        out.design->name = baseName(path);
    return out;
}

} // namespace stackplan
