// The rules: each fires where it must and stays silent where it must not,
// each quick fix resolves its finding in one undo step without touching
// anything else, the dominator analysis agrees with a brute-force search on
// random designs, and the validate, fix and whatif verbs keep their contract.
#include "core/designio.h"
#include "core/document.h"
#include "core/schema.h"
#include "core/templates.h"
#include "rules/explain.h"
#include "rules/fixes.h"
#include "rules/registry.h"
#include "rules/report.h"
#include "rules/spof.h"
#include "rules/validator.h"
#include "rules/whatif.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace stackplan;

namespace {

QString dataPath(const QString &name)
{
    return QStringLiteral(STACKPLAN_TEST_DATA "/rules/") + name;
}

Design load(const QString &name)
{
    const LoadResult r = readDesignFile(dataPath(name));
    if (!r.ok())
        qFatal("cannot load %s", qPrintable(name));
    return *r.design;
}

QList<Finding> ofRule(const QList<Finding> &findings, const QString &rule)
{
    QList<Finding> out;
    for (const Finding &f : findings) {
        if (f.rule == rule)
            out.append(f);
    }
    return out;
}

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
};

Run runStackplan(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(STACKPLAN_BINARY), args);
    Run r;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

// ---- brute-force reference of the service-path analysis (rules.md) ----

struct Reference
{
    const Design &d;
    QHash<QString, QStringList> groupOf; // member -> all members
    QSet<QString> terminals;

    explicit Reference(const Design &design)
        : d(design)
    {
        QHash<QString, QStringList> clusters;
        for (const Component &c : d.components) {
            if (c.kind == Kind::LoadBalancer && !c.stringSetting(u"cluster").isEmpty() &&
                !c.stringSetting(u"vip").isEmpty())
                clusters[c.stringSetting(u"cluster") + u'/' + c.stringSetting(u"vip")].append(c.id);
        }
        for (const QStringList &members : std::as_const(clusters)) {
            if (members.size() > 1) {
                for (const QString &m : members)
                    groupOf.insert(m, members);
            }
        }
        for (const Component &c : d.components) {
            if (c.kind != Kind::Database || c.stringSetting(u"role") != QLatin1String("primary") ||
                c.stringSetting(u"failover") != QLatin1String("automatic"))
                continue;
            QStringList members{c.id};
            for (const Link &l : d.links) {
                const Component *t = d.component(l.to);
                if (l.from == c.id && d.effectiveProtocol(l) == QLatin1String("replication") && t &&
                    t->kind == Kind::Database &&
                    t->stringSetting(u"role") == QLatin1String("replica") &&
                    !groupOf.contains(t->id) && !members.contains(t->id))
                    members.append(t->id);
            }
            if (members.size() > 1) {
                for (const QString &m : std::as_const(members))
                    groupOf.insert(m, members);
            }
        }
        QList<Kind> order{Kind::Database, Kind::AppServer, Kind::WebServer, Kind::LoadBalancer};
        for (Kind k : order) {
            bool any = false;
            for (const Component &c : d.components)
                any |= c.kind == k;
            if (!any)
                continue;
            for (const Component &c : d.components) {
                if (c.kind != k)
                    continue;
                if (k == Kind::Database && c.stringSetting(u"role") != QLatin1String("primary"))
                    continue;
                terminals.insert(c.id);
                if (k == Kind::Database)
                    for (const QString &m : groupOf.value(c.id))
                        terminals.insert(m);
            }
            break;
        }
    }

    bool works(const QSet<QString> &removed) const
    {
        QSet<QString> seen;
        QStringList stack;
        for (const Component &c : d.components) {
            if (c.kind == Kind::Internet && !removed.contains(c.id)) {
                stack.append(c.id);
                seen.insert(c.id);
            }
        }
        while (!stack.isEmpty()) {
            const QString v = stack.takeLast();
            if (terminals.contains(v))
                return true;
            for (const Link &l : d.links) {
                const QString p = d.effectiveProtocol(l);
                if (l.from != v || p == QLatin1String("replication") ||
                    p == QLatin1String("metrics"))
                    continue;
                const QStringList targets = groupOf.value(l.to, {l.to});
                for (const QString &t : targets) {
                    if (!removed.contains(t) && !seen.contains(t)) {
                        seen.insert(t);
                        stack.append(t);
                    }
                }
            }
        }
        return false;
    }

    SpofReport analyse() const
    {
        SpofReport r;
        r.serviceWorks = works({});
        if (!r.serviceWorks)
            return r;
        QSet<QString> spofComponents;
        for (const Component &c : d.components) {
            if (c.kind != Kind::Internet && !works({c.id})) {
                r.components.append(c.id);
                spofComponents.insert(c.id);
            }
        }
        QSet<QString> cutHosts;
        bool zones = false;
        for (const Host &h : d.hosts) {
            zones |= !h.zone.isEmpty();
            QSet<QString> on;
            bool alone = false;
            for (const Component &c : d.components) {
                if (c.host == h.id) {
                    on.insert(c.id);
                    alone |= spofComponents.contains(c.id);
                }
            }
            if (!works(on)) {
                cutHosts.insert(h.id);
                if (!alone)
                    r.hosts.append(h.id);
            }
        }
        if (!zones)
            return r;
        QStringList names;
        for (const Host &h : d.hosts) {
            if (!h.zone.isEmpty() && !names.contains(h.zone))
                names.append(h.zone);
        }
        std::sort(names.begin(), names.end());
        for (const QString &z : std::as_const(names)) {
            QSet<QString> on;
            bool hostAlone = false;
            for (const Host &h : d.hosts) {
                if (h.zone != z)
                    continue;
                hostAlone |= cutHosts.contains(h.id);
                for (const Component &c : d.components) {
                    if (c.host == h.id)
                        on.insert(c.id);
                }
            }
            if (!hostAlone && !works(on))
                r.zones.append(z);
        }
        return r;
    }
};

