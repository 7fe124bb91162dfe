// The document: every operation and its undo and redo, checked on the saved
// bytes after each step; a long random session undone and redone whole; and
// the change signals the views rely on.
#include "core/designio.h"
#include "core/document.h"
#include "core/schema.h"
#include "core/templates.h"
#include "designgen.h"

#include <QJsonArray>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

#include <functional>

using namespace stackplan;

class TestDocument : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void addHost();
    void addComponent();
    void addLink();
    void addNote();
    void removeHostTakesItsComponentsAndLinks();
    void removeLinkAndNote();
    void moveAndClearPositions();
    void setComponentHost();
    void setSetting();
    void setComponentLabel();
    void setHostFields();
    void setLinkFields();
    void setNoteText();
    void setDesignFields();
    void macroIsOneStep();
    void replaceDesign();
    void resetDesignClearsHistory();
    void invalidChangesAreRefused();
    void typingMergesIntoOneStep();
    void staleIndexIsRepaired();
    void freeIdIsTheFirstUnusedNumber();
    void randomSession_data();
    void randomSession();

private:
    QByteArray bytes() const { return writeDesign(m_doc->design()); }
    // Applies change (which must succeed), then checks that undo gives back
    // the bytes before and redo the bytes after.
    void step(const std::function<bool()> &change);

    std::unique_ptr<Document> m_doc;
};

void TestDocument::init()
{
    m_doc = std::make_unique<Document>();
    m_doc->resetDesign(*templateDesign(QStringLiteral("three-server")));
}

void TestDocument::step(const std::function<bool()> &change)
{
    const QByteArray before = bytes();
    const int index = m_doc->undoStack()->index();
    QVERIFY(change());
    const QByteArray after = bytes();
    QVERIFY(after != before);
    QCOMPARE(m_doc->undoStack()->index(), index + 1);
    // The document's design is always what a save and a load give back.
    const LoadResult loaded = readDesign(after);
    QVERIFY2(loaded.ok(), qPrintable(loaded.format(QStringLiteral("after"))));
    QCOMPARE(*loaded.design, m_doc->design());
    m_doc->undoStack()->undo();
    QCOMPARE(bytes(), before);
    m_doc->undoStack()->redo();
    QCOMPARE(bytes(), after);
}

void TestDocument::addHost()
{
    QSignalSpy added(m_doc.get(), &Document::hostAdded);
    QSignalSpy removed(m_doc.get(), &Document::hostRemoved);
    Host h;
    h.address = QStringLiteral("203.0.113.50");
    h.zone = QStringLiteral("dc2");
    h.position = QPointF(10, 20);
    QString id;
    step([&] {
        id = m_doc->addHost(h);
        return !id.isEmpty();
    });
    QCOMPARE(id, QStringLiteral("host-01"));
    QCOMPARE(m_doc->design().hosts.last().address, QStringLiteral("203.0.113.50"));
    QCOMPARE(added.size(), 2);   // do, redo
    QCOMPARE(removed.size(), 1); // undo
    QCOMPARE(added.first().first().toString(), id);
    // The next free id.
    QCOMPARE(m_doc->addHost(Host()), QStringLiteral("host-02"));
}

void TestDocument::addComponent()
{
    QSignalSpy added(m_doc.get(), &Document::componentAdded);
    QSignalSpy changed(m_doc.get(), &Document::changed);
    Component c;
    c.kind = Kind::Cache;
    c.host = QStringLiteral("web-01");
    c.settings.insert(QStringLiteral("engine"), QStringLiteral("memcached"));
    QString id;
    step([&] {
        id = m_doc->addComponent(c);
        return !id.isEmpty();
    });
    QCOMPARE(id, QStringLiteral("cache-01"));
    QCOMPARE(m_doc->design().component(id)->intSetting(u"port"), 11211);
    QCOMPARE(added.size(), 2);
    QCOMPARE(changed.size(), 3); // do, undo, redo
}

