// The colours and fonts the canvas and the image export draw with. Light and
// dark variants; the canvas picks one from the application palette, the
// export from its options, so both draw the same picture.
#pragma once

#include "core/kinds.h"
#include "render/marks.h"

#include <QColor>
#include <QFont>

class QPalette;

namespace stackplan {

struct Theme
{
    bool dark = false;
    QColor background;
    QColor grid;
    QColor title;
    QColor hostFill;
    QColor hostHeader;
    QColor hostBorder;
    QColor hostText;
    QColor hostSubtext;
    QColor cardFill;
    QColor cardBorder;
    QColor cardShadow;
    QColor text;
    QColor subtext;
    QColor link;
    QColor linkLabelFill;
    QColor linkLabelText;
    QColor selection;
    QColor guide;
    QColor noteFill;
    QColor noteBorder;
    QColor noteText;
    QColor handle;

    static const Theme &light();
    static const Theme &darkTheme();
    static const Theme &forDark(bool isDark) { return isDark ? darkTheme() : light(); }
    // Dark when the palette's window colour is dark.
    static const Theme &fromPalette(const QPalette &palette);

    // The colour of a kind's tier, as in its icon.
    static QColor tierColor(Kind kind);
    static QColor severityColor(MarkSeverity severity);
    static QColor liveColor(LiveStatus status);
    // The colour a link is drawn in, by protocol.
    QColor linkColor(const QString &protocol) const;

    // Pixel-sized fonts, so the picture is the same on every device.
    static QFont font(int pixelSize, bool bold = false);
};

// The icon resource of a kind (":/icons/load_balancer.svg").
QString kindIconPath(Kind kind);
QString iconPath(const QString &name); // "host", "zone", "note"

} // namespace stackplan