Design randomDesign(QRandomGenerator &rng)
{
    Design d;
    const int hostCount = rng.bounded(1, 7);
    const bool zones = rng.bounded(2) == 0;
    for (int i = 0; i < hostCount; ++i) {
        Host h;
        h.id = QStringLiteral("h-%1").arg(i);
        if (zones)
            h.zone = QStringLiteral("z%1").arg(rng.bounded(2));
        d.hosts.append(h);
    }
    struct Spec
    {
        Kind kind;
        int max;
    };
    const Spec specs[] = {{Kind::Internet, 3},     {Kind::Dns, 1},       {Kind::Firewall, 2},
                          {Kind::LoadBalancer, 3}, {Kind::WebServer, 3}, {Kind::AppServer, 3},
                          {Kind::Cache, 1},        {Kind::Database, 3}};
    QList<int> tier;
    int t = 0;
    for (const Spec &s : specs) {
        const int count =
            s.kind == Kind::Internet ? rng.bounded(1, s.max + 1) : rng.bounded(s.max + 1);
        for (int i = 0; i < count; ++i) {
            Component c;
            c.kind = s.kind;
            c.id = QStringLiteral("%1-%2").arg(kindName(s.kind).left(3)).arg(i);
            if (s.kind != Kind::Internet && s.kind != Kind::Dns && rng.bounded(4) != 0)
                c.host = d.hosts[rng.bounded(hostCount)].id;
            if (s.kind == Kind::LoadBalancer) {
                if (rng.bounded(2))
                    c.settings.insert(QStringLiteral("cluster"),
                                      QStringLiteral("c%1").arg(rng.bounded(2)));
                if (rng.bounded(3))
                    c.settings.insert(QStringLiteral("vip"), QStringLiteral("10.0.0.100"));
            }
            if (s.kind == Kind::Database) {
                c.settings.insert(QStringLiteral("role"), rng.bounded(2)
                                                              ? QStringLiteral("primary")
                                                              : QStringLiteral("replica"));
                if (rng.bounded(2))
                    c.settings.insert(QStringLiteral("failover"), QStringLiteral("automatic"));
            }
            d.components.append(c);
            tier.append(t);
        }
        ++t;
    }
    const int n = int(d.components.size());
    int nextLink = 1000;
    if (rng.bounded(2)) {
        // Layered: each component feeds one or two of the next tier that has any,
        // which gives redundant paths sharing hosts and zones.
        for (int a = 0; a < n; ++a) {
            int nextTier = -1;
            for (int b = 0; b < n; ++b) {
                if (tier[b] > tier[a] && (nextTier < 0 || tier[b] < nextTier))
                    nextTier = tier[b];
            }
            QList<int> candidates;
            for (int b = 0; b < n; ++b) {
                if (tier[b] == nextTier)
                    candidates.append(b);
            }
            for (int k = rng.bounded(1, 3); k > 0 && !candidates.isEmpty(); --k) {
                const int b = candidates.takeAt(rng.bounded(int(candidates.size())));
                Link l;
                l.id = QStringLiteral("l-%1").arg(nextLink++);
                l.from = d.components[a].id;
                l.to = d.components[b].id;
                d.links.append(l);
            }
        }
    }
    const int linkCount = rng.bounded(n + 1);
    for (int i = 0; i < linkCount; ++i) {
        const int a = rng.bounded(n);
        int b = rng.bounded(n);
        if (a == b)
            continue;
        // Mostly forward through the tiers, sometimes backwards or sideways.
        if (tier[b] < tier[a] && rng.bounded(4) != 0)
            continue;
        Link l;
        l.id = QStringLiteral("l-%1").arg(i + 1);
        l.from = d.components[a].id;
        l.to = d.components[b].id;
        const int p = rng.bounded(20);
        if (p == 0)
            l.protocol = QStringLiteral("metrics");
        else if (p < 4 && d.components[a].kind == Kind::Database &&
                 d.components[b].kind == Kind::Database)
            l.protocol = QStringLiteral("replication");
        d.links.append(l);
    }
    d.reindex();
    return d;
}

QStringList sorted(QStringList l)
{
    std::sort(l.begin(), l.end());
    return l;
}

} // namespace

class TestRules : public QObject
{
    Q_OBJECT

private slots:
    void registryIsComplete();
    void ruleFires_data();
    void ruleFires();
    void cleanDesignHasNoFindings();
    void nearMissesStaySilent_data();
    void nearMissesStaySilent();
    void everyRuleRunsOnEveryDesign();
    void fixResolvesFinding_data();
    void fixResolvesFinding();
    void fixAddsWhatItShould();
    void fixAllLeavesNoWarnings_data();
    void fixAllLeavesNoWarnings();
    void dominatorsMatchBruteForce();
    void validatorFollowsDocument();
    void whatIfReportsOutage();
    void validateExitCodes();
    void validateJson();
    void validateSarif();
    void fixVerb();
    void whatifVerb();
    void docsCoverEveryRule();
    void explainIsSpecific();
    void explainVerb();
    void validatorMatchesFullValidation();
};

void TestRules::registryIsComplete()
{
    const QStringList expected{
        QStringLiteral("SPOF000"), QStringLiteral("SPOF001"), QStringLiteral("SPOF002"),
        QStringLiteral("SPOF003"), QStringLiteral("SPOF004"), QStringLiteral("SPOF005"),
        QStringLiteral("SPOF006"), QStringLiteral("SEC001"),  QStringLiteral("SEC002"),
        QStringLiteral("SEC003"),  QStringLiteral("SEC004"),  QStringLiteral("SEC005"),
        QStringLiteral("SEC006"),  QStringLiteral("OPS001"),  QStringLiteral("OPS002"),
        QStringLiteral("OPS003"),  QStringLiteral("OPS004"),  QStringLiteral("STR001"),
        QStringLiteral("STR002"),  QStringLiteral("STR003"),  QStringLiteral("STR004"),
        QStringLiteral("STR005"),  QStringLiteral("STR006"),  QStringLiteral("STR007"),
        QStringLiteral("STR008"),  QStringLiteral("STR009")};
    QStringList ids;
    for (const RuleInfo &r : allRules()) {
        ids.append(r.id);
        QVERIFY2(r.check, qPrintable(r.id));
        QVERIFY(!r.title.isEmpty() && !r.description.isEmpty() && !r.risk.isEmpty() &&
                !r.remediation.isEmpty());
    }
    QCOMPARE(sorted(ids), sorted(expected));
    QCOMPARE(findRule(u"SEC002")->severity, Severity::Error);
    QCOMPARE(findRule(u"SEC005")->severity, Severity::Info);
    QCOMPARE(findRule(u"SPOF001")->severity, Severity::Warning);
}