void TestDocument::addLink()
{
    QSignalSpy added(m_doc.get(), &Document::linkAdded);
    Link l;
    l.from = QStringLiteral("app-1");
    l.to = QStringLiteral("mysql-replica");
    l.protocol = QStringLiteral("mysql");
    l.port = 3307;
    l.label = QStringLiteral("reports");
    QString id;
    step([&] {
        id = m_doc->addLink(l);
        return !id.isEmpty();
    });
    QCOMPARE(id, QStringLiteral("l-11"));
    QCOMPARE(m_doc->design().effectivePort(*m_doc->design().link(id)), 3307);
    QCOMPARE(added.size(), 2);
}

void TestDocument::addNote()
{
    QSignalSpy added(m_doc.get(), &Document::noteAdded);
    Note n;
    n.text = QStringLiteral("Backups run at 02:00");
    n.position = QPointF(600, 600);
    QString id;
    step([&] {
        id = m_doc->addNote(n);
        return !id.isEmpty();
    });
    QCOMPARE(id, QStringLiteral("n-1"));
    QCOMPARE(added.size(), 2);
}

void TestDocument::removeHostTakesItsComponentsAndLinks()
{
    QSignalSpy hostRemoved(m_doc.get(), &Document::hostRemoved);
    QSignalSpy componentRemoved(m_doc.get(), &Document::componentRemoved);
    QSignalSpy linkRemoved(m_doc.get(), &Document::linkRemoved);
    QSignalSpy componentAdded(m_doc.get(), &Document::componentAdded);
    step([&] { return m_doc->removeElements({QStringLiteral("web-02")}); });
    const Design &d = m_doc->design();
    QVERIFY(!d.host(QStringLiteral("web-02")));
    for (const char *gone : {"nginx-2", "app-2", "mysql-replica"})
        QVERIFY(!d.component(QLatin1StringView(gone)));
    for (const Link &l : d.links) {
        QVERIFY(d.component(l.from));
        QVERIFY(d.component(l.to));
    }
    QCOMPARE(d.links.size(), 4);
    // Removed twice (do, redo), put back once (undo), in the original order.
    QCOMPARE(hostRemoved.size(), 2);
    QCOMPARE(componentRemoved.size(), 6);
    QCOMPARE(componentAdded.size(), 3);
    QCOMPARE(linkRemoved.size(), 12);
}

void TestDocument::removeLinkAndNote()
{
    QVERIFY(!m_doc->addNote(Note{QString(), QStringLiteral("x"), std::nullopt, {}}).isEmpty());
    step([&] { return m_doc->removeElements({QStringLiteral("l-4"), QStringLiteral("n-1")}); });
    QVERIFY(!m_doc->design().link(QStringLiteral("l-4")));
    QVERIFY(m_doc->design().notes.isEmpty());
    // A component and its own links in one removal.
    step([&] { return m_doc->removeElements({QStringLiteral("app-1"), QStringLiteral("l-6")}); });
    QVERIFY(!m_doc->removeElements({QStringLiteral("nothing-here")}));
}

void TestDocument::moveAndClearPositions()
{
    QSignalSpy moved(m_doc.get(), &Document::elementMoved);
    step([&] {
        return m_doc->moveElements({{QStringLiteral("lb-01"), QPointF(300, 210)},
                                    {QStringLiteral("users"), QPointF(-40, 0.5)}});
    });
    QCOMPARE(*m_doc->design().host(QStringLiteral("lb-01"))->position, QPointF(300, 210));
    QCOMPARE(moved.size(), 6);
    step([&] { return m_doc->clearPositions({QStringLiteral("haproxy")}); });
    QVERIFY(!m_doc->design().component(QStringLiteral("haproxy"))->position);
    QVERIFY(!m_doc->moveElements({{QStringLiteral("l-1"), QPointF(0, 0)}}));
    QVERIFY(!m_doc->moveElements({{QStringLiteral("users"), QPointF(qInf(), 0)}}));
    QVERIFY(!m_doc->moveElements({}));
}

void TestDocument::setComponentHost()
{
    QSignalSpy changed(m_doc.get(), &Document::componentChanged);
    step([&] {
        return m_doc->setComponentHost(QStringLiteral("app-1"), QStringLiteral("web-02"),
                                       QPointF(20, 120));
    });
    QCOMPARE(m_doc->design().component(QStringLiteral("app-1"))->host, QStringLiteral("web-02"));
    step([&] {
        return m_doc->setComponentHost(QStringLiteral("app-1"), QString(), QPointF(700, 500));
    });
    QVERIFY(m_doc->design().component(QStringLiteral("app-1"))->host.isEmpty());
    QVERIFY(changed.size() >= 6);
    QVERIFY(
        !m_doc->setComponentHost(QStringLiteral("users"), QStringLiteral("web-01"), std::nullopt));
    QVERIFY(
        !m_doc->setComponentHost(QStringLiteral("app-1"), QStringLiteral("nope"), std::nullopt));
}

