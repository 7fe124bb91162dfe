// The design as plain value types: hosts, components, links and notes, in
// file order. Copyable and comparable; the Document owns the live one and is
// the only thing that changes it in the designer. Unknown keys read from a
// file are kept in `extra` and written back.
//
// Settings hold only what the file (or the user) set explicitly; reading a
// setting through Component::setting() falls back to the schema's default.
#pragma once

#include "core/kinds.h"

#include <QHash>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPointF>
#include <QString>
#include <QStringList>

#include <optional>

namespace stackplan {

struct Host
{
    QString id;
    QString hostname; // "" = the id
    QString address;  // "" = not assigned yet
    QString zone;
    bool firewallEnabled = false;
    QList<int> firewallAllow;
    bool monitoring = false;
    std::optional<QPointF> position;
    QJsonObject extra;         // unknown keys, kept
    QJsonObject firewallExtra; // unknown keys of "firewall", kept

    QString effectiveHostname() const { return hostname.isEmpty() ? id : hostname; }
    bool operator==(const Host &) const = default;
};

struct Component
{
    QString id;
    Kind kind = Kind::Internet;
    QString host;  // "" = a dedicated machine of its own
    QString label; // "" = derived from kind and id
    QJsonObject settings;
    std::optional<QPointF> position;
    QJsonObject extra;

    // The setting's value: the explicit one, else the schema's default.
    // key may be dotted for object fields ("health_check.path").
    QJsonValue setting(QStringView key) const;
    QString stringSetting(QStringView key) const { return setting(key).toString(); }
    int intSetting(QStringView key) const { return setting(key).toInt(); }
    bool boolSetting(QStringView key) const { return setting(key).toBool(); }
    QList<int> intListSetting(QStringView key) const;

    QString displayLabel() const;
    bool operator==(const Component &) const = default;
};

struct Link
{
    QString id;
    QString from;
    QString to;
    QString protocol; // "" = from the target's kind
    std::optional<int> port;
    QString label;
    bool readsOnly = false;
    QJsonObject extra;

    bool operator==(const Link &) const = default;
};

struct Note
{
    QString id;
    QString text;
    std::optional<QPointF> position;
    QJsonObject extra;

    bool operator==(const Note &) const = default;
};

inline const QString DefaultDomain = QStringLiteral("www.example.com");

class Design
{
public:
    int version = 1;
    QString name;
    QString domain = DefaultDomain;
    QList<Host> hosts;
    QList<Component> components;
    QList<Link> links;
    QList<Note> notes;
    QJsonObject extra;

    bool operator==(const Design &other) const;

    // Lookups by id; nullptr when absent. An index is kept internally and
    // rebuilt when the lists changed behind its back.
    const Host *host(const QString &id) const;
    const Component *component(const QString &id) const;
    const Link *link(const QString &id) const;
    const Note *note(const QString &id) const;
    Host *host(const QString &id);
    Component *component(const QString &id);
    Link *link(const QString &id);
    Note *note(const QString &id);
    int hostIndex(const QString &id) const;
    int componentIndex(const QString &id) const;
    int linkIndex(const QString &id) const;
    int noteIndex(const QString &id) const;
    ElementType elementType(const QString &id) const;
    bool contains(const QString &id) const { return elementType(id) != ElementType::None; }
    int elementCount() const
    {
        return int(hosts.size() + components.size() + links.size() + notes.size());
    }

    // The protocol and port of a link, its own or derived from its target.
    QString effectiveProtocol(const Link &link) const;
    int effectivePort(const Link &link) const;
    // The host a component runs on (nullptr: its own machine).
    const Host *hostOf(const Component &component) const;
    QList<const Component *> componentsOnHost(const QString &hostId) const;
    QList<const Link *> linksOf(const QString &componentId) const;

    // The first id "prefix-N" (N from 1, zero-padded to width) not used yet.
    QString freeId(const QString &prefix, int width = 2) const;
    // The first link id "l-N" not used yet.
    QString freeLinkId() const;

    // Call after changing lists in bulk; lookups also repair it themselves.
    void reindex() const;

private:
    struct Slot
    {
        ElementType type = ElementType::None;
        int index = -1;
    };
    Slot find(const QString &id) const;
    mutable QHash<QString, Slot> m_index;
};

// The default port a component listens on for the service it provides.
int servicePort(const Component &component);

} // namespace stackplan
