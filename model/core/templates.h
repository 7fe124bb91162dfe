// The designs bundled with Stackplan (resources/templates), read through the
// Qt resource system. The default design is the classic three-server one.
#pragma once

#include "core/design.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace stackplan {

struct TemplateInfo
{
    QString name;        // "three-server"
    QString title;       // "Three servers"
    QString description; // one line
};

const QList<TemplateInfo> &bundledTemplates();
// The file's bytes; nullopt for an unknown name.
std::optional<QByteArray> templateBytes(const QString &name);
// The parsed design; nullopt for an unknown name.
std::optional<Design> templateDesign(const QString &name);

inline const QString DefaultTemplate = QStringLiteral("three-server");

} // namespace stackplan