void TestDocument::setSetting()
{
    QSignalSpy changed(m_doc.get(), &Document::componentChanged);
    const QString lb = QStringLiteral("haproxy");
    step([&] {
        return m_doc->setSetting(lb, QStringLiteral("algorithm"), QStringLiteral("leastconn"));
    });
    QCOMPARE(m_doc->design().component(lb)->stringSetting(u"algorithm"),
             QStringLiteral("leastconn"));
    step([&] { return m_doc->setSetting(lb, QStringLiteral("tls"), true); });
    step([&] {
        return m_doc->setSetting(lb, QStringLiteral("health_check.path"), QStringLiteral("/up"));
    });
    QCOMPARE(m_doc->design().component(lb)->stringSetting(u"health_check.path"),
             QStringLiteral("/up"));
    // Other fields of the object keep their defaults.
    QCOMPARE(m_doc->design().component(lb)->intSetting(u"health_check.interval_ms"), 2000);
    // Undefined removes the explicit value: the default applies again.
    step([&] {
        return m_doc->setSetting(lb, QStringLiteral("algorithm"),
                                 QJsonValue(QJsonValue::Undefined));
    });
    QCOMPARE(m_doc->design().component(lb)->stringSetting(u"algorithm"),
             QStringLiteral("roundrobin"));
    QVERIFY(!m_doc->design().component(lb)->settings.contains(QStringLiteral("algorithm")));
    step([&] {
        return m_doc->setSetting(QStringLiteral("mysql-primary"), QStringLiteral("failover"),
                                 QStringLiteral("automatic"));
    });
    QVERIFY(changed.size() >= 15);

    QVERIFY(!m_doc->setSetting(lb, QStringLiteral("algorithm"), QStringLiteral("random")));
    QVERIFY(!m_doc->setSetting(lb, QStringLiteral("http_port"), 70000));
    QVERIFY(!m_doc->setSetting(lb, QStringLiteral("no_such_setting"), 1));
    QVERIFY(!m_doc->setSetting(QStringLiteral("nope"), QStringLiteral("tls"), true));
}

void TestDocument::setComponentLabel()
{
    step([&] {
        return m_doc->setComponentLabel(QStringLiteral("haproxy"), QStringLiteral("Edge"));
    });
    QCOMPARE(m_doc->design().component(QStringLiteral("haproxy"))->displayLabel(),
             QStringLiteral("Edge"));
    QVERIFY(!m_doc->setComponentLabel(QStringLiteral("haproxy"), QString(64, u'x')));
    QVERIFY(!m_doc->setComponentLabel(QStringLiteral("haproxy"), QStringLiteral("a\nb")));
}

void TestDocument::setHostFields()
{
    QSignalSpy changed(m_doc.get(), &Document::hostChanged);
    const QString h = QStringLiteral("web-01");
    step([&] { return m_doc->setHostField(h, HostField::Hostname, QStringLiteral("www1")); });
    step([&] { return m_doc->setHostField(h, HostField::Address, QStringLiteral("2001:db8::1")); });
    step([&] { return m_doc->setHostField(h, HostField::Zone, QStringLiteral("rack-2")); });
    step([&] { return m_doc->setHostField(h, HostField::FirewallEnabled, true); });
    step([&] { return m_doc->setHostField(h, HostField::FirewallAllow, QJsonArray{22, 8080}); });
    step([&] { return m_doc->setHostField(h, HostField::Monitoring, true); });
    const Host *host = m_doc->design().host(h);
    QCOMPARE(host->effectiveHostname(), QStringLiteral("www1"));
    QCOMPARE(host->address, QStringLiteral("2001:db8::1"));
    QCOMPARE(host->zone, QStringLiteral("rack-2"));
    QVERIFY(host->firewallEnabled);
    QCOMPARE(host->firewallAllow, (QList<int>{22, 8080}));
    QVERIFY(host->monitoring);
    QCOMPARE(changed.size(), 18);

    QVERIFY(!m_doc->setHostField(h, HostField::Address, QStringLiteral("1.2.3")));
    QVERIFY(!m_doc->setHostField(h, HostField::Hostname, QStringLiteral("a b")));
    QVERIFY(!m_doc->setHostField(h, HostField::FirewallAllow, QJsonArray{0}));
    QVERIFY(!m_doc->setHostField(h, HostField::Monitoring, QStringLiteral("yes")));
    QVERIFY(!m_doc->setHostField(QStringLiteral("nope"), HostField::Zone, QStringLiteral("a")));
}

