#include "core/templates.h"

#include "core/designio.h"

#include <QFile>

namespace stackplan {

const QList<TemplateInfo> &bundledTemplates()
{
    static const QList<TemplateInfo> list{
        {QStringLiteral("single-server"), QStringLiteral("One server"),
         QStringLiteral("Nginx, the application and MySQL on one machine.")},
        {QStringLiteral("three-server"), QStringLiteral("Three servers"),
         QStringLiteral("A load balancer and two servers running Nginx, the application and a "
                        "MySQL primary and replica.")},
        {QStringLiteral("secured-monitored"), QStringLiteral("Secured and monitored"),
         QStringLiteral("The three-server design with host firewalls, HTTPS at the load balancer "
                        "and monitoring on every host.")},
        {QStringLiteral("scaled"), QStringLiteral("Scaled up"),
         QStringLiteral("A load balancer pair behind a virtual IP, separate web, application and "
                        "database tiers, and a replica with automatic failover.")},
    };
    return list;
}

std::optional<QByteArray> templateBytes(const QString &name)
{
    for (const TemplateInfo &t : bundledTemplates()) {
        if (t.name != name)
            continue;
        QFile file(QStringLiteral(":/templates/%1.stackplan").arg(name));
        if (!file.open(QIODevice::ReadOnly))
            return std::nullopt;
        return file.readAll();
    }
    return std::nullopt;
}

std::optional<Design> templateDesign(const QString &name)
{
    const auto bytes = templateBytes(name);
    if (!bytes)
        return std::nullopt;
    LoadResult result = readDesign(*bytes);
    return result.design;
}

} // namespace stackplan
