#include "core/grammar.h"

#include <QHostAddress>
#include <QRegularExpression>

namespace stackplan {

namespace {

bool fail(QString *reason, const QString &why)
{
    if (reason)
        *reason = why;
    return false;
}

bool isAsciiAlnum(QChar c)
{
    const char16_t u = c.unicode();
    return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9');
}

// RFC 1123 labels separated by dots.
bool isDnsName(const QString &value, QString *reason)
{
    if (value.isEmpty())
        return fail(reason, QStringLiteral("is empty"));
    if (value.size() > 253)
        return fail(reason, QStringLiteral("is longer than 253 characters"));
    const auto labels = QStringView(value).split(u'.');
    for (QStringView label : labels) {
        if (label.isEmpty())
            return fail(reason, QStringLiteral("has an empty label"));
        if (label.size() > 63)
            return fail(reason, QStringLiteral("has a label longer than 63 characters"));
        for (qsizetype i = 0; i < label.size(); ++i) {
            const QChar c = label[i];
            if (isAsciiAlnum(c))
                continue;
            if (c == u'-' && i > 0 && i + 1 < label.size())
                continue;
            return fail(reason, QStringLiteral("may hold only letters, digits and inner hyphens"));
        }
    }
    return true;
}

bool isSafePath(const QString &value, QString *reason, bool allowQuery)
{
    if (value.isEmpty() || value.front() != u'/')
        return fail(reason, QStringLiteral("must be an absolute path starting with /"));
    if (value.size() > 1024)
        return fail(reason, QStringLiteral("is longer than 1024 characters"));
    bool inQuery = false;
    for (QChar c : value) {
        if (isAsciiAlnum(c))
            continue;
        const char16_t u = c.unicode();
        if (u == '/' || u == '.' || u == '_' || u == '-' || u == '~')
            continue;
        if (allowQuery && u == '?' && !inQuery) {
            inQuery = true;
            continue;
        }
        if (inQuery && (u == '=' || u == '&'))
            continue;
        return fail(reason, QStringLiteral("may hold only letters, digits and / . _ - ~"));
    }
    if (value.contains(QStringLiteral("/../")) || value.endsWith(QStringLiteral("/..")))
        return fail(reason, QStringLiteral("must not climb with .."));
    if (value.contains(QStringLiteral("//")))
        return fail(reason, QStringLiteral("must not hold an empty segment"));
    return true;
}

bool isAddress(const QString &value, QString *reason)
{
    static const QRegularExpression v4(
        QStringLiteral("^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
                       "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$"));
    if (v4.match(value).hasMatch())
        return true;
    if (value.contains(u':') && value.size() <= 45) {
        for (QChar c : value) {
            const char16_t u = c.unicode();
            const bool hex =
                (u >= '0' && u <= '9') || (u >= 'a' && u <= 'f') || (u >= 'A' && u <= 'F');
            if (!hex && u != ':' && u != '.')
                return fail(reason, QStringLiteral("is not an IPv4 or IPv6 address"));
        }
        QHostAddress address;
        if (address.setAddress(value) && address.protocol() == QAbstractSocket::IPv6Protocol)
            return true;
    }
    return fail(reason, QStringLiteral("is not an IPv4 or IPv6 address"));
}

} // namespace

QString grammarName(Grammar grammar)
{
    switch (grammar) {
    case Grammar::Text:
        return QStringLiteral("text");
    case Grammar::Id:
        return QStringLiteral("id");
    case Grammar::Hostname:
        return QStringLiteral("hostname");
    case Grammar::Domain:
        return QStringLiteral("domain name");
    case Grammar::Address:
        return QStringLiteral("IPv4 or IPv6 address");
    case Grammar::Port:
        return QStringLiteral("port");
    case Grammar::Path:
        return QStringLiteral("path");
    case Grammar::CertificatePath:
        return QStringLiteral("certificate path");
    case Grammar::HealthPath:
        return QStringLiteral("health-check path");
    case Grammar::Zone:
        return QStringLiteral("zone name");
    }
    return {};
}

bool matchesGrammar(Grammar grammar, const QString &value, QString *reason)
{
    switch (grammar) {
    case Grammar::Text:
        if (value.size() > MaxTextLength)
            return fail(reason, QStringLiteral("is longer than %1 characters").arg(MaxTextLength));
        for (QChar c : value) {
            const char16_t u = c.unicode();
            if (u < 0x20 || u == 0x7f || u == 0x2028 || u == 0x2029)
                return fail(reason, QStringLiteral("holds a control character or line break"));
        }
        return true;
    case Grammar::Id: {
        if (value.isEmpty())
            return fail(reason, QStringLiteral("is empty"));
        if (value.size() > MaxIdLength)
            return fail(reason, QStringLiteral("is longer than %1 characters").arg(MaxIdLength));
        const char16_t first = value.front().unicode();
        if (first < 'a' || first > 'z')
            return fail(reason, QStringLiteral("must start with a lower-case letter"));
        for (QChar c : value) {
            const char16_t u = c.unicode();
            if (!((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '-'))
                return fail(reason,
                            QStringLiteral("may hold only lower-case letters, digits and -"));
        }
        return true;
    }
    case Grammar::Hostname:
        if (value.size() > MaxNameLength && !value.contains(u'.'))
            return fail(reason, QStringLiteral("is longer than %1 characters").arg(MaxNameLength));
        return isDnsName(value, reason);
    case Grammar::Domain:
        return isDnsName(value, reason);
    case Grammar::Address:
        return isAddress(value, reason);
    case Grammar::Port: {
        bool ok = false;
        const int port = value.toInt(&ok);
        if (!ok || port < 1 || port > 65535 || value.startsWith(u'+') || value.startsWith(u'0'))
            return fail(reason, QStringLiteral("is not a port between 1 and 65535"));
        return true;
    }
    case Grammar::Path:
        return isSafePath(value, reason, false);
    case Grammar::CertificatePath:
        return isSafePath(value, reason, false);
    case Grammar::HealthPath:
        return isSafePath(value, reason, true);
    case Grammar::Zone: {
        if (value.isEmpty())
            return fail(reason, QStringLiteral("is empty"));
        if (value.size() > MaxNameLength)
            return fail(reason, QStringLiteral("is longer than %1 characters").arg(MaxNameLength));
        if (!isAsciiAlnum(value.front()))
            return fail(reason, QStringLiteral("must start with a letter or digit"));
        for (QChar c : value) {
            const char16_t u = c.unicode();
            if (!isAsciiAlnum(c) && u != '-' && u != '_' && u != '.')
                return fail(reason, QStringLiteral("may hold only letters, digits and - _ ."));
        }
        return true;
    }
    }
    return false;
}

} // namespace stackplan