void TestDocument::setLinkFields()
{
    QSignalSpy changed(m_doc.get(), &Document::linkChanged);
    const QString l = QStringLiteral("l-6");
    step([&] { return m_doc->setLinkField(l, LinkField::Protocol, QStringLiteral("tcp")); });
    step([&] { return m_doc->setLinkField(l, LinkField::Port, 3307); });
    step([&] { return m_doc->setLinkField(l, LinkField::Label, QStringLiteral("writes")); });
    step([&] { return m_doc->setLinkField(l, LinkField::ReadsOnly, true); });
    const Link *link = m_doc->design().link(l);
    QCOMPARE(link->protocol, QStringLiteral("tcp"));
    QCOMPARE(link->port, 3307);
    QCOMPARE(link->label, QStringLiteral("writes"));
    QVERIFY(link->readsOnly);
    // Clearing the port goes back to the target's.
    step([&] { return m_doc->setLinkField(l, LinkField::Port, QJsonValue(QJsonValue::Null)); });
    QVERIFY(!m_doc->design().link(l)->port);
    QCOMPARE(changed.size(), 15);
    QVERIFY(!m_doc->setLinkField(l, LinkField::Protocol, QStringLiteral("ftp")));
    QVERIFY(!m_doc->setLinkField(l, LinkField::Port, 0));
    QVERIFY(!m_doc->setLinkField(QStringLiteral("l-99"), LinkField::ReadsOnly, true));
}

void TestDocument::setNoteText()
{
    QSignalSpy changed(m_doc.get(), &Document::noteChanged);
    const QString id = m_doc->addNote(Note{QString(), QStringLiteral("a"), QPointF(1, 1), {}});
    step([&] { return m_doc->setNoteText(id, QStringLiteral("two\nlines")); });
    QCOMPARE(m_doc->design().note(id)->text, QStringLiteral("two\nlines"));
    QCOMPARE(changed.size(), 3);
    QVERIFY(!m_doc->setNoteText(id, QString(MaxTextLength + 1, u'x')));
}

void TestDocument::setDesignFields()
{
    QSignalSpy props(m_doc.get(), &Document::propertiesChanged);
    step([&] { return m_doc->setDesignField(DesignField::Name, QStringLiteral("shop")); });
    step([&] {
        return m_doc->setDesignField(DesignField::Domain, QStringLiteral("shop.example.org"));
    });
    QCOMPARE(m_doc->design().name, QStringLiteral("shop"));
    QCOMPARE(m_doc->design().domain, QStringLiteral("shop.example.org"));
    QCOMPARE(props.size(), 6);
    QVERIFY(!m_doc->setDesignField(DesignField::Domain, QStringLiteral("not a domain")));
}

void TestDocument::macroIsOneStep()
{
    step([&] {
        m_doc->beginMacro(QStringLiteral("Add a cache"));
        Host h;
        h.id = QStringLiteral("cache-host");
        const QString host = m_doc->addHost(h);
        Component c;
        c.kind = Kind::Cache;
        c.host = host;
        const QString cache = m_doc->addComponent(c);
        const QString link =
            m_doc->addLink(Link{QString(), QStringLiteral("app-1"), cache, {}, {}, {}, false, {}});
        m_doc->setSetting(cache, QStringLiteral("port"), 6380);
        m_doc->endMacro();
        return !host.isEmpty() && !cache.isEmpty() && !link.isEmpty();
    });
    QCOMPARE(m_doc->undoStack()->undoText(), QStringLiteral("Add a cache"));
}