void TestRules::ruleFires_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QStringList>("elements");
    auto row = [](const char *rule, QStringList elements) {
        QTest::newRow(rule) << QString::fromLatin1(rule) << elements;
    };
    using L = QStringList;
    row("SPOF000", L{QStringLiteral("fw")});
    row("SPOF001", L{QStringLiteral("haproxy-1")});
    row("SPOF002", L{QStringLiteral("nginx-1")});
    row("SPOF003", L{QStringLiteral("app-1")});
    row("SPOF004", L{QStringLiteral("mysql-primary")});
    row("SPOF005", L{QStringLiteral("web-01")});
    row("SPOF006", L{QStringLiteral("lb-01"), QStringLiteral("lb-02"), QStringLiteral("web-01"),
                     QStringLiteral("web-02"), QStringLiteral("app-01"), QStringLiteral("app-02"),
                     QStringLiteral("db-01"), QStringLiteral("db-02"), QStringLiteral("mon-01")});
    row("SEC001", L{QStringLiteral("lb-01")});
    row("SEC002", L{QStringLiteral("mysql-primary"), QStringLiteral("l-16")});
    row("SEC003", L{QStringLiteral("haproxy-1")});
    row("SEC004", L{QStringLiteral("haproxy-1")});
    row("SEC005", L{QStringLiteral("l-3")});
    row("SEC006", L{QStringLiteral("web-01")});
    row("OPS001", L{QStringLiteral("app-01")});
    row("OPS002", L{QStringLiteral("lb-01"), QStringLiteral("lb-02"), QStringLiteral("web-01"),
                    QStringLiteral("web-02"), QStringLiteral("app-01"), QStringLiteral("app-02"),
                    QStringLiteral("db-01"), QStringLiteral("db-02")});
    row("OPS003", L{QStringLiteral("mysql-primary")});
    row("OPS004", L{QStringLiteral("mysql-primary")});
    row("STR001", L{QStringLiteral("haproxy-1")});
    row("STR002", L{QStringLiteral("l-16")});
    row("STR003", L{QStringLiteral("app-1"), QStringLiteral("app-2")});
    row("STR004", L{QStringLiteral("l-13")});
    row("STR005", L{QStringLiteral("redis")});
    row("STR006", L{});
    row("STR007", L{QStringLiteral("mysql-primary"), QStringLiteral("mysql-replica")});
    row("STR008", L{QStringLiteral("haproxy-2"), QStringLiteral("haproxy-1")});
    row("STR009", L{QStringLiteral("web-01"), QStringLiteral("web-02")});
}

void TestRules::ruleFires()
{
    QFETCH(QString, rule);
    QFETCH(QStringList, elements);
    const QList<Finding> found = ofRule(validate(load(rule + QStringLiteral(".stackplan"))), rule);
    QVERIFY2(!found.isEmpty(), qPrintable(rule));
    const Finding &f = found.front();
    QCOMPARE(f.elements, elements);
    const RuleInfo *info = findRule(rule);
    QCOMPARE(f.severity, info->severity);
    QCOMPARE(f.title, info->title);
    QCOMPARE(f.remediation, info->remediation);
    QCOMPARE(f.fix, info->hasFix);
    // The message names what it is about.
    for (const QString &e : std::as_const(elements).mid(0, 2))
        QVERIFY2(f.message.contains(e), qPrintable(f.message));
    // The unchanged design does not have it.
    QVERIFY(ofRule(validate(load(QStringLiteral("clean.stackplan"))), rule).isEmpty());
}

void TestRules::cleanDesignHasNoFindings()
{
    const QList<Finding> findings = validate(load(QStringLiteral("clean.stackplan")));
    QVERIFY2(findings.isEmpty(), findings.isEmpty() ? "" : qPrintable(findings.front().message));
}

void TestRules::nearMissesStaySilent_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("rule");
    // Behind a firewall appliance on every path: no host firewall needed.
    QTest::newRow("SEC001 behind appliance")
        << QStringLiteral("ok-SEC001") << QStringLiteral("SEC001");
    // Two web servers share a host, but a third elsewhere keeps a path.
    QTest::newRow("SPOF005 third server")
        << QStringLiteral("ok-SPOF005") << QStringLiteral("SPOF005");
    // Zones split down the middle.
    QTest::newRow("SPOF006 two zones") << QStringLiteral("ok-SPOF006") << QStringLiteral("SPOF006");
    // No TLS at all: SEC003 speaks, SEC004 does not.
    QTest::newRow("SEC004 without tls") << QStringLiteral("ok-SEC004") << QStringLiteral("SEC004");
}

void TestRules::nearMissesStaySilent()
{
    QFETCH(QString, file);
    QFETCH(QString, rule);
    QVERIFY(ofRule(validate(load(file + QStringLiteral(".stackplan"))), rule).isEmpty());
}

void TestRules::everyRuleRunsOnEveryDesign()
{
    // A structural error does not hide a single point of failure.
    Design d = load(QStringLiteral("SPOF001.stackplan"));
    Link bad;
    bad.id = QStringLiteral("l-99");
    bad.from = QStringLiteral("mysql-primary");
    bad.to = QStringLiteral("users");
    d.links.append(bad);
    d.reindex();
    const QList<Finding> findings = validate(d);
    QVERIFY(!ofRule(findings, QStringLiteral("STR002")).isEmpty());
    QVERIFY(!ofRule(findings, QStringLiteral("SPOF001")).isEmpty());
    // Errors come first.
    QCOMPARE(findings.front().severity, Severity::Error);
}

void TestRules::fixResolvesFinding_data()
{
    QTest::addColumn<QString>("rule");
    for (const RuleInfo &r : allRules()) {
        if (r.hasFix)
            QTest::newRow(qPrintable(r.id)) << r.id;
    }
}

void TestRules::fixResolvesFinding()
{
    QFETCH(QString, rule);
    const Design before = load(rule + QStringLiteral(".stackplan"));
    const QByteArray bytes = writeDesign(before);
    Document doc;
    doc.resetDesign(before);
    const Finding f = ofRule(validate(doc.design()), rule).front();
    QVERIFY(applyFix(doc, f));
    QCOMPARE(doc.undoStack()->count(), 1); // one undo step
    const QList<Finding> after = validate(doc.design());
    QVERIFY2(!ofRule(after, rule).contains(f), qPrintable(f.message));
    // Minimal: what the finding does not name stays as it was.
    const Design &d = doc.design();
    if (rule != QStringLiteral("SEC005") && rule != QStringLiteral("STR002")) {
        for (const Host &h : before.hosts) {
            if (!f.elements.contains(h.id))
                QVERIFY2(d.host(h.id) && *d.host(h.id) == h, qPrintable(h.id));
        }
        for (const Component &c : before.components) {
            // Components of a named host may move off it (SPOF005).
            if (!f.elements.contains(c.id) && !f.elements.contains(c.host))
                QVERIFY2(d.component(c.id) && *d.component(c.id) == c, qPrintable(c.id));
        }
        for (const Link &l : before.links) {
            if (!f.elements.contains(l.id))
                QVERIFY2(d.link(l.id) && *d.link(l.id) == l, qPrintable(l.id));
        }
    }
    // Deterministic.
    Document again;
    again.resetDesign(before);
    QVERIFY(applyFix(again, f));
    QCOMPARE(writeDesign(again.design()), writeDesign(doc.design()));
    // Undo restores the design byte for byte.
    doc.undoStack()->undo();
    QCOMPARE(writeDesign(doc.design()), bytes);
}

