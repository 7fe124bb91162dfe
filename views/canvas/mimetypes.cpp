#include "canvas/mimetypes.h"

#include <QMimeData>

namespace stackplan::mime {

QMimeData *kindMimeData(stackplan::Kind kind)
{
    auto *data = new QMimeData;
    data->setData(Kind, kindName(kind).toUtf8());
    return data;
}

QMimeData *hostMimeData()
{
    auto *data = new QMimeData;
    data->setData(Host, QByteArray());
    return data;
}

QMimeData *noteMimeData(const QString &text)
{
    auto *data = new QMimeData;
    data->setData(Note, text.toUtf8());
    return data;
}

} // namespace stackplan::mime