void TestDocument::replaceDesign()
{
    QSignalSpy reset(m_doc.get(), &Document::designReset);
    step([&] {
        m_doc->replaceDesign(*templateDesign(QStringLiteral("scaled")), QStringLiteral("Lay out"));
        return true;
    });
    QCOMPARE(bytes(), *templateBytes(QStringLiteral("scaled")));
    QVERIFY(reset.size() >= 3);
    // The same design again changes nothing and adds no step.
    const int index = m_doc->undoStack()->index();
    m_doc->replaceDesign(m_doc->design(), QStringLiteral("Nothing"));
    QCOMPARE(m_doc->undoStack()->index(), index);
}

void TestDocument::resetDesignClearsHistory()
{
    QVERIFY(m_doc->setDesignField(DesignField::Name, QStringLiteral("x")));
    QSignalSpy reset(m_doc.get(), &Document::designReset);
    m_doc->resetDesign(*templateDesign(QStringLiteral("single-server")));
    QCOMPARE(reset.size(), 1);
    QCOMPARE(m_doc->undoStack()->count(), 0);
    QCOMPARE(bytes(), *templateBytes(QStringLiteral("single-server")));
}

void TestDocument::invalidChangesAreRefused()
{
    const QByteArray before = bytes();
    Host dupHost;
    dupHost.id = QStringLiteral("users"); // a component's id
    QVERIFY(m_doc->addHost(dupHost).isEmpty());
    Host badHost;
    badHost.id = QStringLiteral("Bad_Id");
    QVERIFY(m_doc->addHost(badHost).isEmpty());
    Component onMissingHost;
    onMissingHost.kind = Kind::WebServer;
    onMissingHost.host = QStringLiteral("nowhere");
    QVERIFY(m_doc->addComponent(onMissingHost).isEmpty());
    Component internetOnHost;
    internetOnHost.kind = Kind::Internet;
    internetOnHost.host = QStringLiteral("web-01");
    QVERIFY(m_doc->addComponent(internetOnHost).isEmpty());
    Component badSetting;
    badSetting.kind = Kind::Database;
    badSetting.settings.insert(QStringLiteral("role"), QStringLiteral("leader"));
    QVERIFY(m_doc->addComponent(badSetting).isEmpty());
    QVERIFY(
        m_doc
            ->addLink(Link{
                QString(), QStringLiteral("users"), QStringLiteral("users"), {}, {}, {}, false, {}})
            .isEmpty());
    QVERIFY(
        m_doc
            ->addLink(Link{
                QString(), QStringLiteral("users"), QStringLiteral("ghost"), {}, {}, {}, false, {}})
            .isEmpty());
    QVERIFY(m_doc
                ->addLink(Link{QString(),
                               QStringLiteral("users"),
                               QStringLiteral("haproxy"),
                               QStringLiteral("ftp"),
                               {},
                               {},
                               false,
                               {}})
                .isEmpty());
    QVERIFY(m_doc->addNote(Note{QString(), QString(MaxTextLength + 1, u'x'), {}, {}}).isEmpty());
    QCOMPARE(bytes(), before);
    QCOMPARE(m_doc->undoStack()->count(), 0);
}

void TestDocument::typingMergesIntoOneStep()
{
    const QByteArray before = bytes();
    for (const char *text : {"E", "Ed", "Edg", "Edge"})
        QVERIFY(m_doc->setComponentLabel(QStringLiteral("haproxy"), QLatin1StringView(text)));
    QCOMPARE(m_doc->undoStack()->count(), 1);
    m_doc->undoStack()->undo();
    QCOMPARE(bytes(), before);
}

void TestDocument::staleIndexIsRepaired()
{
    // Lists changed behind the index's back, keeping the element count: a
    // link removed and a component added must still be found.
    Design d = *templateDesign(QStringLiteral("three-server"));
    QVERIFY(d.link(QStringLiteral("l-1")));
    d.links.removeFirst();
    Component c;
    c.id = QStringLiteral("cache-1");
    c.kind = Kind::Cache;
    d.components.append(c);
    QVERIFY(d.component(QStringLiteral("cache-1")));
    QVERIFY(!d.link(QStringLiteral("l-1")));
    QCOMPARE(d.elementType(QStringLiteral("cache-1")), ElementType::Component);
    QVERIFY(!d.host(QString()));
    QCOMPARE(d.freeId(QStringLiteral("cache")), QStringLiteral("cache-01"));
    QCOMPARE(d.freeId(QStringLiteral("cache"), 1), QStringLiteral("cache-2"));
}