void TestRules::fixAddsWhatItShould()
{
    {
        // A second load balancer on a new host next to the first, clustered behind a VIP.
        Document doc;
        doc.resetDesign(load(QStringLiteral("SPOF001.stackplan")));
        QVERIFY(applyFix(doc, ofRule(validate(doc.design()), QStringLiteral("SPOF001")).front()));
        const Design &d = doc.design();
        const Component *lb2 = d.component(QStringLiteral("haproxy-2"));
        QVERIFY(lb2);
        QCOMPARE(lb2->host, QStringLiteral("lb-02"));
        const Component *lb1 = d.component(QStringLiteral("haproxy-1"));
        QVERIFY(!lb1->stringSetting(u"cluster").isEmpty());
        QCOMPARE(lb2->stringSetting(u"cluster"), lb1->stringSetting(u"cluster"));
        QCOMPARE(lb2->stringSetting(u"vip"), lb1->stringSetting(u"vip"));
        QVERIFY(lb1->stringSetting(u"vip").startsWith(QStringLiteral("203.0.113.")));
        const Host *h = d.host(QStringLiteral("lb-02"));
        QVERIFY(h->address.startsWith(QStringLiteral("203.0.113.")));
        QVERIFY(h->address != d.host(QStringLiteral("lb-01"))->address);
        QCOMPARE(h->position->x(), d.host(QStringLiteral("lb-01"))->position->x());
        QCOMPARE(h->firewallEnabled, true);
        int in = 0, out = 0;
        for (const Link &l : d.links) {
            in += l.to == lb2->id;
            out += l.from == lb2->id;
        }
        QCOMPARE(in, 1);  // users
        QCOMPARE(out, 2); // both web servers
        QVERIFY(analyzeSpof(d).components.isEmpty());
    }
    {
        // A web server clone, with the links of the original.
        Document doc;
        doc.resetDesign(load(QStringLiteral("SPOF002.stackplan")));
        QVERIFY(applyFix(doc, ofRule(validate(doc.design()), QStringLiteral("SPOF002")).front()));
        const Design &d = doc.design();
        const Component *web = d.component(QStringLiteral("nginx-2"));
        QVERIFY(web);
        QCOMPARE(web->host, QStringLiteral("web-03")); // web-02 exists (empty)
        QCOMPARE(web->kind, Kind::WebServer);
        QStringList from, to;
        for (const Link &l : d.links) {
            if (l.to == web->id)
                from.append(l.from);
            if (l.from == web->id)
                to.append(l.to);
        }
        QCOMPARE(sorted(from),
                 (QStringList{QStringLiteral("haproxy-1"), QStringLiteral("haproxy-2")}));
        QCOMPARE(sorted(to), (QStringList{QStringLiteral("app-1"), QStringLiteral("app-2")}));
    }
    {
        // A replica on a new host, fed by replication.
        Document doc;
        doc.resetDesign(load(QStringLiteral("OPS004.stackplan")));
        QVERIFY(applyFix(doc, ofRule(validate(doc.design()), QStringLiteral("OPS004")).front()));
        const Design &d = doc.design();
        const Component *r = d.component(QStringLiteral("mysql-replica"));
        QVERIFY(r);
        QCOMPARE(r->stringSetting(u"role"), QStringLiteral("replica"));
        QCOMPARE(r->host, QStringLiteral("db-02"));
        bool fed = false;
        for (const Link &l : d.links)
            fed |= l.from == QStringLiteral("mysql-primary") && l.to == r->id &&
                   l.protocol == QStringLiteral("replication");
        QVERIFY2(fed, writeDesign(d).mid(writeDesign(d).indexOf("\"links\"")).constData());
    }
    {
        // Host SPOF: one of the two web servers moves to a new host.
        Document doc;
        doc.resetDesign(load(QStringLiteral("SPOF005.stackplan")));
        QVERIFY(applyFix(doc, ofRule(validate(doc.design()), QStringLiteral("SPOF005")).front()));
        const Design &d = doc.design();
        QVERIFY(d.component(QStringLiteral("nginx-1"))->host !=
                d.component(QStringLiteral("nginx-2"))->host);
        QVERIFY(analyzeSpof(d).hosts.isEmpty());
    }
    {
        // No entry: an internet component linked to both load balancers.
        Document doc;
        doc.resetDesign(load(QStringLiteral("STR006.stackplan")));
        QVERIFY(applyFix(doc, ofRule(validate(doc.design()), QStringLiteral("STR006")).front()));
        const Design &d = doc.design();
        const Component *users = d.component(QStringLiteral("users"));
        QVERIFY(users && users->kind == Kind::Internet);
        QCOMPARE(d.linksOf(QStringLiteral("users")).size(), 2);
    }
    {
        // A monitoring server for agents with no collector.
        Document doc;
        doc.resetDesign(load(QStringLiteral("OPS002.stackplan")));
        QVERIFY(applyFix(doc, ofRule(validate(doc.design()), QStringLiteral("OPS002")).front()));
        bool any = false;
        for (const Component &c : doc.design().components)
            any |= c.kind == Kind::Monitoring && !c.host.isEmpty();
        QVERIFY(any);
    }
}

void TestRules::fixAllLeavesNoWarnings_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("bytes");
    for (const TemplateInfo &t : bundledTemplates())
        QTest::newRow(qPrintable(QStringLiteral("template ") + t.name))
            << t.name << *templateBytes(t.name);
    const QStringList files = QDir(dataPath(QString())).entryList({QStringLiteral("*.stackplan")});
    QVERIFY(files.size() >= 26);
    for (const QString &f : files) {
        QFile file(dataPath(f));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QTest::newRow(qPrintable(f)) << f << file.readAll();
    }
}

void TestRules::fixAllLeavesNoWarnings()
{
    QFETCH(QByteArray, bytes);
    const LoadResult r = readDesign(bytes);
    QVERIFY(r.ok());
    Document doc;
    doc.resetDesign(*r.design);
    fixAll(doc);
    const QList<Finding> left = validate(doc.design());
    QVERIFY2(countAtLeast(left, Severity::Warning) == 0,
             left.isEmpty() ? "" : qPrintable(left.front().rule + u' ' + left.front().message));
    // Undo walks back to the original.
    while (doc.undoStack()->canUndo())
        doc.undoStack()->undo();
    QCOMPARE(writeDesign(doc.design()), writeDesign(*r.design));
}

void TestRules::dominatorsMatchBruteForce()
{
    quint32 seed = QRandomGenerator::global()->generate();
    if (qEnvironmentVariableIsSet("STACKPLAN_SEED"))
        seed = qEnvironmentVariable("STACKPLAN_SEED").toUInt();
    QRandomGenerator rng(seed);
    int working = 0, withHosts = 0, withZones = 0, withComponents = 0;
    for (int i = 0; i < 3000; ++i) {
        const Design d = randomDesign(rng);
        const SpofReport fast = analyzeSpof(d);
        const SpofReport slow = Reference(d).analyse();
        const QString where =
            QStringLiteral("seed %1, design %2 (STACKPLAN_SEED=%1 to repeat)").arg(seed).arg(i);
        if (fast.components != slow.components || fast.hosts != slow.hosts ||
            fast.zones != slow.zones || fast.serviceWorks != slow.serviceWorks)
            qWarning().noquote() << writeDesign(d);
        QVERIFY2(fast.serviceWorks == slow.serviceWorks, qPrintable(where));
        QVERIFY2(sorted(fast.components) == sorted(slow.components), qPrintable(where));
        QVERIFY2(sorted(fast.hosts) == sorted(slow.hosts), qPrintable(where));
        QVERIFY2(sorted(fast.zones) == sorted(slow.zones), qPrintable(where));
        working += slow.serviceWorks;
        withComponents += !slow.components.isEmpty();
        withHosts += !slow.hosts.isEmpty();
        withZones += !slow.zones.isEmpty();
    }
    // The generator must exercise every case, or the comparison proves little.
    QVERIFY(working > 300);
    QVERIFY(withComponents > 100);
    QVERIFY(withHosts > 10);
    qInfo("%d of 3000 designs work; %d have component, %d host and %d zone SPOFs", working,
          withComponents, withHosts, withZones);
    QVERIFY(withZones > 10);
}

