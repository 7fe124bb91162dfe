#include "panels/confighighlighter.h"

#include "panels/icons.h"

#include <QFileInfo>

namespace stackplan {

ConfigHighlighter::ConfigHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{
    updateColors();
}

ConfigHighlighter::Language ConfigHighlighter::languageFor(const QString &path)
{
    const QString name = QFileInfo(path).fileName();
    if (path.contains(QLatin1String("/haproxy/")))
        return Language::HAProxy;
    if (path.contains(QLatin1String("/nginx/")))
        return Language::Nginx;
    if (name.endsWith(QLatin1String(".cnf")))
        return Language::MySqlOptions;
    if (name.endsWith(QLatin1String(".sql")))
        return Language::Sql;
    if (name.startsWith(QLatin1String("nftables")))
        return Language::Nftables;
    if (path.contains(QLatin1String("keepalived")))
        return Language::Keepalived;
    if (name.endsWith(QLatin1String(".yml")) || name.endsWith(QLatin1String(".yaml")))
        return Language::Yaml;
    if (name.endsWith(QLatin1String(".md")))
        return Language::Markdown;
    return Language::Plain;
}

void ConfigHighlighter::setLanguage(Language language)
{
    if (language == m_language)
        return;
    m_language = language;
    buildRules();
    rehighlight();
}

void ConfigHighlighter::updateColors()
{
    const bool dark = isDarkPalette();
    m_comment = QTextCharFormat();
    m_comment.setForeground(dark ? QColor(0x8a, 0x94, 0xa6) : QColor(0x6a, 0x73, 0x7d));
    m_comment.setFontItalic(true);
    m_keyword = QTextCharFormat();
    m_keyword.setForeground(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x00, 0x5c, 0xc5));
    m_keyword.setFontWeight(QFont::DemiBold);
    m_section = QTextCharFormat();
    m_section.setForeground(dark ? QColor(0xc7, 0x92, 0xea) : QColor(0x8a, 0x2b, 0xb9));
    m_section.setFontWeight(QFont::Bold);
    m_number = QTextCharFormat();
    m_number.setForeground(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0xb3, 0x50, 0x00));
    m_string = QTextCharFormat();
    m_string.setForeground(dark ? QColor(0xc3, 0xe8, 0x8d) : QColor(0x22, 0x86, 0x3a));
    m_variable = QTextCharFormat();
    m_variable.setForeground(dark ? QColor(0xff, 0xcb, 0x6b) : QColor(0xa3, 0x3b, 0x5a));
    buildRules();
    rehighlight();
}

