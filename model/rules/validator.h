// Validation of a design against every rule of the registry. validate() is a
// pure function of the design. Validator keeps the findings of a Document up
// to date: it listens to the document's change signals and reruns, once per
// applied command, only what the change can affect. A moved element or a new
// label reruns nothing, a port reruns the port rules; a structural edit
// (adding or removing an element, re-hosting, a link's ends or protocol)
// rebuilds the analysis context from the previous one, reruns the per-link
// and per-host rules only for the touched elements, the other rules only when
// they read what changed, and carries the service-path analysis over when
// its graph is unchanged. It emits findingsChanged() when the findings
// differ; it does not own the document.
#pragma once

#include "rules/finding.h"

#include "core/design.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <memory>
#include <optional>

namespace stackplan {

class Document;
class RuleContext;
struct ContextHint;

// Every rule runs on every design; the result is in sortFindings() order, each
// rule's findings in the order of the design's elements.
QList<Finding> validate(const Design &design);

// Findings at or above a severity.
int countAtLeast(const QList<Finding> &findings, Severity severity);

class Validator : public QObject
{
    Q_OBJECT

public:
    explicit Validator(Document *document, QObject *parent = nullptr);
    ~Validator() override;

    const QList<Finding> &findings() const { return m_findings; }
    // The findings that name an element (for the canvas badges).
    QList<Finding> findingsFor(const QString &elementId) const;
    // The most severe finding on an element, if any.
    std::optional<Severity> worstSeverity(const QString &elementId) const;

    // Revalidates now (normally triggered by the document's signals).
    void revalidate();

signals:
    void findingsChanged();

private:
    // A rule whose findings each belong to one link or one host: kept per
    // element and rerun only for the elements an edit touched.
    struct Anchored
    {
        int rule = -1;
        bool onLinks = true; // else on hosts
        void (*check)(const RuleContext &, int, QList<Finding> &) = nullptr;
        QList<QList<Finding>> perElement; // parallel to the snapshot's links or hosts
    };

    void markAll();
    // A structural edit: a component of some kinds, a host or a link was
    // added or removed, or moved to another host, or a link's ends or
    // protocol changed. kinds is a bit mask of Kind, all bits when unknown.
    void markStructure(int kinds, bool hosts, bool links);
    bool isAnchored(int rule) const;
    // Carries the service-path analysis over to the new context when the
    // edit left the service-path graph and the placement of its components
    // as they were (an unlinked component or a host added or removed).
    void reuseSpof(const RuleContext &previous, const ContextHint &hint);
    // Reruns the anchored rules where needed; true when a finding changed.
    // linkBefore/hostBefore: each element's index in the snapshot, if known.
    bool updateAnchored(const Design &now, const std::optional<QList<int>> &linkBefore,
                        const std::optional<QList<int>> &hostBefore);
    void markRules(const QStringList &settingKeys, int hostFields, int linkFields);
    void componentChanged(const QString &id);
    void hostChanged(const QString &id);
    void linkChanged(const QString &id);

    Document *m_document;
    Design m_snapshot;              // the design as last validated (shared, copy on write)
    QList<QList<Finding>> m_byRule; // per rule, in the registry's order
    QList<bool> m_dirty;
    bool m_allDirty = true;
    bool m_structureDirty = false;
    int m_structureKinds = 0;
    bool m_structureHosts = false;
    bool m_structureLinks = false;
    bool m_rehosted = false;          // a component now runs on another machine
    bool m_spofSettingsDirty = false; // a setting the service path reads changed
    QList<Anchored> m_anchored;
    // Ids of elements whose anchored findings may have changed.
    QSet<QString> m_touchedLinks;
    QSet<QString> m_touchedHosts;
    QSet<QString> m_touchedComponents;
    QSet<QString> m_addedOrRemovedHosts;
    bool m_zonesDirty = false;
    // The analysis of the structure, kept while only fields change.
    std::unique_ptr<RuleContext> m_context;
    QList<Finding> m_findings;
    mutable std::optional<QHash<QString, QList<int>>> m_byElement; // built on demand
};

} // namespace stackplan