void TestRules::validatorFollowsDocument()
{
    Document doc;
    doc.resetDesign(load(QStringLiteral("clean.stackplan")));
    Validator validator(&doc);
    QVERIFY(validator.findings().isEmpty());
    QSignalSpy spy(&validator, &Validator::findingsChanged);
    QVERIFY(doc.setSetting(QStringLiteral("mysql-primary"), QStringLiteral("backup"), false));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(validator.findings(), validate(doc.design()));
    QCOMPARE(validator.findingsFor(QStringLiteral("mysql-primary")).size(), 1);
    QCOMPARE(validator.worstSeverity(QStringLiteral("mysql-primary")), Severity::Warning);
    QVERIFY(!validator.worstSeverity(QStringLiteral("nginx-1")));
    // A quick fix through the same document clears it again.
    QVERIFY(applyFix(doc, validator.findings().front()));
    QVERIFY(validator.findings().isEmpty());
    doc.undoStack()->undo();
    QCOMPARE(validator.findings().size(), 1);
}

void TestRules::whatIfReportsOutage()
{
    const Design d = *templateDesign(QStringLiteral("three-server"));
    const WhatIfResult lb = whatIf(d, {QStringLiteral("lb-01")});
    QVERIFY(lb.serviceBefore);
    QVERIFY(!lb.serviceAfter);
    QCOMPARE(lb.failed, QStringList{QStringLiteral("haproxy")});
    QVERIFY(lb.dark.contains(QStringLiteral("nginx-1")) &&
            lb.dark.contains(QStringLiteral("mysql-primary")));
    QVERIFY(lb.tiersLost.contains(QStringLiteral("web_server")));
    const WhatIfResult web2 = whatIf(d, {QStringLiteral("web-02")});
    QVERIFY(web2.serviceAfter);
    QVERIFY(web2.tiersLost.isEmpty());
    QCOMPARE(web2.failed.size(), 3);
    const WhatIfResult zone =
        whatIf(load(QStringLiteral("ok-SPOF006.stackplan")), {QStringLiteral("dc2")});
    QVERIFY(zone.serviceAfter);
    QVERIFY(zone.failed.contains(QStringLiteral("haproxy-2")));
    QCOMPARE(whatIf(d, {QStringLiteral("nothing")}).unknown,
             QStringList{QStringLiteral("nothing")});
}

void TestRules::validateExitCodes()
{
    const QString clean = dataPath(QStringLiteral("clean.stackplan"));
    const QString warn = dataPath(QStringLiteral("SPOF001.stackplan"));
    const QString err = dataPath(QStringLiteral("STR009.stackplan"));
    const QString info = dataPath(QStringLiteral("SEC005.stackplan"));
    QCOMPARE(runStackplan({QStringLiteral("validate"), clean}).code, 0);
    QCOMPARE(runStackplan({QStringLiteral("validate"), warn}).code, 0); // default --fail-on error
    QCOMPARE(runStackplan({QStringLiteral("validate"), err}).code, 1);
    QCOMPARE(runStackplan({QStringLiteral("validate"), warn, QStringLiteral("--fail-on"),
                           QStringLiteral("warning")})
                 .code,
             1);
    QCOMPARE(runStackplan({QStringLiteral("validate"), info, QStringLiteral("--fail-on"),
                           QStringLiteral("warning")})
                 .code,
             0);
    QCOMPARE(runStackplan({QStringLiteral("validate"), info, QStringLiteral("--fail-on"),
                           QStringLiteral("info")})
                 .code,
             1);
    QCOMPARE(runStackplan({QStringLiteral("validate"), err, QStringLiteral("--fail-on"),
                           QStringLiteral("never")})
                 .code,
             0);
    QCOMPARE(runStackplan({QStringLiteral("validate"), clean, err}).code, 1);
    QCOMPARE(runStackplan({QStringLiteral("validate"), clean, QStringLiteral("--format"),
                           QStringLiteral("xml")})
                 .code,
             2);
    QCOMPARE(runStackplan({QStringLiteral("validate"), clean, QStringLiteral("--fail-on"),
                           QStringLiteral("always")})
                 .code,
             2);
    QCOMPARE(runStackplan({QStringLiteral("validate")}).code, 2);
    QTemporaryDir dir;
    const QString broken = dir.filePath(QStringLiteral("broken.stackplan"));
    QFile f(broken);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("{\"stackplan\": 1, \"components\": [\n  {\"id\": \"x\", \"kind\": \"teapot\"}\n]}\n");
    f.close();
    const Run bad = runStackplan({QStringLiteral("validate"), clean, broken});
    QCOMPARE(bad.code, 2);
    QVERIFY(bad.err.contains("broken.stackplan"));
    QCOMPARE(
        runStackplan({QStringLiteral("validate"), dir.filePath(QStringLiteral("missing"))}).code,
        2);
    // Text: one line a finding, like a compiler.
    const Run text = runStackplan({QStringLiteral("validate"), warn});
    QVERIFY(text.out.startsWith(
        (warn + QStringLiteral(": warning: SPOF001 Single load balancer: ")).toUtf8()));
    QVERIFY(text.out.trimmed().endsWith("[haproxy-1]"));
}

void TestRules::validateJson()
{
    const QString file = dataPath(QStringLiteral("SEC002.stackplan"));
    const Run r = runStackplan(
        {QStringLiteral("validate"), file, QStringLiteral("--format"), QStringLiteral("json")});
    QCOMPARE(r.code, 1);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value(QStringLiteral("file")).toString(), file);
    const QJsonArray findings = o.value(QStringLiteral("findings")).toArray();
    QVERIFY(!findings.isEmpty());
    const QJsonObject first = findings.first().toObject();
    QCOMPARE(first.value(QStringLiteral("rule")).toString(), QStringLiteral("SEC002"));
    QCOMPARE(first.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
    QCOMPARE(first.value(QStringLiteral("title")).toString(), findRule(u"SEC002")->title);
    QCOMPARE(first.value(QStringLiteral("elements")).toArray().first().toString(),
             QStringLiteral("mysql-primary"));
    QVERIFY(!first.value(QStringLiteral("message")).toString().isEmpty());
    QVERIFY(!first.value(QStringLiteral("remediation")).toString().isEmpty());
    QVERIFY(first.value(QStringLiteral("fix")).isBool());
    const QJsonObject summary = o.value(QStringLiteral("summary")).toObject();
    QCOMPARE(summary.value(QStringLiteral("error")).toInt(), 1);
    int total = 0;
    for (const char *k : {"error", "warning", "info"})
        total += summary.value(QString::fromLatin1(k)).toInt();
    QCOMPARE(total, findings.size());
}