void TestDocument::freeIdIsTheFirstUnusedNumber()
{
    // Against the definition itself: try prefix-1, prefix-2, … until one is
    // not an id of the design. Ids are drawn to hit the edge cases: padding,
    // extra leading zeros, other prefixes, non-digits, numbers far beyond.
    const auto reference = [](const Design &d, const QString &prefix, int width) {
        QSet<QString> ids;
        for (const Host &h : d.hosts)
            ids.insert(h.id);
        for (const Component &c : d.components)
            ids.insert(c.id);
        for (const Link &l : d.links)
            ids.insert(l.id);
        for (const Note &n : d.notes)
            ids.insert(n.id);
        for (int n = 1;; ++n) {
            const QString id =
                QStringLiteral("%1-%2").arg(prefix).arg(n, width, 10, QLatin1Char('0'));
            if (!ids.contains(id))
                return id;
        }
    };
    QRandomGenerator random(20261201);
    const QStringList prefixes = {QStringLiteral("web"), QStringLiteral("l"), QStringLiteral("we")};
    for (int round = 0; round < 300; ++round) {
        Design d;
        const int count = int(random.bounded(40));
        for (int i = 0; i < count; ++i) {
            const QString prefix = prefixes[random.bounded(int(prefixes.size()))];
            const int n = int(random.bounded(12));
            QString id;
            switch (random.bounded(5)) {
            case 0:
                id = QStringLiteral("%1-%2").arg(prefix).arg(n);
                break;
            case 1:
                id = QStringLiteral("%1-%2").arg(prefix).arg(n, 2, 10, QLatin1Char('0'));
                break;
            case 2:
                id = QStringLiteral("%1-00%2").arg(prefix).arg(n);
                break;
            case 3:
                id = QStringLiteral("%1-%2x").arg(prefix).arg(n);
                break;
            default:
                id = QStringLiteral("%1-%2").arg(prefix).arg(n + 1000000);
                break;
            }
            switch (random.bounded(4)) {
            case 0: {
                Host h;
                h.id = id;
                d.hosts.append(h);
                break;
            }
            case 1: {
                Component c;
                c.id = id;
                c.kind = Kind::WebServer;
                d.components.append(c);
                break;
            }
            case 2: {
                Link l;
                l.id = id;
                d.links.append(l);
                break;
            }
            default: {
                Note note;
                note.id = id;
                d.notes.append(note);
                break;
            }
            }
        }
        for (const QString &prefix : prefixes) {
            for (int width : {1, 2, 3})
                QCOMPARE(d.freeId(prefix, width), reference(d, prefix, width));
        }
    }
}

void TestDocument::randomSession_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("operations");
    QTest::newRow("three-server, seed 1") << 1u << 400;
    QTest::newRow("three-server, seed 2") << 2u << 400;
    QTest::newRow("generated, seed 3") << 3u << 600;
}

