#include "panels/palettemime.h"

namespace stackplan {

QString paletteMimeType()
{
    return QStringLiteral("application/x-stackplan-palette");
}

void setPaletteMimeHost(QMimeData *mime)
{
    mime->setData(paletteMimeType(), QByteArrayLiteral("host"));
}

void setPaletteMimeNote(QMimeData *mime)
{
    mime->setData(paletteMimeType(), QByteArrayLiteral("note"));
}

void setPaletteMimeKind(QMimeData *mime, Kind kind)
{
    mime->setData(paletteMimeType(), "component:" + kindName(kind).toUtf8());
}

} // namespace stackplan