void TestRules::validateSarif()
{
    const QString a = dataPath(QStringLiteral("SPOF001.stackplan"));
    const QString b = dataPath(QStringLiteral("STR009.stackplan"));
    const Run r = runStackplan(
        {QStringLiteral("validate"), a, b, QStringLiteral("--format"), QStringLiteral("sarif")});
    QCOMPARE(r.code, 1);
    QJsonParseError error;
    const QJsonObject log = QJsonDocument::fromJson(r.out, &error).object();
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(log.value(QStringLiteral("version")).toString(), QStringLiteral("2.1.0"));
    QVERIFY(log.value(QStringLiteral("$schema")).toString().contains(QStringLiteral("sarif")));
    const QJsonObject run = log.value(QStringLiteral("runs")).toArray().first().toObject();
    const QJsonObject driver =
        run.value(QStringLiteral("tool")).toObject().value(QStringLiteral("driver")).toObject();
    QCOMPARE(driver.value(QStringLiteral("name")).toString(), QStringLiteral("stackplan"));
    const QJsonArray rules = driver.value(QStringLiteral("rules")).toArray();
    QCOMPARE(rules.size(), allRules().size());
    QStringList ids;
    for (const QJsonValue &v : rules) {
        const QJsonObject rule = v.toObject();
        ids.append(rule.value(QStringLiteral("id")).toString());
        QVERIFY(!rule.value(QStringLiteral("name")).toString().isEmpty());
        for (const char *k : {"shortDescription", "fullDescription", "help"})
            QVERIFY(!rule.value(QString::fromLatin1(k))
                         .toObject()
                         .value(QStringLiteral("text"))
                         .toString()
                         .isEmpty());
        const QString level = rule.value(QStringLiteral("defaultConfiguration"))
                                  .toObject()
                                  .value(QStringLiteral("level"))
                                  .toString();
        QVERIFY(QStringList(
                    {QStringLiteral("error"), QStringLiteral("warning"), QStringLiteral("note")})
                    .contains(level));
    }
    QVERIFY(ids.contains(QStringLiteral("SPOF006")));
    const QJsonArray results = run.value(QStringLiteral("results")).toArray();
    QSet<QString> uris;
    bool sawLb = false;
    for (const QJsonValue &v : results) {
        const QJsonObject res = v.toObject();
        const int index = res.value(QStringLiteral("ruleIndex")).toInt();
        QCOMPARE(rules.at(index).toObject().value(QStringLiteral("id")).toString(),
                 res.value(QStringLiteral("ruleId")).toString());
        const QJsonObject phys = res.value(QStringLiteral("locations"))
                                     .toArray()
                                     .first()
                                     .toObject()
                                     .value(QStringLiteral("physicalLocation"))
                                     .toObject();
        uris.insert(phys.value(QStringLiteral("artifactLocation"))
                        .toObject()
                        .value(QStringLiteral("uri"))
                        .toString());
        QVERIFY(phys.value(QStringLiteral("region"))
                    .toObject()
                    .value(QStringLiteral("startLine"))
                    .toInt() >= 1);
        if (res.value(QStringLiteral("ruleId")).toString() == QStringLiteral("SPOF001")) {
            sawLb = true;
            QCOMPARE(res.value(QStringLiteral("level")).toString(), QStringLiteral("warning"));
            // The line of haproxy-1 in the file.
            QFile f(a);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QList<QByteArray> lines = f.readAll().split('\n');
            const int line = phys.value(QStringLiteral("region"))
                                 .toObject()
                                 .value(QStringLiteral("startLine"))
                                 .toInt();
            QVERIFY(lines.at(line - 1).contains("\"id\": \"haproxy-1\""));
        }
    }
    QVERIFY(sawLb);
    QCOMPARE(uris, (QSet<QString>{a, b}));
}

void TestRules::fixVerb()
{
    QTemporaryDir dir;
    const QString out = dir.filePath(QStringLiteral("fixed.stackplan"));
    const Run r =
        runStackplan({QStringLiteral("fix"), dataPath(QStringLiteral("SPOF001.stackplan")),
                      QStringLiteral("-o"), out});
    QCOMPARE(r.code, 0);
    QCOMPARE(runStackplan({QStringLiteral("validate"), out, QStringLiteral("--fail-on"),
                           QStringLiteral("info")})
                 .code,
             0);
    // Only the named rules.
    const QString partial = dir.filePath(QStringLiteral("partial.stackplan"));
    QCOMPARE(runStackplan({QStringLiteral("fix"), dataPath(QStringLiteral("STR001.stackplan")),
                           QStringLiteral("-o"), partial, QStringLiteral("--rule"),
                           QStringLiteral("STR001")})
                 .code,
             0);
    const QList<Finding> left = validate(*readDesignFile(partial).design);
    QVERIFY(ofRule(left, QStringLiteral("STR001")).isEmpty());
    QCOMPARE(runStackplan({QStringLiteral("fix"), dataPath(QStringLiteral("clean.stackplan")),
                           QStringLiteral("-o"), partial, QStringLiteral("--rule"),
                           QStringLiteral("NOPE001")})
                 .code,
             2);
    QCOMPARE(
        runStackplan({QStringLiteral("fix"), dataPath(QStringLiteral("clean.stackplan"))}).code, 2);
    QCOMPARE(runStackplan({QStringLiteral("fix"), dataPath(QStringLiteral("clean.stackplan")),
                           QStringLiteral("-o"),
                           dir.filePath(QStringLiteral("no/such/dir/x.stackplan"))})
                 .code,
             3);
}

void TestRules::whatifVerb()
{
    const QString file = dataPath(QStringLiteral("clean.stackplan"));
    const Run ok = runStackplan({QStringLiteral("whatif"), file, QStringLiteral("lb-01")});
    QCOMPARE(ok.code, 0);
    QVERIFY(ok.out.contains("haproxy-1"));
    QVERIFY(ok.out.contains("still works"));
    const Run down = runStackplan(
        {QStringLiteral("whatif"), file, QStringLiteral("lb-01"), QStringLiteral("haproxy-2")});
    QCOMPARE(down.code, 1);
    QVERIFY(down.out.contains("nginx-1"));
    QVERIFY(down.out.contains("DOWN"));
    QCOMPARE(runStackplan({QStringLiteral("whatif"), file, QStringLiteral("nope")}).code, 2);
    QCOMPARE(runStackplan({QStringLiteral("whatif"), file}).code, 2);
}

