// Syntax colouring for the generated files shown in the previews: HAProxy,
// Nginx, MySQL options and SQL, nftables, keepalived, Prometheus YAML. One
// rule set per language, picked from the file's path; colours follow the
// light or dark palette.
#pragma once

#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace stackplan {

class ConfigHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    enum class Language {
        Plain,
        HAProxy,
        Nginx,
        MySqlOptions,
        Sql,
        Nftables,
        Keepalived,
        Yaml,
        Markdown
    };

    explicit ConfigHighlighter(QTextDocument *document);

    static Language languageFor(const QString &path);
    void setLanguage(Language language);
    // Re-picks the colours (after a palette change).
    void updateColors();

protected:
    void highlightBlock(const QString &text) override;

private:
    struct Rule
    {
        QRegularExpression pattern;
        QTextCharFormat format;
    };
    void buildRules();

    Language m_language = Language::Plain;
    QList<Rule> m_rules;
    QTextCharFormat m_comment;
    QTextCharFormat m_keyword;
    QTextCharFormat m_section;
    QTextCharFormat m_number;
    QTextCharFormat m_string;
    QTextCharFormat m_variable;
};

} // namespace stackplan
