#include "panels/selection.h"

namespace stackplan {

void Selection::setIds(const QStringList &ids)
{
    QStringList unique;
    unique.reserve(ids.size());
    for (const QString &id : ids) {
        if (!id.isEmpty() && !unique.contains(id))
            unique.append(id);
    }
    if (unique == m_ids)
        return;
    m_ids = unique;
    emit changed();
}

} // namespace stackplan