void TestRules::docsCoverEveryRule()
{
    const QString docs = QStringLiteral(STACKPLAN_SOURCE_DIR "/docs/rules/");
    QFile index(docs + QStringLiteral("README.md"));
    QVERIFY(index.open(QIODevice::ReadOnly));
    const QString indexText = QString::fromUtf8(index.readAll());
    for (const RuleInfo &r : allRules()) {
        QFile page(docs + r.id + QStringLiteral(".md"));
        QVERIFY2(page.open(QIODevice::ReadOnly), qPrintable(r.id));
        const QString text = QString::fromUtf8(page.readAll());
        QVERIFY2(text.contains(r.id) && text.contains(r.title), qPrintable(r.id));
        // The example design on the page shows the rule firing.
        const qsizetype start = text.indexOf(QStringLiteral("```json\n"));
        QVERIFY2(start >= 0, qPrintable(r.id));
        const qsizetype end = text.indexOf(QStringLiteral("```"), start + 8);
        const LoadResult example = readDesign(text.mid(start + 8, end - start - 8).toUtf8());
        QVERIFY2(example.ok(), qPrintable(r.id));
        QVERIFY2(!ofRule(validate(*example.design), r.id).isEmpty(), qPrintable(r.id));
        QVERIFY2(text.contains(QStringLiteral("Severity: **%1**").arg(severityName(r.severity))),
                 qPrintable(r.id));
        QVERIFY2(indexText.contains(r.id + QStringLiteral(".md")), qPrintable(r.id));
    }
}

void TestRules::explainIsSpecific()
{
    const Design three = *templateDesign(QStringLiteral("three-server"));
    const QString md = explainDesign(three);
    // The diagram, the design's own names, addresses, ports and algorithm.
    QVERIFY(md.contains(QStringLiteral("```mermaid\nflowchart")));
    for (const char *s :
         {"haproxy", "nginx-1", "nginx-2", "app-1", "mysql-primary", "mysql-replica",
          "203.0.113.10", "203.0.113.11", "www.foobar.com", "port 8000", "`roundrobin`",
          "half of the requests", "active-active", "only one load balancer", "no failover",
          "serves the reads of", "http://www.foobar.com/"})
        QVERIFY2(md.contains(QString::fromLatin1(s)), s);
    // The path of a request, step by step, from the browser to the primary.
    const qsizetype path = md.indexOf(QStringLiteral("## The path of a request"));
    QVERIFY(path > 0);
    const QString steps = md.mid(path, md.indexOf(QStringLiteral("## Load balancing")) - path);
    QVERIFY(steps.indexOf(QStringLiteral("`haproxy`")) <
            steps.indexOf(QStringLiteral("`nginx-1`")));
    QVERIFY(steps.indexOf(QStringLiteral("`app-1`")) <
            steps.indexOf(QStringLiteral("`mysql-primary`")));
    // Every finding, grouped, with its remedy.
    for (const Finding &f : validate(three))
        QVERIFY2(md.contains(f.message) && md.contains(f.remediation), qPrintable(f.message));
    QVERIFY(md.indexOf(QStringLiteral("### Single points of failure")) <
            md.indexOf(QStringLiteral("SPOF001")));
    QVERIFY(md.indexOf(QStringLiteral("### Security")) < md.indexOf(QStringLiteral("SEC001")));
    QVERIFY(md.indexOf(QStringLiteral("### Monitoring")) < md.indexOf(QStringLiteral("OPS001")));

    // Another design reads differently: a VIP cluster, automatic failover, HTTPS.
    const QString clean = explainDesign(load(QStringLiteral("clean.stackplan")));
    for (const char *s : {"active-passive", "203.0.113.100", "keepalived", "`edge`",
                          "**automatic**", "https://www.foobar.com/", "nothing to improve"})
        QVERIFY2(clean.contains(QString::fromLatin1(s)), s);
    QVERIFY(!clean.contains(QStringLiteral("only one load balancer")));
    Design lc = load(QStringLiteral("clean.stackplan"));
    lc.component(QStringLiteral("haproxy-1"))
        ->settings.insert(QStringLiteral("algorithm"), QStringLiteral("leastconn"));
    QVERIFY(explainDesign(lc).contains(QStringLiteral("fewest open connections")));
}

void TestRules::explainVerb()
{
    QTemporaryDir dir;
    const QString in = dataPath(QStringLiteral("SPOF001.stackplan"));
    const QString out = dir.filePath(QStringLiteral("design.md"));
    QCOMPARE(runStackplan({QStringLiteral("explain"), in, QStringLiteral("-o"), out}).code, 0);
    QFile f(out);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray md = f.readAll();
    QVERIFY(md.startsWith("# SPOF001"));
    QVERIFY(md.contains("```mermaid"));
    QVERIFY(md.contains("SPOF001 Single load balancer"));
    const Run toStdout =
        runStackplan({QStringLiteral("explain"), in, QStringLiteral("-o"), QStringLiteral("-")});
    QCOMPARE(toStdout.code, 0);
    QCOMPARE(toStdout.out, md);
    QCOMPARE(runStackplan({QStringLiteral("explain"), in}).code, 2);
    QCOMPARE(runStackplan({QStringLiteral("explain"), dir.filePath(QStringLiteral("none")),
                           QStringLiteral("-o"), out})
                 .code,
             2);
    QCOMPARE(runStackplan({QStringLiteral("explain"), in, QStringLiteral("-o"),
                           dir.filePath(QStringLiteral("missing/dir/x.md"))})
                 .code,
             3);
}