void ConfigHighlighter::buildRules()
{
    m_rules.clear();
    auto words = [](const char *list) {
        return QRegularExpression(QStringLiteral("\\b(%1)\\b").arg(QString::fromLatin1(list)));
    };
    auto add = [this](QRegularExpression re, const QTextCharFormat &format) {
        m_rules.append({std::move(re), format});
    };
    // Addresses and numbers first, so keywords and strings can override.
    add(QRegularExpression(QStringLiteral("\\b\\d+(\\.\\d+){0,3}(/\\d+)?(:\\d+)?[smhd]?\\b")),
        m_number);
    switch (m_language) {
    case Language::HAProxy:
        add(QRegularExpression(QStringLiteral("^(global|defaults|frontend|backend|listen|"
                                              "resolvers|peers|userlist)\\b.*$")),
            m_section);
        add(words("bind|mode|balance|server|option|timeout|default_backend|use_backend|acl|"
                  "http-request|http-response|redirect|stats|check|inter|rise|fall|maxconn|log|"
                  "ssl|crt|cookie|insert|indirect|nocache|user|group|daemon|errorfile|"
                  "http-check|send|expect"),
            m_keyword);
        break;
    case Language::Nginx:
        add(words("server|location|listen|server_name|root|index|proxy_pass|proxy_set_header|"
                  "fastcgi_pass|include|return|add_header|ssl_certificate|ssl_certificate_key|"
                  "ssl_protocols|ssl_ciphers|gzip|gzip_types|try_files|upstream|access_log|"
                  "error_log|http2|default_server|always|fastcgi_param|keepalive"),
            m_keyword);
        add(QRegularExpression(QStringLiteral("\\$[A-Za-z_][A-Za-z0-9_]*")), m_variable);
        break;
    case Language::MySqlOptions:
        add(QRegularExpression(QStringLiteral("^\\s*\\[[^\\]]+\\]")), m_section);
        add(QRegularExpression(QStringLiteral("^\\s*[A-Za-z_][A-Za-z0-9_-]*(?=\\s*=|\\s*$)")),
            m_keyword);
        break;
    case Language::Sql: {
        QRegularExpression re(
            QStringLiteral("\\b(CREATE|USER|IF|NOT|EXISTS|IDENTIFIED|BY|GRANT|ON|TO|CHANGE|"
                           "MASTER|REPLICATION|SLAVE|CLIENT|START|STOP|SOURCE|FOR|CHANNEL|SET|"
                           "FLUSH|PRIVILEGES|MASTER_HOST|MASTER_USER|MASTER_PASSWORD|"
                           "MASTER_PORT|MASTER_USE_GTID|ALTER|REQUIRE|SSL|WITH)\\b"),
            QRegularExpression::CaseInsensitiveOption);
        add(re, m_keyword);
        add(QRegularExpression(QStringLiteral("@[A-Za-z_][A-Za-z0-9_]*")), m_variable);
        break;
    }
    case Language::Nftables:
        add(words("table|chain|type|hook|priority|policy|accept|drop|reject|counter|ct|state|"
                  "established|related|invalid|iif|oif|lo|ip|ip6|saddr|daddr|tcp|udp|dport|"
                  "sport|icmp|icmpv6|flush|ruleset|inet|filter|input|output|forward|define|set|"
                  "elements|limit|rate|log|prefix"),
            m_keyword);
        add(QRegularExpression(QStringLiteral("\\$[A-Za-z_][A-Za-z0-9_]*")), m_variable);
        break;
    case Language::Keepalived:
        add(QRegularExpression(QStringLiteral("^\\s*(global_defs|vrrp_script|vrrp_instance|"
                                              "virtual_server|real_server)\\b")),
            m_section);
        add(words("state|MASTER|BACKUP|interface|virtual_router_id|priority|advert_int|"
                  "authentication|auth_type|auth_pass|virtual_ipaddress|track_script|script|"
                  "interval|weight|fall|rise|unicast_src_ip|unicast_peer|router_id|"
                  "enable_script_security|script_user|nopreempt"),
            m_keyword);
        break;
    case Language::Yaml:
        add(QRegularExpression(QStringLiteral("^\\s*-?\\s*[A-Za-z_][A-Za-z0-9_]*(?=:)")),
            m_keyword);
        break;
    case Language::Markdown:
        add(QRegularExpression(QStringLiteral("^#+ .*$")), m_section);
        add(QRegularExpression(QStringLiteral("`[^`]*`")), m_string);
        break;
    case Language::Plain:
        break;
    }
    add(QRegularExpression(QStringLiteral("\"[^\"]*\"|'[^']*'")), m_string);
    QString comment = QStringLiteral("(^|\\s)#.*$");
    if (m_language == Language::Sql)
        comment = QStringLiteral("(--|#).*$");
    else if (m_language == Language::MySqlOptions)
        comment = QStringLiteral("(^|\\s)[#;].*$");
    if (m_language != Language::Markdown)
        add(QRegularExpression(comment), m_comment);
}

void ConfigHighlighter::highlightBlock(const QString &text)
{
    for (const Rule &rule : std::as_const(m_rules)) {
        auto it = rule.pattern.globalMatch(text);
        while (it.hasNext()) {
            const QRegularExpressionMatch m = it.next();
            setFormat(int(m.capturedStart()), int(m.capturedLength()), rule.format);
        }
    }
}

} // namespace stackplan
