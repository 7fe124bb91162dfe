#include "render/theme.h"

#include <QPalette>

namespace stackplan {

const Theme &Theme::light()
{
    static const Theme theme = [] {
        Theme t;
        t.dark = false;
        t.background = QColor(0xF8, 0xFA, 0xFC);
        t.grid = QColor(0xE2, 0xE8, 0xF0);
        t.title = QColor(0x0F, 0x17, 0x2A);
        t.hostFill = QColor(0xF1, 0xF5, 0xF9);
        t.hostHeader = QColor(0xE2, 0xE8, 0xF0);
        t.hostBorder = QColor(0xCB, 0xD5, 0xE1);
        t.hostText = QColor(0x1E, 0x29, 0x3B);
        t.hostSubtext = QColor(0x64, 0x74, 0x8B);
        t.cardFill = QColor(0xFF, 0xFF, 0xFF);
        t.cardBorder = QColor(0xD5, 0xDD, 0xE7);
        t.cardShadow = QColor(15, 23, 42, 22);
        t.text = QColor(0x0F, 0x17, 0x2A);
        t.subtext = QColor(0x64, 0x74, 0x8B);
        t.link = QColor(0x64, 0x74, 0x8B);
        t.linkLabelFill = QColor(0xFF, 0xFF, 0xFF);
        t.linkLabelText = QColor(0x33, 0x41, 0x55);
        t.selection = QColor(0x25, 0x63, 0xEB);
        t.guide = QColor(0xE1, 0x1D, 0x48);
        t.noteFill = QColor(0xFE, 0xF9, 0xC3);
        t.noteBorder = QColor(0xEA, 0xB3, 0x08);
        t.noteText = QColor(0x42, 0x20, 0x06);
        t.handle = QColor(0x25, 0x63, 0xEB);
        return t;
    }();
    return theme;
}

const Theme &Theme::darkTheme()
{
    static const Theme theme = [] {
        Theme t;
        t.dark = true;
        t.background = QColor(0x0F, 0x17, 0x2A);
        t.grid = QColor(0x1E, 0x29, 0x3B);
        t.title = QColor(0xF1, 0xF5, 0xF9);
        t.hostFill = QColor(0x1E, 0x29, 0x3B);
        t.hostHeader = QColor(0x27, 0x35, 0x4A);
        t.hostBorder = QColor(0x33, 0x41, 0x55);
        t.hostText = QColor(0xE2, 0xE8, 0xF0);
        t.hostSubtext = QColor(0x94, 0xA3, 0xB8);
        t.cardFill = QColor(0x0F, 0x17, 0x2A);
        t.cardBorder = QColor(0x47, 0x55, 0x69);
        t.cardShadow = QColor(0, 0, 0, 70);
        t.text = QColor(0xF1, 0xF5, 0xF9);
        t.subtext = QColor(0x94, 0xA3, 0xB8);
        t.link = QColor(0x94, 0xA3, 0xB8);
        t.linkLabelFill = QColor(0x1E, 0x29, 0x3B);
        t.linkLabelText = QColor(0xCB, 0xD5, 0xE1);
        t.selection = QColor(0x60, 0xA5, 0xFA);
        t.guide = QColor(0xFB, 0x71, 0x85);
        t.noteFill = QColor(0x42, 0x3A, 0x10);
        t.noteBorder = QColor(0xA1, 0x62, 0x07);
        t.noteText = QColor(0xFE, 0xF0, 0x8A);
        t.handle = QColor(0x60, 0xA5, 0xFA);
        return t;
    }();
    return theme;
}

const Theme &Theme::fromPalette(const QPalette &palette)
{
    return forDark(palette.color(QPalette::Window).lightness() < 128);
}

QColor Theme::tierColor(Kind kind)
{
    switch (kind) {
    case Kind::Internet:
        return QColor(0x63, 0x66, 0xF1);
    case Kind::Dns:
        return QColor(0x0E, 0xA5, 0xE9);
    case Kind::LoadBalancer:
        return QColor(0x7C, 0x3A, 0xED);
    case Kind::WebServer:
        return QColor(0x16, 0xA3, 0x4A);
    case Kind::AppServer:
        return QColor(0xD9, 0x77, 0x06);
    case Kind::Database:
        return QColor(0x25, 0x63, 0xEB);
    case Kind::Cache:
        return QColor(0x0D, 0x94, 0x88);
    case Kind::Firewall:
        return QColor(0xEA, 0x58, 0x0C);
    case Kind::Monitoring:
        return QColor(0xDB, 0x27, 0x77);
    }
    return QColor(0x47, 0x55, 0x69);
}

QColor Theme::severityColor(MarkSeverity severity)
{
    switch (severity) {
    case MarkSeverity::Error:
        return QColor(0xDC, 0x26, 0x26);
    case MarkSeverity::Warning:
        return QColor(0xF5, 0x9E, 0x0B);
    case MarkSeverity::Info:
        return QColor(0x0E, 0x7C, 0xD6);
    }
    return QColor(0x0E, 0x7C, 0xD6);
}

QColor Theme::liveColor(LiveStatus status)
{
    switch (status) {
    case LiveStatus::Up:
        return QColor(0x22, 0xC5, 0x5E);
    case LiveStatus::Degraded:
        return QColor(0xF5, 0x9E, 0x0B);
    case LiveStatus::Down:
        return QColor(0xDC, 0x26, 0x26);
    case LiveStatus::Unknown:
        break;
    }
    return QColor(0x94, 0xA3, 0xB8);
}

QColor Theme::linkColor(const QString &protocol) const
{
    if (protocol == QStringLiteral("replication"))
        return tierColor(Kind::Database);
    if (protocol == QStringLiteral("metrics"))
        return tierColor(Kind::Monitoring);
    if (protocol == QStringLiteral("https"))
        return dark ? QColor(0x4A, 0xDE, 0x80) : QColor(0x15, 0x80, 0x3D);
    return link;
}

QFont Theme::font(int pixelSize, bool bold)
{
    QFont f;
    f.setFamilies(
        {QStringLiteral("Inter"), QStringLiteral("Noto Sans"), QStringLiteral("DejaVu Sans")});
    f.setStyleHint(QFont::SansSerif);
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

QString kindIconPath(Kind kind)
{
    return iconPath(kindName(kind));
}

QString iconPath(const QString &name)
{
    return QStringLiteral(":/icons/") + name + QStringLiteral(".svg");
}

} // namespace stackplan
