#include "rules/validator.h"

#include "core/document.h"
#include "rules/context.h"
#include "rules/registry.h"

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
    // Structure changes rerun everything; field changes only what reads the field.
    auto all = [this] { markAll(); };
    connect(document, &Document::designReset, this, all);
    connect(document, &Document::hostAdded, this, all);
    connect(document, &Document::hostRemoved, this, all);
    connect(document, &Document::componentAdded, this, all);
    connect(document, &Document::componentRemoved, this, all);
    connect(document, &Document::linkAdded, this, all);
    connect(document, &Document::linkRemoved, this, all);
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

void Validator::markRules(const QStringList &settingKeys, int hostFields, int linkFields)
{
    const QList<RuleInfo> &rules = allRules();
    for (int i = 0; i < rules.size(); ++i) {
        const Dependencies &d = dependencies().value(rules[i].id);
        bool hit = (d.hostFields & hostFields) || (d.linkFields & linkFields);
        for (const QString &k : settingKeys)
            hit = hit || d.settings.contains(k);
        if (hit)
            m_dirty[i] = true;
    }
}

void Validator::componentChanged(const QString &id)
{
    const Component *now = m_document->design().component(id);
    const Component *before = m_snapshot.component(id);
    if (!now || !before || now->host != before->host || now->kind != before->kind) {
        markAll();
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
    if (!now || !before) {
        markAll();
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
    if (!now || !before || now->from != before->from || now->to != before->to ||
        now->protocol != before->protocol) {
        markAll();
        return;
    }
    int fields = 0;
    if (now->port != before->port)
        fields |= bit(LinkField::Port);
    if (now->readsOnly != before->readsOnly)
        fields |= bit(LinkField::ReadsOnly);
    markRules({}, 0, fields);
}

void Validator::revalidate()
{
    const Design &design = m_document->design();
    if (m_allDirty)
        m_dirty.fill(true);
    const bool any = std::find(m_dirty.cbegin(), m_dirty.cend(), true) != m_dirty.cend();
    m_snapshot = design;
    if (!any)
        return;
    if (m_allDirty || m_zonesDirty || !m_context) {
        m_context = std::make_unique<RuleContext>(design);
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
    m_allDirty = false;
    m_zonesDirty = false;
    const RuleContext &context = *m_context;
    bool changed = false;
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
    m_findings.clear();
    for (int rule : outputOrder())
        m_findings.append(m_byRule[rule]);
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