void TestDocument::randomSession()
{
    QFETCH(quint32, seed);
    QFETCH(int, operations);
    if (seed == 3)
        m_doc->resetDesign(designgen::generateDesign(120, seed));
    QRandomGenerator random(seed);
    auto pick = [&](const auto &list) -> QString {
        if (list.isEmpty())
            return QStringLiteral("none");
        return list.at(random.bounded(int(list.size()))).id;
    };
    auto point = [&] { return QPointF(random.bounded(2000) - 200, random.bounded(1500)); };

    const QByteArray start = bytes();
    // The bytes after each step of the stack, by its index. Merging commands
    // (typing) replace the state at the same index.
    QHash<int, QByteArray> atIndex{{0, start}};
    int applied = 0;
    for (int i = 0; i < operations; ++i) {
        const Design &d = m_doc->design();
        bool ok = false;
        switch (random.bounded(14)) {
        case 0: {
            Host h;
            h.address =
                QStringLiteral("10.0.%1.%2").arg(random.bounded(256)).arg(random.bounded(256));
            h.position = point();
            ok = !m_doc->addHost(h).isEmpty();
            break;
        }
        case 1:
        case 2: {
            Component c;
            c.kind = allKinds().at(random.bounded(int(allKinds().size())));
            if (kindSpec(c.kind).mayHaveHost && random.bounded(3))
                c.host = pick(d.hosts);
            c.position = point();
            ok = !m_doc->addComponent(c).isEmpty();
            break;
        }
        case 3:
        case 4: {
            Link l;
            l.from = pick(d.components);
            l.to = pick(d.components);
            l.readsOnly = random.bounded(2);
            ok = !m_doc->addLink(l).isEmpty();
            break;
        }
        case 5:
            ok = !m_doc->addNote(Note{QString(), QStringLiteral("note %1").arg(i), point(), {}})
                      .isEmpty();
            break;
        case 6: {
            QStringList ids{pick(d.components)};
            if (random.bounded(3) == 0)
                ids.append(pick(d.hosts));
            if (random.bounded(2))
                ids.append(pick(d.links));
            ok = m_doc->removeElements(ids);
            break;
        }
        case 7:
            ok = m_doc->moveElements({{pick(d.components), point()}, {pick(d.hosts), point()}});
            break;
        case 8:
            ok = m_doc->setComponentHost(pick(d.components),
                                         random.bounded(4) ? pick(d.hosts) : QString(), point());
            break;
        case 9: {
            const QString id = pick(d.components);
            const Component *c = d.component(id);
            if (!c || kindSpec(c->kind).settings.isEmpty())
                break;
            const auto &settings = kindSpec(c->kind).settings;
            const SettingSpec &s = settings.at(random.bounded(int(settings.size())));
            QJsonValue value;
            switch (s.type) {
            case SettingType::Bool:
                value = bool(random.bounded(2));
                break;
            case SettingType::Int:
                value = s.minimum + int(random.bounded(qint64(
                                        qMin(qint64(1000), qint64(s.maximum) - s.minimum + 1))));
                break;
            case SettingType::Enum:
                value = s.allowed.at(random.bounded(int(s.allowed.size())));
                break;
            default:
                value = QJsonValue(QJsonValue::Undefined);
            }
            ok = m_doc->setSetting(id, s.key, value);
            break;
        }
        case 10:
            ok = m_doc->setComponentLabel(pick(d.components), QStringLiteral("Label %1").arg(i));
            break;
        case 11:
            ok = m_doc->setHostField(pick(d.hosts), HostField(random.bounded(6)),
                                     random.bounded(2) ? QJsonValue(true)
                                                       : QJsonValue(QStringLiteral("z%1").arg(i)));
            break;
        case 12:
            ok =
                m_doc->setLinkField(pick(d.links), LinkField::Port, 1 + int(random.bounded(65535)));
            break;
        case 13:
            ok = m_doc->setDesignField(DesignField::Name, QStringLiteral("design %1").arg(i));
            break;
        }
        if (!ok)
            continue;
        ++applied;
        atIndex.insert(m_doc->undoStack()->index(), bytes());
    }
    QVERIFY(applied > operations / 3);
    const QByteArray end = bytes();
    const int top = m_doc->undoStack()->index();
    QCOMPARE(top, m_doc->undoStack()->count());
    QVERIFY(top > 50);

    // Undo every step, checking each one on the way down.
    while (m_doc->undoStack()->canUndo()) {
        m_doc->undoStack()->undo();
        const int index = m_doc->undoStack()->index();
        if (atIndex.contains(index))
            QCOMPARE(bytes(), atIndex.value(index));
    }
    QCOMPARE(bytes(), start);
    // And redo them all.
    while (m_doc->undoStack()->canRedo())
        m_doc->undoStack()->redo();
    QCOMPARE(bytes(), end);
    QCOMPARE(m_doc->undoStack()->index(), top);
    // The end state is a valid design that reads back as itself.
    const LoadResult loaded = readDesign(end);
    QVERIFY2(loaded.ok(), qPrintable(loaded.format(QStringLiteral("end"))));
    QCOMPARE(writeDesign(*loaded.design), end);
}

QTEST_GUILESS_MAIN(TestDocument)
#include "tst_document.moc"
