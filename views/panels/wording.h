// English counts for the interface ("1 host", "3 hosts"), until the product
// ships translations with plural forms.
#pragma once

#include <QString>

namespace stackplan {

inline QString plural(qsizetype n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

} // namespace stackplan