void TestRules::validatorMatchesFullValidation()
{
    // Random edits of every kind; after each, the incremental findings equal
    // a full validation of the document's design.
    quint32 seed = QRandomGenerator::global()->generate();
    if (qEnvironmentVariableIsSet("STACKPLAN_SEED"))
        seed = qEnvironmentVariable("STACKPLAN_SEED").toUInt();
    QRandomGenerator rng(seed);
    Document doc;
    doc.resetDesign(load(QStringLiteral("clean.stackplan")));
    Validator validator(&doc);
    const QStringList keys{
        QStringLiteral("port"),      QStringLiteral("tls"),       QStringLiteral("cluster"),
        QStringLiteral("vip"),       QStringLiteral("role"),      QStringLiteral("failover"),
        QStringLiteral("backup"),    QStringLiteral("server_id"), QStringLiteral("redirect_http"),
        QStringLiteral("algorithm"), QStringLiteral("http_port"), QStringLiteral("stats")};
    const QList<Kind> kinds{Kind::LoadBalancer, Kind::WebServer, Kind::AppServer, Kind::Database,
                            Kind::Cache,        Kind::Firewall,  Kind::Monitoring};
    const QStringList protocols{QString(),
                                QStringLiteral("http"),
                                QStringLiteral("https"),
                                QStringLiteral("mysql"),
                                QStringLiteral("replication"),
                                QStringLiteral("metrics")};
    for (int step = 0; step < 600; ++step) {
        const Design &d = doc.design();
        const int what = rng.bounded(16);
        if (what <= 2) {
            const Component c = d.components[rng.bounded(int(d.components.size()))];
            const QString key = keys[rng.bounded(int(keys.size()))];
            if (const SettingSpec *spec = findSetting(c.kind, key)) {
                QJsonValue v;
                switch (spec->type) {
                case SettingType::Bool:
                    v = rng.bounded(2) == 0;
                    break;
                case SettingType::Int:
                    v = key == QStringLiteral("server_id") ? rng.bounded(3) : 8000 + rng.bounded(3);
                    break;
                case SettingType::Enum:
                    v = spec->allowed[rng.bounded(int(spec->allowed.size()))];
                    break;
                default:
                    v = key == QStringLiteral("vip")
                            ? QStringLiteral("203.0.113.%1").arg(99 + rng.bounded(3))
                            : QStringLiteral("c%1").arg(rng.bounded(2));
                }
                doc.setSetting(c.id, key, v);
            }
        } else if (what == 3 && !d.hosts.isEmpty()) {
            const QString h = d.hosts[rng.bounded(int(d.hosts.size()))].id;
            switch (rng.bounded(5)) {
            case 0:
                doc.setHostField(h, HostField::Zone, QStringLiteral("z%1").arg(rng.bounded(2)));
                break;
            case 1:
                doc.setHostField(h, HostField::FirewallEnabled, rng.bounded(2) == 0);
                break;
            case 2:
                doc.setHostField(h, HostField::Monitoring, rng.bounded(2) == 0);
                break;
            case 3:
                doc.setHostField(h, HostField::FirewallAllow,
                                 QJsonArray{22 + rng.bounded(2) * 421});
                break;
            default:
                doc.setHostField(h, HostField::Address,
                                 QStringLiteral("203.0.113.%1").arg(10 + rng.bounded(4)));
            }
        } else if (what == 4 && !d.links.isEmpty()) {
            const QString l = d.links[rng.bounded(int(d.links.size()))].id;
            switch (rng.bounded(3)) {
            case 0:
                doc.setLinkField(l, LinkField::ReadsOnly, rng.bounded(2) == 0);
                break;
            case 1:
                doc.setLinkField(l, LinkField::Port, 8000 + rng.bounded(3));
                break;
            default:
                doc.setLinkField(l, LinkField::Protocol,
                                 rng.bounded(2) ? QStringLiteral("http")
                                                : QStringLiteral("replication"));
            }
        } else if (what == 5) {
            const QString c = d.components[rng.bounded(int(d.components.size()))].id;
            doc.moveElements({{c, QPointF(rng.bounded(500), rng.bounded(500))}});
        } else if (what == 6 && d.components.size() > 4) {
            doc.removeElements({d.components[rng.bounded(int(d.components.size()))].id});
        } else if (what == 7 && doc.undoStack()->canUndo()) {
            doc.undoStack()->undo();
        } else if (what == 8 && !validator.findings().isEmpty()) {
            const Finding f = validator.findings()[rng.bounded(int(validator.findings().size()))];
            applyFix(doc, f);
        } else if (what == 9) {
            // A new component on an existing host, its own machine or a host
            // that does not exist yet, sometimes with a port that collides.
            Component c;
            c.kind = kinds[rng.bounded(int(kinds.size()))];
            const int where = rng.bounded(4);
            if (where < 2 && !d.hosts.isEmpty())
                c.host = d.hosts[rng.bounded(int(d.hosts.size()))].id;
            else if (where == 2)
                c.host = QStringLiteral("later-%1").arg(rng.bounded(2));
            if (findSetting(c.kind, QStringLiteral("port")) && rng.bounded(2))
                c.settings.insert(QStringLiteral("port"), 8000 + rng.bounded(3));
            const QString id = doc.addComponent(c);
            if (!id.isEmpty() && rng.bounded(2) && d.components.size() > 1) {
                Link l;
                l.from = d.components[rng.bounded(int(d.components.size()))].id;
                l.to = id;
                doc.addLink(l);
            }
        } else if (what == 10) {
            Host h;
            if (rng.bounded(3) == 0)
                h.id = QStringLiteral("later-%1").arg(rng.bounded(2));
            h.monitoring = rng.bounded(2) == 0;
            h.firewallEnabled = rng.bounded(2) == 0;
            if (rng.bounded(2))
                h.firewallAllow = {22, 8000 + rng.bounded(3)};
            if (rng.bounded(2))
                h.address = QStringLiteral("203.0.113.%1").arg(10 + rng.bounded(4));
            doc.addHost(h);
        } else if (what == 11 && !d.components.isEmpty()) {
            Link l;
            l.from = d.components[rng.bounded(int(d.components.size()))].id;
            l.to = d.components[rng.bounded(int(d.components.size()))].id;
            l.protocol = protocols[rng.bounded(int(protocols.size()))];
            if (rng.bounded(3) == 0)
                l.port = 8000 + rng.bounded(3);
            doc.addLink(l);
        } else if (what == 12 && !d.hosts.isEmpty()) {
            doc.removeElements({d.hosts[rng.bounded(int(d.hosts.size()))].id});
        } else if (what == 13 && !d.links.isEmpty()) {
            doc.removeElements({d.links[rng.bounded(int(d.links.size()))].id});
        } else if (what == 14 && !d.components.isEmpty()) {
            const QString c = d.components[rng.bounded(int(d.components.size()))].id;
            const QString h = d.hosts.isEmpty() || rng.bounded(4) == 0
                                  ? QString()
                                  : d.hosts[rng.bounded(int(d.hosts.size()))].id;
            doc.setComponentHost(c, h, std::nullopt);
        } else if (what == 15) {
            if (rng.bounded(2) && doc.undoStack()->canRedo())
                doc.undoStack()->redo();
            else if (!d.links.isEmpty())
                doc.setLinkField(d.links[rng.bounded(int(d.links.size()))].id, LinkField::Protocol,
                                 protocols[rng.bounded(int(protocols.size()))]);
        }
        const QList<Finding> full = validate(doc.design());
        if (validator.findings() != full) {
            QString diff;
            for (const Finding &f : validator.findings()) {
                if (!full.contains(f))
                    diff += QStringLiteral("\n  extra: ") + f.rule + u' ' + f.message;
            }
            for (const Finding &f : full) {
                if (!validator.findings().contains(f))
                    diff += QStringLiteral("\n  missing: ") + f.rule + u' ' + f.message;
            }
            QFAIL(qPrintable(QStringLiteral("seed %1, step %2, edit %3:%4")
                                 .arg(seed)
                                 .arg(step)
                                 .arg(what)
                                 .arg(diff)));
        }
    }
}

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
