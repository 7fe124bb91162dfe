#include "rules/validator.h"

#include "core/document.h"
#include "rules/checks.h"
#include "rules/context.h"
#include "rules/registry.h"

#include <QVarLengthArray>

#include <algorithm>

namespace stackplan {

namespace {

// Rule indexes in output order: errors first, then by id. Every finding of a
// rule has the rule's severity, so concatenating the rules' findings in this
// order equals sortFindings() on them all.
const QList<int> &outputOrder()
{
    static const QList<int> order = [] {
        QList<int> o;
        for (int i = 0; i < allRules().size(); ++i)
            o.append(i);
        std::stable_sort(o.begin(), o.end(), [](int a, int b) {
            const RuleInfo &ra = allRules()[a];
            const RuleInfo &rb = allRules()[b];
            if (ra.severity != rb.severity)
                return ra.severity > rb.severity;
            return ra.id < rb.id;
        });
        return o;
    }();
    return order;
}

QList<Finding> runRule(const RuleContext &context, int rule)
{
    QList<Finding> out;
    allRules()[rule].check(context, out);
    return out;
}

constexpr int bit(Kind k)
{
    return 1 << int(k);
}
constexpr int AllKinds = (1 << KindCount) - 1;
constexpr int bit(HostField f)
{
    return 1 << int(f);
}
constexpr int bit(LinkField f)
{
    return 1 << int(f);
}

// What each rule reads besides the structure (elements, hosts of components,
// link endpoints and protocols), whose change reruns every rule.
struct Dependencies
{
    QStringList settings;
    int hostFields = 0;
    int linkFields = 0;
};

// What a structural edit must touch for a rule to rerun: components of some
// kinds (added, removed, re-hosted or of changed kind), the list of hosts, or
// the links. Rules not listed read the whole graph and rerun on any.
struct StructureDependencies
{
    int kinds = AllKinds;
    bool hosts = true;
    bool links = true;
};

const QHash<QString, StructureDependencies> &structureDependencies()
{
    static const QHash<QString, StructureDependencies> table = [] {
        const int lb = bit(Kind::LoadBalancer), db = bit(Kind::Database);
        QHash<QString, StructureDependencies> t;
        t.insert(QStringLiteral("SEC004"), {lb, false, false});
        t.insert(QStringLiteral("OPS001"), {AllKinds, true, false});
        t.insert(QStringLiteral("OPS002"), {bit(Kind::Monitoring), true, false});
        t.insert(QStringLiteral("OPS003"), {db, false, false});
        t.insert(QStringLiteral("OPS004"), {db, false, true});
        t.insert(QStringLiteral("STR001"), {lb, false, true});
        t.insert(QStringLiteral("STR004"), {db, false, true});
        t.insert(QStringLiteral("STR006"), {AllKinds, false, false});
        t.insert(QStringLiteral("STR007"), {db, false, false});
        t.insert(QStringLiteral("STR008"), {lb, false, false});
        t.insert(QStringLiteral("STR009"), {lb, true, false});
        return t;
    }();
    return table;
}

const QHash<QString, Dependencies> &dependencies()
{
    static const QHash<QString, Dependencies> table = [] {
        const QString cluster = QStringLiteral("cluster"), vip = QStringLiteral("vip"),
                      role = QStringLiteral("role"), failover = QStringLiteral("failover"),
                      tls = QStringLiteral("tls");
        const QStringList service{cluster, vip, role, failover};
        const QStringList ports{QStringLiteral("port"),       QStringLiteral("http_port"),
                                QStringLiteral("https_port"), tls,
                                QStringLiteral("stats"),      QStringLiteral("stats_port"),
                                QStringLiteral("runtime"),    QStringLiteral("engine")};
        QHash<QString, Dependencies> t;
        for (const char *id : {"SPOF000", "SPOF001", "SPOF002", "SPOF003", "SPOF004", "SPOF005"})
            t.insert(QString::fromLatin1(id), {service, 0, 0});
        t.insert(QStringLiteral("SPOF006"), {service, bit(HostField::Zone), 0});
        t.insert(QStringLiteral("SEC001"), {{}, bit(HostField::FirewallEnabled), 0});
        t.insert(QStringLiteral("SEC002"), {});
        t.insert(QStringLiteral("SEC003"), {{tls}, 0, 0});
        t.insert(QStringLiteral("SEC004"), {{tls, QStringLiteral("redirect_http")}, 0, 0});
        t.insert(QStringLiteral("SEC005"), {{tls}, 0, 0});
        t.insert(QStringLiteral("SEC006"),
                 {ports, bit(HostField::FirewallAllow), bit(LinkField::Port)});
        t.insert(QStringLiteral("OPS001"), {{}, bit(HostField::Monitoring), 0});
        t.insert(QStringLiteral("OPS002"), {{}, bit(HostField::Monitoring), 0});
        t.insert(QStringLiteral("OPS003"), {{role, QStringLiteral("backup")}, 0, 0});
        t.insert(QStringLiteral("OPS004"), {{role}, 0, 0});
        t.insert(QStringLiteral("STR001"), {});
        t.insert(QStringLiteral("STR002"), {});
        t.insert(QStringLiteral("STR003"), {ports, 0, 0});
        t.insert(QStringLiteral("STR004"), {{role}, 0, bit(LinkField::ReadsOnly)});
        t.insert(QStringLiteral("STR005"), {});
        t.insert(QStringLiteral("STR006"), {});
        t.insert(QStringLiteral("STR007"), {{QStringLiteral("server_id")}, 0, 0});
        t.insert(QStringLiteral("STR008"),
                 {{QStringLiteral("algorithm"), QStringLiteral("http_port"),
                   QStringLiteral("https_port"), tls, vip, cluster},
                  0,
                  0});
        t.insert(QStringLiteral("STR009"), {{vip}, bit(HostField::Address), 0});
        return t;
    }();
    return table;
}

} // namespace

QList<Finding> validate(const Design &design)
{
    const RuleContext context(design);
    QList<Finding> findings;
    for (int rule : outputOrder())
        findings.append(runRule(context, rule));
    return findings;
}

int countAtLeast(const QList<Finding> &findings, Severity severity)
{
    int n = 0;
    for (const Finding &f : findings)
        n += f.severity >= severity ? 1 : 0;
    return n;
}

Validator::Validator(Document *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    m_byRule.resize(allRules().size());
    m_dirty.fill(true, allRules().size());
    const struct
    {
        const char *id;
        bool onLinks;
        void (*check)(const RuleContext &, int, QList<Finding> &);
    } anchored[] = {{"SEC005", true, checks::sec005Link},
                    {"STR002", true, checks::str002Link},
                    {"SEC006", false, checks::sec006Host},
                    {"STR003", false, checks::str003Host}};
    for (const auto &a : anchored) {
        Anchored entry;
        entry.onLinks = a.onLinks;
        entry.check = a.check;
        for (int i = 0; i < allRules().size(); ++i) {
            if (allRules()[i].id == QLatin1String(a.id))
                entry.rule = i;
        }
        if (entry.rule >= 0)
            m_anchored.append(entry);
    }
    // A structural edit rebuilds the analysis and reruns the rules that read
    // the whole graph; the per-link and per-host rules rerun only where it
    // touched. Field changes rerun only what reads the field.
    connect(document, &Document::designReset, this, &Validator::markAll);
    connect(document, &Document::hostAdded, this, [this](const QString &id) {
        markStructure(0, true, false);
        m_touchedHosts.insert(id);
        m_addedOrRemovedHosts.insert(id);
    });
    connect(document, &Document::hostRemoved, this, [this](const QString &id) {
        markStructure(0, true, false);
        m_addedOrRemovedHosts.insert(id);
    });
    connect(document, &Document::componentAdded, this, [this](const QString &id) {
        // Its kind is read in revalidate(), without an id lookup.
        markStructure(0, false, false);
        m_touchedComponents.insert(id);
    });
    connect(document, &Document::componentRemoved, this, [this](const QString &id) {
        const Component *c = m_snapshot.component(id);
        markStructure(c ? bit(c->kind) : AllKinds, false, false);
        if (c)
            m_touchedHosts.insert(c->host);
    });
    connect(document, &Document::linkAdded, this, [this](const QString &id) {
        markStructure(0, false, true);
        m_touchedLinks.insert(id);
    });
    connect(document, &Document::linkRemoved, this, [this](const QString &id) {
        markStructure(0, false, true);
        // The ports its target's host needs (SEC006).
        if (const Link *l = m_snapshot.link(id)) {
            if (const Component *c = m_snapshot.component(l->to))
                m_touchedHosts.insert(c->host);
        }
    });
    connect(document, &Document::componentChanged, this, &Validator::componentChanged);
    connect(document, &Document::hostChanged, this, &Validator::hostChanged);
    connect(document, &Document::linkChanged, this, &Validator::linkChanged);
    // Positions, notes, labels and the design's name never change a finding.
    connect(document, &Document::changed, this, &Validator::revalidate);
    connect(document, &Document::designReset, this, &Validator::revalidate);
    revalidate();
}

Validator::~Validator() = default;

void Validator::markAll()
{
    m_allDirty = true;
}

void Validator::markStructure(int kinds, bool hosts, bool links)
{
    m_structureDirty = true;
    m_structureKinds |= kinds;
    m_structureHosts |= hosts;
    m_structureLinks |= links;
}

bool Validator::isAnchored(int rule) const
{
    for (const Anchored &a : m_anchored) {
        if (a.rule == rule)
            return true;
    }
    return false;
}

void Validator::markRules(const QStringList &settingKeys, int hostFields, int linkFields)
{
    const QList<RuleInfo> &rules = allRules();
    for (int i = 0; i < rules.size(); ++i) {
        const Dependencies &d = dependencies().value(rules[i].id);
        bool hit = (d.hostFields & hostFields) || (d.linkFields & linkFields);
        for (const QString &k : settingKeys)
            hit = hit || d.settings.contains(k);
        if (hit && !isAnchored(i))
            m_dirty[i] = true;
        if (hit && rules[i].id.startsWith(QLatin1String("SPOF")))
            m_spofSettingsDirty = true;
    }
}

void Validator::componentChanged(const QString &id)
{
    const Component *now = m_document->design().component(id);
    const Component *before = m_snapshot.component(id);
    m_touchedComponents.insert(id);
    if (before)
        m_touchedHosts.insert(before->host);
    if (now)
        m_touchedHosts.insert(now->host);
    if (!now || !before || now->host != before->host || now->kind != before->kind) {
        m_rehosted = true;
        markStructure(now && before ? bit(now->kind) | bit(before->kind) : AllKinds, false, false);
        return;
    }
    QStringList keys;
    for (auto it = now->settings.begin(); it != now->settings.end(); ++it) {
        if (before->settings.value(it.key()) != it.value())
            keys.append(it.key());
    }
    for (auto it = before->settings.begin(); it != before->settings.end(); ++it) {
        if (!now->settings.contains(it.key()))
            keys.append(it.key());
    }
    markRules(keys, 0, 0);
}

void Validator::hostChanged(const QString &id)
{
    const Host *now = m_document->design().host(id);
    const Host *before = m_snapshot.host(id);
    m_touchedHosts.insert(id);
    if (!now || !before) {
        markStructure(0, true, false);
        return;
    }
    int fields = 0;
    if (now->address != before->address)
        fields |= bit(HostField::Address);
    if (now->zone != before->zone) {
        fields |= bit(HostField::Zone);
        m_zonesDirty = true;
    }
    if (now->firewallEnabled != before->firewallEnabled)
        fields |= bit(HostField::FirewallEnabled);
    if (now->firewallAllow != before->firewallAllow)
        fields |= bit(HostField::FirewallAllow);
    if (now->monitoring != before->monitoring)
        fields |= bit(HostField::Monitoring);
    markRules({}, fields, 0);
}

void Validator::linkChanged(const QString &id)
{
    const Link *now = m_document->design().link(id);
    const Link *before = m_snapshot.link(id);
    m_touchedLinks.insert(id);
    if (before) {
        if (const Component *c = m_snapshot.component(before->to))
            m_touchedHosts.insert(c->host);
    }
    if (!now || !before || now->from != before->from || now->to != before->to ||
        now->protocol != before->protocol) {
        markStructure(0, false, true);
        return;
    }
    int fields = 0;
    if (now->port != before->port)
        fields |= bit(LinkField::Port);
    if (now->readsOnly != before->readsOnly)
        fields |= bit(LinkField::ReadsOnly);
    markRules({}, 0, fields);
}

namespace {

// For each element of `now`, its index in `before` (-1: new), matching ids in
// order; nullopt when the lists differ more than an edit makes them. An edit
// inserts or removes a few elements (a component's links may be scattered),
// so a short look-ahead at each difference finds where the lists meet again.
template<typename T>
std::optional<QList<int>> matchElements(const QList<T> &before, const QList<T> &now)
{
    constexpr qsizetype LookAhead = 8;
    QList<int> map(now.size(), -1);
    qsizetype i = 0;
    for (qsizetype j = 0; j < now.size();) {
        if (i < before.size() && before[i].id == now[j].id) {
            map[j++] = int(i++);
            continue;
        }
        if (i >= before.size()) {
            ++j; // added at the end
            continue;
        }
        bool met = false;
        for (qsizetype k = 1; k <= LookAhead && !met; ++k) {
            if (i + k < before.size() && before[i + k].id == now[j].id) {
                i += k; // removed
                met = true;
            } else if (j + k < now.size() && now[j + k].id == before[i].id) {
                j += k; // added
                met = true;
            }
        }
        if (!met)
            return std::nullopt;
    }
    return map;
}

} // namespace

namespace {

// The indexes of the elements with these ids, by a walk over the list: the
// design's id index is stale after an insertion or removal, and rebuilding
// it costs more than comparing the ids of one list against a few.
template<typename T>
QList<int> indexesOf(const QList<T> &list, const QSet<QString> &ids)
{
    QList<int> out;
    if (ids.isEmpty())
        return out;
    if (ids.size() <= 8) {
        QVarLengthArray<const QString *, 8> few;
        for (const QString &id : ids)
            few.append(&id);
        for (int i = 0; i < list.size(); ++i) {
            for (const QString *id : std::as_const(few)) {
                if (list[i].id == *id) {
                    out.append(i);
                    break;
                }
            }
        }
    } else {
        for (int i = 0; i < list.size(); ++i) {
            if (ids.contains(list[i].id))
                out.append(i);
        }
    }
    return out;
}

} // namespace

bool Validator::updateAnchored(const Design &now, const std::optional<QList<int>> &linkMap,
                               const std::optional<QList<int>> &hostMap)
{
    const RuleContext &ctx = *m_context;
    const bool full = m_allDirty;
    QList<char> linkTouched, hostTouched;
    if (!full) {
        // A host added or removed changes where components naming it run.
        for (const QString &h : std::as_const(m_addedOrRemovedHosts)) {
            for (const Component &c : now.components) {
                if (c.host == h)
                    m_touchedComponents.insert(c.id);
            }
        }
        QList<char> componentTouched(ctx.componentCount, 0);
        for (int c : indexesOf(now.components, m_touchedComponents)) {
            componentTouched[c] = 1;
            m_touchedHosts.insert(now.components[c].host);
        }
        linkTouched.fill(0, now.links.size());
        for (int l : indexesOf(now.links, m_touchedLinks)) {
            linkTouched[l] = 1;
            if (ctx.linkTo[l] >= 0)
                m_touchedHosts.insert(ctx.component(ctx.linkTo[l]).host);
        }
        for (int l = 0; l < linkTouched.size(); ++l) {
            const int from = ctx.linkFrom[l], to = ctx.linkTo[l];
            if (from < 0 || to < 0 || componentTouched[from] || componentTouched[to])
                linkTouched[l] = 1;
        }
        hostTouched.fill(0, now.hosts.size());
        m_touchedHosts.remove(QString());
        for (int h : indexesOf(now.hosts, m_touchedHosts))
            hostTouched[h] = 1;
    }
    bool changed = false;
    for (Anchored &a : m_anchored) {
        const std::optional<QList<int>> &map = a.onLinks ? linkMap : hostMap;
        const QList<char> &touched = a.onLinks ? linkTouched : hostTouched;
        const qsizetype count = a.onLinks ? now.links.size() : now.hosts.size();
        QList<QList<Finding>> next(count);
        QList<char> kept(a.perElement.size(), 0);
        bool ruleChanged = false;
        for (qsizetype e = 0; e < count; ++e) {
            const int old = map ? (*map)[e] : -1;
            if (old >= 0 && old < a.perElement.size()) {
                kept[old] = 1;
                if (!touched[e]) {
                    next[e] = std::move(a.perElement[old]);
                    continue;
                }
            }
            a.check(ctx, int(e), next[e]);
            if (old < 0 || old >= a.perElement.size() || next[e] != a.perElement[old])
                ruleChanged =
                    ruleChanged || !next[e].isEmpty() ||
                    (old >= 0 && old < a.perElement.size() && !a.perElement[old].isEmpty());
        }
        for (qsizetype old = 0; old < a.perElement.size() && !ruleChanged; ++old)
            ruleChanged = !kept[old] && !a.perElement[old].isEmpty();
        if (full)
            ruleChanged = true;
        a.perElement = std::move(next);
        if (ruleChanged) {
            qsizetype total = 0;
            for (const QList<Finding> &f : std::as_const(a.perElement))
                total += f.size();
            QList<Finding> all;
            all.reserve(total);
            for (const QList<Finding> &f : std::as_const(a.perElement))
                all.append(f);
            m_byRule[a.rule] = std::move(all);
            changed = true;
        }
    }
    m_touchedLinks.clear();
    m_touchedHosts.clear();
    m_touchedComponents.clear();
    m_addedOrRemovedHosts.clear();
    return changed;
}

void Validator::reuseSpof(const RuleContext &previous, const ContextHint &hint)
{
    const std::optional<SpofResult> &before = previous.computedSpof();
    if (!before || m_structureLinks || m_zonesDirty || m_rehosted || m_spofSettingsDirty ||
        (m_structureKinds & bit(Kind::LoadBalancer)))
        return;
    const RuleContext &now = *m_context;
    const Design &design = now.design;
    // Components on a host added or removed by name now run elsewhere.
    for (const QString &h : std::as_const(m_addedOrRemovedHosts)) {
        for (const Component &c : design.components) {
            if (c.host == h)
                return;
        }
    }
    QList<int> componentNow(previous.componentCount, -1);
    for (int i = 0; i < hint.componentBefore.size(); ++i) {
        if (hint.componentBefore[i] >= 0)
            componentNow[hint.componentBefore[i]] = i;
    }
    // The same links joining the same components.
    if (hint.linkBefore.size() != previous.linkFrom.size())
        return;
    for (int l = 0; l < hint.linkBefore.size(); ++l) {
        if (hint.linkBefore[l] != l)
            return;
        const int from = previous.linkFrom[l], to = previous.linkTo[l];
        if ((from >= 0 ? componentNow[from] : -1) != now.linkFrom[l] ||
            (to >= 0 ? componentNow[to] : -1) != now.linkTo[l])
            return;
    }
    // The same terminal kind (which kinds exist decides it).
    // (The previous context reads the live design: the snapshot holds the
    // design it was built on.)
    auto kinds = [](const Design &d) {
        int mask = 0;
        for (const Component &c : d.components)
            mask |= bit(c.kind);
        return mask;
    };
    const int terminalKinds = bit(Kind::Database) | bit(Kind::AppServer) | bit(Kind::WebServer);
    if ((kinds(m_snapshot) & terminalKinds) != (kinds(design) & terminalKinds))
        return;
    QList<int> hostNow(previous.componentsOn.nodes(), -1);
    for (int i = 0; i < hint.hostBefore.size(); ++i) {
        if (hint.hostBefore[i] >= 0)
            hostNow[hint.hostBefore[i]] = i;
    }
    SpofResult result;
    result.serviceWorks = before->serviceWorks;
    result.zones = before->zones;
    for (int c : before->components) {
        if (componentNow[c] < 0)
            return;
        result.components.append(componentNow[c]);
    }
    for (int h : before->hosts) {
        if (hostNow[h] < 0)
            return;
        result.hosts.append(hostNow[h]);
    }
    m_context->adoptSpof(std::move(result));
}

void Validator::revalidate()
{
    const Design &design = m_document->design();
    if (m_structureDirty && !m_touchedComponents.isEmpty()) {
        for (int c : indexesOf(design.components, m_touchedComponents))
            m_structureKinds |= bit(design.components[c].kind);
    }
    if (m_allDirty) {
        m_dirty.fill(true);
    } else if (m_structureDirty) {
        const QList<RuleInfo> &rules = allRules();
        for (int i = 0; i < rules.size(); ++i) {
            const StructureDependencies d = structureDependencies().value(rules[i].id);
            if ((d.kinds & m_structureKinds) || (d.hosts && m_structureHosts) ||
                (d.links && m_structureLinks))
                m_dirty[i] = true;
        }
    }
    for (const Anchored &a : m_anchored)
        m_dirty[a.rule] = false;
    const bool anchoredDirty = m_allDirty || m_structureDirty || !m_touchedLinks.isEmpty() ||
                               !m_touchedHosts.isEmpty() || !m_touchedComponents.isEmpty();
    const bool any =
        anchoredDirty || std::find(m_dirty.cbegin(), m_dirty.cend(), true) != m_dirty.cend();
    if (!any) {
        m_snapshot = design;
        return;
    }
    std::optional<QList<int>> linkBefore, hostBefore;
    if (!m_allDirty) {
        linkBefore = matchElements(m_snapshot.links, design.links);
        hostBefore = matchElements(m_snapshot.hosts, design.hosts);
    }
    if (m_allDirty || m_structureDirty || m_zonesDirty || !m_context) {
        std::optional<QList<int>> componentBefore;
        if (m_context && !m_allDirty)
            componentBefore = matchElements(m_snapshot.components, design.components);
        if (componentBefore && linkBefore && hostBefore) {
            ContextHint hint;
            hint.previous = m_context.get();
            hint.componentBefore = std::move(*componentBefore);
            hint.linkBefore = *linkBefore;
            hint.hostBefore = *hostBefore;
            const std::unique_ptr<RuleContext> previous = std::move(m_context);
            m_context = std::make_unique<RuleContext>(design, &hint);
            reuseSpof(*previous, hint);
        } else {
            m_context = std::make_unique<RuleContext>(design);
        }
    } else {
        // The structure is unchanged: only a setting the service path reads
        // makes the analysis stale, and only SPOF rules read it.
        for (int i = 0; i < m_dirty.size(); ++i) {
            if (m_dirty[i] && allRules()[i].id.startsWith(QLatin1String("SPOF"))) {
                m_context->forgetSpof();
                break;
            }
        }
    }
    const RuleContext &context = *m_context;
    bool changed = anchoredDirty && updateAnchored(design, linkBefore, hostBefore);
    m_snapshot = design;
    m_allDirty = false;
    m_structureDirty = false;
    m_structureKinds = 0;
    m_structureHosts = m_structureLinks = false;
    m_rehosted = m_spofSettingsDirty = false;
    m_zonesDirty = false;
    for (int i = 0; i < m_dirty.size(); ++i) {
        if (!m_dirty[i])
            continue;
        m_dirty[i] = false;
        QList<Finding> findings = runRule(context, i);
        if (findings != m_byRule[i]) {
            m_byRule[i] = std::move(findings);
            changed = true;
        }
    }
    if (!changed)
        return;
    qsizetype total = 0;
    for (const QList<Finding> &f : std::as_const(m_byRule))
        total += f.size();
    QList<Finding> findings;
    findings.reserve(total);
    for (int rule : outputOrder())
        findings.append(m_byRule[rule]);
    m_findings.swap(findings);
    m_byElement.reset();
    emit findingsChanged();
}

QList<Finding> Validator::findingsFor(const QString &elementId) const
{
    if (!m_byElement) {
        m_byElement.emplace();
        for (int i = 0; i < m_findings.size(); ++i) {
            for (const QString &id : m_findings[i].elements)
                (*m_byElement)[id].append(i);
        }
    }
    QList<Finding> out;
    for (int i : m_byElement->value(elementId))
        out.append(m_findings[i]);
    return out;
}

std::optional<Severity> Validator::worstSeverity(const QString &elementId) const
{
    std::optional<Severity> worst;
    for (const Finding &f : findingsFor(elementId)) {
        if (!worst || f.severity > *worst)
            worst = f.severity;
    }
    return worst;
}

} // namespace stackplan
