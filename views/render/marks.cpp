#include "render/marks.h"

#include <algorithm>

namespace stackplan {

QHash<QString, BadgeInfo> badgesFromMarks(const QList<Mark> &marks)
{
    QHash<QString, QList<const Mark *>> byElement;
    for (const Mark &m : marks)
        byElement[m.elementId].append(&m);
    QHash<QString, BadgeInfo> result;
    result.reserve(byElement.size());
    for (auto it = byElement.begin(); it != byElement.end(); ++it) {
        QList<const Mark *> list = it.value();
        // Severity enum order is worst first; keep the reported order otherwise.
        std::stable_sort(list.begin(), list.end(), [](const Mark *a, const Mark *b) {
            return int(a->severity) < int(b->severity);
        });
        BadgeInfo info;
        info.severity = list.front()->severity;
        info.count = int(list.size());
        for (const Mark *m : list)
            info.messages.append(m->message);
        result.insert(it.key(), info);
    }
    return result;
}

} // namespace stackplan
