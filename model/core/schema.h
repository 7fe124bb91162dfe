// The per-kind settings schema: the single source of every setting's name,
// type, default, allowed values or grammar and description. The loader, the
// writer, the inspector, the rules and the generators read it; no default is
// written anywhere else.
#pragma once

#include "core/grammar.h"
#include "core/kinds.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace stackplan {

enum class SettingType { Bool, Int, String, Enum, IntList, Object };

struct SettingSpec
{
    QString key;
    SettingType type = SettingType::String;
    QJsonValue defaultValue;
    QStringList allowed;             // Enum
    Grammar grammar = Grammar::Text; // String (and IntList items: Port)
    bool allowEmpty = true;          // String: "" is valid (means "derived")
    int minimum = 0;                 // Int
    int maximum = 0;                 // Int
    QString description;             // one line, shown by the inspector and docs
    QList<SettingSpec> fields;       // Object
    // A default that depends on the component's other settings (the port of a
    // php-fpm app server, the redundancy of a cluster with a vip).
    std::function<QJsonValue(const QJsonObject &settings)> dynamicDefault;

    QJsonValue defaultFor(const QJsonObject &settings) const
    {
        return dynamicDefault ? dynamicDefault(settings) : defaultValue;
    }
};

struct KindSpec
{
    Kind kind;
    QString name;         // file-format name, "load_balancer"
    QString title;        // "Load balancer"
    QString defaultLabel; // "HAProxy"
    QString idPrefix;     // for new components: "lb", "web", "app", "db", ...
    bool mayHaveHost = true;
    QString description;
    QList<SettingSpec> settings;
};

const KindSpec &kindSpec(Kind kind);

// The spec of a setting; key may be dotted for object fields ("health_check.path").
const SettingSpec *findSetting(Kind kind, QStringView key);

// Checks one value against its spec; on failure *reason says why.
bool checkSettingValue(const SettingSpec &spec, const QJsonValue &value, QString *reason);

// The protocol and port a link gets when the file leaves them out, from the
// target's kind and settings.
QString defaultProtocolFor(Kind targetKind);
QStringList allProtocols();

} // namespace stackplan
